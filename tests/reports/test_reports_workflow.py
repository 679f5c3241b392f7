"""A unit's report: drafted from progress, edited, submitted and locked, returned by Sở Nội vụ
as a new version, amended by the unit; every step audited, every version kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.audit.models import AuditEntry
from cchc.reports import services
from cchc.reports.models import VersionStatus

pytestmark = pytest.mark.django_db


def test_it_drafts_the_task_table_and_narrative_from_recorded_progress(draft_a, personas):
    version = draft_a.current_version
    assert version.number == 1 and version.status == VersionStatus.DRAFT
    rows = {row["task"]: row for row in version.tasks}
    assert set(rows) == {"Đăng tin, bài tuyên truyền CCHC", "Tổ chức hội nghị quán triệt"}
    news = rows["Đăng tin, bài tuyên truyền CCHC"]
    assert news["status"] == "done" and news["percent"] == 100 and news["role"] == "lead"
    assert news["deliverables"] == {"news": 12, "reportage": 2}
    assert news["targets"] == {"news": 10, "reportage": 2}
    assert news["evidence"] == [{"title": "Chuyên mục CCHC", "url": "https://example.gov.vn/tin-cchc"}]
    # The Q1 entry is the latest one up to the end of H1 for task 2.
    conference = rows["Tổ chức hội nghị quán triệt"]
    assert (conference["status"], conference["percent"], conference["entry_period"]) == (
        "late",
        30,
        "2024-Q1",
    )
    assert version.totals["tasks"] == 2 and version.totals["done"] == 1
    assert version.totals["completion_rate"] == 50.0
    assert "được giao 2 nhiệm vụ" in version.achievements
    assert "12 tin, bài (chỉ tiêu 10)" in version.achievements
    assert "Đăng 12 tin, bài trên trang thông tin điện tử" in version.achievements
    assert "Tổ chức hội nghị quán triệt: Chậm tiến độ (30%)" in version.shortcomings
    assert "Tổ chức hội nghị quán triệt" in version.directions
    assert AuditEntry.objects.filter(action="reports.report.drafted", object_id=str(draft_a.pk)).exists()


def test_drafting_again_returns_the_open_draft(draft_a, personas):
    again = services.report_draft(unit=personas.unit_a, period="2024-H1", actor=personas.officer_a)
    assert again.pk == draft_a.pk and again.versions.count() == 1


def test_it_edits_a_draft_and_records_which_fields_changed(draft_a, personas):
    version = services.report_update(
        version=draft_a.current_version, actor=personas.officer_a, causes="Thiếu kinh phí.\r\nThiếu nhân lực."
    )
    assert version.causes == "Thiếu kinh phí.\nThiếu nhân lực."
    entry = AuditEntry.objects.get(action="reports.report.edited")
    assert entry.changes == {"version": 1, "fields": ["causes"]}


def test_it_rejects_writes_for_another_unit(draft_a, personas):
    for actor in (personas.officer_b, personas.leader, personas.editor):
        with pytest.raises(PermissionDenied):
            services.report_update(version=draft_a.current_version, actor=actor, causes="x")
        with pytest.raises(PermissionDenied):
            services.report_submit(version=draft_a.current_version, actor=actor)
    with pytest.raises(PermissionDenied):
        services.report_draft(unit=personas.unit_a, period="2024-H1", actor=personas.officer_b)


def test_it_rejects_a_bad_period(progress_a, personas):
    with pytest.raises(ValidationError):
        services.report_draft(unit=personas.unit_a, period="2024-H2", actor=personas.officer_a)


def test_submitting_locks_the_version(submitted_a, personas):
    version = submitted_a.current_version
    assert version.status == VersionStatus.SUBMITTED and version.submitted_by == personas.officer_a
    assert submitted_a.submitted_version_id == version.pk and submitted_a.first_submitted_at is not None
    with pytest.raises(ValidationError):
        services.report_update(version=version, actor=personas.officer_a, causes="sửa sau khi gửi")
    with pytest.raises(ValidationError):
        services.report_submit(version=version, actor=personas.officer_a)
    with pytest.raises(ValidationError):
        services.report_draft(unit=personas.unit_a, period="2024-H1", actor=personas.officer_a)
    assert AuditEntry.objects.filter(action="reports.report.submitted").count() == 1


def test_it_refuses_to_submit_without_results(draft_a, personas):
    services.report_update(version=draft_a.current_version, actor=personas.officer_a, achievements="  ")
    with pytest.raises(ValidationError):
        services.report_submit(version=draft_a.current_version, actor=personas.officer_a)


def test_the_administrator_returns_a_report_which_reopens_as_a_new_version(submitted_a, personas):
    with pytest.raises(PermissionDenied):
        services.report_return(version=submitted_a.current_version, actor=personas.leader, reason="x")
    with pytest.raises(ValidationError):
        services.report_return(version=submitted_a.current_version, actor=personas.admin, reason=" ")
    draft = services.report_return(
        version=submitted_a.current_version, actor=personas.admin, reason="Bổ sung số liệu hội nghị"
    )
    submitted_a.refresh_from_db()
    assert draft.number == 2 and draft.status == VersionStatus.DRAFT
    assert "Bổ sung số liệu hội nghị" in draft.note
    assert submitted_a.current_version_id == draft.pk and submitted_a.submitted_version_id is None
    first = submitted_a.versions.get(number=1)
    assert first.status == VersionStatus.RETURNED and first.returned_by == personas.admin
    assert draft.achievements == first.achievements and draft.tasks == first.tasks
    services.report_update(version=draft, actor=personas.officer_a, causes="Chưa bố trí được kinh phí.")
    services.report_submit(version=draft, actor=personas.officer_a)
    submitted_a.refresh_from_db()
    assert submitted_a.submitted_version.number == 2
    assert [v.status for v in submitted_a.versions.order_by("number")] == ["returned", "submitted"]
    actions = list(AuditEntry.objects.filter(object_id=str(submitted_a.pk)).values_list("action", flat=True))
    assert "reports.report.returned" in actions and actions.count("reports.report.submitted") == 2


def test_an_amendment_is_a_new_version_and_supersedes_the_old_on_submission(submitted_a, personas):
    draft = services.report_amend(report=submitted_a, actor=personas.officer_a, note="Bổ sung minh chứng")
    submitted_a.refresh_from_db()
    assert draft.number == 2 and submitted_a.submitted_version.number == 1  # v1 stays in force meanwhile
    with pytest.raises(ValidationError):
        services.report_amend(report=submitted_a, actor=personas.officer_a)
    with pytest.raises(ValidationError):  # the administrator cannot return v1 while v2 is being written
        services.report_return(version=submitted_a.versions.get(number=1), actor=personas.admin, reason="x")
    services.report_update(
        version=draft, actor=personas.officer_a, recommendations="Đề nghị bổ sung kinh phí."
    )
    services.report_submit(version=draft, actor=personas.officer_a)
    submitted_a.refresh_from_db()
    assert submitted_a.submitted_version.number == 2
    assert submitted_a.versions.get(number=1).status == VersionStatus.SUPERSEDED
    assert AuditEntry.objects.filter(action="reports.report.amendment_started").exists()


def test_refresh_takes_new_progress_into_the_draft(draft_a, plan2024, personas):
    from cchc.tracking.models import Assignment
    from cchc.tracking.services import progress_record

    conference = Assignment.objects.get(plan=plan2024, unit=personas.unit_a, task__stt="2")
    progress_record(
        assignment=conference,
        period="2024-H1",
        status="done",
        deliverables={"conference": {"quantity": 1, "participants": 120}},
        actor=personas.officer_a,
    )
    services.report_update(version=draft_a.current_version, actor=personas.officer_a, causes="Giữ nguyên.")
    version = services.report_refresh(version=draft_a.current_version, actor=personas.officer_a)
    assert version.totals["done"] == 2 and version.totals["participants"] == {"conference": 120}
    assert version.causes == "Giữ nguyên."  # the narrative is kept unless asked
    version = services.report_refresh(version=version, actor=personas.officer_a, refill=True)
    assert version.causes == "" and "hoàn thành 2 nhiệm vụ" in version.achievements
