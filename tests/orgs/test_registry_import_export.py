"""Export and import of the registry as JSON and CSV."""

import json

import pytest

from cchc.orgs import services
from cchc.orgs.models import SuccessionEvent, Unit, UnitAlias

pytestmark = pytest.mark.django_db


def _snapshot():
    units = sorted(
        (
            u.code,
            u.name,
            u.short_name,
            u.kind,
            u.parent.code if u.parent else None,
            u.valid_from,
            u.valid_to,
            u.verified,
            u.source_note,
        )
        for u in Unit.objects.select_related("parent")
    )
    aliases = sorted(UnitAlias.objects.values_list("unit__code", "text", "kind"))
    events = sorted(
        (
            e.code,
            e.kind,
            e.effective_date,
            tuple(sorted(p.code for p in e.predecessors.all())),
            tuple(sorted(s.code for s in e.successors.all())),
            e.note,
            e.verified,
            e.source_note,
        )
        for e in SuccessionEvent.objects.all()
    )
    return units, aliases, events


def _wipe():
    SuccessionEvent.objects.all().delete()
    Unit.objects.update(parent=None)
    Unit.objects.all().delete()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_imports_back_to_the_same_registry(registry, fmt):
    before = _snapshot()
    text = services.registry_to_json() if fmt == "json" else services.registry_to_csv()
    _wipe()
    services.registry_import(actor=None, system=True, data=services.parse_registry(text, filename=f"x.{fmt}"))
    assert _snapshot() == before


def test_importing_the_export_over_itself_changes_nothing(registry):
    report = services.registry_import(
        actor=None, system=True, data=services.parse_registry(services.registry_to_json())
    )
    assert report.units_updated == report.events_updated == report.units_created == 0


def test_an_import_updates_a_unit_by_its_code(registry, personas, unit_by_code):
    data = json.loads(services.registry_to_json())
    row = next(u for u in data["units"] if u["code"] == "hy-so-y-te")
    row["verified"] = True
    row["source"] = "Kiểm tra trên cổng thông tin của tỉnh"
    report = services.registry_import(actor=personas.admin, data=data)
    assert report.units_updated == 1
    assert unit_by_code("hy-so-y-te").verified is True


def test_an_import_by_a_unit_officer_is_refused(registry, personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.registry_import(actor=personas.officer_a, data=json.loads(services.registry_to_json()))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "JSON không hợp lệ"),
        ('{"format": "other"}', "không phải danh mục"),
        ("code,name\nx,y\n", "thiếu cột"),
        ("record,code,name,kind\nthing,x,y,other\n", "record"),
    ],
)
def test_it_explains_why_a_file_cannot_be_read(content, message):
    with pytest.raises(services.RegistryImportError, match=message):
        services.parse_registry(content)


def test_a_bad_record_rolls_the_whole_import_back(db):
    data = {
        "format": services.REGISTRY_FORMAT,
        "units": [
            {"code": "a", "name": "Đơn vị A", "kind": "other"},
            {"code": "b", "name": "Đơn vị B", "kind": "other", "parent": "khong-co"},
        ],
        "events": [],
    }
    with pytest.raises(services.RegistryImportError, match="khong-co"):
        services.registry_import(actor=None, system=True, data=data)
    assert not Unit.objects.filter(code="a").exists()


def test_an_unknown_kind_is_reported_with_its_code(db):
    data = {"format": services.REGISTRY_FORMAT, "units": [{"code": "x", "name": "X", "kind": "ministry"}]}
    with pytest.raises(services.RegistryImportError, match=r"\(x\).*loại"):
        services.registry_import(actor=None, system=True, data=data)


def test_reloading_the_shipped_facts_keeps_an_administrators_correction(registry, personas, unit_by_code):
    services.unit_update(actor=personas.admin, unit=unit_by_code("hy-so-y-te"), source_note="Đã kiểm tra")
    services.load_shipped_registry()
    assert unit_by_code("hy-so-y-te").source_note == "Đã kiểm tra"
