"""The cached public home page.

The page is the same for every visitor (no sign-in, no form with a CSRF token), so its whole
HTML is kept in Django's cache per language. Anything that changes what it shows (publishing,
unpublishing, a plan made public, new results) calls `invalidate()` after its transaction
commits. A news item scheduled for later must appear on time without a cron job, so the
entry never outlives the next scheduled publication.

The cache is shared by every server process (CACHES in the settings: files under the data
folder by default, Redis or another backend through CCHC_CACHE_BACKEND/CCHC_CACHE_LOCATION), so
an invalidation reaches all of them at once.
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
