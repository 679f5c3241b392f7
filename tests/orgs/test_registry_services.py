"""The registry's write services: permission first, then the change and its audit entry."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.audit.models import AuditEntry
from cchc.orgs import services
from cchc.orgs.models import AliasKind, SuccessionKind, Unit, UnitKind
from cchc.orgs.resolve import resolve

pytestmark = pytest.mark.django_db


def test_it_creates_a_unit_with_aliases_and_an_audit_entry(personas):
    unit = services.unit_create(
        actor=personas.admin,
        name="Trung tâm Kiểm thử",
        kind=UnitKind.PUBLIC_SERVICE_UNIT,
        parent=personas.province,
        aliases=["TTKT"],
    )
    assert list(unit.aliases.values_list("text", flat=True)) == ["TTKT"]
    entry = AuditEntry.objects.get(action="orgs.unit.created")
    assert entry.object_id == str(unit.pk) and entry.actor == personas.admin


@pytest.mark.parametrize("persona", ["officer_a", "leader", "editor"])
def test_it_refuses_to_create_a_unit_for_anyone_but_the_province_administrator(personas, persona):
    with pytest.raises(PermissionDenied):
        services.unit_create(actor=personas.get(persona), name="Đơn vị lạ", kind=UnitKind.OTHER)
    assert not Unit.objects.filter(name="Đơn vị lạ").exists()


def test_a_rename_is_audited_as_renamed_and_keeps_the_old_name_as_an_alias(personas):
    unit = personas.unit_b
    old_name = unit.name
    services.unit_update(actor=personas.admin, unit=unit, name="Sở Tư pháp mới (kiểm thử)")
    assert AuditEntry.objects.filter(action="orgs.unit.renamed", object_id=str(unit.pk)).count() == 1
    assert unit.aliases.get(text=old_name).kind == AliasKind.FORMER_NAME


def test_an_update_that_changes_nothing_writes_no_audit_entry(personas):
    services.unit_update(actor=personas.admin, unit=personas.unit_b, name=personas.unit_b.name)
    assert not AuditEntry.objects.filter(object_id=str(personas.unit_b.pk)).exists()


def test_it_refuses_a_parent_that_would_make_a_cycle(personas):
    with pytest.raises(ValidationError) as caught:
        services.unit_update(actor=personas.admin, unit=personas.parent_of_a, parent=personas.unit_a)
    assert "parent" in caught.value.error_dict


def test_it_refuses_an_end_before_the_start(personas):
    with pytest.raises(ValidationError):
        services.unit_update(
            actor=personas.admin, unit=personas.unit_b, valid_from=date(2024, 1, 1), valid_to=date(2023, 1, 1)
        )


def test_closing_a_unit_sets_its_last_day_and_is_audited(personas):
    services.unit_close(
        actor=personas.admin, unit=personas.unit_b, valid_to=date(2025, 2, 28), note="Giải thể"
    )
    personas.unit_b.refresh_from_db()
    assert personas.unit_b.valid_to == date(2025, 2, 28)
    assert AuditEntry.objects.filter(action="orgs.unit.closed").exists()


def test_recording_a_merger_closes_the_predecessor_and_carries_its_name_forward(personas):
    services.succession_record(
        actor=personas.admin,
        kind=SuccessionKind.MERGED_INTO,
        effective_date=date(2025, 3, 1),
        predecessors=[personas.unit_b],
        successors=[personas.home_affairs],
    )
    personas.unit_b.refresh_from_db()
    assert personas.unit_b.valid_to == date(2025, 2, 28)
    assert AuditEntry.objects.filter(action="orgs.unit.merged").exists()
    found = resolve(personas.unit_b.name, on=date(2025, 6, 1))
    assert [m.unit_id for m in found.units] == [personas.home_affairs.pk]


def test_a_dissolution_may_not_name_a_successor(personas):
    with pytest.raises(ValidationError):
        services.succession_record(
            actor=personas.admin,
            kind=SuccessionKind.DISSOLVED,
            effective_date=date(2025, 7, 1),
            predecessors=[personas.unit_b],
            successors=[personas.home_affairs],
        )


def test_it_refuses_to_record_a_succession_for_a_unit_officer(personas):
    with pytest.raises(PermissionDenied):
        services.succession_record(
            actor=personas.officer_a,
            kind=SuccessionKind.DISSOLVED,
            effective_date=date(2025, 7, 1),
            predecessors=[personas.unit_a],
        )


def test_the_system_load_needs_no_account_and_is_audited_as_the_system(db):
    report = services.load_shipped_registry()
    assert report.units_created > 100
    assert AuditEntry.objects.filter(
        action="orgs.unit.imported", actor__isnull=True, actor_label="hệ thống"
    ).exists()


def test_loading_twice_changes_nothing_the_second_time(db):
    services.load_shipped_registry()
    count = Unit.objects.count()
    again = services.load_shipped_registry()
    assert Unit.objects.count() == count
    assert again.units_created == again.units_updated == again.events_created == 0
