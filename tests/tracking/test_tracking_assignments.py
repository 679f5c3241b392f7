"""Assignments from a plan: per real unit and role, groups expanded on the plan's date, succession
followed to today, due dates from the schedule, idempotent, and re-run after an amendment."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from cchc.audit.models import AuditEntry
from cchc.tracking.models import Assignment, ProgressStatus
from cchc.tracking.services import assignments_generate, progress_record

pytestmark = pytest.mark.django_db


def _rows(plan):
    return {
        (a.task.stt, a.role, a.unit.code): a
        for a in Assignment.objects.filter(plan=plan, active=True).select_related("task", "unit")
    }


def test_it_gives_each_task_to_the_units_that_carry_it(assigned, personas, merged_department):
    rows = _rows(assigned)
    assert set(rows) == {
        ("1", "lead", personas.unit_a.code),
        ("1", "coordinator", personas.unit_b.code),
        # "Các sở, ban, ngành tỉnh" on 15/01/2024: the four departments of the day; the merged one
        # now works through unit B, which already had the task in its own name.
        ("2", "lead", personas.home_affairs.code),
        ("2", "lead", personas.parent_of_a.code),
        ("2", "lead", personas.unit_b.code),
        ("3", "lead", personas.unit_b.code),
    }
    assert rows[("2", "lead", personas.unit_b.code)].named_unit == personas.unit_b
    carried = rows[("3", "lead", personas.unit_b.code)]
    assert carried.named_unit == merged_department
    assert "kế thừa" in carried.resolution_note
    assert AuditEntry.objects.filter(action="tracking.assignments.generated").count() == 1


def test_it_takes_due_dates_and_targets_from_the_task(assigned, personas):
    rows = _rows(assigned)
    press = rows[("1", "lead", personas.unit_a.code)]
    assert press.due_date == date(2024, 9, 30)
    assert press.due_dates == ["2024-06-30", "2024-09-30"]
    assert press.targets == {"reportage": 2, "news": 10}
    assert rows[("1", "coordinator", personas.unit_b.code)].targets == {}
    assert rows[("2", "lead", personas.parent_of_a.code)].due_date == date(2024, 12, 31)
    ongoing = rows[("3", "lead", personas.unit_b.code)]
    assert ongoing.due_date is None
    assert ongoing.recurring is True


def test_a_group_leaves_out_units_that_did_not_exist_on_the_plan_date(plan, personas):
    from cchc.orgs.models import Unit

    Unit.objects.create(
        code="kiemthu-so-moi",
        name="Sở Mới (kiểm thử)",
        kind="department",
        parent=personas.province,
        valid_from=date(2025, 3, 1),
    )
    assignments_generate(plan=plan, actor=personas.admin, today=date(2025, 6, 1))
    assert not Assignment.objects.filter(plan=plan, unit__code="kiemthu-so-moi").exists()


def test_before_the_merger_the_old_department_carries_its_own_work(plan, personas, merged_department):
    assignments_generate(plan=plan, actor=personas.admin, today=date(2024, 6, 1))
    rows = _rows(plan)
    assert ("3", "lead", merged_department.code) in rows
    assert ("2", "lead", merged_department.code) in rows


def test_running_it_again_changes_nothing(assigned, personas):
    before = sorted(Assignment.objects.values_list("pk", "unit_id", "role", "task_id"))
    result = assignments_generate(plan=assigned, actor=personas.admin, today=date(2025, 6, 1))
    assert (result.created, result.updated, result.removed, result.deactivated) == (0, 0, 0, 0)
    assert sorted(Assignment.objects.values_list("pk", "unit_id", "role", "task_id")) == before


def test_an_amendment_adds_and_removes_only_what_changed(assigned, personas):
    from tracking_fixtures import amend

    from cchc.plans.models import PlanTask, TaskAgency

    kept = Assignment.objects.get(plan=assigned, task__stt="1", role="lead")
    progress_record(
        assignment=Assignment.objects.get(plan=assigned, task__stt="1", role="coordinator"),
        period="2024-H1",
        status=ProgressStatus.IN_PROGRESS,
        percent=40,
        actor=personas.officer_b,
    )

    # Version 2: task 1 without its coordinator, task 2 gone, task 3 unchanged, a new task 4.
    def add_contest(version):
        new = PlanTask.objects.create(
            version=version, order=9, stt="4", task="Cuộc thi tìm hiểu", products="01 cuộc thi"
        )
        TaskAgency.objects.create(task=new, role="lead", raw=personas.unit_a.name, unit=personas.unit_a)

    amend(
        assigned,
        personas,
        keep_task=lambda task: task.stt != "2",
        keep_agency=lambda task, agency: agency.role != "coordinator",
        then=add_contest,
    )

    result = assignments_generate(plan=assigned, actor=personas.admin, today=date(2025, 6, 1))

    assert result.created == 1  # task 4
    assert result.removed == 3  # task 2's three leads had no progress
    assert result.deactivated == 1  # the coordinator had reported: kept, inactive
    kept.refresh_from_db()
    assert kept.active and kept.task.version_id == assigned.current_version_id  # same row, now on version 2
    assert set(_rows(assigned)) == {
        ("1", "lead", personas.unit_a.code),
        ("3", "lead", personas.unit_b.code),
        ("4", "lead", personas.unit_a.code),
    }
    assert Assignment.objects.filter(plan=assigned, active=False, role="coordinator").count() == 1


def test_an_indefinite_agency_is_reported_not_assigned(plan, personas):
    from cchc.plans.models import TaskAgency

    task = plan.current_version.tasks.get(stt="1")
    TaskAgency.objects.create(task=task, role="coordinator", raw="Các cơ quan, đơn vị có liên quan", order=5)
    result = assignments_generate(plan=plan, actor=personas.admin, today=date(2025, 6, 1))
    assert result.unresolved == ["1: Các cơ quan, đơn vị có liên quan"]


@pytest.mark.parametrize("name", ["officer_a", "officer_b", "leader", "editor"])
def test_only_the_plans_unit_or_the_administrator_may_generate(plan, personas, name):
    with pytest.raises(PermissionDenied):
        assignments_generate(plan=plan, actor=personas.get(name))
    assert not Assignment.objects.exists()


def test_confirming_or_amending_a_plan_generates_its_assignments_after_commit(
    personas, merged_department, django_capture_on_commit_callbacks
):
    from tracking_fixtures import build_plan

    with django_capture_on_commit_callbacks(execute=True):
        plan = build_plan(personas, merged_department)
    assert Assignment.objects.filter(plan=plan).count() == 6
    from cchc.jobs.models import Job

    assert Job.objects.get(kind="tracking.generate_assignments").status == "done"


def test_the_command_generates_for_one_plan(plan, personas):
    out = io.StringIO()
    call_command("assignments", "--plan", str(plan.pk), stdout=out)
    assert f"Kế hoạch {plan.pk}: 6 mới" in out.getvalue()
    out = io.StringIO()
    call_command("assignments", "--plan", str(plan.pk), stdout=out)
    assert "0 mới, 0 cập nhật, 0 bỏ" in out.getvalue()
