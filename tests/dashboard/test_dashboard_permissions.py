"""Every page of the dashboard ("dashboard" namespace) against every persona.

"login" means: redirected to the sign-in page. A new URL in the namespace makes
`test_it_covers_every_named_url_of_the_dashboard` fail until it is added to PAGES.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "officer_a", "officer_b", "leader", "editor", "anonymous")

# Whoever has a unit to look at (own unit or subtree; the administrator everything).
WITH_UNIT = {
    "admin": 200,
    "officer_a": 200,
    "officer_b": 200,
    "leader": 200,
    "editor": 403,
    "anonymous": "login",
}
# Unit A's figures: its officer, the leader above it, the administrator.
READ_A = {
    "admin": 200,
    "officer_a": 200,
    "officer_b": 403,
    "leader": 200,
    "editor": 403,
    "anonymous": "login",
}
# The province as a whole: the administrator only (the leader's unit is below it).
READ_PROVINCE = {**READ_A, "officer_a": 403, "leader": 403}


def unit_a(p):
    return [p.unit_a.pk]


# (url name, args from personas or None, query string, expected status by persona)
PAGES = [
    ("dashboard:index", None, "", WITH_UNIT),
    ("dashboard:unit", unit_a, "", READ_A),
]

# The same pages drilled down to a unit through the query string.
DRILLED = [
    ("dashboard:index", "?don_vi={unit_a}&ky=2024-Q2", READ_A),
    ("dashboard:index", "?don_vi={province}", READ_PROVINCE),
    ("dashboard:index", "?don_vi={parent_of_a}&cap=public_service_unit", {**READ_A, "officer_a": 403}),
    ("dashboard:unit", "?ky=2024-Q2&trang=2", READ_A),
]


def _named_urls(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                continue
            yield from _named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_it_covers_every_named_url_of_the_dashboard():
    covered = {name for name, *_ in PAGES}
    ours = {name for name in _named_urls(get_resolver()) if name.partition(":")[0] == "dashboard"}
    assert ours == covered


def _check(response, wanted, persona, url):
    if wanted == "login":
        assert response.status_code == 302, f"{persona} {url}"
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    else:
        assert response.status_code == wanted, f"{persona} {url}: {response.status_code}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "args", "query", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_it_answers_each_persona_as_the_rules_say(
    picture, client_for, personas, persona, name, args, query, expected
):
    url = reverse(name, args=args(personas) if args else None) + query
    _check(client_for(persona).get(url), expected[persona], persona, url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "query", "expected"), DRILLED, ids=[f"{p[0]}{p[1]}" for p in DRILLED])
def test_drilling_down_follows_the_read_rule(picture, client_for, personas, persona, name, query, expected):
    args = [personas.unit_a.pk] if name == "dashboard:unit" else None
    url = reverse(name, args=args) + query.format(
        unit_a=personas.unit_a.pk, province=personas.province.pk, parent_of_a=personas.parent_of_a.pk
    )
    _check(client_for(persona).get(url), expected[persona], persona, url)


@pytest.mark.parametrize("persona", ["admin", "leader"])
def test_an_unknown_unit_is_not_found(picture, client_for, persona):
    assert client_for(persona).get(reverse("dashboard:index") + "?don_vi=987654").status_code == 404
    assert client_for(persona).get(reverse("dashboard:unit", args=[987654])).status_code == 404


def test_the_dashboard_only_answers_get(picture, client_for):
    assert client_for("admin").post(reverse("dashboard:index")).status_code == 405
