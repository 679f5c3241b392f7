"""Reads of feedback. The back-office ones check permission first; the public ones return only
what a citizen may see (by tracking code, or answers published with consent)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from cchc.accounts.permissions import has_perm, require, units_readable_by
from cchc.feedback.models import Event, Feedback, Status
from cchc.feedback.services import MANAGE, VIEW, normalize_code


def feedback_list(*, actor, status: str = "", unit_id: int | None = None, query: str = "") -> QuerySet:
    """All items for administrators; for officers and leaders, those assigned to units they read."""
    require(actor, VIEW)
    items = Feedback.objects.select_related("assigned_unit", "unit_concerned")
    if not has_perm(actor, MANAGE):
        items = items.filter(assigned_unit__in=units_readable_by(actor))
    if status in Status.values:
        items = items.filter(status=status)
    if unit_id:
        items = items.filter(assigned_unit_id=unit_id)
    if query:
        items = items.filter(
            Q(code__icontains=query) | Q(title__icontains=query) | Q(content__icontains=query)
        )
    return items


def feedback_detail(*, actor, pk: int) -> Feedback:
    feedback = (
        Feedback.objects.select_related("assigned_unit", "unit_concerned", "answered_by")
        .prefetch_related("attachments")
        .get(pk=pk)
    )
    if not has_perm(actor, MANAGE):
        require(actor, VIEW, feedback.assigned_unit)
    return feedback


def feedback_history(*, actor, feedback: Feedback) -> QuerySet[Event]:
    if not has_perm(actor, MANAGE):
        require(actor, VIEW, feedback.assigned_unit)
    return feedback.events.select_related("actor", "unit").order_by("created_at", "id")


def feedback_by_code(code: str) -> Feedback | None:
    """The item a tracking code belongs to (public: the code is the key), or None."""
    code = normalize_code(code)
    if not code:
        return None
    return (
        Feedback.objects.select_related("assigned_unit")
        .prefetch_related("events__unit")
        .filter(code=code)
        .first()
    )


def public_steps(feedback: Feedback) -> list[Event]:
    """The history a citizen sees: what happened and when, which unit; no names, no notes."""
    return list(feedback.events.select_related("unit").order_by("created_at", "id"))


def published_answers() -> QuerySet[Feedback]:
    """Answers the citizen agreed to publish, newest first."""
    return (
        Feedback.objects.filter(
            consent_publish=True, status__in=(Status.ANSWERED, Status.CLOSED), answered_at__isnull=False
        )
        .exclude(answer="")
        .select_related("assigned_unit")
        .order_by("-answered_at", "-id")
    )


def published_answer(pk: int) -> Feedback:
    return published_answers().get(pk=pk)


def counts_by_status(*, actor) -> dict[str, int]:
    rows = feedback_list(actor=actor).order_by().values_list("status").annotate(total=Count("id"))
    return dict(rows)
