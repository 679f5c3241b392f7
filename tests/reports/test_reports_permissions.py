"""Every page and API operation of the reports app against every persona.

"login" means: redirected to the sign-in page. A new URL in the "reports" namespace or a new
"api:reports_*" operation makes `test_it_covers_every_named_url_of_reports` fail until it is
added to PAGES. (The "dashboard" namespace keeps its own matrix in tests/dashboard.)
"""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "officer_a", "officer_b", "leader", "editor", "anonymous")

SIGNED_IN_200 = {
    "admin": 200,
    "officer_a": 200,
    "officer_b": 200,
    "leader": 200,
    "editor": 200,
    "anonymous": "login",
}
# Reading unit A's report: its officer, the leader above it, the administrator.
READ_A = {
    "admin": 200,
    "officer_a": 200,
    "officer_b": 403,
    "leader": 200,
    "editor": 403,
    "anonymous": "login",
}
# Writing it: its officer and the administrator.
ACT_A = {**READ_A, "leader": 403}
ACT_A_POST = {**ACT_A, "admin": 302, "officer_a": 302}
REVIEW_POST = {
    "admin": 302,
    "officer_a": 403,
    "officer_b": 403,
    "leader": 403,
    "editor": 403,
    "anonymous": "login",
}
# Whoever may write a report for some unit (officers for their own, the administrator for any).
DRAFTERS = {
    "admin": 200,
    "officer_a": 200,
    "officer_b": 200,
    "leader": 403,
    "editor": 403,
    "anonymous": "login",
}
# Whoever has a unit to look at (own unit or subtree; the administrator everything); the editor has none.
WITH_UNIT = {**SIGNED_IN_200, "editor": 403}

API_SIGNED_IN = {**SIGNED_IN_200, "anonymous": 401}
API_READ_A = {**READ_A, "anonymous": 401}
API_ACT_A = {**ACT_A, "anonymous": 401}
API_WITH_UNIT = {**WITH_UNIT, "anonymous": 401}


def draft_of_a(p):
    from cchc.reports.services import report_draft

    return [report_draft(unit=p.unit_a, period="2024-H1", actor=p.officer_a).pk]


def submitted_of_a(p):
    from cchc.reports.models import UnitReport
    from cchc.reports.services import report_submit

    [pk] = draft_of_a(p)
    report_submit(version=UnitReport.objects.get(pk=pk).current_version, actor=p.officer_a)
    return [pk]


# (url name, args from personas or None, query string, method, expected status by persona)
PAGES = [
    ("reports:list", None, "", "get", SIGNED_IN_200),
    ("reports:create", None, "", "get", DRAFTERS),
    ("reports:detail", draft_of_a, "", "get", READ_A),
    ("reports:edit", draft_of_a, "", "get", ACT_A),
    ("reports:refresh", draft_of_a, "", "post", ACT_A_POST),
    ("reports:submit", draft_of_a, "", "post", ACT_A_POST),
    ("reports:return", submitted_of_a, "", "post", REVIEW_POST),
    ("reports:amend", submitted_of_a, "", "post", ACT_A_POST),
    ("reports:export", draft_of_a, "?dinh_dang=docx", "get", READ_A),
    ("reports:aggregate", None, "?ky=2024-H1", "get", WITH_UNIT),
    ("reports:aggregate_export", None, "?ky=2024-H1&dinh_dang=xlsx", "get", WITH_UNIT),
    ("reports:evidence", None, "?nam=2024", "get", WITH_UNIT),
    ("reports:evidence_export", None, "?nam=2024&dinh_dang=xlsx", "get", WITH_UNIT),
    ("api:reports_list", None, "", "get", API_SIGNED_IN),
    ("api:reports_get", draft_of_a, "", "get", API_READ_A),
    ("api:reports_submit", draft_of_a, "", "post", API_ACT_A),
    ("api:reports_aggregate", None, "?period=2024-H1", "get", API_WITH_UNIT),
]

# Unit A's report read by someone else through the URL of a unit they may not see.
OTHER_UNIT_PAGES = [
    ("reports:aggregate", "?ky=2024-H1&don_vi={unit_a}", READ_A),
    ("reports:evidence", "?nam=2024&don_vi={unit_a}", READ_A),
    ("reports:evidence_export", "?nam=2024&don_vi={unit_a}&dinh_dang=docx", READ_A),
]


def _named_urls(resolver, namespace=""):
    from django.urls import URLPattern, URLResolver

    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                continue
            yield from _named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def _ours(name: str) -> bool:
    namespace, _, operation = name.partition(":")
    return namespace == "reports" or (namespace == "api" and operation.startswith("reports_"))


def test_it_covers_every_named_url_of_reports():
    covered = {name for name, *_ in PAGES}
    ours = {name for name in _named_urls(get_resolver()) if _ours(name)}
    assert ours == covered


def _check(response, wanted, persona, url):
    if wanted == "login":
        assert response.status_code == 302, f"{persona} {url}"
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    else:
        assert response.status_code == wanted, f"{persona} {url}: {response.status_code}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "args", "query", "method", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_it_answers_each_persona_as_the_rules_say(
    progress_a, client_for, personas, persona, name, args, query, method, expected
):
    url = reverse(name, args=args(personas) if args else None) + query
    response = getattr(client_for(persona), method)(url)
    _check(response, expected[persona], persona, url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "query", "expected"), OTHER_UNIT_PAGES, ids=[p[0] for p in OTHER_UNIT_PAGES]
)
def test_pages_about_unit_a_follow_the_read_rule(
    progress_a, client_for, personas, persona, name, query, expected
):
    url = reverse(name) + query.format(unit_a=personas.unit_a.pk)
    _check(client_for(persona).get(url), expected[persona], persona, url)
