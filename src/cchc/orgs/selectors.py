"""Reads of the organization registry. Each checks `orgs.view` first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from cchc.accounts.permissions import require
from cchc.orgs import normalize as nz
from cchc.orgs.models import SuccessionEvent, Unit, UnitKind

# Reading order of a province's structure: the people's committee, then its agencies, then below.
KIND_ORDER = [
    UnitKind.PROVINCE_COMMITTEE,
    UnitKind.PARTY_OR_COUNCIL,
    UnitKind.DEPARTMENT,
    UnitKind.DISTRICT_COMMITTEE,
    UnitKind.COMMUNE_COMMITTEE,
    UnitKind.PRESS,
    UnitKind.PUBLIC_SERVICE_UNIT,
    UnitKind.INTERNAL_DIVISION,
    UnitKind.SOCIO_POLITICAL,
    UnitKind.CENTRAL_AGENCY,
    UnitKind.OTHER,
]


@dataclass
class TreeNode:
    unit: Unit
    children: list[TreeNode] = field(default_factory=list)


def valid_on_filter(on: date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )


def unit_tree(*, actor, on: date) -> list[TreeNode]:
    """Units valid on `on` as a forest; a unit whose parent is not valid that day becomes a root."""
    require(actor, "orgs.view")
    rank = {kind: n for n, kind in enumerate(KIND_ORDER)}
    units = sorted(
        Unit.objects.filter(valid_on_filter(on)), key=lambda u: (rank.get(u.kind, len(rank)), u.name)
    )
    nodes = {u.pk: TreeNode(u) for u in units}
    roots = []
    for unit in units:
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(nodes[unit.pk])
    return roots


def unit_search(*, actor, query: str, limit: int = 50) -> list[Unit]:
    """Units whose name, short name or alias contains the query, ignoring case and diacritics."""
    require(actor, "orgs.view")
    wanted = nz.fold(nz.key(query))
    if not wanted:
        return []
    found = []
    for unit in Unit.objects.prefetch_related("aliases").order_by("name"):
        texts = [unit.name, unit.short_name, *(a.text for a in unit.aliases.all())]
        if any(wanted in nz.fold(nz.key(t)) for t in texts if t):
            found.append(unit)
            if len(found) >= limit:
                break
    return found


def unit_detail(*, actor, pk: int) -> Unit:
    require(actor, "orgs.view")
    return Unit.objects.select_related("parent").prefetch_related("aliases", "children").get(pk=pk)


def unit_history(*, unit: Unit) -> dict[str, list[SuccessionEvent]]:
    related = ("predecessors", "successors")
    return {
        "incoming": list(unit.succession_in.prefetch_related(*related).order_by("effective_date")),
        "outgoing": list(unit.succession_out.prefetch_related(*related).order_by("effective_date")),
    }
