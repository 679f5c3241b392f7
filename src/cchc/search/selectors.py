"""The one search interface: `search(query, kinds=..., limit=...)`.

Everything in the index is public (published news, plans, legal documents, answers the citizen
agreed to publish), so no actor is needed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.utils.safestring import SafeString, mark_safe

from cchc.search import backends, text
from cchc.search.models import Kind, SearchDocument
from cchc.search.sources import SOURCES

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass
class Hit:
    kind: str
    kind_label: str
    object_id: int
    title: str
    title_html: SafeString  # escaped, matches in <mark>
    snippet_html: SafeString  # escaped, matches in <mark>
    url: str
    date: date | None
    score: float

    def as_dict(self) -> dict:
        data = asdict(self)
        data["title_html"], data["snippet_html"] = str(self.title_html), str(self.snippet_html)
        data["kind_label"] = str(self.kind_label)
        data["date"] = self.date.isoformat() if self.date else None
        return data


def parse_kinds(values) -> list[str]:
    """Known kinds among `values` (a list or a comma-separated string), in their usual order."""
    if isinstance(values, str):
        values = values.split(",")
    wanted = {str(v).strip() for v in values or [] if v}
    return [k for k in Kind.values if k in wanted]


def search(
    query: str, kinds: list[str] | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0
) -> list[Hit]:
    """Index rows matching every word of `query` (as a word start, with or without diacritics),
    best first, at most `limit` (capped at MAX_LIMIT) after skipping `offset`; `kinds` narrows
    to some of Kind."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    kinds = parse_kinds(kinds) if kinds else None
    terms = text.query_terms(query)
    if not terms:
        return []
    ranked = backends.find(query, kinds, limit, max(0, int(offset)))
    # Only what a hit shows, as plain values: the folded copies stay in the database. Links
    # are reversed, never looked up object by object (see Source.url).
    rows = {
        row[0]: row
        for row in SearchDocument.objects.filter(pk__in=[pk for pk, _ in ranked]).values_list(
            "pk", "kind", "object_id", "title", "body", "date"
        )
    }
    hits = []
    for pk, score in ranked:
        if pk not in rows:
            continue
        _pk, kind, object_id, title, body, when = rows[pk]
        hits.append(
            Hit(
                kind=kind,
                kind_label=Kind(kind).label,
                object_id=object_id,
                title=title,
                title_html=mark_safe(text.highlight(title, terms)),  # noqa: S308 (escaped)
                snippet_html=mark_safe(text.snippet(body, terms)),  # noqa: S308 (escaped)
                url=SOURCES[kind].url(object_id),
                date=when,
                score=round(score, 6),
            )
        )
    return hits


def index_size() -> dict[str, int]:
    counts = dict.fromkeys(Kind.values, 0)
    for kind in SearchDocument.objects.values_list("kind", flat=True):
        counts[kind] = counts.get(kind, 0) + 1
    return counts
