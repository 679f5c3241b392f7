"""Security headers on an ordinary page (settings turn them on; these tests keep them on)."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_in_page():
    return Client().get(reverse("accounts:login"))


def test_it_sends_a_content_security_policy_without_inline_script(sign_in_page):
    policy = sign_in_page["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_it_forbids_framing(sign_in_page):
    assert sign_in_page["X-Frame-Options"] == "DENY"


def test_it_forbids_content_type_sniffing(sign_in_page):
    assert sign_in_page["X-Content-Type-Options"] == "nosniff"


def test_it_protects_forms_with_a_csrf_token(sign_in_page):
    assert 'name="csrfmiddlewaretoken"' in sign_in_page.content.decode()


def test_it_rejects_a_sign_in_post_without_csrf_token(personas, persona_password):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "quantri", "password": persona_password})
    assert response.status_code == 403


def test_it_keeps_session_cookies_away_from_scripts(personas, persona_password):
    client = Client()
    client.post(reverse("accounts:login"), {"username": "quantri", "password": persona_password})
    session_cookie = client.cookies["sessionid"]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"


def test_it_marks_cookies_secure_and_sends_hsts_when_served_over_https(settings, personas, persona_password):
    # Settings derive these from CCHC_HTTPS; here the derived values are applied directly.
    settings.SESSION_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "quantri", "password": persona_password}, secure=True
    )
    assert client.cookies["sessionid"]["secure"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
