"""Summaries of progress per unit and period, kept for the dashboard (thống kê).

A national dashboard would otherwise join a million progress entries and three hundred thousand
deliverable rows on every page load. Instead one small table, ``UnitPeriodSummary``, holds per
unit and period what those entries add up to over the unit's *active* assignments: entries
reported, done, late, failed, the sum of their percents, and the quantity of each deliverable
kind (a column per kind).

They are never stale: `refresh` recomputes the rows of the units (and periods) a write touched,
from the entries themselves, inside the writer's transaction, so the summary commits or rolls
back with the write. The writers are `tracking.services.progress_record` (one unit, one period)
and `tracking.services.assignments_generate` (an assignment turned inactive or active again:
all periods of its unit); `cchc demo-data` fills them after each province. Anything that writes
entries another way (a shell, a fixture) calls `refresh` or `rebuild` itself;
`cchc tracking-summaries --check` tells whether the tables agree with the entries and
`cchc tracking-summaries` rebuilds them.

A second table, ``UnitDueSummary``, holds per unit, year and due date how many active
assignments count in that year and how many of them are still open, so the dashboard's counts of
assignments and overdue work (due before today, still open) add up a few rows per unit instead of
every assignment. `refresh` recomputes a unit's rows as well; `refresh_due` recomputes them alone
(`assignments_generate`: every unit whose assignments were created, removed or changed), and a
plan whose year or date of issue changes recomputes its units' rows (the receivers below).

A third, ``TaskPeriodSummary``, holds per task and period what the task's active assignments add
up to, for the plans of the units at the top of the tree (the provinces' committees): the
administrator's dashboard ranks the tasks of those plans across the whole country, which would
otherwise join some thirty thousand assignments with their entries on every page load. `refresh`
recomputes the tasks the units' assignments belong to (or the tasks it is given),
`refresh_tasks` the tasks of given plans (`assignments_generate`: the plan it generated), and a
plan whose year or issuer changes, or a unit that moves to or from the top of the tree, has its
plans' rows recomputed (the receivers below).

Recomputing a unit's rows rather than adding deltas keeps them exact whatever the write was
(correction, a deliverable removed, a status changed). Concurrent writers for the same unit are
serialized by locking the unit's row first (PostgreSQL; SQLite has one writer at a time), so a
recomputation always sees the other writer's committed entries; writers of one task's rows (two
communes reporting on the same provincial task) lock the task's row the same way, after their
units.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import islice

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from cchc.core.periods import periods_of_year
from cchc.orgs.models import Unit
from cchc.plans.models import Plan, PlanTask
from cchc.tracking.models import (
    Assignment,
    DeliverableCount,
    ProgressEntry,
    ProgressStatus,
    TaskPeriodSummary,
    UnitDueSummary,
    UnitPeriodSummary,
)

# As tracking.selectors.OPEN_STATUSES (not imported: selectors import more than this needs).
OPEN_STATUSES = (ProgressStatus.NOT_STARTED, ProgressStatus.IN_PROGRESS, ProgressStatus.LATE)

CHUNK = 500  # units per statement: keeps IN lists and memory small during a rebuild


def _chunks(ids: list[int], size: int = CHUNK):
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def lock_units(unit_ids: Iterable[int]) -> None:
    """Lock the units' rows (in id order, so two writers never wait on each other in a circle)
    until the transaction ends. A no-op on SQLite, whose writers take turns anyway."""
    ids = sorted(set(unit_ids))
    if ids:
        list(Unit.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def compute(unit_ids: list[int] | None, periods: list[str] | None = None) -> dict:
    """From the entries: {(unit, period): {column: value}} over active assignments (every unit
    when `unit_ids` is None), with the columns of UnitPeriodSummary; zero quantities included."""
    entries = ProgressEntry.objects.filter(assignment__active=True)
    counts = DeliverableCount.objects.filter(entry__assignment__active=True, quantity__gt=0)
    if unit_ids is not None:
        entries = entries.filter(assignment__unit_id__in=unit_ids)
        counts = counts.filter(entry__assignment__unit_id__in=unit_ids)
    if periods is not None:
        entries = entries.filter(period__in=periods)
        counts = counts.filter(entry__period__in=periods)
    empty = dict.fromkeys(UnitPeriodSummary.KINDS, 0)
    out: dict[tuple[int, str], dict] = {}
    for unit, period, reported, done, late, failed, percent_sum in (
        entries.values_list("assignment__unit_id", "period")
        .order_by()
        .annotate(
            reported=Count("id"),
            done=Count("id", filter=Q(status=ProgressStatus.DONE)),
            late=Count("id", filter=Q(status=ProgressStatus.LATE)),
            failed=Count("id", filter=Q(status=ProgressStatus.FAILED)),
            percent_sum=Sum("percent"),
        )
    ):
        out[(unit, period)] = {
            "reported": reported,
            "done": done,
            "late": late,
            "failed": failed,
            "percent_sum": percent_sum or 0,
            **empty,
        }
    for unit, period, kind, quantity in (
        counts.values_list("entry__assignment__unit_id", "entry__period", "kind")
        .order_by()
        .annotate(quantity=Sum("quantity"))
    ):
        # Every deliverable belongs to an entry, so its (unit, period) row exists already.
        out[(unit, period)][kind] = quantity or 0
    return out


COLUMNS = (*UnitPeriodSummary.COUNTS, *UnitPeriodSummary.KINDS)


def stored(unit_ids: list[int] | None = None) -> dict:
    """What the summary table holds, in the shape `compute` returns."""
    rows = UnitPeriodSummary.objects.order_by()
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return {
        (unit, period): dict(zip(COLUMNS, values, strict=True))
        for unit, period, *values in rows.values_list("unit_id", "period", *COLUMNS)
    }


def _write(unit_ids: list[int], periods: list[str] | None) -> None:
    scope = Q(unit_id__in=unit_ids) & (Q(period__in=periods) if periods is not None else Q())
    UnitPeriodSummary.objects.filter(scope).delete()
    UnitPeriodSummary.objects.bulk_create(
        (
            UnitPeriodSummary(unit_id=unit, period=period, **values)
            for (unit, period), values in compute(unit_ids, periods).items()
        ),
        batch_size=1000,
    )
    _write_due(unit_ids)


# --- assignments per unit, year and due date ------------------------------------------------------


def compute_due(unit_ids: list[int] | None) -> dict:
    """From the assignments: {(unit, year, due date): (assignments, open)} over active assignments
    (every unit when `unit_ids` is None). An assignment counts in the year of its plan (the plan
    year, or the year of issue when the plan has none) and in every year it has progress in, as
    the dashboard and the unit's report count it."""
    assignments = Assignment.objects.filter(active=True).order_by()
    entries = ProgressEntry.objects.filter(assignment__active=True).order_by()
    if unit_ids is not None:
        assignments = assignments.filter(unit_id__in=unit_ids)
        entries = entries.filter(assignment__unit_id__in=unit_ids)
    years: dict[int, set[int]] = defaultdict(set)
    # "2024-" of "2024-Q1": the year as the dashboard's `period__startswith="2024-"` reads it.
    for pk, prefix in (
        entries.annotate(prefix=Substr("period", 1, 5)).values_list("assignment_id", "prefix").distinct()
    ):
        if len(prefix) == 5 and prefix.endswith("-") and prefix[:4].isdigit():
            years[pk].add(int(prefix[:4]))
    out: dict[tuple[int, int, object], list[int]] = defaultdict(lambda: [0, 0])
    for pk, unit, due, status, plan_year, issued in assignments.values_list(
        "pk", "unit_id", "due_date", "status", "plan__plan_year", "plan__issue_date"
    ):
        counted = years.get(pk, set())
        base = plan_year if plan_year is not None else (issued.year if issued else None)
        if base is not None:
            counted = counted | {base}
        for year in counted:
            row = out[(unit, year, due)]
            row[0] += 1
            row[1] += status in OPEN_STATUSES
    return {key: tuple(value) for key, value in out.items()}


