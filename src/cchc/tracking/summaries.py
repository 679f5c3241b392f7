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

Recomputing a unit's rows rather than adding deltas keeps them exact whatever the write was
(correction, a deliverable removed, a status changed). Concurrent writers for the same unit are
serialized by locking the unit's row first (PostgreSQL; SQLite has one writer at a time), so a
recomputation always sees the other writer's committed entries.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Q, Sum

from cchc.orgs.models import Unit
from cchc.tracking.models import DeliverableCount, ProgressEntry, ProgressStatus, UnitPeriodSummary

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


def refresh(unit_ids: Iterable[int], periods: Iterable[str] | None = None, *, lock: bool = True) -> None:
    """Recompute the summary rows of these units for these periods (every period if None).
    Call it inside the transaction that changed their entries or assignments."""
    ids = sorted({pk for pk in unit_ids if pk is not None})
    if not ids:
        return
    codes = sorted(set(periods)) if periods is not None else None
    with transaction.atomic():
        if lock:
            lock_units(ids)
        for chunk in _chunks(ids):
            _write(chunk, codes)


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
    return len(ids)


def differences(limit: int = 20) -> list[str]:
    """Where the stored summaries differ from the entries (empty when they agree)."""
    want, have = compute(None), stored()
    out = []
    for key in sorted(set(want) | set(have), key=str):
        if want.get(key) != have.get(key):
            out.append(f"đơn vị {key[0]}, kỳ {key[1]}: lưu {have.get(key)}, đúng là {want.get(key)}")
            if len(out) >= limit:
                break
    return out
