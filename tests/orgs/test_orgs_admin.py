"""Saves in the Django admin go through the registry services and leave audit entries."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from cchc.audit.models import AuditEntry
from cchc.orgs.admin import UnitAdmin
from cchc.orgs.models import AliasKind, Unit

pytestmark = pytest.mark.django_db


def _admin_form(personas, unit, **changes):
    model_admin = UnitAdmin(Unit, admin.site)
    request = RequestFactory().post("/admin/orgs/unit/")
    # The admin site shows editable fields only to staff with model permissions.
    personas.admin.is_staff = personas.admin.is_superuser = True
    personas.admin.save()
    request.user = personas.admin
    form_class = model_admin.get_form(request, obj=unit, change=unit is not None)
    data = {
        "code": unit.code if unit else "moi-tu-admin",
        "name": unit.name if unit else "Đơn vị từ trang quản trị",
        "short_name": "",
        "kind": unit.kind if unit else "other",
        "parent": unit.parent_id if unit and unit.parent_id else "",
        "valid_from": "",
        "valid_to": "",
        "verified": "on",
        "source_note": "",
        **changes,
    }
    form = form_class(data=data, instance=unit)
    assert form.is_valid(), form.errors
    return model_admin, request, form


def test_a_rename_in_the_admin_is_audited_and_keeps_the_old_name(personas):
    unit = personas.unit_b
    old_name = unit.name
    model_admin, request, form = _admin_form(personas, unit, name="Sở Tư pháp (đổi trong admin)")
    model_admin.save_model(request, form.save(commit=False), form, change=True)
    assert AuditEntry.objects.filter(action="orgs.unit.renamed", object_id=str(unit.pk)).exists()
    assert unit.aliases.get(text=old_name).kind == AliasKind.FORMER_NAME


def test_a_unit_added_in_the_admin_is_created_by_the_service(personas):
    model_admin, request, form = _admin_form(personas, None)
    obj = form.save(commit=False)
    model_admin.save_model(request, obj, form, change=False)
    assert Unit.objects.get(code="moi-tu-admin").pk == obj.pk
    assert AuditEntry.objects.filter(action="orgs.unit.created", object_id=str(obj.pk)).exists()
