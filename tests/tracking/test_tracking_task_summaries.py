"""The per-task summary of the top plans (cchc.tracking.summaries, TaskPeriodSummary) always
equals what the tasks' active assignments and their entries add up to, after any sequence of
writes through the services, and follows the plan's issuer, year and the unit tree."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tracking_fixtures import amend_without_coordinator

from cchc.core.periods import periods_of_year
from cchc.tracking import summaries
from cchc.tracking.models import Assignment, ProgressEntry, ProgressStatus, TaskPeriodSummary
from cchc.tracking.services import assignments_generate, progress_record

pytestmark = pytest.mark.django_db


def _tasks_from_scratch() -> dict:
    """Counted in Python, assignment by assignment: for a plan with a year whose issuer has no
    parent, a row per task and period of that year over the task's active assignments."""
    out: dict = {}
    entries = defaultdict(list)
    for entry in ProgressEntry.objects.select_related("assignment"):
        entries[entry.assignment_id].append(entry)
    active = Assignment.objects.filter(active=True).select_related("plan__issuer_unit")
    for a in active:
        issuer = a.plan.issuer_unit
        if a.plan.plan_year is None or issuer is None or issuer.parent_id is not None:
            continue
        for period in periods_of_year(a.plan.plan_year):
            row = out.setdefault(
                (a.task_id, period.code),
                {
                    "plan": a.plan_id,
                    "assignments": 0,
                    "reported": 0,
                    "done": 0,
                    "late": 0,
                    "failed": 0,
                    "percent_sum": 0,
                },
            )
            row["assignments"] += 1
            for entry in entries[a.pk]:
                if entry.period == period.code:
                    row["reported"] += 1
                    row["done"] += entry.status == ProgressStatus.DONE
                    row["late"] += entry.status == ProgressStatus.LATE
                    row["failed"] += entry.status == ProgressStatus.FAILED
                    row["percent_sum"] += entry.percent
    return out


@pytest.fixture
def top_plan(assigned, personas):
    """The tracking fixture plan, issued by the province's committee (a unit with no parent)."""
    assigned.issuer_unit = personas.province
    assigned.save()
    return assigned


def test_a_plan_issued_at_the_top_has_a_row_per_task_and_period_of_its_year(top_plan):
    stored = summaries.stored_tasks()
    tasks = set(Assignment.objects.filter(plan=top_plan, active=True).values_list("task_id", flat=True))
    assert {task for task, _period in stored} == tasks
    assert {period for _task, period in stored} == {p.code for p in periods_of_year(top_plan.plan_year)}
    assert stored == _tasks_from_scratch()


def test_a_plan_of_a_department_has_no_rows(assigned, personas):
    assert assigned.issuer_unit.parent_id is not None
    assert summaries.stored_tasks() == {} == _tasks_from_scratch()


WRITE = st.tuples(
    st.integers(min_value=0, max_value=5),  # which assignment
    st.sampled_from(["2024-Q1", "2024-Q2", "2024-H1", "2024-Y", "2025-Q1"]),
    st.sampled_from(ProgressStatus.values),
    st.integers(min_value=0, max_value=100),
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=st.lists(WRITE, min_size=1, max_size=8))
def test_the_task_rows_equal_the_entries_after_any_sequence_of_writes(top_plan, personas, writes):
    assignments = list(Assignment.objects.filter(plan=top_plan, active=True).order_by("pk"))
    for index, period, status, percent in writes:
        progress_record(
            assignment=assignments[index % len(assignments)],
            period=period,
            status=status,
            percent=percent,
            reason="Thiếu kinh phí" if status == ProgressStatus.FAILED else "",
            actor=personas.admin,
        )
        assert summaries.stored_tasks() == _tasks_from_scratch()
    assert summaries.differences() == []


def test_an_amendment_that_drops_a_coordinator_updates_the_task_counts(top_plan, personas):
    coordinator = Assignment.objects.get(plan=top_plan, task__stt="1", role="coordinator")
    progress_record(
        assignment=coordinator, period="2024-H1", status=ProgressStatus.DONE, actor=personas.officer_b
    )
    before = summaries.stored_tasks()[(coordinator.task_id, "2024-H1")]
    assert before["done"] == 1

    amend_without_coordinator(top_plan, personas)
    result = assignments_generate(plan=top_plan, actor=personas.admin, today=date(2025, 6, 1))
    assert result.deactivated == 1
    stored = summaries.stored_tasks()
    assert stored == _tasks_from_scratch()
    # The rows follow the new version's task, which has one assignment less and no done entry.
    new_task = Assignment.objects.get(plan=top_plan, task__stt="1", role="lead").task_id
    assert stored[(new_task, "2024-H1")]["assignments"] == before["assignments"] - 1
    assert stored[(new_task, "2024-H1")]["done"] == 0
    assert (coordinator.task_id, "2024-H1") not in stored


def test_the_rows_follow_the_plan_year_and_the_issuer(top_plan, personas):
    top_plan.plan_year = 2025
    top_plan.save()
    assert {period[:4] for _task, period in summaries.stored_tasks()} == {"2025"}
    assert summaries.stored_tasks() == _tasks_from_scratch()

    top_plan.issuer_unit = personas.home_affairs  # a department: no longer ranked
    top_plan.save(update_fields=["issuer_unit"])
    assert summaries.stored_tasks() == {}


def test_the_rows_follow_the_issuer_moving_in_the_tree(top_plan, personas):
    from cchc.orgs.models import Unit, UnitKind

    assert summaries.stored_tasks() != {}
    region = Unit.objects.create(
        code="kiemthu-vung", name="Vùng (kiểm thử)", kind=UnitKind.PROVINCE_COMMITTEE
    )
    province = personas.province
    province.parent = region
    province.save()
    assert summaries.stored_tasks() == {} == _tasks_from_scratch()
    province.parent = None
    province.save()
    assert summaries.stored_tasks() == _tasks_from_scratch() != {}


def test_the_command_finds_and_mends_a_task_row_written_around_the_services(top_plan, personas):
    TaskPeriodSummary.objects.filter(period="2024-Q2").update(done=7)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("tracking-summaries", "--check", stdout=out)
    assert "nhiệm vụ" in out.getvalue() and "2024-Q2" in out.getvalue()
    call_command("tracking-summaries", stdout=io.StringIO())
    assert summaries.differences() == []
    assert summaries.stored_tasks() == _tasks_from_scratch()


def test_a_registry_import_that_moves_the_issuer_updates_the_rows(top_plan, personas):
    """The registry import sets parents in a second pass; the unit's save reaches the receiver."""
    from cchc.orgs.models import Unit, UnitKind
    from cchc.orgs.services import registry_import

    Unit.objects.create(code="kiemthu-vung", name="Vùng (kiểm thử)", kind=UnitKind.PROVINCE_COMMITTEE)
    province = personas.province
    row = {"code": province.code, "name": province.name, "kind": province.kind, "parent": "kiemthu-vung"}
    registry_import(actor=personas.admin, data={"units": [row]})
    province.refresh_from_db()
    assert province.parent.code == "kiemthu-vung"
    assert summaries.stored_tasks() == {} == _tasks_from_scratch()