def stored_due(unit_ids: list[int] | None = None) -> dict:
    """What UnitDueSummary holds, in the shape `compute_due` returns."""
    rows = UnitDueSummary.objects.order_by()
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    return {
        (unit, year, due): (n, open_)
        for unit, year, due, n, open_ in rows.values_list(
            "unit_id", "year", "due_date", "assignments", "open"
        )
    }


def _write_due(unit_ids: list[int]) -> None:
    UnitDueSummary.objects.filter(unit_id__in=unit_ids).delete()
    UnitDueSummary.objects.bulk_create(
        (
            UnitDueSummary(unit_id=unit, year=year, due_date=due, assignments=n, open=open_)
            for (unit, year, due), (n, open_) in compute_due(unit_ids).items()
        ),
        batch_size=1000,
    )


def refresh_due(unit_ids: Iterable[int], *, lock: bool = True) -> None:
    """Recompute the UnitDueSummary rows of these units (assignments created, removed, turned
    active or inactive, given another due date, status or year). `refresh` does it as well."""
    ids = sorted({pk for pk in unit_ids if pk is not None})
    if not ids:
        return
    with transaction.atomic():
        if lock:
            lock_units(ids)
        for chunk in _chunks(ids):
            _write_due(chunk)


# --- tasks of the plans at the top of the tree -----------------------------------------------------


