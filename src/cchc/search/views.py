"""The public search page: one box over news, public plans, legal documents and published
answers, typed with or without diacritics.

Result pages are the same for every visitor and are served from the shared cache (see
cchc.search.cache): a popular query costs one cache read, not a search and a render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.cache import cache as django_cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from cchc.search import cache
from cchc.search.models import Kind
from cchc.search.selectors import parse_kinds, search

PAGE_SIZE = 20
MAX_PAGES = 25  # past 500 results, more words help more than more pages


def _page_number(value) -> int:
    try:
        return max(1, min(int(value), MAX_PAGES))
    except (TypeError, ValueError):
        return 1


@require_GET
def results(request):
    query = request.GET.get("q", "").strip()[:200]
    kinds = parse_kinds(request.GET.getlist("loai"))
    page = _page_number(request.GET.get("trang"))
    key = cache.page_key(language=get_language() or "vi", query=query, kinds=kinds, page=page)
    html = django_cache.get(key)
    if html is None:
        html = render_to_string("search/results.html", _context(query, kinds, page), request=request)
        django_cache.set(key, html, cache.timeout())
    return HttpResponse(html)


def _context(query: str, kinds: list[str], page: int) -> dict:
    hits, has_next = None, False
    if query:
        # One more than a page tells whether there is a next one.
        hits = search(query, kinds=kinds or None, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
        has_next = len(hits) > PAGE_SIZE and page < MAX_PAGES
        hits = hits[:PAGE_SIZE]

    def link(number: int) -> str:
        return "?" + urlencode([("q", query), *[("loai", kind) for kind in kinds], ("trang", number)])

    first = (page - 1) * PAGE_SIZE + 1
    return {
        "query": query,
        "hits": hits,
        "kinds": [(value, label, value in kinds) for value, label in Kind.choices],
        "page": page,
        "first": first,
        "last": first + len(hits or []) - 1,
        "previous_url": link(page - 1) if page > 1 and hits is not None else "",
        "next_url": link(page + 1) if has_next else "",
        "at_the_end": page == MAX_PAGES and hits is not None and len(hits) == PAGE_SIZE,
    }
