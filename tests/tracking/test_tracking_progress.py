"""Progress per assignment and period, evidence files and links, and the roll-ups to task and plan."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.audit.models import AuditEntry
from cchc.tracking import selectors
from cchc.tracking.models import Assignment, Evidence, ProgressEntry, ProgressStatus
from cchc.tracking.services import evidence_add, evidence_delete, progress_record

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_officer_records_progress_with_deliverables(assignment_of_a, personas):
    entry = progress_record(
        assignment=assignment_of_a,
        period="2024-h1",
        status=ProgressStatus.IN_PROGRESS,
        percent=50,
        note="Đã đăng 6 tin.",
        deliverables={"news": 6, "reportage": (1, None), "training": {"quantity": 1, "participants": 45}},
        actor=personas.officer_a,
    )
    assert entry.period == "2024-H1"
    assert {d.kind: (d.quantity, d.participants) for d in entry.deliverables.all()} == {
        "news": (6, None),
        "reportage": (1, None),
        "training": (1, 45),
    }
    assignment_of_a.refresh_from_db()
    assert (assignment_of_a.status, assignment_of_a.percent, assignment_of_a.last_period) == (
        "in_progress",
        50,
        "2024-H1",
    )
    assert AuditEntry.objects.filter(action="tracking.progress.recorded").count() == 1


def test_recording_a_period_again_corrects_it_and_an_older_period_leaves_the_latest_status(
    assignment_of_a, personas
):
    progress_record(
        assignment=assignment_of_a,
        period="2024-9M",
        status="in_progress",
        percent=70,
        actor=personas.officer_a,
    )
    progress_record(
        assignment=assignment_of_a,
        period="2024-H1",
        status="in_progress",
        percent=40,
        deliverables={"news": 3},
        actor=personas.officer_a,
    )
    progress_record(
        assignment=assignment_of_a,
        period="2024-H1",
        status="in_progress",
        percent=45,
        deliverables={"news": 4},
        actor=personas.officer_a,
    )
    assert ProgressEntry.objects.filter(assignment=assignment_of_a).count() == 2
    h1 = ProgressEntry.objects.get(assignment=assignment_of_a, period="2024-H1")
    assert h1.percent == 45 and h1.deliverables.get().quantity == 4
    assignment_of_a.refresh_from_db()
    assert (assignment_of_a.percent, assignment_of_a.last_period) == (70, "2024-9M")
    assert AuditEntry.objects.filter(action="tracking.progress.corrected").count() == 1


def test_done_means_one_hundred_percent(assignment_of_a, personas):
    entry = progress_record(
        assignment=assignment_of_a, period="2024-Y", status="done", percent=80, actor=personas.officer_a
    )
    assert entry.percent == 100


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"period": "2024-Q5", "status": "done"}, "Kỳ báo cáo không hợp lệ"),
        ({"period": "H1-2024", "status": "done"}, "Kỳ báo cáo không hợp lệ"),
        ({"period": "2024-H1", "status": "finished"}, "Trạng thái không hợp lệ"),
        ({"period": "2024-H1", "status": "failed"}, "lý do"),
        ({"period": "2024-H1", "status": "in_progress", "percent": 120}, "0 đến 100"),
        ({"period": "2024-H1", "status": "in_progress", "deliverables": {"video": 1}}, "Loại sản phẩm"),
        ({"period": "2024-H1", "status": "in_progress", "deliverables": {"news": -1}}, "âm"),
    ],
)
def test_it_rejects_bad_progress(assignment_of_a, personas, values, message):
    with pytest.raises(ValidationError) as error:
        progress_record(assignment=assignment_of_a, actor=personas.officer_a, **values)
    assert message in " ".join(error.value.messages)
    assert not ProgressEntry.objects.exists()


def test_not_carried_out_needs_and_keeps_a_reason(assignment_of_a, personas):
    entry = progress_record(
        assignment=assignment_of_a,
        period="2024-H1",
        status="failed",
        reason="Không được bố trí kinh phí.",
        actor=personas.officer_a,
    )
    assert entry.reason == "Không được bố trí kinh phí."


@pytest.mark.parametrize("name", ["officer_b", "leader", "editor"])
def test_it_rejects_progress_for_another_unit(assignment_of_a, personas, name):
    with pytest.raises(PermissionDenied):
        progress_record(assignment=assignment_of_a, period="2024-H1", status="done", actor=personas.get(name))


def test_the_administrator_may_record_for_any_unit(assignment_of_a, personas):
    progress_record(assignment=assignment_of_a, period="2024-H1", status="done", actor=personas.admin)
    assert ProgressEntry.objects.count() == 1


def test_evidence_files_are_checked_stored_and_deleted(assignment_of_a, personas, settings):
    entry = progress_record(
        assignment=assignment_of_a, period="2024-H1", status="done", actor=personas.officer_a
    )
    evidence = evidence_add(
        entry=entry, upload=SimpleUploadedFile("bao-cao.pdf", PDF), title="Bài đăng", actor=personas.officer_a
    )
    stored = settings.MEDIA_ROOT / evidence.file.name
    assert stored.read_bytes() == PDF
    assert evidence.file.name.startswith("tracking/evidence/")
    assert (evidence.size, evidence.content_type) == (len(PDF), "application/pdf")
    link = evidence_add(entry=entry, url="https://baohungyen.vn/bai-viet", actor=personas.officer_a)
    assert link.is_link

    with pytest.raises(PermissionDenied):
        evidence_delete(evidence=evidence, actor=personas.officer_b)
    evidence_delete(evidence=evidence, actor=personas.officer_a)
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "url", "message"),
    [
        ("script.exe", b"MZ", "", "không được nhận"),
        ("gia.pdf", b"<html>not a pdf</html>", "", "không đúng định dạng"),
        ("rong.pdf", b"", "", "rỗng"),
        (None, None, "javascript:alert(1)", "không hợp lệ"),
        (None, None, "", "một tệp hoặc một đường dẫn"),
    ],
)
def test_it_rejects_bad_evidence(assignment_of_a, personas, name, content, url, message):
    entry = progress_record(
        assignment=assignment_of_a, period="2024-H1", status="done", actor=personas.officer_a
    )
    upload = SimpleUploadedFile(name, content) if name else None
    with pytest.raises(ValidationError) as error:
        evidence_add(entry=entry, upload=upload, url=url, actor=personas.officer_a)
    assert message in " ".join(error.value.messages)


def test_a_too_large_file_is_refused(assignment_of_a, personas, monkeypatch):
    from cchc.tracking import services

    monkeypatch.setattr(services, "MAX_EVIDENCE_BYTES", 10)
    entry = progress_record(
        assignment=assignment_of_a, period="2024-H1", status="done", actor=personas.officer_a
    )
    with pytest.raises(ValidationError, match="vượt quá"):
        evidence_add(entry=entry, upload=SimpleUploadedFile("a.pdf", PDF), actor=personas.officer_a)


def test_coordinators_add_to_the_leads_deliverables_and_tasks_roll_up_to_the_plan(assigned, personas):
    lead = Assignment.objects.get(plan=assigned, task__stt="1", role="lead")
    coordinator = Assignment.objects.get(plan=assigned, task__stt="1", role="coordinator")
    progress_record(
        assignment=lead,
        period="2024-Q1",
        status="in_progress",
        percent=20,
        deliverables={"news": 2},
        actor=personas.officer_a,
    )
    progress_record(
        assignment=lead,
        period="2024-H1",
        status="in_progress",
        percent=60,
        deliverables={"news": 5, "reportage": 1},
        actor=personas.officer_a,
    )
    progress_record(
        assignment=coordinator,
        period="2024-H1",
        status="in_progress",
        percent=50,
        deliverables={"news": 3},
        actor=personas.officer_b,
    )
    progress = selectors.plan_progress(actor=personas.admin, plan=assigned)
    press = progress.tasks[0]
    assert press.targets == {"reportage": 2, "news": 10}
    assert press.achieved == {"news": 8, "reportage": 1}  # latest entries: 5 + 3 news
    # Rows follow the fixed kind order on every database (jsonb on PostgreSQL reorders keys).
    assert press.target_rows == [("news", 10, 8), ("reportage", 2, 1)]
    assert press.percent == 60 and press.status == "in_progress"
    # Task 2 (three leads) and task 3 have nothing yet: (60 + 0 + 0) / 3.
    assert progress.percent == 20
    assert selectors.plan_completion([assigned.pk]) == {assigned.pk: 20}


def test_officer_b_sees_the_figures_but_links_only_to_its_own_units(assigned, personas):
    progress = selectors.plan_progress(actor=personas.officer_b, plan=assigned)
    readable = {
        r.assignment.unit.code for t in progress.tasks for r in t.leads + t.coordinators if r.readable
    }
    assert readable == {personas.unit_b.code}


def test_my_tasks_are_the_own_units_for_officers_the_subtree_for_leaders_all_for_the_admin(
    assigned, personas
):
    def units(name):
        return {a.unit.code for a in selectors.assignment_list(actor=personas.get(name))}

    assert units("officer_a") == {personas.unit_a.code}
    assert units("officer_b") == {personas.unit_b.code}
    assert units("leader") == {personas.unit_a.code, personas.parent_of_a.code}
    assert units("editor") == set()
    assert units("admin") == {
        personas.unit_a.code,
        personas.unit_b.code,
        personas.home_affairs.code,
        personas.parent_of_a.code,
    }


def test_filters_by_status_overdue_and_period(assigned, personas):
    lead = Assignment.objects.get(plan=assigned, task__stt="1", role="lead")
    progress_record(assignment=lead, period="2024-H1", status="late", percent=10, actor=personas.officer_a)
    admin = personas.admin
    assert {a.pk for a in selectors.assignment_list(actor=admin, status="late")} == {lead.pk}
    overdue = selectors.assignment_list(actor=admin, status="overdue", today=date(2025, 1, 10))
    assert {a.task.stt for a in overdue} == {"1", "2"}  # dated and not done; task 3 is ongoing
    assert selectors.is_overdue(lead, date(2025, 1, 10)) and not selectors.is_overdue(lead, date(2024, 9, 1))
    done = Assignment.objects.get(plan=assigned, task__stt="2", unit=personas.home_affairs)
    progress_record(assignment=done, period="2024-9M", status="done", actor=admin)
    in_q4 = {(a.task.stt, a.unit_id) for a in selectors.assignment_list(actor=admin, period="2024-Q4")}
    assert ("1", lead.unit_id) in in_q4  # due in Q3 but still open: reported on until closed
    assert ("2", personas.home_affairs.pk) in in_q4  # due 31/12, done early: still in its last period
    assert ("3", personas.unit_b.pk) in in_q4  # ongoing
    in_2025 = {(a.task.stt, a.unit_id) for a in selectors.assignment_list(actor=admin, period="2025-Q1")}
    assert ("2", personas.home_affairs.pk) not in in_2025  # closed before 2025 began
    assert ("1", lead.unit_id) in in_2025
    h1 = list(selectors.assignment_list(actor=admin, period="2024-H1"))
    entry_of = {a.pk: a.period_entries for a in h1}
    assert [e.status for e in entry_of[lead.pk]] == ["late"]
