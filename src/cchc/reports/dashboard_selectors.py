"""Reads of the dashboard (thống kê): completion by unit and by task, deliverables over the
year, report submission by unit and period, and overdue work.

Each figure is one aggregate query (GROUP BY in the database); unit rows are rolled up
through the unit tree in Python from one query that reads the tree's (id, parent, kind). A
page therefore costs the same few queries for five units or five thousand. Nothing is cached:
every page load reads current data. What the progress entries add up to per unit and period
is read from the summary tables the tracking services keep in step with every write, in the
same transaction (`cchc.tracking.summaries`), instead of joining a million entries; the counts
of assignments and overdue work likewise from their summary per unit, year and due date (overdue
depends on today: the rows due before today are summed at read time), and the whole tree's
completion by task from the per-task summary of the top plans.

Who sees what follows `unit.read`: the province administrator everything, a leader their
unit and everything below it, an officer their own unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, FilteredRelation, Max, OuterRef, Q, Sum
from django.utils import timezone

from cchc.accounts.models import Role
from cchc.accounts.permissions import has_perm, require
from cchc.core.periods import Kind, Period, periods_of_year
from cchc.orgs.models import Unit, UnitKind
from cchc.plans.models import Plan, PlanTask
from cchc.reports.models import UnitReport
from cchc.tracking.models import (
    Assignment,
    DeliverableKind,
    ProgressEntry,
    ProgressStatus,
    TaskPeriodSummary,
    UnitDueSummary,
    UnitPeriodSummary,
)
from cchc.tracking.selectors import OPEN_STATUSES

VIEW = "dashboard.view"
OVERDUE_LIMIT = 50
TASK_LIMIT = 20
ASSIGNMENT_PAGE = 100


# --- the unit tree ----------------------------------------------------------------------------


_TREE: tuple[tuple, UnitTree] | None = None  # (stamp of the units table, the tree built from it)


@dataclass(slots=True)
class UnitNode:
    pk: int
    parent_id: int | None
    name: str
    kind: str
    children: list[int] = field(default_factory=list)


class UnitTree:
    """All units as plain nodes, read in one query; subtrees and paths without more queries."""

    def __init__(self, rows):
        nodes = {pk: UnitNode(pk, parent_id, name, kind) for pk, parent_id, name, kind in rows}
        self.nodes: dict[int, UnitNode] = nodes
        self.roots: list[int] = []
        # Visited by name once (a stable sort), every list of children comes out sorted by name.
        for node in sorted(nodes.values(), key=attrgetter("name")):
            parent = nodes.get(node.parent_id) if node.parent_id else None
            if parent is None:
                self.roots.append(node.pk)
            else:
                parent.children.append(node.pk)

    @classmethod
    def load(cls) -> UnitTree:
        """The current tree: built again only when a unit was added, removed or saved since
        the last build in this process (their count and latest `updated_at`, one cheap query,
        tell; the orgs services bump `updated_at` on every change, bulk ones included). Four
        thousand units cost more to read and sort on every page than the rest of a page's
        figures; the tree is only read, never changed, once built."""
        global _TREE
        stamp = tuple(Unit.objects.order_by().aggregate(n=Count("pk"), last=Max("updated_at")).values())
        cached = _TREE
        if cached is not None and cached[0] == stamp:
            return cached[1]
        tree = cls(Unit.objects.order_by().values_list("pk", "parent_id", "name", "kind"))
        _TREE = (stamp, tree)
        return tree

    def subtree(self, pk: int) -> set[int]:
        seen, frontier = {pk}, [pk]
        while frontier:
            for child in self.nodes[frontier.pop()].children:
                if child not in seen:  # a cycle in bad data must not loop forever
                    seen.add(child)
                    frontier.append(child)
        return seen

    def unit_with_ancestors(self, pk: int) -> Unit:
        """An unsaved Unit for `pk` whose `parent` chain is built from the tree, so the
        permission rules (which walk `unit.parent`) run without a query per level."""
        unit = None
        for node in self.path(pk):
            unit = Unit(pk=node.pk, name=node.name, kind=node.kind, parent=unit)
        return unit

    def path(self, pk: int) -> list[UnitNode]:
        """From the top of the tree down to `pk`."""
        out, seen, current = [], set(), self.nodes.get(pk)
        while current is not None and current.pk not in seen:
            out.append(current)
            seen.add(current.pk)
            current = self.nodes.get(current.parent_id) if current.parent_id else None
        return out[::-1]


# --- filters and scope --------------------------------------------------------------------------


@dataclass
class Scope:
    """What one dashboard page covers: the root unit (None: the whole province tree, for the
    administrator), the unit ids counted, the rows shown and how ids roll up into rows."""

    root: UnitNode | None
    units: set[int] | None  # None: every unit (no filter needed)
    rows: list[UnitNode]
    row_of: dict[int, int]  # unit id → the row's unit id it counts towards
    own_row: int | None  # the root's own work, shown as its first row
    path: list[UnitNode]


def can_view(user) -> bool:
    return has_perm(user, VIEW)


def _default_root(actor) -> int | None:
    if getattr(actor, "is_province_admin", False):
        return None
    return actor.unit_id


def scope_for(*, actor, tree: UnitTree, unit_id: int | None = None, kind: str = "") -> Scope:
    """The scope of the page for `actor`, drilled down to `unit_id` if given (it must be a unit
    the actor may read). An officer's scope is their own unit only, whatever lies below it."""
    require(actor, VIEW)
    root_id = unit_id if unit_id is not None else _default_root(actor)
    if root_id is not None:
        if root_id not in tree.nodes:
            raise Unit.DoesNotExist
        require(actor, "unit.read", tree.unit_with_ancestors(root_id))
    if root_id is None:
        root, units, children = None, None, tree.roots
    else:
        root = tree.nodes[root_id]
        if getattr(actor, "is_province_admin", False) or actor.role == Role.UNIT_LEADER:
            units, children = tree.subtree(root_id), root.children
        else:
            units, children = {root_id}, []
    row_of: dict[int, int] = {}
    rows: list[UnitNode] = []
    own_row = None
    if root is not None:
        row_of[root.pk] = root.pk
        rows.append(root)
        own_row = root.pk
    for child in children:
        rows.append(tree.nodes[child])
        for pk in tree.subtree(child):
            row_of[pk] = child
    if kind:
        allowed = {pk for pk in (units if units is not None else tree.nodes) if tree.nodes[pk].kind == kind}
        units = allowed
        row_of = {pk: row for pk, row in row_of.items() if pk in allowed}
        keep = set(row_of.values())
        rows = [r for r in rows if r.pk in keep]
        if own_row not in keep:
            own_row = None
    return Scope(
        root=root,
        units=units,
        rows=rows,
        row_of=row_of,
        own_row=own_row,
        path=tree.path(root_id) if root_id else [],
    )


