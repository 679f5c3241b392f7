"""The cached public home page.

The page is the same for every visitor (no sign-in, no form with a CSRF token), so its whole
HTML is kept in Django's cache per language. Anything that changes what it shows (publishing,
unpublishing, a plan made public, new results) calls `invalidate()` after its transaction
commits. A news item scheduled for later must appear on time without a cron job, so the
entry never outlives the next scheduled publication.

With several server processes and the default per-process memory cache, the other processes
see a change when their copy expires (at most CACHE_SECONDS); a shared cache (CACHES in the
settings: file-based, database or Redis) makes invalidation immediate everywhere.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

CACHE_SECONDS = 60
_PREFIX = "portal:home:"


def home_key(language: str) -> str:
    return f"{_PREFIX}{language}"


def timeout_until(next_scheduled: datetime | None) -> int:
    """Seconds to keep the page: CACHE_SECONDS, or less when a scheduled item is due sooner."""
    if next_scheduled is None:
        return CACHE_SECONDS
    remaining = (next_scheduled - timezone.now()).total_seconds()
    return max(1, min(CACHE_SECONDS, int(remaining) + 1))


def invalidate() -> None:
    """Drop the cached home page (every language) once the current transaction commits."""
    keys = [home_key(code) for code, _name in settings.LANGUAGES]
    transaction.on_commit(lambda: cache.delete_many(keys))
