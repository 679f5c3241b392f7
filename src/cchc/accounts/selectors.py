"""Reads of accounts, checked the same way as writes."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from cchc.accounts.permissions import require


def user_list(*, actor, query: str = "") -> QuerySet:
    require(actor, "accounts.manage_users")
    users = get_user_model().objects.select_related("unit").order_by("-is_active", "username")
    query = query.strip()
    if query:
        users = users.filter(
            Q(username__icontains=query) | Q(full_name__icontains=query) | Q(email__icontains=query)
        )
    return users


def user_get(*, actor, pk: int):
    require(actor, "accounts.manage_users")
    return get_object_or_404(get_user_model().objects.select_related("unit"), pk=pk)
