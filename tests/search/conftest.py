"""Searchable things made through the real models, so the signals index them as in production."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def make_plan(db):
    """`make_plan(title, tasks=[...], number=..., public=True)` → a Plan with a current version."""
    from django.apps import apps

    from cchc.plans.models import Plan, PlanTask, PlanVersion

    counter = {"n": 0}

    def make(title: str, tasks=(), number: str | None = None, public: bool = True, issue_date=None):
        counter["n"] += 1
        n = counter["n"]
        plan = Plan.objects.create(
            number=number or f"{n}/KH-UBND",
            number_key=f"{n}/kh-ubnd-{title[:10]}",
            issuer="Ủy ban nhân dân tỉnh Hưng Yên",
            issuer_key=f"ubnd-{n}",
            title=title,
            issue_date=issue_date or date(2025, 1, n % 28 + 1),
            plan_year=2025,
            sha256=f"{n:064d}",
        )
        version = PlanVersion.objects.create(plan=plan, number=1, data={})
        for i, task in enumerate(tasks):
            PlanTask.objects.create(version=version, order=i, stt=str(i + 1), task=task)
        plan.current_version = version
        plan.save(update_fields=["current_version"])
        if public:
            try:
                published = apps.get_model("portal", "PublishedPlan")
            except LookupError:
                published = None
            if published is not None:
                published.objects.create(plan=plan)
        return plan

    return make


@pytest.fixture
def make_document(db):
    """`make_document(number, doc_type="Nghị quyết", cited_by=plan_or_None)` → a LegalDocument,
    cited by the current version of `cited_by` when given (that is what makes it public)."""
    from cchc.plans.models import Citation, LegalDocument

    def make(number: str, doc_type: str = "Nghị quyết", issuer: str = "Chính phủ", cited_by=None, on=None):
        document = LegalDocument.objects.create(
            doc_type=doc_type,
            number=number,
            number_key=number.lower(),
            issuer=issuer,
            date=on or date(2021, 7, 15),
        )
        if cited_by is not None:
            cite(cited_by, document)
        return document

    def cite(plan, document, version=None):
        version = version or plan.current_version
        return Citation.objects.create(
            version=version,
            legal_document=document,
            order=version.citations.count() + 1,
            raw=f"{document.doc_type} số {document.number} của {document.issuer}",
        )

    make.cite = cite
    return make


@pytest.fixture
def make_news(db):
    """`make_news(title, body="", published=True, at=None)` → a portal news item."""
    from django.utils import timezone

    from cchc.portal.models import News

    def make(title: str, body: str = "", summary: str = "", published: bool = True, at=None):
        return News.objects.create(
            title=title,
            summary=summary,
            body=body,
            status="published" if published else "draft",
            published_at=at or (timezone.now() if published else None),
        )

    return make


@pytest.fixture
def make_answer(personas):
    """`make_answer(title, content, answer, consent=True)` → feedback answered by unit A."""
    from cchc.feedback.services import feedback_answer, feedback_assign, feedback_submit

    def make(title: str, content: str, answer: str, consent: bool = True):
        item = feedback_submit(title=title, content=content, consent_publish=consent)
        item = feedback_assign(feedback=item, unit=personas.unit_a, actor=personas.admin)
        return feedback_answer(feedback=item, answer=answer, actor=personas.officer_a)

    return make


@pytest.fixture(autouse=True)
def _search_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CCHC_JOBS_INLINE = True
    settings.CCHC_JOB_WORKERS = 0


@pytest.fixture(autouse=True)
def _empty_cache():
    """Result pages are cached (per process in tests): none leaks from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
