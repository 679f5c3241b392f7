"""Every endpoint against every persona: the API answers as the pages do."""

from __future__ import annotations

import pytest
from plan_documents import plan_text, upload

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "officer_a", "officer_b", "leader", "editor", "anonymous")
SIGNED_IN = {"admin": 200, "officer_a": 200, "officer_b": 200, "leader": 200, "editor": 200, "anonymous": 401}
# An import is its uploader's unit's business (and the administrators').
UNIT_A_ONLY = {
    "admin": 200,
    "officer_a": 200,
    "officer_b": 403,
    "leader": 403,
    "editor": 403,
    "anonymous": 401,
}
# Officers import for their own unit; leaders and editors import nothing.
IMPORTERS = {"admin": 201, "officer_a": 201, "officer_b": 201, "leader": 403, "editor": 403, "anonymous": 401}


def _plan(p, import_of_a):
    from cchc.plans.services import import_confirm

    return import_confirm(item=import_of_a, actor=p.officer_a)


READS = [
    ("/api/plans", SIGNED_IN),
    ("/api/plans?year=2025&q=tuy%C3%AAn", SIGNED_IN),
    ("/api/plans/{plan}", SIGNED_IN),
    ("/api/plans/{plan}/tasks", SIGNED_IN),
    ("/api/legal-documents", SIGNED_IN),
    ("/api/legal-documents/{document}", SIGNED_IN),
    ("/api/imports/{item}", UNIT_A_ONLY),
    ("/api/orgs/resolve?name=S%E1%BB%9F+T%C6%B0+ph%C3%A1p", SIGNED_IN),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("template", "expected"), READS, ids=[r[0] for r in READS])
def test_it_answers_each_reader_as_the_rules_say(
    client_for, personas, import_of_a, plan_of_a, persona, template, expected
):
    from cchc.plans.models import LegalDocument

    url = template.format(plan=plan_of_a.pk, item=import_of_a.pk, document=LegalDocument.objects.get().pk)
    response = client_for(persona).get(url)
    assert response.status_code == expected[persona], (persona, url, response.content[:300])
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_importers_upload(client_for, persona):
    response = client_for(persona).post("/api/imports", {"files": [upload(plan_text())]})
    assert response.status_code == IMPORTERS[persona], response.content[:300]


CONFIRM = {"admin": 200, "officer_a": 200, "officer_b": 403, "leader": 403, "editor": 403, "anonymous": 401}


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_the_unit_and_administrators_confirm_an_import(client_for, import_of_a, persona):
    response = client_for(persona).post(f"/api/imports/{import_of_a.pk}/confirm")
    assert response.status_code == CONFIRM[persona], response.content[:300]


def test_it_explains_a_refusal_in_vietnamese(client_for, import_of_a):
    response = client_for("leader").post(f"/api/imports/{import_of_a.pk}/confirm")
    assert response.status_code == 403
    assert "quyền" in response.json()["detail"] or "Chỉ" in response.json()["detail"]


def test_it_tells_anonymous_callers_how_to_sign_in(client_for):
    response = client_for("anonymous").get("/api/plans")
    assert response.status_code == 401
    assert "khóa API" in response.json()["detail"]


def test_it_answers_404_in_json_for_a_missing_plan(client_for):
    response = client_for("officer_b").get("/api/plans/999999")
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def test_it_answers_404_for_a_missing_legal_document(client_for):
    assert client_for("leader").get("/api/legal-documents/424242").status_code == 404


def test_it_answers_404_for_a_missing_import(client_for):
    assert client_for("admin").get("/api/imports/424242").status_code == 404


def test_it_rejects_a_non_numeric_year_with_a_400(client_for):
    response = client_for("editor").get("/api/plans?year=nam-nay")
    assert response.status_code == 400
    assert "year" in response.json()["detail"]


def test_it_rejects_a_bad_resolve_date_with_a_400(client_for):
    response = client_for("editor").get("/api/orgs/resolve?name=S%E1%BB%9F&on=31-12-2025")
    assert response.status_code == 400


def test_it_rejects_an_unknown_resolve_issuer_with_a_400(client_for):
    response = client_for("editor").get(
        "/api/orgs/resolve?name=Ph%C3%B2ng+N%E1%BB%99i+v%E1%BB%A5&issuer=999999"
    )
    assert response.status_code == 400
    assert "999999" in response.json()["detail"]


def test_it_rejects_an_upload_of_an_unsupported_file_with_a_400(client_for):
    response = client_for("officer_a").post("/api/imports", {"files": [upload("x", name="virus.exe")]})
    assert response.status_code == 400
    assert "virus.exe" in response.json()["detail"]


def test_it_returns_the_same_plan_when_an_import_is_confirmed_twice(client_for, import_of_a):
    first = client_for("officer_a").post(f"/api/imports/{import_of_a.pk}/confirm").json()
    again = client_for("officer_a").post(f"/api/imports/{import_of_a.pk}/confirm").json()
    assert first["id"] == again["id"]
