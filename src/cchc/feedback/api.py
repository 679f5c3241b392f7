"""REST endpoints of this app, mounted on the project API (cchc.api.api) at /api/feedback/.

Operation names start with "feedback_" (their URL names, e.g. "api:feedback_list"), so the
app's own persona matrix covers them (see tests/web/test_permissions_matrix.py).
Same selectors and permission rules as the pages: administrators read everything, officers
and leaders what was assigned to units they read; any account reads the published answers.
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from cchc.api.schemas import ErrorOut, UnitRef
from cchc.feedback import selectors
from cchc.feedback.models import Feedback

router = Router(tags=["Phản ánh, kiến nghị"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class FeedbackOut(Schema):
    id: int
    code: str
    title: str
    topic: str
    topic_label: str
    status: str
    status_label: str
    assigned_unit: UnitRef | None
    created_at: datetime
    answered_at: datetime | None


class StepOut(Schema):
    kind: str
    kind_label: str
    status: str
    unit: UnitRef | None
    actor: str | None
    note: str
    at: datetime


class FeedbackDetailOut(FeedbackOut):
    content: str
    name: str
    email: str
    phone: str
    unit_concerned: UnitRef | None
    consent_publish: bool
    answer: str
    published: bool
    history: list[StepOut]


class PublishedAnswerOut(Schema):
    id: int
    title: str
    topic_label: str
    content: str
    answer: str
    unit: UnitRef | None
    answered_at: datetime | None


def _unit(unit) -> dict | None:
    return {"id": unit.pk, "name": unit.name} if unit is not None else None


def _summary(item: Feedback) -> dict:
    return {
        "id": item.pk,
        "code": item.code,
        "title": item.title,
        "topic": item.topic,
        "topic_label": str(item.get_topic_display()),
        "status": item.status,
        "status_label": str(item.get_status_display()),
        "assigned_unit": _unit(item.assigned_unit),
        "created_at": item.created_at,
        "answered_at": item.answered_at,
    }


@router.get(
    "/",
    response={200: list[FeedbackOut], **ERRORS},
    url_name="feedback_list",
    summary="Danh sách phản ánh, kiến nghị (theo quyền)",
)
@paginate(PageNumberPagination, page_size=50)
def feedback_list(request, status: str = "", q: str = ""):
    return selectors.feedback_list(actor=request.user, status=status, query=q.strip()[:100])


@router.get(
    "/answers",
    response={200: list[PublishedAnswerOut], **ERRORS},
    url_name="feedback_answers",
    summary="Các trả lời đã công khai",
)
@paginate(PageNumberPagination, page_size=50)
def feedback_answers(request):
    """What the public page lists; like every operation of the API, it needs a key or a session."""
    return [
        {
            "id": item.pk,
            "title": item.title,
            "topic_label": str(item.get_topic_display()),
            "content": item.content,
            "answer": item.answer,
            "unit": _unit(item.assigned_unit),
            "answered_at": item.answered_at,
        }
        for item in selectors.published_answers()
    ]


@router.get(
    "/{feedback_id}",
    response={200: FeedbackDetailOut, **ERRORS},
    url_name="feedback_detail",
    summary="Chi tiết và lịch sử xử lý một phản ánh",
)
def feedback_detail(request, feedback_id: int):
    try:
        item = selectors.feedback_detail(actor=request.user, pk=feedback_id)
    except Feedback.DoesNotExist:
        raise Http404(_("Không có phản ánh mã số %(id)s.") % {"id": feedback_id}) from None
    history = selectors.feedback_history(actor=request.user, feedback=item)
    return {
        **_summary(item),
        "content": item.content,
        "name": item.name,
        "email": item.email,
        "phone": item.phone,
        "unit_concerned": _unit(item.unit_concerned),
        "consent_publish": item.consent_publish,
        "answer": item.answer,
        "published": item.is_published,
        "history": [
            {
                "kind": step.kind,
                "kind_label": str(step.get_kind_display()),
                "status": step.status,
                "unit": _unit(step.unit),
                "actor": step.actor.get_username() if step.actor else None,
                "note": step.note,
                "at": step.created_at,
            }
            for step in history
        ],
    }
