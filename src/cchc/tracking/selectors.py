"""Reads of the tracking app. Every selector checks permission (or filters by what the actor may
read) first, and loads a page's rows in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from cchc.accounts.permissions import has_perm, require, units_readable_by
from cchc.core.periods import Period
from cchc.plans.models import Plan, PlanTask
from cchc.tracking.models import (
    Assignment,
    AssignmentRole,
    DeliverableCount,
    Evidence,
    Notification,
    ProgressEntry,
    ProgressStatus,
)
from cchc.tracking.rules import in_kind_order

OPEN_STATUSES = (ProgressStatus.NOT_STARTED, ProgressStatus.IN_PROGRESS, ProgressStatus.LATE)


def _readable(actor, qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    if getattr(actor, "is_province_admin", False):
        return qs
    return qs.filter(unit__in=units_readable_by(actor))


def assignment_list(
    *,
    actor,
    plan_id: int | None = None,
    status: str = "",
    period: str = "",
    overdue: bool = False,
    unit_id: int | None = None,
    today: date | None = None,
) -> QuerySet[Assignment]:
    """Active assignments of the units the actor may read: own unit for officers, the subtree for
    leaders, all for the province administrator. `period` keeps what is reported on in that period
    (all but work closed before it began) and attaches each one's entry for it as `period_entries`."""
    today = today or timezone.localdate()
    qs = _readable(
        actor,
        Assignment.objects.filter(active=True).select_related("plan", "task", "unit", "named_unit"),
    )
    if plan_id:
        qs = qs.filter(plan_id=plan_id)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if status == "overdue" or overdue:
        qs = qs.filter(due_date__lt=today, status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if period:
        the_period = Period.parse(period)
        # What the unit reports on in that period: everything but work closed before it began.
        reported = ProgressEntry.objects.filter(assignment=OuterRef("pk"), period=the_period.code)
        qs = qs.filter(
            Q(due_date=None)
            | Q(due_date__gte=the_period.start)
            | Q(status__in=OPEN_STATUSES)
            | Q(Exists(reported))
        )
        qs = qs.prefetch_related(
            Prefetch(
                "entries",
                queryset=ProgressEntry.objects.filter(period=the_period.code),
                to_attr="period_entries",
            )
        )
    return qs.order_by("due_date", "plan_id", "task__order", "role", "unit__name", "id")


def is_overdue(assignment: Assignment, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        assignment.active
        and assignment.due_date
        and assignment.due_date < today
        and assignment.status in OPEN_STATUSES
    )


def assignment_plans(*, actor) -> QuerySet[Plan]:
    """Plans that have assignments the actor can see (for the filter)."""
    visible = _readable(actor, Assignment.objects.filter(active=True)).values("plan_id")
    return Plan.objects.filter(pk__in=visible).order_by("-plan_year", "-issue_date", "-id")


def assignment_detail(*, actor, pk: int) -> Assignment:
    assignment = Assignment.objects.select_related(
        "plan", "plan__issuer_unit", "task", "unit", "named_unit"
    ).get(pk=pk)
    require(actor, "unit.read", assignment.unit)
    return assignment


def assignment_entry(*, actor, assignment: Assignment, period: str) -> ProgressEntry:
    """The assignment's entry of one period (ProgressEntry.DoesNotExist when none was recorded)."""
    require(actor, "unit.read", assignment.unit)
    return ProgressEntry.objects.select_related("assignment__unit").get(assignment=assignment, period=period)


def assignment_entries(*, actor, assignment: Assignment) -> list[ProgressEntry]:
    require(actor, "unit.read", assignment.unit)
    entries = list(
        ProgressEntry.objects.filter(assignment=assignment)
        .select_related("recorded_by")
        .prefetch_related("deliverables", "evidence")
    )
    entries.sort(key=lambda e: Period.parse(e.period).sort_key, reverse=True)
    return entries


def evidence_for_download(*, actor, pk: int) -> Evidence:
    evidence = Evidence.objects.select_related("entry__assignment__unit").get(pk=pk)
    require(actor, "unit.read", evidence.entry.assignment.unit)
    return evidence


# --- roll-ups -----------------------------------------------------------------------------------


@dataclass
class UnitRow:
    assignment: Assignment
    deliverables: dict[str, int] = field(default_factory=dict)
    participants: dict[str, int] = field(default_factory=dict)
    readable: bool = False


@dataclass
class TaskProgress:
    task: PlanTask
    leads: list[UnitRow] = field(default_factory=list)
    coordinators: list[UnitRow] = field(default_factory=list)
    targets: dict[str, int] = field(default_factory=dict)
    achieved: dict[str, int] = field(default_factory=dict)
    percent: int = 0
    status: str = ProgressStatus.NOT_STARTED

    @property
    def target_rows(self) -> list[tuple[str, int, int]]:
        kinds = in_kind_order([*self.targets, *self.achieved])
        return [(k, self.targets.get(k, 0), self.achieved.get(k, 0)) for k in kinds]


@dataclass
class PlanProgress:
    plan: Plan
    tasks: list[TaskProgress]
    percent: int
    counts: dict[str, int]


def _latest_counts(assignment_ids: list[int]) -> dict[int, tuple[dict[str, int], dict[str, int]]]:
    """Deliverables of each assignment's latest entry (quantities are cumulative), in one query."""
    latest: dict[int, tuple[tuple, dict, dict]] = {}
    rows = DeliverableCount.objects.filter(entry__assignment_id__in=assignment_ids).values_list(
        "entry__assignment_id", "entry__period", "kind", "quantity", "participants"
    )
    by_entry: dict[tuple[int, str], tuple[dict, dict]] = defaultdict(lambda: ({}, {}))
    for assignment_id, period, kind, quantity, participants in rows:
        quantities, people = by_entry[(assignment_id, period)]
        quantities[kind] = quantity
        if participants:
            people[kind] = participants
    for (assignment_id, period), (quantities, people) in by_entry.items():
        key = Period.parse(period).sort_key
        if assignment_id not in latest or latest[assignment_id][0] < key:
            latest[assignment_id] = (key, quantities, people)
    return {a: (q, p) for a, (_k, q, p) in latest.items()}


def _task_status(rows: list[UnitRow], percent: int) -> str:
    statuses = {r.assignment.status for r in rows}
    if not rows:
        return ProgressStatus.NOT_STARTED
    if statuses == {ProgressStatus.DONE}:
        return ProgressStatus.DONE
    if ProgressStatus.FAILED in statuses and statuses <= {ProgressStatus.FAILED, ProgressStatus.DONE}:
        return ProgressStatus.FAILED
    if ProgressStatus.LATE in statuses:
        return ProgressStatus.LATE
    if percent > 0 or statuses & {ProgressStatus.IN_PROGRESS, ProgressStatus.DONE}:
        return ProgressStatus.IN_PROGRESS
    return ProgressStatus.NOT_STARTED


def plan_progress(*, actor, plan: Plan) -> PlanProgress:
    """Completion of each task of the plan's current version and of the plan, in four queries.

    A task's completion is the mean of its leads' percentages; coordinators' deliverables add to
    the leads' towards the task's targets. The plan's completion is the mean of its tasks'.
    Every signed-in account sees the figures; unit rows link to detail only where the actor may
    read that unit."""
    require(actor, "plans.view")
    tasks = list(PlanTask.objects.filter(version_id=plan.current_version_id).order_by("order"))
    assignments = list(
        Assignment.objects.filter(plan=plan, active=True)
        .select_related("unit")
        .order_by("role", "unit__name", "id")
    )
    readable_ids = (
        None
        if getattr(actor, "is_province_admin", False)
        else set(units_readable_by(actor).values_list("pk", flat=True))
    )
    counts = _latest_counts([a.pk for a in assignments])
    by_task: dict[int, TaskProgress] = {t.pk: TaskProgress(task=t) for t in tasks}
    overall = defaultdict(int)
    for a in assignments:
        progress = by_task.get(a.task_id)
        if progress is None:
            continue
        quantities, people = counts.get(a.pk, ({}, {}))
        row = UnitRow(
            assignment=a,
            deliverables=quantities,
            participants=people,
            readable=readable_ids is None or a.unit_id in readable_ids,
        )
        if a.role == AssignmentRole.LEAD:
            progress.leads.append(row)
            for kind, target in a.targets.items():
                progress.targets[kind] = max(progress.targets.get(kind, 0), int(target))
        else:
            progress.coordinators.append(row)
        for kind, quantity in quantities.items():
            progress.achieved[kind] = progress.achieved.get(kind, 0) + quantity
    for progress in by_task.values():
        rows = progress.leads or progress.coordinators
        progress.percent = round(sum(r.assignment.percent for r in rows) / len(rows)) if rows else 0
        progress.status = _task_status(rows, progress.percent)
        overall[progress.status] += 1
    ordered = [by_task[t.pk] for t in tasks]
    percent = round(sum(p.percent for p in ordered) / len(ordered)) if ordered else 0
    return PlanProgress(plan=plan, tasks=ordered, percent=percent, counts=dict(overall))


def plan_completion(plan_ids: list[int]) -> dict[int, int]:
    """Completion (0–100) of many plans at once, for lists and dashboards: mean over tasks of the
    mean of lead percentages (coordinators when a task has no lead). Two queries, no permission
    check: callers show it next to plans the actor may already see."""
    plans = dict(Plan.objects.filter(pk__in=plan_ids).values_list("pk", "current_version_id"))
    task_plan = dict(
        PlanTask.objects.filter(version_id__in=[v for v in plans.values() if v]).values_list(
            "pk", "version_id"
        )
    )
    version_plan = {v: p for p, v in plans.items()}
    per_task: dict[int, dict[str, list[int]]] = defaultdict(lambda: {"lead": [], "coordinator": []})
    for task_id, role, percent in Assignment.objects.filter(
        plan_id__in=plan_ids, active=True, task_id__in=list(task_plan)
    ).values_list("task_id", "role", "percent"):
        per_task[task_id][role].append(percent)
    totals: dict[int, list[int]] = defaultdict(list)
    for task_id, version_id in task_plan.items():
        roles = per_task.get(task_id, {"lead": [], "coordinator": []})
        values = roles["lead"] or roles["coordinator"]
        totals[version_plan[version_id]].append(round(sum(values) / len(values)) if values else 0)
    return {pk: (round(sum(v) / len(v)) if (v := totals.get(pk)) else 0) for pk in plan_ids}


# --- notifications ------------------------------------------------------------------------------


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at=None).count()


def notification_list(*, actor) -> QuerySet[Notification]:
    require(actor, "plans.view")  # any signed-in, active account: own notifications only
    return Notification.objects.filter(user=actor).select_related("assignment")


def can_record(actor, assignment: Assignment) -> bool:
    return assignment.active and has_perm(actor, "unit.act", assignment.unit)