# Assignments of a top plan: one with a year, issued by a unit that has no parent.
OF_TOP_PLAN = Q(
    plan__plan_year__isnull=False, plan__issuer_unit__isnull=False, plan__issuer_unit__parent__isnull=True
)


def _top_plan_assignments():
    """Active assignments of the top plans."""
    return Assignment.objects.filter(OF_TOP_PLAN, active=True).order_by()


def compute_tasks(*, plan_ids: list[int] | None = None, task_ids: list[int] | None = None) -> dict:
    """From the assignments and entries: {(task, period): {column: value}} with the columns of
    TaskPeriodSummary and the plan, for every period of the plan's year, of the tasks of the top
    plans (only those of `plan_ids` / `task_ids` when given)."""
    assignments = _top_plan_assignments()
    if plan_ids is not None:
        assignments = assignments.filter(plan_id__in=plan_ids)
    if task_ids is not None:
        assignments = assignments.filter(task_id__in=task_ids)
    out: dict[tuple[int, str], dict] = {}
    codes_of_year: dict[int, list[str]] = {}
    for task, plan, year, n in assignments.values_list("task_id", "plan_id", "plan__plan_year").annotate(
        n=Count("id")
    ):
        codes = codes_of_year.get(year)
        if codes is None:
            codes = codes_of_year[year] = [p.code for p in periods_of_year(year)]
        for code in codes:
            out[(task, code)] = {
                "plan": plan,
                "assignments": n,
                "reported": 0,
                "done": 0,
                "late": 0,
                "failed": 0,
                "percent_sum": 0,
            }
    if not out:
        return out
    entries = ProgressEntry.objects.filter(assignment__in=assignments.values("pk")).order_by()
    for task, period, reported, done, late, failed, percent_sum in entries.values_list(
        "assignment__task_id", "period"
    ).annotate(
        reported=Count("id"),
        done=Count("id", filter=Q(status=ProgressStatus.DONE)),
        late=Count("id", filter=Q(status=ProgressStatus.LATE)),
        failed=Count("id", filter=Q(status=ProgressStatus.FAILED)),
        percent_sum=Sum("percent"),
    ):
        row = out.get((task, period))
        if row is not None:  # periods outside the plan's year are not ranked
            row.update(reported=reported, done=done, late=late, failed=failed, percent_sum=percent_sum or 0)
    return out


