"""Reads of the public page and of its back office.

Public reads take no actor: they return only what anyone may see (published news whose time
has come, plans made public, documents those plans cite). Back-office reads check permission
first, like every selector of the project.

For other apps (search, feeds): `visible_news()`, `public_plans()`, `is_plan_public(plan)`,
`public_legal_documents()`.
"""

from __future__ import annotations

from datetime import datetime

from django.apps import apps
from django.db import connection
from django.db.models import Count, F, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from cchc.accounts.permissions import require
from cchc.audit.models import AuditEntry
from cchc.plans.models import Citation, LegalDocument, Plan, PlanTask, PlanVersion, TaskAgency
from cchc.portal.models import Category, IndexKind, IndexResult, News, NewsStatus, PublishedPlan

EDIT = "portal.edit"
PUBLISH = "portal.publish"
LIST_FIELDS = ("id", "title", "category", "summary", "published_at", "thumbnail", "image_alt", "status")


# --- news, public --------------------------------------------------------------------------------


def visible_news(*, category: str | None = None, now: datetime | None = None) -> QuerySet[News]:
    news = News.objects.visible(now).order_by("-published_at", "-id")
    if category:
        news = news.filter(category=category)
    return news


def news_list_page(*, category: str | None = None) -> QuerySet[News]:
    return visible_news(category=category).only(*LIST_FIELDS)


def visible_news_detail(pk: int) -> News:
    """Raises News.DoesNotExist for anything a citizen may not see (drafts, scheduled)."""
    return visible_news().get(pk=pk)


def related_news(news: News, limit: int = 3) -> list[News]:
    return list(visible_news(category=news.category).exclude(pk=news.pk).only(*LIST_FIELDS)[:limit])


def next_scheduled_at(now: datetime | None = None) -> datetime | None:
    """When the next scheduled item becomes public (caches must not outlive it)."""
    return News.objects.filter(status=NewsStatus.PUBLISHED, published_at__gt=now or timezone.now()).aggregate(
        first=Min("published_at")
    )["first"]


# --- plans and legal documents, public -----------------------------------------------------------


def public_plans(*, year: int | None = None) -> QuerySet[Plan]:
    plans = Plan.objects.filter(publication__isnull=False).select_related("publication", "issuer_unit")
    if year:
        plans = plans.filter(plan_year=year)
    return plans.annotate(task_count=Count("current_version__tasks", distinct=True))


def public_plan_years() -> list[int]:
    return list(
        Plan.objects.filter(publication__isnull=False)
        .exclude(plan_year=None)
        .order_by("-plan_year")
        .values_list("plan_year", flat=True)
        .distinct()
    )


def is_plan_public(plan: Plan) -> bool:
    return PublishedPlan.objects.filter(plan_id=plan.pk).exists()


def public_plan_detail(pk: int) -> Plan:
    """Raises Plan.DoesNotExist unless the plan has been made public."""
    return Plan.objects.select_related("publication", "issuer_unit", "current_version").get(
        pk=pk, publication__isnull=False
    )


def public_plan_version(plan: Plan) -> PlanVersion | None:
    """The version in force, with its sections, tasks (and agencies) and citations."""
    if plan.current_version_id is None:
        return None
    return (
        PlanVersion.objects.filter(pk=plan.current_version_id)
        .prefetch_related(
            "sections",
            Prefetch("citations", queryset=Citation.objects.select_related("legal_document")),
            Prefetch(
                "tasks",
                queryset=PlanTask.objects.prefetch_related(
                    Prefetch("agencies", queryset=TaskAgency.objects.select_related("unit"))
                ),
            ),
        )
        .first()
    )


def _public_citations() -> QuerySet[Citation]:
    """Citations in the current version of a public plan: the only ones the portal shows."""
    return Citation.objects.filter(
        version__plan__publication__isnull=False, version__plan__current_version=F("version")
    )


def public_legal_documents(*, query: str = "") -> QuerySet[LegalDocument]:
    cited = _public_citations().exclude(legal_document=None).values("legal_document")
    documents = LegalDocument.objects.filter(pk__in=cited).annotate(
        cited_by_count=Count(
            "citations__version__plan",
            filter=Q(
                citations__version__plan__publication__isnull=False,
                citations__version__plan__current_version=F("citations__version"),
            ),
            distinct=True,
        )
    )
    if query:
        documents = documents.filter(
            Q(number__icontains=query) | Q(issuer__icontains=query) | Q(doc_type__icontains=query)
        )
    return documents.order_by("-date", "number")


def public_legal_detail(pk: int) -> LegalDocument:
    return public_legal_documents().get(pk=pk)


