"""The "Khóa API" page: every signed-in user makes and revokes their own keys; the key is shown
once, on the answer to the creating POST, and each change is audited."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from cchc.api.models import ApiToken
from cchc.api.services import api_token_create, token_hash
from cchc.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

KEY_RE = re.compile(r'value="(cchc_[A-Za-z0-9_-]+)"')


def _create(client, name="Kịch bản báo cáo tuần"):
    return client.post(reverse("accounts:api_token_create"), {"name": name})


@pytest.mark.parametrize("persona", ["admin", "officer_a", "leader", "editor"])
def test_each_signed_in_persona_gets_a_working_key_shown_once(client_for, personas, persona):
    client = client_for(persona)
    response = _create(client)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    [key] = KEY_RE.findall(response.content.decode())
    token = ApiToken.objects.get(user=personas.get(persona))
    assert token.token_hash == token_hash(key) and token.name == "Kịch bản báo cáo tuần"
    # The list shows the prefix, never the key again.
    again = client.get(reverse("accounts:api_tokens")).content.decode()
    assert token.prefix in again and key not in again
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/plans").status_code == 200


def test_creating_a_key_is_audited_as_the_user(client_for, personas):
    _create(client_for("officer_a"))
    entry = AuditEntry.objects.get(action="api.token.created")
    assert entry.actor == personas.officer_a


def test_the_list_shows_only_the_users_own_keys(client_for, personas):
    theirs, _ = api_token_create(user=personas.officer_b, actor=personas.officer_b, name="của B")
    mine, _ = api_token_create(user=personas.officer_a, actor=personas.officer_a, name="của A")
    page = client_for("officer_a").get(reverse("accounts:api_tokens")).content.decode()
    assert mine.prefix in page and "của A" in page
    assert theirs.prefix not in page and "của B" not in page


def test_revoking_a_key_stops_it_and_is_audited(client_for, personas):
    token, key = api_token_create(user=personas.officer_a, actor=personas.officer_a)
    client = client_for("officer_a")
    response = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:api_tokens")
    token.refresh_from_db()
    assert token.revoked
    assert AuditEntry.objects.filter(action="api.token.revoked", actor=personas.officer_a).count() == 1
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/plans").status_code == 401
    page = client.get(reverse("accounts:api_tokens")).content.decode()
    assert "Đã thu hồi" in page and "Đã thu hồi khóa" in page  # the badge and the message


def test_nobody_revokes_another_officers_key(client_for, personas):
    token, _ = api_token_create(user=personas.officer_b, actor=personas.officer_b)
    response = client_for("officer_a").post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert response.status_code == 403
    token.refresh_from_db()
    assert not token.revoked
    assert not AuditEntry.objects.filter(action="api.token.revoked").exists()


def test_an_over_long_name_is_refused_on_the_form(client_for):
    response = _create(client_for("officer_a"), name="x" * 121)
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    assert not KEY_RE.search(response.content.decode())


def test_a_citizen_is_sent_to_sign_in(client_for):
    response = _create(client_for("anonymous"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert not ApiToken.objects.exists()


def test_the_profile_links_to_the_page(client_for):
    page = client_for("editor").get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:api_tokens") in page
