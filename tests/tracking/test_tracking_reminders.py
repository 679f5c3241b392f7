"""Reminders before due dates and report cut-offs, overdue notices and the leaders' digest:
in-app and by e-mail, once each however often `cchc remind` runs."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from cchc.tracking.models import Assignment, Notification
from cchc.tracking.reminders import remind, report_cutoffs
from cchc.tracking.services import progress_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_email(personas):
    for name in ("officer_a", "officer_b", "leader", "admin"):
        user = personas.get(name)
        user.email = f"{user.username}@kiemthu.vn"
        user.save(update_fields=["email"])


def test_the_report_cutoffs_are_the_14th_of_the_periods_last_month():
    assert [p.code for p in report_cutoffs(date(2024, 6, 10))] == ["2024-H1"]
    assert [p.cutoff for p in report_cutoffs(date(2024, 3, 7))] == [date(2024, 3, 14)]
    assert [p.code for p in report_cutoffs(date(2024, 9, 14))] == ["2024-9M"]
    assert [p.code for p in report_cutoffs(date(2024, 12, 8))] == ["2024-Y"]
    assert report_cutoffs(date(2024, 6, 15)) == []
    assert report_cutoffs(date(2024, 5, 1)) == []


def test_it_reminds_the_unit_before_a_due_date_once(assigned, personas, with_email):
    result = remind(today=date(2024, 6, 25))
    due = Notification.objects.filter(kind="due_soon", user=personas.officer_a)
    assert {(n.user.username, n.key) for n in due} == {
        ("canbo_a", f"due:{Assignment.objects.get(unit=personas.unit_a).pk}:2024-06-30"),
    }
    assert result.created == Notification.objects.count()
    assert any("Sắp đến hạn 30/06/2024" in m.subject for m in mail.outbox)
    sent = len(mail.outbox)

    again = remind(today=date(2024, 6, 26))
    assert again.created == 0 and again.skipped == len(again.planned)
    assert len(mail.outbox) == sent


def test_the_coordinator_is_reminded_too(assigned, personas):
    remind(today=date(2024, 6, 25))
    keys = set(
        Notification.objects.filter(user=personas.officer_b, kind="due_soon").values_list("key", flat=True)
    )
    coordinator = Assignment.objects.get(unit=personas.unit_b, role="coordinator")
    assert f"due:{coordinator.pk}:2024-06-30" in keys


def test_it_reminds_every_unit_with_open_work_before_the_cutoff(assigned, personas):
    remind(today=date(2024, 6, 10))
    cutoff = Notification.objects.filter(kind="cutoff")
    assert {n.user.username for n in cutoff} == {"canbo_a", "canbo_b"}
    assert all(n.key == "cutoff:2024-H1" for n in cutoff)
    assert "14/06/2024" in cutoff.first().title
    assert cutoff.first().link.endswith("?ky=2024-H1")


def test_work_done_is_not_reminded(assigned, personas):
    a = Assignment.objects.get(unit=personas.unit_a)
    progress_record(assignment=a, period="2024-H1", status="done", actor=personas.officer_a)
    remind(today=date(2024, 6, 25))
    assert not Notification.objects.filter(user=personas.officer_a, kind="due_soon").exists()


def test_overdue_work_is_reported_once_and_leaders_get_a_weekly_digest(assigned, personas, with_email):
    remind(today=date(2025, 1, 6))
    overdue = Notification.objects.filter(kind="overdue", user=personas.officer_a)
    assert overdue.count() == 1
    digests = {n.user.username: n for n in Notification.objects.filter(kind="digest")}
    assert set(digests) == {"lanhdao", "quantri"}
    # The leader's digest covers the own subtree only: Sở Văn hóa and Trung tâm Văn hóa.
    assert personas.unit_a.name in digests["lanhdao"].body
    assert personas.unit_b.name not in digests["lanhdao"].body
    assert personas.unit_b.name in digests["quantri"].body
    assert digests["lanhdao"].key == "digest:2025-W02"

    remind(today=date(2025, 1, 8))  # same week
    assert Notification.objects.filter(kind="digest").count() == 2
    remind(today=date(2025, 1, 13))  # next week
    assert Notification.objects.filter(kind="digest").count() == 4
    assert Notification.objects.filter(kind="overdue", user=personas.officer_a).count() == 1


def test_the_command_has_a_dry_run_that_writes_nothing(assigned):
    out = io.StringIO()
    call_command("remind", "--today", "2024-06-10", "--dry-run", stdout=out)
    assert "[cutoff]" in out.getvalue() and "chạy thử" in out.getvalue()
    assert not Notification.objects.exists()
    out = io.StringIO()
    call_command("remind", "--today", "2024-06-10", stdout=out)
    assert Notification.objects.exists()
    assert "thông báo mới" in out.getvalue()


def test_the_command_rejects_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("remind", "--today", "10/06/2024", stdout=io.StringIO())
