"""Search result pages kept in the shared cache (CACHES in the settings).

A result page is the same for every visitor, so its HTML is kept per language, query as typed,
kinds and page number. Each key also carries the index *generation*: a number in the cache
that every write to the index replaces, at once and again when its transaction commits, so a
news item published on one server process is found at once on all of them. An entry never
outlives CACHE_SECONDS nor the moment the next scheduled item becomes visible.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

log = logging.getLogger(__name__)

CACHE_SECONDS = 300
_GENERATION_KEY = "search:generation"


def generation() -> int:
    """The current index generation (one is made up when the cache has none)."""
    value = cache.get(_GENERATION_KEY)
    if value is None:
        cache.add(_GENERATION_KEY, time.time_ns(), None)
        value = cache.get(_GENERATION_KEY) or 0
    return value


def _replace_generation() -> None:
    try:
        cache.set(_GENERATION_KEY, time.time_ns(), None)
    except Exception:  # a cache server down must not undo a publication; pages expire anyway
        log.exception("search: could not reset the cached result pages")


def index_changed() -> None:
    """Forget every cached result page: now, and again once the current transaction commits
    (another process may cache the old results in between)."""
    _replace_generation()
    connection = transaction.get_connection()
    if not any(entry[1] is _replace_generation for entry in connection.run_on_commit):
        transaction.on_commit(_replace_generation)


def page_key(*, language: str, query: str, kinds: list[str], page: int) -> str:
    wanted = json.dumps([language, query, sorted(kinds), page], ensure_ascii=False)
    digest = hashlib.sha256(wanted.encode()).hexdigest()[:32]
    return f"search:page:{generation()}:{digest}"


def timeout() -> int:
    """CACHE_SECONDS, or less when a scheduled item becomes searchable sooner."""
    from cchc.search.models import SearchDocument

    now = timezone.now()
    upcoming = SearchDocument.objects.filter(visible_from__gt=now).aggregate(first=Min("visible_from"))
    if upcoming["first"] is None:
        return CACHE_SECONDS
    return max(1, min(CACHE_SECONDS, int((upcoming["first"] - now).total_seconds()) + 1))