def _unit_filter(scope: Scope, field_name: str) -> Q:
    return Q() if scope.units is None else Q(**{f"{field_name}__in": sorted(scope.units)})


# --- periods ------------------------------------------------------------------------------------


def plan_years() -> list[int]:
    years = (
        Plan.objects.exclude(plan_year=None)
        .order_by("-plan_year")
        .values_list("plan_year", flat=True)
        .distinct()
    )
    return list(years)


def default_period(years: list[int], today: date) -> Period:
    """The latest period whose report was due by today, in the latest year with plans."""
    year = min(years[0], today.year) if years else today.year
    due = [p for p in periods_of_year(year) if p.deadline <= today]
    if due:
        return max(due, key=lambda p: (p.end, -p.start.toordinal()))
    return Period(year, Kind.QUARTER, 1)


# --- figures ------------------------------------------------------------------------------------


@dataclass
class UnitRow:
    unit: UnitNode
    own: bool = False  # the root's own assignments, not its subtree
    assignments: int = 0
    reported: int = 0
    done: int = 0
    late: int = 0
    failed: int = 0
    overdue: int = 0
    percent_sum: int = 0

    @property
    def completion(self) -> float:
        """Share of assignments reported done for the period (%)."""
        return 100 * self.done / self.assignments if self.assignments else 0.0

    @property
    def average_percent(self) -> float:
        """Mean reported percent; unreported assignments count as 0."""
        return self.percent_sum / self.assignments if self.assignments else 0.0

    @property
    def not_reported(self) -> int:
        return self.assignments - self.reported


def _assignment_figures(qs, period: Period, today: date, group: str) -> list[dict]:
    """One row per `group` value: assignments, reported, done, late, failed, overdue, percent sum
    for `period`. The period's entry is joined with a condition on the join itself, so every
    assignment counts once whether or not it reported."""
    return list(
        qs.annotate(e=FilteredRelation("entries", condition=Q(entries__period=period.code)))
        .values(group)
        .order_by()
        .annotate(
            n=Count("id"),
            reported=Count("e__id"),
            done=Count("e__id", filter=Q(e__status=ProgressStatus.DONE)),
            late=Count("e__id", filter=Q(e__status=ProgressStatus.LATE)),
            failed=Count("e__id", filter=Q(e__status=ProgressStatus.FAILED)),
            overdue=Count("id", filter=Q(due_date__lt=today, status__in=OPEN_STATUSES)),
            percent_sum=Sum("e__percent"),
        )
    )


