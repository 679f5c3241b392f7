"""Every page and API operation of the tracking app against every persona (the app's own part of
tests/web/test_permissions_matrix.py, with the same structure).

Assignment of A: task 1 of the test plan, led by unit A (Trung tâm Văn hóa), whose leader is the
leader of Sở Văn hóa. The plan's unit is Sở Nội vụ, so only the administrator may (re)generate.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import get_resolver, reverse

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "officer_a", "officer_b", "leader", "editor", "anonymous")
NAMESPACES = ("tracking",)
API_PREFIX = "tracking_"

SIGNED_IN_200 = {**dict.fromkeys(PERSONAS, 200), "anonymous": "login"}
SIGNED_IN_POST_REDIRECT = {**dict.fromkeys(PERSONAS, 302), "anonymous": "login"}
READ_A = {
    "admin": 200,
    "officer_a": 200,
    "leader": 200,
    "officer_b": 403,
    "editor": 403,
    "anonymous": "login",
}
ACT_A = {**READ_A, "leader": 403}
ACT_A_POST_REDIRECT = {**ACT_A, "admin": 302, "officer_a": 302}
ADMIN_POST_REDIRECT = {**dict.fromkeys(PERSONAS, 403), "admin": 302, "anonymous": "login"}

API_SIGNED_IN = {**dict.fromkeys(PERSONAS, 200), "anonymous": 401}
API_READ_A = {**READ_A, "anonymous": 401}
API_ACT_A_CREATED = {**API_READ_A, "admin": 201, "officer_a": 201, "leader": 403}


def _assignment_of_a(p):
    from cchc.tracking.models import Assignment

    return Assignment.objects.get(plan__number="15/KH-SNV", task__stt="1", role="lead")


def _setup(p):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from tracking_fixtures import build_plan

    from cchc.orgs.models import SuccessionEvent, Unit
    from cchc.tracking.services import assignments_generate, evidence_add, progress_record

    old = Unit.objects.create(
        code="kiemthu-so-ke-hoach-cu",
        name="Sở Kế hoạch và Đầu tư (kiểm thử)",
        kind="department",
        parent=p.province,
        valid_to=date(2025, 2, 28),
    )
    event = SuccessionEvent.objects.create(
        code="kiemthu-hn", kind="merged_into", effective_date=date(2025, 3, 1)
    )
    event.predecessors.add(old)
    event.successors.add(p.unit_b)
    plan = build_plan(p, old)
    assignments_generate(plan=plan, actor=p.admin, today=date(2025, 6, 1))
    entry = progress_record(
        assignment=_assignment_of_a(p), period="2024-H1", status="in_progress", percent=30, actor=p.officer_a
    )
    evidence = evidence_add(
        entry=entry, upload=SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n"), actor=p.officer_a
    )
    return plan, evidence


def assignment_of_a(p):
    _setup(p)
    return [_assignment_of_a(p).pk]


def evidence_of_a(p):
    _, evidence = _setup(p)
    return [evidence.pk]


def plan(p):
    the_plan, _ = _setup(p)
    return [the_plan.pk]


def entry_of_a(p):
    _setup(p)
    return [_assignment_of_a(p).pk, "2024-H1"]


def evidence_upload():
    """A multipart body (built per request: an uploaded file is read once)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"files": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%%EOF\n")}


PROGRESS_BODY = {
    "period": "2024-9M",
    "status": "in_progress",
    "percent": 60,
    "deliverables": [{"kind": "news", "quantity": 4}],
}

# (url name, args from personas or None, method, expected status by persona[, JSON body, or a
# function returning a multipart body])
PAGES = [
    ("tracking:my_tasks", None, "get", SIGNED_IN_200),
    ("tracking:assignment_detail", assignment_of_a, "get", READ_A),
    ("tracking:progress_edit", assignment_of_a, "get", ACT_A),
    ("tracking:evidence_download", evidence_of_a, "get", READ_A),
    ("tracking:evidence_delete", evidence_of_a, "post", ACT_A_POST_REDIRECT),
    ("tracking:plan_progress", plan, "get", SIGNED_IN_200),
    ("tracking:generate", plan, "post", ADMIN_POST_REDIRECT),
    ("tracking:notifications", None, "get", SIGNED_IN_200),
    ("tracking:notifications_read", None, "post", SIGNED_IN_POST_REDIRECT),
    ("api:tracking_list_assignments", None, "get", API_SIGNED_IN),
    ("api:tracking_get_assignment", assignment_of_a, "get", API_READ_A),
    ("api:tracking_record_progress", assignment_of_a, "post", API_ACT_A_CREATED, PROGRESS_BODY),
    ("api:tracking_add_evidence", entry_of_a, "post", API_ACT_A_CREATED, evidence_upload),
    ("api:tracking_download_evidence", evidence_of_a, "get", API_READ_A),
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


def test_it_covers_every_named_url_of_the_tracking_app():
    ours = {name for name in _named_urls(get_resolver()) if _ours(name)}
    assert ours == {page[0] for page in PAGES}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", PAGES, ids=[page[0] for page in PAGES])
def test_it_answers_each_persona_as_the_rules_say(client_for, personas, persona, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    name, args, method, expected, *body = page
    url = reverse(name, args=args(personas) if args else None)
    client = client_for(persona)
    if body and callable(body[0]):
        response = getattr(client, method)(url, data=body[0]())
    elif body:
        response = getattr(client, method)(url, data=json.dumps(body[0]), content_type="application/json")
    else:
        response = getattr(client, method)(url)
    wanted = expected[persona]
    if wanted == "login":
        assert response.status_code == 302, f"{persona} {method.upper()} {url}"
        assert response["Location"].startswith(reverse("accounts:login")), response["Location"]
    else:
        assert response.status_code == wanted, f"{persona} {method.upper()} {url}: {response.content[:300]!r}"
