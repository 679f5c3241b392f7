"""Django admin for the registry. Saves and deletions write audit entries; unit changes go
through the services so renames keep the old name as an alias, as in the back office."""

from django.contrib import admin

from cchc.audit.services import audit_record
from cchc.orgs import services
from cchc.orgs.models import SuccessionEvent, Unit, UnitAlias
from cchc.orgs.resolve import invalidate_index


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "parent", "valid_from", "valid_to", "verified")
    list_filter = ("kind", "verified")
    search_fields = ("name", "short_name", "code", "aliases__text")
    autocomplete_fields = ("parent",)
    inlines = [UnitAliasInline]
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in services.UNIT_FIELDS if name in form.cleaned_data}
        if change:
            services.unit_update(actor=request.user, unit=obj, **values)
        else:
            created = services.unit_create(actor=request.user, code=form.cleaned_data["code"], **values)
            obj.pk = created.pk
            obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit_record(
                actor=request.user,
                action="orgs.unit.aliases_changed",
                obj=form.instance,
                changes={"aliases": sorted(form.instance.aliases.values_list("text", flat=True))},
            )
            invalidate_index()

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action="orgs.unit.deleted", obj=obj, changes={"code": obj.code})
        super().delete_model(request, obj)
        invalidate_index()


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ("text", "kind", "unit")
    list_filter = ("kind",)
    search_fields = ("text", "unit__name")
    autocomplete_fields = ("unit",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action="orgs.alias.saved", obj=obj.unit, changes={"alias": obj.text})
        invalidate_index()

    def delete_model(self, request, obj):
        audit_record(
            actor=request.user, action="orgs.alias.deleted", obj=obj.unit, changes={"alias": obj.text}
        )
        super().delete_model(request, obj)
        invalidate_index()


@admin.register(SuccessionEvent)
class SuccessionEventAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "effective_date", "verified")
    list_filter = ("kind", "verified")
    search_fields = ("code", "note", "predecessors__name", "successors__name")
    filter_horizontal = ("predecessors", "successors")
    date_hierarchy = "effective_date"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        event = form.instance
        audit_record(
            actor=request.user,
            action="orgs.event.changed" if change else "orgs.event.created",
            obj=event,
            changes={
                "predecessors": list(event.predecessors.all()),
                "successors": list(event.successors.all()),
                "effective_date": event.effective_date,
                "kind": event.kind,
            },
        )
        invalidate_index()

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action="orgs.event.deleted", obj=obj, changes={"code": obj.code})
        super().delete_model(request, obj)
        invalidate_index()
