"""Who carries a unit's work on a date: one walk along succession events (merger, renaming,
split, dissolution), on unit ids, over the registry index of `cchc.orgs.resolve` (built once
per process from three queries, so the walk itself never reaches the database).

A unit that has not ended by the date carries its own work. One that has ended passes it on
through the first event in force by the date (effective date on or before it) that names it
as a predecessor, to every successor of that event (a split gives several), and each successor
is followed in turn (a chain of mergers). The walk records each event it follows (`Hop`) and
where each branch stops (`Arrival`), in walk order, so that callers can word their own notes:
`orgs.resolve` writes one per matched unit, `tracking.services` one per assignment.

No Django here; the index is fetched only when none is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from cchc.orgs.resolve import IndexedEvent, RegistryIndex

# Why a branch of the walk stops at a unit:
#   open: the unit has not ended by the date (no end date, or the date is on or before it);
#   unknown: the id is not in the registry;
#   no-successor: it has ended and no event in force by the date hands it on;
#   dissolved: it has ended through an event in force with no successor (see stop_at_dissolution);
#   cycle: bad data led back to a unit already on this branch's path; the walk stops there.
End = Literal["open", "unknown", "no-successor", "dissolved", "cycle"]


@dataclass(frozen=True)
class Hop:
    """`unit_id`, ended by the date, passed its work on through `event` (in force by the date)."""

    unit_id: int
    event: IndexedEvent


@dataclass(frozen=True)
class Arrival:
    """Where one branch stops. `via` is the last event followed to reach the unit (None for the
    unit asked about); `dissolved_by` is the dissolution when `end` is "dissolved"."""

    unit_id: int
    via: Hop | None
    end: End
    dissolved_by: IndexedEvent | None = None


@dataclass(frozen=True)
class Succession:
    """The walk from one unit: every Hop and Arrival in the order met (depth first, successors
    in the event's order). A unit reached by two branches (a split whose halves merge again)
    arrives twice; `unit_ids` lists it once."""

    steps: tuple[Hop | Arrival, ...]

    @property
    def arrivals(self) -> list[Arrival]:
        return [s for s in self.steps if isinstance(s, Arrival)]

    @property
    def hops(self) -> list[Hop]:
        return [s for s in self.steps if isinstance(s, Hop)]

    @property
    def unit_ids(self) -> list[int]:
        return list(dict.fromkeys(a.unit_id for a in self.arrivals))


def successors_on(
    unit_id: int, on: date, *, index: RegistryIndex | None = None, stop_at_dissolution: bool = False
) -> Succession:
    """The unit(s) that carry `unit_id`'s work on `on`, and how they were reached.

    `stop_at_dissolution`: whether an event in force with no successor ends the walk at that
    unit ("dissolved") or is passed over in search of a later event that does hand the unit on
    (ending "no-successor" when none does). The two callers differ here on purpose and this
    keeps each as it was: the resolver tells a reader what became of the unit a plan named, and
    the first event in force is that answer ("dissolved on …"); assignment generation looks for
    whoever holds the work now and keeps it on the old unit only when nobody does.
    """
    if index is None:
        from cchc.orgs.resolve import get_index

        index = get_index()
    steps: list[Hop | Arrival] = []

    def follow(uid: int, via: Hop | None, path: frozenset[int]) -> None:
        unit = index.units.get(uid)
        if unit is None:
            steps.append(Arrival(uid, via, "unknown"))
            return
        if unit.valid_to is None or on <= unit.valid_to:
            steps.append(Arrival(uid, via, "open"))
            return
        if uid in path:
            steps.append(Arrival(uid, via, "cycle"))
            return
        for event in index.events_out.get(uid, ()):  # sorted by effective date
            if event.effective_date > on:
                continue
            if not event.successor_ids:
                if stop_at_dissolution:
                    steps.append(Arrival(uid, via, "dissolved", event))
                    return
                continue
            hop = Hop(uid, event)
            steps.append(hop)
            for successor_id in event.successor_ids:
                follow(successor_id, hop, path | {uid})
            return
        steps.append(Arrival(uid, via, "no-successor"))

    follow(unit_id, None, frozenset())
    return Succession(tuple(steps))
