"""Reads of the audit log, for province administrators only."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from cchc.accounts.permissions import require
from cchc.audit.models import AuditEntry


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries(
    *,
    actor,
    action_prefix: str = "",
    actor_username: str = "",
    object_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet:
    """Entries newest first. Dates are whole local days, both ends included."""
    require(actor, "audit.view")
    entries = AuditEntry.objects.select_related("actor")
    if action_prefix:
        entries = entries.filter(action__startswith=action_prefix.strip())
    if actor_username:
        entries = entries.filter(actor_label__iexact=actor_username.strip())
    if object_type:
        entries = entries.filter(object_type=object_type)
    if date_from:
        entries = entries.filter(created_at__gte=_start_of(date_from))
    if date_to:
        entries = entries.filter(created_at__lt=_start_of(date_to + timedelta(days=1)))
    return entries


def audit_object_types(*, actor) -> list[str]:
    require(actor, "audit.view")
    return list(
        AuditEntry.objects.exclude(object_type="")
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )
