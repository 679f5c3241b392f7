"""Reads of the plans app. Every selector checks permission first."""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Q, QuerySet

from cchc.accounts.permissions import has_perm, require
from cchc.plans.models import (
    Citation,
    ImportItem,
    ItemStatus,
    LegalDocument,
    Plan,
    PlanTask,
    PlanVersion,
    TaskAgency,
)
from cchc.plans.services import IMPORT, MANAGE, VIEW


def plan_list(
    *, actor, year: int | None = None, unit_id: int | None = None, query: str = ""
) -> QuerySet[Plan]:
    require(actor, VIEW)
    plans = Plan.objects.select_related("issuer_unit", "parent").annotate(
        task_count=Count("current_version__tasks", distinct=True)
    )
    if year:
        plans = plans.filter(plan_year=year)
    if unit_id:
        plans = plans.filter(issuer_unit_id=unit_id)
    if query:
        plans = plans.filter(
            Q(number__icontains=query) | Q(title__icontains=query) | Q(issuer__icontains=query)
        )
    return plans


def plan_years(*, actor) -> list[int]:
    require(actor, VIEW)
    return list(
        Plan.objects.exclude(plan_year=None)
        .order_by("-plan_year")
        .values_list("plan_year", flat=True)
        .distinct()
    )


def plan_issuer_units(*, actor):
    from cchc.orgs.models import Unit

    require(actor, VIEW)
    return Unit.objects.filter(plans__isnull=False).distinct().order_by("name")


def plan_detail(*, actor, pk: int) -> Plan:
    require(actor, VIEW)
    return Plan.objects.select_related("issuer_unit", "parent", "current_version", "created_by").get(pk=pk)


def plan_version(*, actor, plan: Plan, number: int | None = None) -> PlanVersion | None:
    """A version with everything its page shows, loaded in a fixed number of queries."""
    require(actor, VIEW)
    versions = PlanVersion.objects.filter(plan=plan).prefetch_related(
        "sections",
        "responsibilities",
        Prefetch("citations", queryset=Citation.objects.select_related("legal_document")),
        Prefetch(
            "tasks",
            queryset=PlanTask.objects.prefetch_related(
                Prefetch("agencies", queryset=TaskAgency.objects.select_related("unit"))
            ),
        ),
    )
    if number is None:
        return versions.filter(pk=plan.current_version_id).first()
    return versions.filter(number=number).first()


def plan_history(*, actor, plan: Plan) -> QuerySet[PlanVersion]:
    require(actor, VIEW)
    return plan.versions.select_related("created_by").order_by("-number")


def parent_candidates(*, actor, plan: Plan) -> QuerySet[Plan]:
    require(actor, VIEW)
    return Plan.objects.exclude(pk=plan.pk).order_by("-plan_year", "issuer", "number")


def legal_document_list(*, actor, query: str = "") -> QuerySet[LegalDocument]:
    require(actor, VIEW)
    documents = LegalDocument.objects.annotate(
        cited_by_count=Count("citations__version__plan", distinct=True)
    )
    if query:
        documents = documents.filter(Q(number__icontains=query) | Q(issuer__icontains=query))
    return documents


def legal_document_detail(*, actor, pk: int) -> LegalDocument:
    require(actor, VIEW)
    return LegalDocument.objects.get(pk=pk)


def citing_plans(*, actor, document: LegalDocument) -> list[dict]:
    """The plans whose current version cites `document`, with how they cite it."""
    require(actor, VIEW)
    citations = (
        Citation.objects.filter(legal_document=document, version__plan__current_version=F("version"))
        .select_related("version__plan", "version__plan__issuer_unit")
        .order_by("-version__plan__issue_date", "version__plan__pk")
    )
    return [{"plan": c.version.plan, "role": c.get_role_display(), "raw": c.raw} for c in citations]


def plan_for_number(number_key: str) -> Plan | None:
    return Plan.objects.filter(number_key=number_key).first()


def import_items(*, actor) -> QuerySet[ImportItem]:
    """Imports the actor may follow: their own and their unit's; all of them for administrators."""
    require(actor, IMPORT)
    items = ImportItem.objects.exclude(status=ItemStatus.DISCARDED).select_related(
        "batch__unit", "batch__uploaded_by", "plan", "job"
    )
    if getattr(actor, "is_province_admin", False):
        return items
    return items.filter(Q(batch__uploaded_by=actor) | Q(batch__unit_id=actor.unit_id))


def import_item(*, actor, pk: int) -> ImportItem:
    item = ImportItem.objects.select_related("batch__unit", "batch__uploaded_by", "plan", "job").get(pk=pk)
    if item.batch.uploaded_by_id != getattr(actor, "pk", None):
        require(actor, MANAGE, item.batch.unit)
    return item


def can_manage(actor, unit) -> bool:
    return has_perm(actor, MANAGE, unit)


def can_derive(actor) -> bool:
    """Whether the "draft our unit's plan" page would offer `actor` any unit: a province
    administrator (any unit) or someone who manages their own unit (as `views_derive` offers)."""
    if getattr(actor, "is_province_admin", False):
        return True
    unit = getattr(actor, "unit", None)
    return unit is not None and has_perm(actor, MANAGE, unit)


def cascade_tree(*, actor) -> list[dict]:
    """Plans as a tree from those with no parent down, each node {"plan", "children"}."""
    require(actor, VIEW)
    plans = list(Plan.objects.select_related("issuer_unit").order_by("issuer", "issue_date", "pk"))
    children: dict[int | None, list[Plan]] = {}
    known = {p.pk for p in plans}
    for plan in plans:
        parent = plan.parent_id if plan.parent_id in known else None
        children.setdefault(parent, []).append(plan)

    def build(plan: Plan, seen: frozenset) -> dict:
        if plan.pk in seen:  # bad data must not recurse forever
            return {"plan": plan, "children": []}
        return {"plan": plan, "children": [build(c, seen | {plan.pk}) for c in children.get(plan.pk, [])]}

    return [build(root, frozenset()) for root in children.get(None, [])]


def unit_plan_coverage(*, actor, year: int) -> tuple[list[dict], dict]:
    """The organization tree as it stood in `year`, each unit with the plans it issued for that
    year: who has issued their plan, and when. Returns (roots, {"units", "with_plan"})."""
    from datetime import date

    from cchc.orgs.selectors import unit_tree

    require(actor, VIEW)
    today = date.today()
    on = today if year == today.year else date(year, 12, 31)
    by_unit: dict[int, list[Plan]] = {}
    for plan in Plan.objects.filter(plan_year=year, issuer_unit__isnull=False).order_by("issue_date", "pk"):
        by_unit.setdefault(plan.issuer_unit_id, []).append(plan)
    stats = {"units": 0, "with_plan": 0}

    def convert(node) -> dict:
        plans = by_unit.get(node.unit.pk, [])
        stats["units"] += 1
        stats["with_plan"] += bool(plans)
        return {"unit": node.unit, "plans": plans, "children": [convert(c) for c in node.children]}

    return [convert(root) for root in unit_tree(actor=actor, on=on)], stats
