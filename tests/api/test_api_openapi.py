"""The API documents itself: a valid OpenAPI schema and a docs page that loads nothing from outside."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("get", "/api/plans"),
    ("get", "/api/plans/{plan_id}"),
    ("get", "/api/plans/{plan_id}/tasks"),
    ("get", "/api/legal-documents"),
    ("get", "/api/legal-documents/{document_id}"),
    ("post", "/api/imports"),
    ("get", "/api/imports/{item_id}"),
    ("post", "/api/imports/{item_id}/confirm"),
    ("get", "/api/orgs/resolve"),
}


@pytest.fixture
def schema() -> dict:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"]


def test_the_schema_lists_every_operation(schema):
    listed = {(method, path) for path, methods in schema["paths"].items() for method in methods}
    assert OPERATIONS <= listed


def test_every_operation_documents_its_errors_and_both_ways_to_sign_in(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert {"401", "403", "404"} <= set(operation["responses"]), (method, path)
            schemes = {name for requirement in operation["security"] for name in requirement}
            assert {"ApiKey", "SessionWithCsrf"} <= schemes, (method, path)


def test_every_schema_reference_resolves(schema):
    defined = set(schema["components"]["schemas"])
    references = set(re.findall(r'"#/components/schemas/([^"]+)"', str(schema).replace("'", '"')))
    assert references <= defined


def test_the_upload_is_documented_as_multipart(schema):
    body = schema["paths"]["/api/imports"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in body


def test_the_docs_page_loads_only_local_assets():
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "external asset on the docs page"
    for asset in re.findall(r"""(?:src|href)=["']/static/([^"']+)["']""", html):
        assert finders.find(asset), f"missing static file {asset}"


def test_the_docs_page_runs_no_inline_script():
    html = Client().get("/api/docs").content.decode()
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        assert "src=" in attributes or "application/json" in attributes or not body.strip()


def test_the_docs_page_is_served_under_the_strict_csp():
    response = Client().get("/api/docs")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
