from django.contrib import admin

from cchc.reports.models import ReportVersion, UnitReport


class VersionInline(admin.TabularInline):
    model = ReportVersion
    fields = ("number", "status", "submitted_at", "returned_at", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(UnitReport)
class UnitReportAdmin(admin.ModelAdmin):
    list_display = ("period", "unit", "current_version", "first_submitted_at")
    list_filter = ("period",)
    search_fields = ("unit__name",)
    raw_id_fields = ("unit", "current_version", "submitted_version", "created_by")
    inlines = [VersionInline]
