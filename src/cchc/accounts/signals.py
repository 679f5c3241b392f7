"""Audit sign-in, sign-out and lockouts, which happen inside Django auth and axes rather
than in one of our services."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from cchc.accounts import services


def _client_ip(request) -> str | None:
    if request is None:
        return None
    # Axes has already worked out the address (honouring its proxy settings) on sign-in requests.
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")


@receiver(user_logged_in, dispatch_uid="cchc.accounts.audit_signed_in")
def audit_signed_in(sender, request, user, **kwargs):
    services.record_signed_in(user=user, ip_address=_client_ip(request))


@receiver(user_logged_out, dispatch_uid="cchc.accounts.audit_signed_out")
def audit_signed_out(sender, request, user, **kwargs):
    if user is not None:
        services.record_signed_out(user=user, ip_address=_client_ip(request))


@receiver(user_locked_out, dispatch_uid="cchc.accounts.audit_locked_out")
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    services.record_locked_out(username=username or "", ip_address=ip_address)
