"""The dashboard's per-unit summaries (cchc.tracking.summaries) always equal what the progress
entries and the assignments add up to, after any sequence of writes through the services, in the
same transaction; the command rebuilds and checks them."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tracking_fixtures import amend_without_coordinator

from cchc.tracking import summaries
from cchc.tracking.models import (
    Assignment,
    DeliverableKind,
    ProgressEntry,
    ProgressStatus,
    UnitDueSummary,
    UnitPeriodSummary,
)
from cchc.tracking.services import assignments_generate, progress_record

pytestmark = pytest.mark.django_db


def _from_scratch() -> dict:
    """The expected summaries, added up in Python from every entry (not the SQL of `compute`)."""
    out: dict = defaultdict(lambda: dict.fromkeys(summaries.COLUMNS, 0))
    for entry in ProgressEntry.objects.select_related("assignment").prefetch_related("deliverables"):
        if not entry.assignment.active:
            continue
        row = out[(entry.assignment.unit_id, entry.period)]
        row["reported"] += 1
        row["done"] += entry.status == ProgressStatus.DONE
        row["late"] += entry.status == ProgressStatus.LATE
        row["failed"] += entry.status == ProgressStatus.FAILED
        row["percent_sum"] += entry.percent
        for d in entry.deliverables.all():
            row[d.kind] += d.quantity
    return dict(out)


OPEN = {ProgressStatus.NOT_STARTED, ProgressStatus.IN_PROGRESS, ProgressStatus.LATE}


def _due_from_scratch() -> dict:
    """The expected UnitDueSummary rows, counted in Python assignment by assignment: an active
    assignment counts in its plan's year (or year of issue) and in every year it has progress in."""
    out: dict = defaultdict(lambda: [0, 0])
    for a in Assignment.objects.filter(active=True).select_related("plan").prefetch_related("entries"):
        years = {int(e.period.split("-")[0]) for e in a.entries.all()}
        if a.plan.plan_year is not None:
            years.add(a.plan.plan_year)
        elif a.plan.issue_date is not None:
            years.add(a.plan.issue_date.year)
        for year in years:
            out[(a.unit_id, year, a.due_date)][0] += 1
            out[(a.unit_id, year, a.due_date)][1] += a.status in OPEN
    return {key: tuple(value) for key, value in out.items()}


def test_every_deliverable_kind_has_a_column():
    names = {f.name for f in UnitPeriodSummary._meta.get_fields()}
    assert set(DeliverableKind.values) <= names
    assert UnitPeriodSummary.KINDS == tuple(DeliverableKind.values)