def stored_tasks() -> dict:
    """What TaskPeriodSummary holds, in the shape `compute_tasks` returns."""
    return {
        (task, period): {"plan": plan, **dict(zip(TaskPeriodSummary.COUNTS, values, strict=True))}
        for task, period, plan, *values in TaskPeriodSummary.objects.order_by().values_list(
            "task_id", "period", "plan_id", *TaskPeriodSummary.COUNTS
        )
    }


def _write_tasks(*, plan_ids: list[int] | None = None, task_ids: list[int] | None = None) -> None:
    rows = TaskPeriodSummary.objects.all()
    if plan_ids is not None:
        rows = rows.filter(plan_id__in=plan_ids)
    if task_ids is not None:
        rows = rows.filter(task_id__in=task_ids)
    rows.delete()
    TaskPeriodSummary.objects.bulk_create(
        (
            TaskPeriodSummary(task_id=task, period=period, plan_id=values.pop("plan"), **values)
            for (task, period), values in compute_tasks(plan_ids=plan_ids, task_ids=task_ids).items()
        ),
        batch_size=1000,
    )


def _lock_tasks(which: Q) -> None:
    """Lock the PlanTask rows `which` selects, in id order (a no-op on SQLite, as lock_units)."""
    list(PlanTask.objects.select_for_update().filter(which).order_by("pk").values_list("pk", flat=True))


def refresh_tasks(*, plan_ids: Iterable[int] = (), task_ids: Iterable[int] = ()) -> None:
    """Recompute the TaskPeriodSummary rows of these plans' tasks and of these tasks (nothing is
    written for plans that are not at the top of the tree, and their old rows go)."""
    plans = sorted({pk for pk in plan_ids if pk is not None})
    tasks = sorted({pk for pk in task_ids if pk is not None})
    with transaction.atomic():
        for chunk in _chunks(plans):
            _lock_tasks(Q(version__plan_id__in=chunk))
            _write_tasks(plan_ids=chunk)
        for chunk in _chunks(tasks):
            _lock_tasks(Q(pk__in=chunk))
            _write_tasks(task_ids=chunk)


def _top_tasks_of_units(unit_ids: list[int]) -> list[int]:
    """Tasks of the top plans the units have an assignment of, active or not (one that just
    turned inactive leaves its task's counts)."""
    return list(
        Assignment.objects.filter(OF_TOP_PLAN, unit_id__in=unit_ids)
        .order_by()
        .values_list("task_id", flat=True)
        .distinct()
    )


def refresh_plan(plan_id: int) -> None:
    """After a plan's year or date of issue changed: its assignments may count in another year."""
    refresh_due(Assignment.objects.filter(plan_id=plan_id).values_list("unit_id", flat=True).distinct())


# Which year an assignment counts in follows its plan's year (or date of issue), which the plans
# app changes (plan_amend) without knowing of tracking: the units of a plan whose year changed are
# recomputed in the same transaction as the plan's save, as tracking.jobs hooks the new version.
# The plan's year and issuer also decide whether its tasks have TaskPeriodSummary rows.
YEAR_FIELDS = ("plan_year", "issue_date", "issuer_unit_id")
UPDATE_FIELDS = {"plan_year", "issue_date", "issuer_unit", "issuer_unit_id"}


@receiver(pre_save, sender=Plan, dispatch_uid="tracking.summaries.plan_year_before")
def _plan_year_before(sender, instance: Plan, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & UPDATE_FIELDS):
        return
    instance._summary_year_before = Plan.objects.filter(pk=instance.pk).values_list(*YEAR_FIELDS).first()


@receiver(post_save, sender=Plan, dispatch_uid="tracking.summaries.plan_year_after")
def _plan_year_after(sender, instance: Plan, raw=False, **kwargs):
    before = instance.__dict__.pop("_summary_year_before", None)
    if before is not None and before != tuple(getattr(instance, name) for name in YEAR_FIELDS):
        refresh_plan(instance.pk)
        refresh_tasks(plan_ids=[instance.pk])