def _in_year(period: Period) -> Q:
    """Assignments that belong to the period's year, as the unit's report counts them
    (`reports.selectors.assignments_for_period`): of a plan for that year, or with progress
    recorded in it. Without it a unit's 2022 tasks would count in its 2024 figures."""
    year_entries = ProgressEntry.objects.filter(
        assignment=OuterRef("pk"), period__startswith=f"{period.year}-"
    )
    return (
        Q(plan__plan_year=period.year)
        | Q(plan__plan_year__isnull=True, plan__issue_date__year=period.year)
        | Q(Exists(year_entries))
    )


def completion_by_unit(scope: Scope, period: Period, today: date) -> list[UnitRow]:
    """A row per scope row: its units' active assignments of the period's year and those still
    open past their due date (UnitDueSummary), and their entries for `period`
    (UnitPeriodSummary): both summaries kept by the tracking services."""
    if not scope.rows:
        return []
    rows = {node.pk: UnitRow(unit=node, own=node.pk == scope.own_row) for node in scope.rows}
    counts = (
        UnitDueSummary.objects.filter(_unit_filter(scope, "unit_id"), year=period.year)
        .values_list("unit_id")
        .order_by()
        .annotate(n=Sum("assignments"), overdue=Sum("open", filter=Q(due_date__lt=today)))
    )
    for unit_id, n, overdue in counts:
        row_pk = scope.row_of.get(unit_id)
        if row_pk is not None:
            rows[row_pk].assignments += n
            rows[row_pk].overdue += overdue or 0
    summaries = UnitPeriodSummary.objects.filter(
        _unit_filter(scope, "unit_id"), period=period.code
    ).values_list("unit_id", "reported", "done", "late", "failed", "percent_sum")
    for unit_id, reported, done, late, failed, percent_sum in summaries:
        row_pk = scope.row_of.get(unit_id)
        if row_pk is None:
            continue
        row = rows[row_pk]
        row.reported += reported
        row.done += done
        row.late += late
        row.failed += failed
        row.percent_sum += percent_sum
    return [rows[node.pk] for node in scope.rows]


