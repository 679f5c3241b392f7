"""Every page of the back office against every persona.

"login" means: redirected to the sign-in page. A new URL in the project makes
`test_it_covers_every_named_url_in_the_project` fail until it is added to PAGES.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
ADMIN_ONLY = {
    "admin": 200,
    "officer_a": 403,
    "officer_b": 403,
    "leader": 403,
    "editor": 403,
    "anonymous": "login",
}
ADMIN_ONLY_POST_REDIRECT = {**ADMIN_ONLY, "admin": 302}
SIGN_IN_PAGE = {
    "admin": 302,
    "officer_a": 302,
    "officer_b": 302,
    "leader": 302,
    "editor": 302,
    "anonymous": 200,
}
# Nobody here is staff: Django's own admin sends them all to its sign-in page.
DJANGO_ADMIN = dict.fromkeys(PERSONAS, 302)
# Signing out is harmless for everyone, signed in or not.
SIGN_OUT = dict.fromkeys(PERSONAS, 302)


def unit_a(p):
    return [p.unit_a.pk]


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _import_of_a(p):
    """A plan document uploaded by officer A and parsed, waiting for review."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cchc.plans.services import import_create, parse_import_item

    text = "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2025\nCăn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n"
    [item] = import_create(files=[SimpleUploadedFile("kh.txt", text.encode())], actor=p.officer_a)
    return parse_import_item(item.pk)


def import_of_a(p):
    return [_import_of_a(p).pk]


def plan_of_a(p):
    from cchc.plans.services import import_confirm

    return [import_confirm(item=_import_of_a(p), actor=p.officer_a).pk]


def legal_document(p):
    from cchc.plans.models import LegalDocument

    plan_of_a(p)
    return [LegalDocument.objects.get().pk]


def officer_b(p):
    return [p.officer_b.pk]


def api_token_of_b(p):
    from cchc.api.services import api_token_create

    return [api_token_create(user=p.officer_b, actor=p.officer_b, name="matrix")[0].pk]


# (url name, args from personas or None, method, expected status by persona)
PAGES = [
    ("web:home", None, "get", SIGNED_IN_200),
    ("web:search", None, "get", SIGNED_IN_200),
    ("audit:list", None, "get", ADMIN_ONLY),
    ("accounts:login", None, "get", SIGN_IN_PAGE),
    ("accounts:logout", None, "post", SIGN_OUT),
    ("accounts:password_change", None, "get", SIGNED_IN_200),
    ("accounts:password_change_done", None, "get", SIGNED_IN_200),
    ("accounts:profile", None, "get", SIGNED_IN_200),
    ("accounts:user_list", None, "get", ADMIN_ONLY),
    ("accounts:user_create", None, "get", ADMIN_ONLY),
    ("accounts:user_edit", officer_b, "get", ADMIN_ONLY),
    ("accounts:user_deactivate", officer_b, "post", ADMIN_ONLY_POST_REDIRECT),
    ("accounts:user_reactivate", officer_b, "post", ADMIN_ONLY_POST_REDIRECT),
    ("accounts:api_tokens", None, "get", SIGNED_IN_200),
    ("accounts:api_token_create", None, "post", SIGNED_IN_200),
    ("accounts:api_token_revoke", api_token_of_b, "post", {**ADMIN_ONLY_POST_REDIRECT, "officer_b": 302}),
    ("orgs:tree", None, "get", SIGNED_IN_200),
    ("orgs:unit_detail", unit_a, "get", SIGNED_IN_200),
    ("orgs:export", None, "get", SIGNED_IN_200),
    ("orgs:unit_create", None, "get", ADMIN_ONLY),
    ("orgs:unit_edit", unit_a, "get", ADMIN_ONLY),
    ("orgs:succession_create", None, "get", ADMIN_ONLY),
    ("orgs:import", None, "get", ADMIN_ONLY),
    ("admin:index", None, "get", DJANGO_ADMIN),
]

PLANS_IMPORT = {**ADMIN_ONLY, "officer_a": 200, "officer_b": 200}
# An import in review is for its uploader's unit (and administrators) only.
UNIT_A_ONLY = {**ADMIN_ONLY, "officer_a": 200}
UNIT_A_ONLY_POST_REDIRECT = {**UNIT_A_ONLY, "admin": 302, "officer_a": 302}

