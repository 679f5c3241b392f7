"""The public search page answers everyone the same, signed in or not."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "officer_a", "officer_b", "leader", "editor", "anonymous")
NAMESPACES = ("search",)
API_PREFIX = "search_"
EVERYONE_200 = dict.fromkeys(PERSONAS, 200)

# (url name, args from personas or None, method, expected status by persona, query string)
PAGES = [
    ("search:results", None, "get", EVERYONE_200, {"q": "cai cach", "loai": ["plan", "news"]}),
]


def _named_urls(resolver, namespace=""):
    from django.urls import URLPattern, URLResolver

    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def _ours(name: str) -> bool:
    namespace, _, operation = name.partition(":")
    return namespace in NAMESPACES or (namespace == "api" and operation.startswith(API_PREFIX))


def test_it_covers_every_named_url_of_the_search_app():
    ours = {name for name in _named_urls(get_resolver()) if _ours(name)}
    assert ours == {page[0] for page in PAGES}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "args", "method", "expected", "query"), PAGES, ids=[p[0] for p in PAGES])
def test_it_answers_each_persona_as_the_rules_say(
    client_for, personas, persona, name, args, method, expected, query
):
    url = reverse(name, args=args(personas) if args else None)
    response = getattr(client_for(persona), method)(url, query)
    assert response.status_code == expected[persona], f"{persona} {method.upper()} {url}"
