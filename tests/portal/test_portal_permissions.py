"""Every page of the public CCHC page (namespace "portal") and of its editorial back office
("portal_admin") against every persona.

The public pages answer everybody, signed in or not; the back office answers editors and the
province administrator, and only the administrator approves, publishes and enters results.
"login" means: redirected to the sign-in page. A new URL in these namespaces makes
`test_it_covers_every_named_url_of_the_portal` fail until it is added to PAGES.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from portal_factories import make_news, make_public_plan

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "officer_a", "officer_b", "leader", "editor", "anonymous")
NAMESPACES = ("portal", "portal_admin")

EVERYONE_200 = dict.fromkeys(PERSONAS, 200)
EDITORS_200 = {
    "admin": 200,
    "officer_a": 403,
    "officer_b": 403,
    "leader": 403,
    "editor": 200,
    "anonymous": "login",
}
EDITORS_POST = {**EDITORS_200, "admin": 302, "editor": 302}
ADMIN_ONLY = {**EDITORS_200, "editor": 403}
ADMIN_ONLY_POST = {**ADMIN_ONLY, "admin": 302}


def published(p):
    return [make_news(p, state="published").pk]


def published_with_image(p):
    return [make_news(p, state="published", image=True).pk, "nho"]


def draft(p):
    return [make_news(p).pk]


def draft_with_image(p):
    return [make_news(p, image=True).pk, "lon"]


def draft_version(p):
    return [make_news(p).pk, 1]


def in_review(p):
    return [make_news(p, state="review").pk]


def public_plan(p):
    return [make_public_plan(p).pk]


def cited_document(p):
    from cchc.plans.models import LegalDocument

    make_public_plan(p)
    return [LegalDocument.objects.get().pk]


def index_result(p):
    from cchc.portal.services import result_save

    return [result_save(actor=p.admin, unit=p.unit_a, year=2024, kind="par", score=88).pk]


# (url name, args from personas or None, method, expected status by persona)
PAGES = [
    ("portal:home", None, "get", EVERYONE_200),
    ("portal:news_list", None, "get", EVERYONE_200),
    ("portal:news_detail", published, "get", EVERYONE_200),
    ("portal:news_image", published_with_image, "get", EVERYONE_200),
    ("portal:plan_list", None, "get", EVERYONE_200),
    ("portal:plan_detail", public_plan, "get", EVERYONE_200),
    ("portal:plan_download", public_plan, "get", EVERYONE_200),
    ("portal:legal_list", None, "get", EVERYONE_200),
    ("portal:legal_detail", cited_document, "get", EVERYONE_200),
    ("portal:results", None, "get", EVERYONE_200),
    ("portal:feed_rss", None, "get", EVERYONE_200),
    ("portal:feed_atom", None, "get", EVERYONE_200),
    ("portal:sitemap", None, "get", EVERYONE_200),
    ("portal_admin:home", None, "get", EDITORS_200),
    ("portal_admin:news_create", None, "get", EDITORS_200),
    ("portal_admin:news_detail", draft, "get", EDITORS_200),
    ("portal_admin:news_edit", draft, "get", EDITORS_200),
    ("portal_admin:news_version", draft_version, "get", EDITORS_200),
    ("portal_admin:news_image", draft_with_image, "get", EDITORS_200),
    ("portal_admin:news_submit", draft, "post", EDITORS_POST),
    ("portal_admin:news_publish", in_review, "post", ADMIN_ONLY_POST),
    ("portal_admin:news_return", in_review, "post", ADMIN_ONLY_POST),
    ("portal_admin:news_unpublish", published, "post", ADMIN_ONLY_POST),
    ("portal_admin:plans", None, "get", EDITORS_200),
    ("portal_admin:plan_publish", public_plan, "post", ADMIN_ONLY_POST),
    ("portal_admin:plan_unpublish", public_plan, "post", ADMIN_ONLY_POST),
    ("portal_admin:results", None, "get", ADMIN_ONLY),
    ("portal_admin:results_import", None, "get", ADMIN_ONLY),
    ("portal_admin:results_template", None, "get", ADMIN_ONLY),
    ("portal_admin:result_delete", index_result, "post", ADMIN_ONLY_POST),
]


def _named_urls(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_it_covers_every_named_url_of_the_portal():
    ours = {name for name in _named_urls(get_resolver()) if name.split(":")[0] in NAMESPACES}
    covered = {name for name, *_ in PAGES}
    assert ours, "the portal namespaces are not mounted"
    assert ours <= covered, sorted(ours - covered)


def test_it_covers_the_portal_api_operations_if_any():
    # API operations of this app would be named "api:portal_<operation>" and belong here.
    api_ops = {name for name in _named_urls(get_resolver()) if name.startswith("api:portal_")}
    assert api_ops <= {name for name, *_ in PAGES}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "args", "method", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_it_answers_each_persona_as_the_rules_say(
    client_for, personas, persona, name, args, method, expected
):
    url = reverse(name, args=args(personas) if args else None)
    response = getattr(client_for(persona), method)(url)
    wanted = expected[persona]
    if wanted == "login":
        assert response.status_code == 302, f"{persona} {method.upper()} {url}"
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    else:
        assert response.status_code == wanted, f"{persona} {method.upper()} {url}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", ["draft", "review", "scheduled"])
def test_nobody_sees_unpublished_news_on_the_public_page(client_for, personas, persona, state):
    news = make_news(personas, state=state, title="Tin chưa công khai", image=True)
    client = client_for(persona)
    assert client.get(reverse("portal:news_detail", args=[news.pk])).status_code == 404
    assert client.get(reverse("portal:news_image", args=[news.pk, "nho"])).status_code == 404
    for page in ("portal:home", "portal:news_list", "portal:feed_rss", "portal:sitemap"):
        assert "Tin chưa công khai" not in client.get(reverse(page)).content.decode(), page