PAGES += [
    ("plans:list", None, "get", SIGNED_IN_200),
    ("plans:detail", plan_of_a, "get", SIGNED_IN_200),
    ("plans:download", plan_of_a, "get", SIGNED_IN_200),
    ("plans:amend", plan_of_a, "get", UNIT_A_ONLY),
    ("plans:link_parent", plan_of_a, "post", UNIT_A_ONLY_POST_REDIRECT),
    ("plans:cascade", None, "get", SIGNED_IN_200),
    ("plans:legal_list", None, "get", SIGNED_IN_200),
    ("plans:legal_detail", legal_document, "get", SIGNED_IN_200),
    ("plans:import_upload", None, "get", PLANS_IMPORT),
    ("plans:import_list", None, "get", PLANS_IMPORT),
    ("plans:import_item", import_of_a, "get", UNIT_A_ONLY),
    ("plans:import_status", import_of_a, "get", UNIT_A_ONLY),
    ("plans:import_source", import_of_a, "get", UNIT_A_ONLY),
    ("plans:import_discard", import_of_a, "post", UNIT_A_ONLY_POST_REDIRECT),
    ("plans:export", plan_of_a, "get", SIGNED_IN_200),
    ("plans:derive", plan_of_a, "get", PLANS_IMPORT),
    ("plans:conformance", plan_of_a, "get", SIGNED_IN_200),
    ("plans:draft_docx", import_of_a, "get", UNIT_A_ONLY),
]

# The API answers 401 (JSON), not a redirect, to callers who are not signed in.
API_SIGNED_IN = {**SIGNED_IN_200, "anonymous": 401}
API_UNIT_A_ONLY = {**UNIT_A_ONLY, "anonymous": 401}
# Without the required parameter: 400 for whoever may call it at all.
API_MISSING_NAME = {**dict.fromkeys(PERSONAS, 400), "anonymous": 401}
API_UPLOAD_WITHOUT_FILES = {**API_MISSING_NAME, "leader": 403, "editor": 403}
API_DOCS = dict.fromkeys(PERSONAS, 200)

PAGES += [
    ("api:api-root", None, "get", dict.fromkeys(PERSONAS, 302)),
    ("api:openapi-json", None, "get", API_DOCS),
    ("api:openapi-view", None, "get", API_DOCS),
    ("api:list_plans", None, "get", API_SIGNED_IN),
    ("api:get_plan", plan_of_a, "get", API_SIGNED_IN),
    ("api:list_plan_tasks", plan_of_a, "get", API_SIGNED_IN),
    ("api:list_legal_documents", None, "get", API_SIGNED_IN),
    ("api:get_legal_document", legal_document, "get", API_SIGNED_IN),
    ("api:create_import", None, "post", API_UPLOAD_WITHOUT_FILES),
    ("api:get_import", import_of_a, "get", API_UNIT_A_ONLY),
    ("api:confirm_import", import_of_a, "post", API_UNIT_A_ONLY),
    ("api:resolve_org", None, "get", API_MISSING_NAME),
]

# Django's own machinery, not pages of ours.
NOT_PAGES = {"set_language"}

# Apps that keep their own persona matrix next to their tests, each with its own
# "covers every named URL of the namespace" check: the namespace → that test module.
DELEGATED_NAMESPACES = {
    "tracking": "tests/tracking/test_tracking_permissions.py",
    "reports": "tests/reports/test_reports_permissions.py",
    "dashboard": "tests/dashboard/test_dashboard_permissions.py",
    "portal": "tests/portal/test_portal_permissions.py",
    "portal_admin": "tests/portal/test_portal_permissions.py",
    "feedback": "tests/feedback/test_feedback_permissions.py",
    "feedback_admin": "tests/feedback/test_feedback_permissions.py",
    "search": "tests/search/test_search_permissions.py",
}


def _named_urls(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                continue  # covered by admin:index; the admin has its own permission system
            yield from _named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


# API operations of those apps are named "<app>_<operation>" and tested with the app.
DELEGATED_API_PREFIXES = ("tracking_", "reports_", "portal_", "feedback_", "search_")


def _delegated(name: str) -> bool:
    namespace, _, operation = name.partition(":")
    if namespace == "api":
        return operation.startswith(DELEGATED_API_PREFIXES)
    return namespace in DELEGATED_NAMESPACES


def test_it_covers_every_named_url_in_the_project():
    covered = {name for name, *_ in PAGES}
    ours = {name for name in _named_urls(get_resolver()) if not _delegated(name)}
    assert ours - NOT_PAGES <= covered


def test_each_delegated_namespace_has_its_own_matrix():
    repo_root = Path(__file__).resolve().parents[2]
    used = {name.split(":")[0] for name in _named_urls(get_resolver())}
    for namespace in used & set(DELEGATED_NAMESPACES):
        assert (repo_root / DELEGATED_NAMESPACES[namespace]).is_file(), namespace


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
