"""The administrator's audit log page: filters, paging and who may see it."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cchc.audit.models import AuditEntry
from cchc.audit.services import audit_record

pytestmark = pytest.mark.django_db


def at(day: str) -> datetime:
    """A local time on dd/mm/yyyy at 09:00."""
    return timezone.make_aware(datetime.strptime(day + " 09:00", "%d/%m/%Y %H:%M"))


@pytest.fixture
def entries(personas):
    rows = [
        ("orgs.unit.renamed", personas.admin, personas.unit_a, "01/03/2025"),
        ("orgs.unit.merged", personas.admin, personas.unit_b, "15/06/2025"),
        ("accounts.user.created", personas.admin, personas.officer_a, "30/06/2025"),
        ("plans.task.progress_recorded", personas.officer_a, None, "01/07/2025"),
    ]
    for action, actor, obj, day in rows:
        entry = audit_record(actor=actor, action=action, obj=obj, changes={"ghi chú": day})
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=at(day))
    return rows


def listed_actions(response) -> set[str]:
    return {entry.action for entry in response.context["page"].object_list}


def test_it_lists_every_entry_newest_first(client_for, entries):
    response = client_for("admin").get(reverse("audit:list"))
    # Signing the test client in adds an entry of today; the seeded ones follow it.
    actions = [
        e.action for e in response.context["page"].object_list if e.action != "accounts.user.signed_in"
    ]
    assert actions == [
        "plans.task.progress_recorded",
        "accounts.user.created",
        "orgs.unit.merged",
        "orgs.unit.renamed",
    ]


def test_it_filters_by_action_prefix(client_for, entries):
    response = client_for("admin").get(reverse("audit:list"), {"action": "orgs.unit"})
    assert listed_actions(response) == {"orgs.unit.renamed", "orgs.unit.merged"}


def test_it_filters_by_actor_username(client_for, entries):
    response = client_for("admin").get(reverse("audit:list"), {"actor": "canbo_a"})
    assert listed_actions(response) == {"plans.task.progress_recorded"}


def test_it_filters_by_object_type(client_for, entries):
    response = client_for("admin").get(reverse("audit:list"), {"object_type": "orgs.unit"})
    assert listed_actions(response) == {"orgs.unit.renamed", "orgs.unit.merged"}


def test_it_filters_by_a_date_range_written_day_first_with_both_ends_included(client_for, entries):
    response = client_for("admin").get(
        reverse("audit:list"), {"date_from": "15/06/2025", "date_to": "30/06/2025"}
    )
    assert listed_actions(response) == {"orgs.unit.merged", "accounts.user.created"}


def test_it_explains_a_date_it_cannot_read_and_lists_nothing(client_for, entries):
    response = client_for("admin").get(reverse("audit:list"), {"date_from": "31/02/2025"})
    assert response.status_code == 200
    assert response.context["form"].errors["date_from"]
    assert listed_actions(response) == set()


def test_it_rejects_a_range_that_ends_before_it_starts(client_for, entries):
    response = client_for("admin").get(
        reverse("audit:list"), {"date_from": "01/07/2025", "date_to": "01/06/2025"}
    )
    assert "date_to" in response.context["form"].errors


def test_it_shows_changes_with_vietnamese_letters_intact(client_for, entries):
    body = client_for("admin").get(reverse("audit:list")).content.decode()
    assert "ghi chú" in body
    assert "\\u" not in body


def test_it_pages_long_logs_and_keeps_the_filter_in_page_links(client_for, personas):
    for number in range(60):
        audit_record(actor=personas.admin, action="orgs.unit.renamed", changes={"n": number})
    client = client_for("admin")
    first = client.get(reverse("audit:list"), {"action": "orgs."})
    assert first.context["page"].paginator.num_pages == 2
    assert "action=orgs.&amp;page=2" in first.content.decode()
    second = client.get(reverse("audit:list"), {"action": "orgs.", "page": 2})
    assert len(second.context["page"].object_list) == 10


def test_it_treats_a_page_number_past_the_end_as_the_last_page(client_for, entries):
    response = client_for("admin").get(reverse("audit:list"), {"page": "999"})
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "leader", "editor"])
def test_it_refuses_the_log_to_everyone_but_the_admin(client_for, entries, persona):
    response = client_for(persona).get(reverse("audit:list"))
    assert response.status_code == 403
    assert "nhật ký" in response.content.decode()


def test_it_covers_a_whole_local_day_at_the_end_of_the_range(client_for, entries, personas):
    late = audit_record(actor=personas.admin, action="orgs.unit.split")
    AuditEntry.objects.filter(pk=late.pk).update(
        created_at=at("30/06/2025") + timedelta(hours=14, minutes=59)
    )
    response = client_for("admin").get(
        reverse("audit:list"), {"date_to": "30/06/2025", "action": "orgs.unit.split"}
    )
    assert listed_actions(response) == {"orgs.unit.split"}
