"""Django admin for plans: for looking things up. Plans change only through the services
(review, confirm, amend), which check permissions and keep versions, so the admin is read-only."""

from django.contrib import admin

from cchc.plans.models import Citation, ImportItem, LegalDocument, Plan, PlanTask, PlanVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("number", "issuer", "issue_date", "plan_year", "parent")
    list_filter = ("plan_year", "doc_type")
    search_fields = ("number", "issuer", "title")


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ("plan", "number", "created_by", "created_at")


@admin.register(PlanTask)
class PlanTaskAdmin(ReadOnlyAdmin):
    list_display = ("version", "stt", "task", "timeframe")
    search_fields = ("task",)


@admin.register(ImportItem)
class ImportItemAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "status", "created_at", "plan")
    list_filter = ("status",)


@admin.register(LegalDocument)
class LegalDocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "doc_type", "date", "issuer")
    search_fields = ("number", "issuer")


@admin.register(Citation)
class CitationAdmin(ReadOnlyAdmin):
    list_display = ("raw", "role", "legal_document", "version")
