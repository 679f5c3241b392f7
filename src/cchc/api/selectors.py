"""Reads of API tokens for the pages."""

from __future__ import annotations

from django.db.models import QuerySet

from cchc.api.models import ApiToken


def api_tokens_of(user) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first, revoked ones included (they show when and by whom)."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
