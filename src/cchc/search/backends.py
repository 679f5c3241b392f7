"""Matching and ranking in the database: SQLite FTS5 on the embedded default, PostgreSQL
full-text search (with unaccent) in production, and a plain LIKE scan for anything else.

Each backend answers the same question: the ids of the index rows that contain every query
word (as a word prefix), best first, with a score.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from cchc.search import text
from cchc.search.models import SearchDocument

log = logging.getLogger(__name__)

# The same expression as the GIN index of the migration, so PostgreSQL can use that index.
PG_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, d.title_folded), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, d.body_folded), 'B'))"
)


def _filters(kinds: list[str] | None) -> tuple[str, list]:
    """Extra WHERE conditions on the index row `d`: the kinds wanted, and nothing scheduled for later."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    where, params = " AND (d.visible_from IS NULL OR d.visible_from <= %s)", [now]
    if kinds:
        where += f" AND d.kind IN ({', '.join(['%s'] * len(kinds))})"
        params += list(kinds)
    return where, params


def sqlite_fts(query: str, kinds: list[str] | None, limit: int, offset: int = 0) -> list[tuple[int, float]]:
    terms = text.query_terms(query)
    if not terms:
        return []
    # Every term quoted (so no FTS5 syntax gets through) and used as a prefix; all must match.
    match = " ".join(f'"{term}"*' for term in terms)
    where, params = _filters(kinds)
    sql = (
        "SELECT d.id, bm25(search_fts, 4.0, 1.0) AS score FROM search_fts"
        " JOIN search_searchdocument d ON d.id = search_fts.rowid"
        f" WHERE search_fts MATCH %s{where} ORDER BY score, d.date DESC, d.id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *params, limit, offset])
        # bm25 is smaller for better matches; turn it into "bigger is better".
        return [(pk, -score) for pk, score in cursor.fetchall()]


def postgres_fts(query: str, kinds: list[str] | None, limit: int, offset: int = 0) -> list[tuple[int, float]]:
    words = text.query_words(query)
    if not words:
        return []
    # Each word is letters and digits only (see text.query_words), so the tsquery is well formed;
    # unaccent folds its marks (and đ) the way the index was folded.
    tsquery = " & ".join(f"{word}:*" for word in words)
    where, params = _filters(kinds)
    sql = (
        "WITH q AS (SELECT to_tsquery('simple'::regconfig, unaccent(%s)) AS query)"
        f" SELECT d.id, ts_rank_cd({PG_VECTOR}, q.query) AS score FROM search_searchdocument d, q"
        f" WHERE {PG_VECTOR} @@ q.query{where}"
        " ORDER BY score DESC, d.date DESC NULLS LAST, d.id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [tsquery, *params, limit, offset])
        return [(pk, float(score)) for pk, score in cursor.fetchall()]


def like_scan(query: str, kinds: list[str] | None, limit: int, offset: int = 0) -> list[tuple[int, float]]:
    """Any database: every term must start a word of the folded title or body; title hits first."""
    terms = text.query_terms(query)
    if not terms:
        return []
    now = timezone.now()
    rows = SearchDocument.objects.filter(Q(visible_from__isnull=True) | Q(visible_from__lte=now))
    if kinds:
        rows = rows.filter(kind__in=kinds)
    scored = []
    for pk, title, body in rows.values_list("id", "title_folded", "body_folded").iterator():
        title_words, body_words = f" {title} ", f" {body} "
        if all(f" {t}" in title_words or f" {t}" in body_words for t in terms):
            score = sum(4 * title_words.count(f" {t}") + body_words.count(f" {t}") for t in terms)
            scored.append((pk, float(score)))
    scored.sort(key=lambda item: (-item[1], -item[0]))
    return scored[offset : offset + limit]


def backend_name() -> str:
    return {"sqlite": "sqlite-fts5", "postgresql": "postgresql-fts"}.get(connection.vendor, "like")


def find(query: str, kinds: list[str] | None, limit: int, offset: int = 0) -> list[tuple[int, float]]:
    finder = {"sqlite": sqlite_fts, "postgresql": postgres_fts}.get(connection.vendor, like_scan)
    if finder is like_scan:
        return like_scan(query, kinds, limit, offset)
    try:
        if connection.in_atomic_block:
            # A savepoint, so a failure does not spoil the surrounding transaction.
            with transaction.atomic():
                return finder(query, kinds, limit, offset)
        # Outside a transaction (a page request) a read needs none: on SQLite, whose
        # transactions begin IMMEDIATE here, one would take the write lock for every search.
        return finder(query, kinds, limit, offset)
    except DatabaseError:
        # No FTS5 in this SQLite build, or unaccent missing: slower, but still an answer.
        log.exception("search: %s failed, falling back to a plain scan", backend_name())
        return like_scan(query, kinds, limit, offset)