WRITE = st.tuples(
    st.integers(min_value=0, max_value=5),  # which assignment
    st.sampled_from(["2024-Q1", "2024-Q2", "2024-H1", "2024-Y", "2025-Q1"]),
    st.sampled_from(ProgressStatus.values),
    st.integers(min_value=0, max_value=100),
    st.dictionaries(st.sampled_from(["news", "reportage", "training"]), st.integers(0, 30), max_size=3),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(writes=st.lists(WRITE, min_size=1, max_size=8))
def test_the_summaries_equal_the_entries_after_any_sequence_of_writes(assigned, personas, writes):
    assignments = list(Assignment.objects.filter(plan=assigned, active=True).order_by("pk"))
    for index, period, status, percent, deliverables in writes:
        progress_record(
            assignment=assignments[index % len(assignments)],
            period=period,
            status=status,
            percent=percent,
            reason="Thiếu kinh phí" if status == ProgressStatus.FAILED else "",
            deliverables=deliverables,
            actor=personas.admin,
        )
        assert summaries.stored() == _from_scratch()
        assert summaries.stored_due() == _due_from_scratch()
    assert summaries.differences() == []


def test_an_assignment_turned_inactive_and_back_leaves_and_rejoins_its_units_summary(assigned, personas):
    coordinator = Assignment.objects.get(plan=assigned, task__stt="1", role="coordinator")
    progress_record(
        assignment=coordinator,
        period="2024-H1",
        status=ProgressStatus.DONE,
        deliverables={"news": 4},
        actor=personas.officer_b,
    )
    key = (personas.unit_b.pk, "2024-H1")
    assert summaries.stored()[key]["done"] == 1 and summaries.stored()[key]["news"] == 4

    first = amend_without_coordinator(assigned, personas)
    result = assignments_generate(plan=assigned, actor=personas.admin, today=date(2025, 6, 1))
    assert result.deactivated == 1
    assert key not in summaries.stored()  # its only entry no longer counts
    assert summaries.stored() == _from_scratch()
    assert summaries.stored_due() == _due_from_scratch()

    assigned.current_version = first  # the coordinator is back: the same row, active again
    assigned.save(update_fields=["current_version"])
    assignments_generate(plan=assigned, actor=personas.admin, today=date(2025, 6, 1))
    coordinator.refresh_from_db()
    assert coordinator.active
    assert summaries.stored()[key]["done"] == 1
    assert summaries.stored() == _from_scratch()
    assert summaries.stored_due() == _due_from_scratch()


def test_a_plan_given_another_year_moves_its_assignments_to_that_year(assigned, assignment_of_a, personas):
    progress_record(
        assignment=assignment_of_a, period="2024-Q2", status=ProgressStatus.LATE, actor=personas.officer_a
    )
    before = summaries.stored_due()
    assert before == _due_from_scratch()
    assert {year for (_unit, year, _due) in before} == {2024}

    with transaction.atomic():
        assigned.plan_year = 2025
        assigned.save()  # as plans.services.plan_amend saves an amended header
        assert summaries.stored_due() == _due_from_scratch()
    years = {(unit, year) for (unit, year, _due) in summaries.stored_due()}
    assert (personas.unit_a.pk, 2024) in years  # its entry of 2024 keeps it there
    assert (personas.unit_b.pk, 2025) in years and (personas.unit_b.pk, 2024) not in years
    assert summaries.differences() == []


def test_assignments_created_and_removed_by_an_amendment_leave_the_due_summary_exact(assigned, personas):
    assert summaries.stored_due() == _due_from_scratch() != {}
    amend_without_coordinator(assigned, personas)  # no progress yet: the coordinator is removed
    result = assignments_generate(plan=assigned, actor=personas.admin, today=date(2025, 6, 1))
    assert result.removed == 1
    assert summaries.stored_due() == _due_from_scratch()
    assert summaries.differences() == []


def test_a_write_rolled_back_leaves_the_summary_as_it_was(assignment_of_a, personas):
    before = summaries.stored()
    with pytest.raises(RuntimeError), transaction.atomic():
        progress_record(
            assignment=assignment_of_a,
            period="2024-Q2",
            status=ProgressStatus.DONE,
            deliverables={"news": 3},
            actor=personas.officer_a,
        )
        assert summaries.stored()[(personas.unit_a.pk, "2024-Q2")]["news"] == 3
        raise RuntimeError
    assert summaries.stored() == before


def test_the_command_checks_and_rebuilds(assignment_of_a, personas):
    progress_record(
        assignment=assignment_of_a,
        period="2024-Q2",
        status=ProgressStatus.IN_PROGRESS,
        percent=30,
        deliverables={"reportage": 2},
        actor=personas.officer_a,
    )
    out = io.StringIO()
    call_command("tracking-summaries", "--check", stdout=out)
    assert "khớp" in out.getvalue()

    # Data written around the services (here: by hand) leaves the summary behind ...
    UnitDueSummary.objects.update(open=99)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("tracking-summaries", "--check", stdout=out)
    assert "99" in out.getvalue()
    UnitPeriodSummary.objects.update(reportage=99)
    ProgressEntry.objects.create(assignment=assignment_of_a, period="2024-Q3", status="done", percent=100)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("tracking-summaries", "--check", stdout=out)
    assert "2024-Q3" in out.getvalue()

    # ... until it is rebuilt.
    call_command("tracking-summaries", stdout=io.StringIO())
    assert summaries.differences() == []
    assert summaries.stored() == _from_scratch()
    assert summaries.stored_due() == _due_from_scratch()
    assert summaries.stored()[(personas.unit_a.pk, "2024-Q2")]["reportage"] == 2