# A unit that moves to or from the top of the tree (its parent set or cleared, as the 2025
# reorganization did) makes its plans enter or leave the ranking by task.
@receiver(pre_save, sender=Unit, dispatch_uid="tracking.summaries.unit_parent_before")
def _unit_parent_before(sender, instance: Unit, raw=False, update_fields=None, **kwargs):
    if (
        raw
        or instance.pk is None
        or (update_fields is not None and not {"parent", "parent_id"} & set(update_fields))
    ):
        return
    instance._summary_parent_before = (
        Unit.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
    )


@receiver(post_save, sender=Unit, dispatch_uid="tracking.summaries.unit_parent_after")
def _unit_parent_after(sender, instance: Unit, raw=False, **kwargs):
    if "_summary_parent_before" not in instance.__dict__:
        return
    before = instance.__dict__.pop("_summary_parent_before")
    if (before is None) != (instance.parent_id is None):
        refresh_tasks(plan_ids=Plan.objects.filter(issuer_unit=instance).values_list("pk", flat=True))


def refresh(
    unit_ids: Iterable[int],
    periods: Iterable[str] | None = None,
    *,
    lock: bool = True,
    task_ids: Iterable[int] | None = None,
) -> None:
    """Recompute the summary rows of these units for these periods (every period if None), their
    UnitDueSummary rows (all years: a unit has few), and the TaskPeriodSummary rows of `task_ids`
    (None: of every task of a top plan the units have an assignment of). Call it inside the
    transaction that changed their entries or assignments."""
    ids = sorted({pk for pk in unit_ids if pk is not None})
    if not ids:
        return
    codes = sorted(set(periods)) if periods is not None else None
    with transaction.atomic():
        if lock:
            lock_units(ids)
        for chunk in _chunks(ids):
            _write(chunk, codes)
        if task_ids is None:
            task_ids = [task for chunk in _chunks(ids) for task in _top_tasks_of_units(chunk)]
        refresh_tasks(task_ids=task_ids)


def rebuild(out=None) -> int:
    """Recompute every unit's summaries from scratch (one transaction); returns the units done."""
    ids = list(Unit.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        # Rows of units that no longer exist cannot remain (the foreign key cascades), so
        # clearing every unit's rows chunk by chunk clears everything.
        for done, chunk in enumerate(_chunks(ids), start=1):
            _write(chunk, None)
            if out is not None:
                out(f"{min(done * CHUNK, len(ids)):,}/{len(ids):,} đơn vị")
        TaskPeriodSummary.objects.all().delete()
        plans = list(_top_plan_assignments().values_list("plan_id", flat=True).distinct())
        for chunk in _chunks(plans):
            _write_tasks(plan_ids=chunk)
        if out is not None:
            out(f"{len(plans):,} kế hoạch cấp trên cùng: tổng hợp theo nhiệm vụ")
    return len(ids)


def _mismatches(want: dict, have: dict, describe):
    """`describe(key, stored, right)` for each key where the two disagree, in key order."""
    for key in sorted(set(want) | set(have), key=str):
        if want.get(key) != have.get(key):
            yield describe(key, have.get(key), want.get(key))


def _all_mismatches():
    # Table by table, each computed only when the previous ones left room under the limit.
    yield from _mismatches(
        compute(None), stored(), lambda k, h, w: f"đơn vị {k[0]}, kỳ {k[1]}: lưu {h}, đúng là {w}"
    )
    yield from _mismatches(
        compute_due(None),
        stored_due(),
        lambda k, h, w: f"đơn vị {k[0]}, năm {k[1]}, hạn {k[2]}: lưu (giao, chưa xong) {h}, đúng là {w}",
    )
    yield from _mismatches(
        compute_tasks(), stored_tasks(), lambda k, h, w: f"nhiệm vụ {k[0]}, kỳ {k[1]}: lưu {h}, đúng là {w}"
    )


def differences(limit: int = 20) -> list[str]:
    """Where the stored summaries differ from the entries (empty when they agree)."""
    return list(islice(_all_mismatches(), limit))
