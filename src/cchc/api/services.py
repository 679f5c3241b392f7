"""Creating and revoking API tokens. Each write is audited like every other write."""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts.permissions import has_perm
from cchc.api.models import ApiToken
from cchc.audit.services import audit_record

TOKEN_PREFIX = "cchc_"
# Writing last_used on every call would turn each read into a write; once a minute is enough.
LAST_USED_GRANULARITY_S = 60


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _may_manage_tokens_of(actor, user) -> bool:
    # Actor None is the command line, run by whoever holds the server.
    if actor is None:
        return True
    if has_perm(actor, "accounts.manage_users"):
        return True
    return getattr(actor, "is_authenticated", False) and actor.is_active and actor.pk == user.pk


@transaction.atomic
def api_token_create(*, user, actor, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; returns (token, the key in clear, which is never stored)."""
    if not _may_manage_tokens_of(actor, user):
        raise PermissionDenied(_("Bạn chỉ được tạo khóa API cho chính mình."))
    if not user.is_active:
        raise ValidationError(_("Tài khoản %(user)s đã bị khóa; không tạo được khóa API.") % {"user": user})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:120], prefix=raw[: len(TOKEN_PREFIX) + 6], token_hash=token_hash(raw)
    )
    audit_record(
        actor=actor,
        action="api.token.created",
        obj=token,
        changes={"user": user.get_username(), "name": token.name},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if not _may_manage_tokens_of(actor, token.user):
        raise PermissionDenied(_("Bạn chỉ được thu hồi khóa API của chính mình."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, action="api.token.revoked", obj=token, changes={"user": token.user.get_username()}
        )
    return token


def user_for_token(raw: str):
    """The active user a presented key belongs to, or None for an unknown, revoked or disabled key."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user").filter(token_hash=token_hash(raw), revoked_at=None).first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_GRANULARITY_S:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
