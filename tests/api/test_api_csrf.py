"""A browser session writes through the API only with its CSRF token, as on the pages."""

from __future__ import annotations

import pytest
from django.test import Client
from plan_documents import plan_text, upload

pytestmark = pytest.mark.django_db


def test_it_refuses_a_session_write_without_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.officer_a)
    response = client.post("/api/imports", {"files": [upload(plan_text())]})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_it_accepts_a_session_write_with_the_csrf_token(personas):
    from django.middleware.csrf import _get_new_csrf_string

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.officer_a)
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    response = client.post("/api/imports", {"files": [upload(plan_text())]}, HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 201, response.content[:300]


def test_it_needs_no_csrf_token_for_session_reads(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.editor)
    assert client.get("/api/plans").status_code == 200