def totals(rows: list[UnitRow]) -> UnitRow:
    total = UnitRow(unit=UnitNode(0, None, "", ""))
    for row in rows:
        for name in ("assignments", "reported", "done", "late", "failed", "overdue", "percent_sum"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


@dataclass
class TaskRow:
    pk: int
    stt: str
    text: str
    plan_id: int
    plan_number: str
    issuer: str
    assignments: int
    done: int
    percent_sum: int

    @property
    def completion(self) -> float:
        return 100 * self.done / self.assignments if self.assignments else 0.0

    @property
    def average_percent(self) -> float:
        return self.percent_sum / self.assignments if self.assignments else 0.0


def completion_by_task(
    scope: Scope, period: Period, tree: UnitTree, today: date
) -> tuple[list[TaskRow], int]:
    """Tasks of the plans issued for the period's year by the scope's root or a unit above it
    (the plans that cascade down to the scope; without a root, by the units at the top of the
    tree), as carried out by the units inside the scope, least complete first: at most
    TASK_LIMIT rows, and how many tasks there are."""
    issuers = [node.pk for node in scope.path] if scope.root else list(tree.roots)
    if scope.units is None:
        # Every unit counts: the tasks' own totals, kept by tracking.summaries for the plans of
        # the units at the top of the tree (which `tree.roots` are).
        figures = list(
            TaskPeriodSummary.objects.filter(
                period=period.code, plan__issuer_unit__in=issuers, plan__plan_year=period.year
            )
            .order_by()
            .values("task_id", "done", "percent_sum", n=F("assignments"))
        )
    else:
        qs = Assignment.objects.filter(
            _unit_filter(scope, "unit_id"),
            active=True,
            plan__issuer_unit__in=issuers,
            plan__plan_year=period.year,
        )
        figures = _assignment_figures(qs, period, today, "task_id")
    count = len(figures)

    def rank(f):
        return (f["done"] / f["n"], (f["percent_sum"] or 0) / f["n"], f["task_id"])

    chosen = sorted(figures, key=rank)[:TASK_LIMIT]
    tasks = {
        t["pk"]: t
        for t in PlanTask.objects.filter(pk__in=[f["task_id"] for f in chosen]).values(
            "pk", "stt", "task", "version__plan_id", "version__plan__number", "version__plan__issuer"
        )
    }
    rows = [
        TaskRow(
            pk=f["task_id"],
            stt=tasks[f["task_id"]]["stt"],
            text=tasks[f["task_id"]]["task"],
            plan_id=tasks[f["task_id"]]["version__plan_id"],
            plan_number=tasks[f["task_id"]]["version__plan__number"],
            issuer=tasks[f["task_id"]]["version__plan__issuer"],
            assignments=f["n"],
            done=f["done"],
            percent_sum=f["percent_sum"] or 0,
        )
        for f in chosen
    ]
    return rows, count


@dataclass
class DeliverableSeries:
    periods: list[Period]
    kinds: list[tuple[str, str]]  # (kind, label) of kinds with any quantity
    quantity: dict[tuple[str, str], int]  # (period code, kind) → cumulative quantity
    totals: dict[str, int]  # period code → all kinds

    def table(self) -> list[tuple[str, str, list[int]]]:
        return [
            (kind, label, [self.quantity.get((p.code, kind), 0) for p in self.periods])
            for kind, label in self.kinds
        ]


def deliverables_over_time(scope: Scope, year: int) -> DeliverableSeries:
    """Deliverables reported per quarter of the year, cumulative from 1 January (the way
    progress entries count them), by kind: summed from the per-unit summaries."""
    periods = periods_of_year(year, kinds=(Kind.QUARTER,))
    kinds = UnitPeriodSummary.KINDS
    rows = (
        UnitPeriodSummary.objects.filter(_unit_filter(scope, "unit_id"), period__in=[p.code for p in periods])
        .values_list("period")
        .order_by()
        .annotate(*(Sum(kind) for kind in kinds))
    )
    quantity: dict[tuple[str, str], int] = {}
    totals: dict[str, int] = defaultdict(int)
    used = set()
    for code, *amounts in rows:
        for kind, amount in zip(kinds, amounts, strict=True):
            if amount:
                quantity[(code, kind)] = amount
                totals[code] += amount
                used.add(kind)
    kinds = [(value, str(label)) for value, label in DeliverableKind.choices if value in used]
    return DeliverableSeries(periods=periods, kinds=kinds, quantity=quantity, totals=dict(totals))


ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"


@dataclass
class SubmissionRow:
    unit: UnitNode
    cells: list[tuple[Period, str, date | None]]  # (period, state, first submitted on)


def submission_grid(scope: Scope, year: int, today: date) -> list[SubmissionRow]:
    """Each row unit's own report for each period of the year: on time, late, not sent although
    due (missing), or not due yet (pending)."""
    periods = periods_of_year(year)
    row_ids = [node.pk for node in scope.rows]
    submitted: dict[tuple[int, str], date] = {}
    if row_ids:
        for unit_id, code, first in (
            UnitReport.objects.filter(
                unit_id__in=row_ids, period__in=[p.code for p in periods], first_submitted_at__isnull=False
            )
            .order_by()  # not the model's order by unit name: no join with the units
            .values_list("unit_id", "period", "first_submitted_at")
        ):
            submitted[(unit_id, code)] = timezone.localtime(first).date()
    rows = []
    for node in scope.rows:
        cells = []
        for period in periods:
            on = submitted.get((node.pk, period.code))
            if on is not None:
                state = LATE if period.is_late(on) else ON_TIME
            else:
                state = MISSING if period.deadline < today else PENDING
            cells.append((period, state, on))
        rows.append(SubmissionRow(unit=node, cells=cells))
    return rows


# Open is "not closed": written as NOT IN, the status index is no use to the planner, which then
# walks the due-date index in order and stops at the limit (or, for a few units, the unit index)
# instead of sorting every open assignment.
CLOSED_STATUSES = [s for s in ProgressStatus.values if s not in OPEN_STATUSES]


def overdue_assignments(scope: Scope, today: date, limit: int = OVERDUE_LIMIT):
    """The longest-overdue open assignments of the scope (tracking's definition of overdue)."""
    return list(
        Assignment.objects.filter(_unit_filter(scope, "unit_id"), active=True, due_date__lt=today)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("unit", "task")
        .only("due_date", "status", "percent", "unit__name", "task__task")
        .order_by("due_date", "id")[:limit]
    )


def kinds_in(tree: UnitTree, scope: Scope) -> list[tuple[str, str]]:
    present = {tree.nodes[pk].kind for pk in (scope.units if scope.units is not None else tree.nodes)}
    return [(value, str(label)) for value, label in UnitKind.choices if value in present]


# --- one unit -----------------------------------------------------------------------------------


def unit_for_drilldown(*, actor, pk: int) -> Unit:
    require(actor, VIEW)
    unit = Unit.objects.select_related("parent").get(pk=pk)
    if not has_perm(actor, "unit.read", unit):
        raise PermissionDenied
    return unit


def unit_assignments(*, actor, unit: Unit, period: Period):
    """The unit's own active assignments with their entry for `period` (status, percent) and
    the number of evidence items attached to it, in one query."""
    require(actor, "unit.read", unit)
    return (
        Assignment.objects.filter(_in_year(period), unit=unit, active=True)
        .annotate(e=FilteredRelation("entries", condition=Q(entries__period=period.code)))
        .annotate(
            entry_status=Max("e__status"),
            entry_percent=Max("e__percent"),
            evidence_count=Count("e__evidence"),
        )
        .select_related("plan", "task")
        .order_by("due_date", "plan_id", "task__order", "id")
    )