def citing_public_plans(document: LegalDocument) -> list[dict]:
    citations = (
        _public_citations()
        .filter(legal_document=document)
        .select_related("version__plan", "version__plan__issuer_unit")
        .order_by("-version__plan__issue_date", "version__plan__pk")
    )
    return [{"plan": c.version.plan, "role": c.get_role_display(), "raw": c.raw} for c in citations]


# --- results ------------------------------------------------------------------------------------


def result_years() -> list[int]:
    return list(IndexResult.objects.order_by("-year").values_list("year", flat=True).distinct())


def results_for(*, year: int, kind: str) -> list[IndexResult]:
    results = IndexResult.objects.filter(year=year, kind=kind).select_related("unit")
    return sorted(results, key=lambda r: (r.rank is None, r.rank or 0, -r.score, r.unit.name))


def results_overview(year: int | None) -> dict:
    """{"year", "years", "tables": [{"kind", "label", "results"}]} for the results page."""
    years = result_years()
    if year not in years:
        year = years[0] if years else None
    tables = []
    if year is not None:
        for kind, label in IndexKind.choices:
            tables.append({"kind": kind, "label": label, "results": results_for(year=year, kind=kind)})
    return {"year": year, "years": years, "tables": tables}


# --- the home page ------------------------------------------------------------------------------

_tracking_ready: bool | None = None


def _tracking_assignments():
    """The tracking app's assignments, or None while that app (or its table) is not there."""
    global _tracking_ready
    try:
        model = apps.get_model("tracking", "Assignment")
    except LookupError:
        return None
    if not _tracking_ready:
        _tracking_ready = model._meta.db_table in connection.introspection.table_names()
        if not _tracking_ready:
            return None
    return model.objects.filter(active=True, role="lead")


def key_figures() -> dict:
    """Plans issued, tasks completed (when tracking has data), news published."""
    figures = {
        "plans": Plan.objects.count(),
        "public_plans": PublishedPlan.objects.count(),
        "news": visible_news().count(),
        "tasks_total": None,
        "tasks_done": None,
    }
    assignments = _tracking_assignments()
    if assignments is not None:
        tasks = assignments.values("plan_id", "task_key").distinct()
        figures["tasks_total"] = tasks.count()
        figures["tasks_done"] = tasks.filter(status="done").count()
    return figures


def home_data(now: datetime | None = None) -> dict:
    now = now or timezone.now()
    latest = list(visible_news(now=now).only(*LIST_FIELDS)[:7])
    announcements = list(
        visible_news(now=now)
        .filter(category__in=[Category.ANNOUNCEMENT, Category.CONTEST])
        .only(*LIST_FIELDS)[:5]
    )
    current_year = timezone.localdate().year
    plans = list(public_plans().order_by("-plan_year", "-issue_date", "-id")[:5])
    return {
        "lead": latest[0] if latest else None,
        "latest": latest[1:],
        "announcements": announcements,
        "plans": plans,
        "current_year": current_year,
        "figures": key_figures(),
        "next_scheduled": next_scheduled_at(now),
    }


# --- back office ---------------------------------------------------------------------------------


def backoffice_news(*, actor, status: str | None = None) -> QuerySet[News]:
    require(actor, EDIT)
    news = News.objects.select_related("author", "approved_by").order_by("-updated_at", "-id")
    if status:
        news = news.filter(status=status)
    return news


def backoffice_counts(*, actor) -> dict[str, int]:
    require(actor, EDIT)
    counts = dict.fromkeys(NewsStatus.values, 0)
    for row in News.objects.values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def backoffice_news_detail(*, actor, pk: int) -> News:
    require(actor, EDIT)
    return News.objects.select_related("author", "approved_by").get(pk=pk)


def news_history(*, actor, news: News) -> dict:
    """The versions of an item and the audit entries about it, newest first."""
    require(actor, EDIT)
    return {
        "versions": list(news.versions.select_related("created_by").order_by("-number")),
        "audit": list(
            AuditEntry.objects.filter(object_type=News._meta.label_lower, object_id=str(news.pk))
            .select_related("actor")
            .order_by("-pk")[:50]
        ),
    }


def news_version(*, actor, news: News, number: int):
    require(actor, EDIT)
    return news.versions.select_related("created_by").get(number=number)


def plans_for_publishing(*, actor) -> QuerySet[Plan]:
    require(actor, EDIT)
    return Plan.objects.select_related("issuer_unit", "publication").order_by(
        "-plan_year", "-issue_date", "-id"
    )


def backoffice_results(*, actor) -> QuerySet[IndexResult]:
    require(actor, PUBLISH)
    return IndexResult.objects.select_related("unit", "updated_by").order_by(
        "-year", "kind", "rank", "-score"
    )
