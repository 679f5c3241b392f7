"""What is searchable: for each kind, how to turn one object into an index row, which objects
to index on a rebuild, and where a hit links to.

A kind whose app or model is not there (the portal's news before it is installed) is skipped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from django.apps import apps
from django.db.models import F
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from cchc.search.models import Kind


@dataclass(frozen=True)
class Entry:
    """The text of one searchable object as the index keeps it."""

    title: str
    body: str
    date: date | None
    visible_from: datetime | None = None  # scheduled news: in the index, hidden until then


@dataclass(frozen=True)
class Source:
    kind: str
    model: str  # "app_label.ModelName"
    entry: Callable[[object], Entry | None]  # None: not (or no longer) public, drop it
    all_objects: Callable[[], Iterable]
    url_names: tuple[str, ...]  # the first that reverses with (pk,) is the link, else get_absolute_url()
    # Other models whose changes change entries of this kind: (model label, how to get the
    # objects to index again from the changed one: the name of an attribute holding one, or a
    # function returning several).
    triggers: tuple[tuple[str, str | Callable[[object], Iterable]], ...] = ()

    def model_class(self):
        try:
            return apps.get_model(self.model)
        except LookupError:
            return None

    def url(self, object_id: int) -> str:
        for name in self.url_names:
            pattern = _url_pattern(name, get_script_prefix(), get_urlconf())
            if pattern is not None:
                return pattern.replace(str(_PLACEHOLDER), str(int(object_id)))
        model = self.model_class()
        if model is not None and hasattr(model, "get_absolute_url"):
            found = model._default_manager.filter(pk=object_id).first()
            return found.get_absolute_url() if found is not None else ""
        return ""


_PLACEHOLDER = 918273645546372819  # a number no real link holds


@lru_cache(maxsize=64)
def _url_pattern(name: str, prefix: str, urlconf) -> str | None:
    """The link of `name` for the placeholder id, reversed once: a page of hits costs no
    reverse() per hit. None when `name` does not reverse (its app is not installed)."""
    try:
        return reverse(name, args=[_PLACEHOLDER])
    except NoReverseMatch:
        return None


def _join(*parts) -> str:
    return "\n".join(str(p).strip() for p in parts if p and str(p).strip())


# --- news (cchc.portal) ---------------------------------------------------------------------------


# The end of a paragraph, heading, list item, cell or line: text on both sides stays apart
# ("…ra mắt.</p><p>Mỗi tổ…" is not "ra mắt.Mỗi tổ").
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|td|th|tr|div|blockquote|pre)\s*>|<br\s*/?>", re.IGNORECASE)


def news_entry(news) -> Entry | None:
    from django.utils.html import strip_tags

    # Published, even if its time has not come yet: the row stays hidden until `visible_from`.
    if str(getattr(news, "status", "")) != "published" or getattr(news, "published_at", None) is None:
        return None
    return Entry(
        title=news.title,
        body=_join(news.summary, html.unescape(strip_tags(_BLOCK_END.sub("\n", news.body or "")))),
        date=timezone.localdate(news.published_at),
        visible_from=news.published_at,
    )


def _all_news():
    model = apps.get_model("portal", "News")
    return model.objects.all()


# --- plans and legal documents (cchc.plans) -----------------------------------------------------


def _plan_is_public(plan) -> bool:
    # The portal decides which plans are public (portal.PublishedPlan); without the portal, all are.
    try:
        publication = apps.get_model("portal", "PublishedPlan")
    except LookupError:
        return True
    return publication.objects.filter(plan_id=plan.pk).exists()


def plan_entry(plan) -> Entry | None:
    from cchc.plans.models import PlanSection, PlanTask

    if not _plan_is_public(plan):
        return None
    parts = [str(plan)]
    if plan.current_version_id:
        parts += PlanSection.objects.filter(version_id=plan.current_version_id).values_list(
            "heading", flat=True
        )
        for task, products in PlanTask.objects.filter(version_id=plan.current_version_id).values_list(
            "task", "products"
        ):
            parts += [task, products]
    return Entry(title=plan.title or str(plan), body=_join(*parts), date=plan.issue_date)


def _all_plans():
    from cchc.plans.models import Plan

    return Plan.objects.all()


def _public_documents():
    """The legal documents the public page shows (those cited by a public plan), or all of
    them without the portal."""
    from cchc.plans.models import LegalDocument

    if not apps.is_installed("cchc.portal"):
        return LegalDocument.objects.all()
    from cchc.portal.selectors import public_legal_documents

    return public_legal_documents()


def _public_citations_of(document):
    from cchc.plans.models import Citation

    citations = Citation.objects.filter(legal_document=document)
    if apps.is_installed("cchc.portal"):
        # Only how public plans cite it: a plan not made public says nothing on the public page.
        citations = citations.filter(
            version__plan__publication__isnull=False, version__plan__current_version=F("version")
        )
    return citations


def document_entry(document) -> Entry | None:
    # Only what portal:legal_detail shows, so that no hit leads to a "not found" page.
    if not _public_documents().filter(pk=document.pk).exists():
        return None
    # How plans cite it usually carries its subject ("… về ban hành Chương trình tổng thể …").
    cited_as = list(dict.fromkeys(_public_citations_of(document).values_list("raw", flat=True)[:20]))[:5]
    when = document.date.strftime("%d/%m/%Y") if document.date else ""
    return Entry(
        title=str(document),
        body=_join(document.issuer, when, *cited_as),
        date=document.date,
    )


def _all_documents():
    return _public_documents().order_by("pk")


def _documents_cited_by_plan(plan) -> Iterable:
    """Every document any version of `plan` cites: publishing or unpublishing the plan, or a
    new current version, may show or hide each of them."""
    from cchc.plans.models import LegalDocument

    if plan is None or plan.pk is None:
        return []
    return LegalDocument.objects.filter(citations__version__plan_id=plan.pk).distinct()


def _documents_of_publication(publication) -> Iterable:
    from cchc.plans.models import Plan

    plan = Plan.objects.filter(pk=publication.plan_id).first()
    return _documents_cited_by_plan(plan) if plan is not None else []


# --- published answers to feedback (cchc.feedback) -----------------------------------------------


def answer_entry(feedback) -> Entry | None:
    if not feedback.is_published:
        return None
    return Entry(
        title=feedback.title,
        body=_join(feedback.content, feedback.answer),
        date=feedback.answered_at.date() if feedback.answered_at else None,
    )


def _all_answers():
    from cchc.feedback.selectors import published_answers

    return published_answers()


SOURCES: dict[str, Source] = {
    Kind.NEWS: Source(Kind.NEWS, "portal.News", news_entry, _all_news, ("portal:news_detail",)),
    Kind.PLAN: Source(
        Kind.PLAN,
        "plans.Plan",
        plan_entry,
        _all_plans,
        ("portal:plan_detail", "plans:detail"),
        triggers=(("portal.PublishedPlan", "plan"),),
    ),
    Kind.DOCUMENT: Source(
        Kind.DOCUMENT,
        "plans.LegalDocument",
        document_entry,
        _all_documents,
        ("portal:legal_detail", "plans:legal_detail"),
        triggers=(
            ("plans.Citation", "legal_document"),
            ("portal.PublishedPlan", _documents_of_publication),
            ("plans.Plan", _documents_cited_by_plan),
        ),
    ),
    Kind.ANSWER: Source(
        Kind.ANSWER, "feedback.Feedback", answer_entry, _all_answers, ("feedback:answer_detail",)
    ),
}


def available_sources() -> list[Source]:
    return [source for source in SOURCES.values() if source.model_class() is not None]
