"""The public search page: one box over news, public plans, legal documents and published
answers, typed with or without diacritics."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from cchc.search.models import Kind
from cchc.search.selectors import parse_kinds, search

PAGE_LIMIT = 50


@require_GET
def results(request):
    query = request.GET.get("q", "").strip()[:200]
    kinds = parse_kinds(request.GET.getlist("loai"))
    hits = search(query, kinds=kinds or None, limit=PAGE_LIMIT) if query else None
    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "hits": hits,
            "kinds": [(value, label, value in kinds) for value, label in Kind.choices],
            "limit": PAGE_LIMIT,
        },
    )
