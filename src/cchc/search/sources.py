"""What is searchable: for each kind, how to turn one object into an index row, which objects
to index on a rebuild, and where a hit links to.

A kind whose app or model is not there (the portal's news before it is installed) is skipped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.urls import NoReverseMatch, reverse
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
    # Other models whose changes change this kind's entry: (model label, attribute naming the object).
    triggers: tuple[tuple[str, str], ...] = ()

    def model_class(self):
        try:
            return apps.get_model(self.model)
        except LookupError:
            return None

    def url(self, object_id: int) -> str:
        for name in self.url_names:
            try:
                return reverse(name, args=[object_id])
            except NoReverseMatch:
                continue
        model = self.model_class()
        if model is not None and hasattr(model, "get_absolute_url"):
            found = model._default_manager.filter(pk=object_id).first()
            return found.get_absolute_url() if found is not None else ""
        return ""


def _join(*parts) -> str:
    return "\n".join(str(p).strip() for p in parts if p and str(p).strip())


# --- news (cchc.portal) ---------------------------------------------------------------------------


def news_entry(news) -> Entry | None:
    from django.utils.html import strip_tags

    # Published, even if its time has not come yet: the row stays hidden until `visible_from`.
    if str(getattr(news, "status", "")) != "published" or getattr(news, "published_at", None) is None:
        return None
    return Entry(
        title=news.title,
        body=_join(news.summary, html.unescape(strip_tags(news.body or ""))),
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


def document_entry(document) -> Entry | None:
    from cchc.plans.models import Citation

    # How plans cite it usually carries its subject ("… về ban hành Chương trình tổng thể …").
    cited_as = list(
        dict.fromkeys(Citation.objects.filter(legal_document=document).values_list("raw", flat=True)[:20])
    )[:5]
    when = document.date.strftime("%d/%m/%Y") if document.date else ""
    return Entry(
        title=str(document),
        body=_join(document.issuer, when, *cited_as),
        date=document.date,
    )


def _all_documents():
    from cchc.plans.models import LegalDocument

    return LegalDocument.objects.all()


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
    Kind.NEWS: Source(Kind.NEWS, "portal.News", news_entry, _all_news, ()),
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
        triggers=(("plans.Citation", "legal_document"),),
    ),
    Kind.ANSWER: Source(
        Kind.ANSWER, "feedback.Feedback", answer_entry, _all_answers, ("feedback:answer_detail",)
    ),
}


def available_sources() -> list[Source]:
    return [source for source in SOURCES.values() if source.model_class() is not None]
