"""What the home page and the global search show, assembled from the apps' own selectors."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from cchc.accounts.permissions import has_perm, require
from cchc.orgs import selectors as orgs_selectors
from cchc.orgs.models import Unit

SEARCH_LIMIT = 50


@dataclass
class Dashboard:
    account: object
    unit: Unit | None
    role_label: str
    unit_total: int
    unit_current: int
    subunits: list[Unit] = field(default_factory=list)
    recent_entries: list = field(default_factory=list)


def dashboard(*, actor) -> Dashboard:
    require(actor, "orgs.view")
    current = Unit.objects.filter(orgs_selectors.valid_on_filter(timezone.localdate()))
    subunits = list(current.filter(parent_id=actor.unit_id).order_by("name")[:12]) if actor.unit_id else []
    recent = []
    if has_perm(actor, "audit.view"):
        from cchc.audit.selectors import audit_entries

        recent = list(audit_entries(actor=actor)[:8])
    return Dashboard(
        account=actor,
        unit=actor.unit,
        role_label=actor.role_label,
        unit_total=Unit.objects.count(),
        unit_current=current.count(),
        subunits=subunits,
        recent_entries=recent,
    )


@dataclass
class UnitHit:
    name: str
    short_name: str
    kind: str
    parent: str
    current: bool
    url: str


@dataclass
class SearchResults:
    units: list[UnitHit]
    truncated: bool


def search(*, actor, query: str) -> SearchResults:
    """Units by name, short name or alias, typed with or without diacritics."""
    found = orgs_selectors.unit_search(actor=actor, query=query[:200], limit=SEARCH_LIMIT + 1)
    today = timezone.localdate()
    hits = [
        UnitHit(
            name=unit.name,
            short_name=unit.short_name,
            kind=unit.get_kind_display(),
            parent=str(unit.parent) if unit.parent_id else "",
            current=unit.is_valid_on(today),
            url=reverse("orgs:unit_detail", args=[unit.pk]),
        )
        for unit in found[:SEARCH_LIMIT]
    ]
    return SearchResults(units=hits, truncated=len(found) > SEARCH_LIMIT)
