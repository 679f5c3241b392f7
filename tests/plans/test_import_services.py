"""Import: upload → background parse → review → confirm, atomic and idempotent."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from plan_documents import plan_text, upload

from cchc.audit.models import AuditEntry
from cchc.plans import services
from cchc.plans.models import Citation, ImportItem, ItemStatus, LegalDocument, Plan, PlanTask, PlanVersion

pytestmark = pytest.mark.django_db


def test_it_parses_an_upload_into_a_review_item_without_creating_a_plan(personas, import_now):
    [item] = import_now([upload(plan_text())], personas.officer_a)
    assert item.status == ItemStatus.REVIEW
    assert item.parsed["number"] == "41/KH-UBND"
    assert len(item.parsed["tasks"]) == 2
    assert "Phòng Nội vụ" in item.source_text
    assert item.job.progress == 100
    assert Plan.objects.count() == 0


def test_it_assigns_an_officers_import_to_the_officers_own_unit(personas, import_now):
    [item] = import_now([upload(plan_text())], personas.officer_a)
    assert item.batch.unit == personas.unit_a


def test_it_queues_one_job_per_file_of_a_batch(personas, import_now):
    items = import_now(
        [upload(plan_text(number="1/KH-UBND"), "a.txt"), upload(plan_text(number="2/KH-UBND"), "b.txt")],
        personas.admin,
    )
    assert [i.status for i in items] == [ItemStatus.REVIEW, ItemStatus.REVIEW]
    assert len({i.job_id for i in items}) == 2


def test_it_refuses_an_import_by_a_unit_leader(personas, import_now):
    with pytest.raises(PermissionDenied):
        import_now([upload(plan_text())], personas.leader)


def test_it_refuses_an_officer_importing_for_another_unit(personas, import_now):
    with pytest.raises(PermissionDenied):
        import_now([upload(plan_text())], personas.officer_a, personas.unit_b)


def test_it_rejects_an_unsupported_file_type_before_storing_anything(personas, import_now):
    with pytest.raises(ValidationError, match="không được hỗ trợ"):
        import_now([upload("xin chào", "virus.exe")], personas.admin)
    assert ImportItem.objects.count() == 0


def test_it_rejects_an_empty_file(personas, import_now):
    with pytest.raises(ValidationError, match="rỗng"):
        import_now([upload("", "trong.txt")], personas.admin)


def test_it_fails_a_corrupt_file_with_a_clear_message_and_creates_no_plan(personas, import_now):
    [item] = import_now([upload("không phải PDF", "hong.pdf")], personas.admin)
    assert item.status == ItemStatus.FAILED
    assert "hong.pdf" in item.message
    assert "Traceback" not in item.message
    assert Plan.objects.count() == 0
    assert AuditEntry.objects.filter(action="plans.import.failed").count() == 1


def test_it_recognizes_the_same_file_uploaded_again_as_a_duplicate(personas, confirmed_plan, import_now):
    plan = confirmed_plan(plan_text())
    [again] = import_now([upload(plan_text(), "ban-sao.txt")], personas.admin)
    assert again.status == ItemStatus.DUPLICATE
    assert again.plan == plan
    assert Plan.objects.count() == 1


def test_it_recognizes_the_same_number_and_issuer_in_a_different_file_as_a_duplicate(
    personas, confirmed_plan, import_now
):
    plan = confirmed_plan(plan_text())
    retyped = plan_text(title="Tuyên truyền cải cách hành chính năm 2025 (bản đánh máy lại)")
    [again] = import_now([upload(retyped, "danh-may-lai.txt")], personas.admin)
    assert again.status == ItemStatus.DUPLICATE
    assert again.plan == plan
    assert Plan.objects.count() == 1


def test_it_keeps_plans_with_the_same_number_from_different_issuers_apart(confirmed_plan):
    first = confirmed_plan(plan_text(district="KIM ĐỘNG"), name="kim-dong.txt")
    second = confirmed_plan(plan_text(district="ÂN THI"), name="an-thi.txt")
    assert first != second
    assert Plan.objects.count() == 2


def test_confirming_creates_the_plan_with_its_version_tasks_and_citations(personas, import_now):
    [item] = import_now([upload(plan_text())], personas.officer_a)
    plan = services.import_confirm(item=item, actor=personas.officer_a)
    assert plan.number == "41/KH-UBND"
    assert plan.issue_date.isoformat() == "2025-01-20"
    assert plan.current_version.number == 1
    assert plan.current_version.tasks.count() == 2
    assert [c.legal_document.number for c in plan.current_version.citations.all()] == ["76/NQ-CP"]
    item.refresh_from_db()
    assert item.status == ItemStatus.CONFIRMED and item.plan == plan
    assert AuditEntry.objects.filter(action="plans.plan.confirmed", object_id=str(plan.pk)).exists()


def test_confirming_twice_returns_the_same_plan(personas, import_now):
    [item] = import_now([upload(plan_text())], personas.admin)
    first = services.import_confirm(item=item, actor=personas.admin)
    second = services.import_confirm(item=item, actor=personas.admin)
    assert first == second
    assert Plan.objects.count() == 1
    assert PlanVersion.objects.count() == 1


def test_two_pending_reviews_of_one_document_give_one_plan(personas, import_now):
    [first] = import_now([upload(plan_text(), "a.txt")], personas.admin)
    [second] = import_now([upload(plan_text(), "b.txt")], personas.admin)
    plan = services.import_confirm(item=first, actor=personas.admin)
    assert services.import_confirm(item=second, actor=personas.admin) == plan
    second.refresh_from_db()
    assert second.status == ItemStatus.DUPLICATE
    assert Plan.objects.count() == 1


def test_an_error_in_the_middle_of_confirming_leaves_no_plan_behind(personas, import_now, monkeypatch):
    [item] = import_now([upload(plan_text())], personas.admin)

    def registry_down(citation):
        raise RuntimeError("registry unavailable")

    # The plan row and its tasks are written before the citations; the failure comes after them.
    monkeypatch.setattr(services, "legal_document_for", registry_down)
    with pytest.raises(RuntimeError):
        services.import_confirm(item=item, actor=personas.admin)
    assert Plan.objects.count() == 0
    assert PlanTask.objects.count() == 0
    assert Citation.objects.count() == 0
    item.refresh_from_db()
    assert item.status == ItemStatus.REVIEW


def test_an_officer_cannot_confirm_another_units_import(personas, import_now):
    [item] = import_now([upload(plan_text())], personas.officer_a)
    with pytest.raises(PermissionDenied):
        services.import_confirm(item=item, actor=personas.officer_b)
    assert Plan.objects.count() == 0


def test_a_failed_item_cannot_be_confirmed(personas, import_now):
    [item] = import_now([upload("không phải PDF", "hong.pdf")], personas.admin)
    with pytest.raises(ValidationError):
        services.import_confirm(item=item, actor=personas.admin)


def test_review_edits_are_saved_and_derived_fields_recomputed(personas, import_now):
    [item] = import_now([upload(plan_text())], personas.admin)
    data = {
        "number": "42/KH-UBND",
        "legal_bases": [{"raw": "Quyết định số 15/QĐ-UBND", "number": "15/QĐ-UBND", "role": "basis"}],
        "tasks": [
            {
                "stt": "1",
                "task": "Phát thanh trên loa truyền thanh",
                "lead": ["Phòng Văn hóa và Thông tin"],
                "coordinators": [],
                "timeframe": "Quý III/2025",
            }
        ],
    }
    item = services.import_update_review(item=item, data=data, actor=personas.admin)
    assert item.parsed["number"] == "42/KH-UBND"
    assert [t["task"] for t in item.parsed["tasks"]] == ["Phát thanh trên loa truyền thanh"]
    schedule = item.parsed["tasks"][0]["schedule"]
    assert schedule["periods"][0]["start"] == "2025-07-01"
    assert item.parsed["tasks"][0]["lead_refs"][0]["raw"] == "Phòng Văn hóa và Thông tin"
    plan = services.import_confirm(item=item, actor=personas.admin)
    assert plan.number == "42/KH-UBND"
    assert LegalDocument.objects.filter(number="15/QĐ-UBND").exists()


def test_review_rejects_an_impossible_date(personas, import_now):
    [item] = import_now([upload(plan_text())], personas.admin)
    with pytest.raises(ValidationError):
        services.import_update_review(item=item, data={"issue_date": "2025-02-30"}, actor=personas.admin)


def test_a_parse_interrupted_by_a_killed_process_is_run_again(personas, import_now, settings):
    from datetime import timedelta

    from django.utils import timezone

    from cchc.jobs import runner
    from cchc.jobs.models import Job, JobStatus

    settings.CCHC_JOBS_INLINE = False  # nothing runs until a worker comes
    [item] = import_now([upload(plan_text())], personas.admin)
    # What a process killed mid-parse leaves: the job claimed, the item half-way.
    Job.objects.filter(pk=item.job_id).update(
        status=JobStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )
    ImportItem.objects.filter(pk=item.pk).update(status=ItemStatus.PARSING)
    assert runner.requeue_stale() == 1
    runner.execute(runner.claim_next())
    item.refresh_from_db()
    assert item.status == ItemStatus.REVIEW
    assert Plan.objects.count() == 0


def test_it_recognizes_the_same_words_in_a_file_saved_differently_as_a_duplicate(
    personas, confirmed_plan, import_now
):
    # A plan without a number cannot be matched by number and issuer; its words still match.
    original = plan_text(number="")
    plan = confirmed_plan(original)
    resaved = original.replace("\n", "\r\n") + "\n\n"
    [again] = import_now([upload(resaved, "luu-lai.txt")], personas.admin)
    assert again.status == ItemStatus.DUPLICATE
    assert again.plan == plan


def test_an_officer_can_discard_an_import_waiting_for_review(personas, import_now):
    [item] = import_now([upload(plan_text())], personas.officer_a)
    item = services.import_discard(item=item, actor=personas.officer_a)
    assert item.status == ItemStatus.DISCARDED
    with pytest.raises(ValidationError):
        services.import_confirm(item=item, actor=personas.officer_a)
    assert Plan.objects.count() == 0


def test_a_confirmed_import_cannot_be_discarded(personas, import_now):
    [item] = import_now([upload(plan_text())], personas.admin)
    services.import_confirm(item=item, actor=personas.admin)
    with pytest.raises(ValidationError):
        services.import_discard(item=item, actor=personas.admin)


def test_a_failed_upload_leaves_no_file_behind(personas, import_now, media_root, monkeypatch):
    def queue_down(kind, payload=None):
        raise RuntimeError("job table unavailable")

    monkeypatch.setattr(services, "enqueue", queue_down)
    with pytest.raises(RuntimeError):
        import_now([upload(plan_text())], personas.admin)
    assert ImportItem.objects.count() == 0
    assert [p for p in media_root.rglob("*") if p.is_file()] == []
