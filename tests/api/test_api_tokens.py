"""Scripts authenticate with `Authorization: Bearer <key>`; keys are hashed, audited and revocable."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

pytestmark = pytest.mark.django_db


def _bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def test_it_accepts_a_valid_key_as_its_user(api_key_for):
    assert _bearer(api_key_for("leader")).get("/api/plans").status_code == 200


def test_it_applies_the_key_owners_permissions(api_key_for, import_of_a):
    assert _bearer(api_key_for("officer_b")).get(f"/api/imports/{import_of_a.pk}").status_code == 403


def test_it_rejects_an_unknown_key_with_a_401():
    assert _bearer("cchc_khong-phai-khoa-that").get("/api/plans").status_code == 401


def test_it_rejects_a_revoked_key(personas, api_key_for):
    from cchc.api.models import ApiToken
    from cchc.api.services import api_token_revoke

    key = api_key_for("officer_a")
    api_token_revoke(token=ApiToken.objects.get(user=personas.officer_a), actor=personas.officer_a)
    assert _bearer(key).get("/api/plans").status_code == 401


def test_it_rejects_the_key_of_a_deactivated_account(personas, api_key_for):
    key = api_key_for("officer_a")
    personas.officer_a.is_active = False
    personas.officer_a.save()
    assert _bearer(key).get("/api/plans").status_code == 401


def test_it_stores_only_a_hash_of_the_key(api_key_for):
    from cchc.api.models import ApiToken

    key = api_key_for("editor")
    stored = ApiToken.objects.get()
    assert key not in {stored.token_hash, stored.prefix}
    assert key.startswith(stored.prefix)


def test_it_records_when_a_key_was_last_used(api_key_for):
    from cchc.api.models import ApiToken

    _bearer(api_key_for("editor")).get("/api/legal-documents")
    assert ApiToken.objects.get().last_used_at is not None


def test_it_needs_no_csrf_token_for_writes_with_a_key(api_key_for):
    from plan_documents import plan_text, upload

    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {api_key_for('officer_a')}")
    assert client.post("/api/imports", {"files": [upload(plan_text())]}).status_code == 201


def test_it_audits_creating_and_revoking_a_key(personas, api_key_for):
    from cchc.api.models import ApiToken
    from cchc.api.services import api_token_revoke
    from cchc.audit.models import AuditEntry

    api_key_for("officer_a")
    api_token_revoke(token=ApiToken.objects.get(), actor=personas.admin)
    actions = list(
        AuditEntry.objects.filter(action__startswith="api.token.").values_list("action", flat=True)
    )
    assert sorted(actions) == ["api.token.created", "api.token.revoked"]


def test_it_refuses_to_let_an_officer_create_a_key_for_someone_else(personas):
    from cchc.api.services import api_token_create

    with pytest.raises(PermissionDenied):
        api_token_create(user=personas.officer_b, actor=personas.officer_a)


def test_it_lets_an_officer_create_a_key_for_themselves(personas):
    from cchc.api.services import api_token_create

    token, _raw = api_token_create(user=personas.officer_a, actor=personas.officer_a, name="kịch bản báo cáo")
    assert token.user == personas.officer_a


def test_the_command_prints_a_working_key(personas):
    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "api-token", "create", personas.leader.username, "--name", "thử", stdout=out, stderr=io.StringIO()
    )
    key = out.getvalue().strip()
    assert _bearer(key).get("/api/plans").status_code == 200


def test_the_command_revokes_a_key_by_its_prefix(personas, api_key_for):
    from django.core.management import call_command

    from cchc.api.models import ApiToken

    key = api_key_for("leader")
    call_command("api-token", "revoke", ApiToken.objects.get().prefix, stdout=io.StringIO())
    assert _bearer(key).get("/api/plans").status_code == 401


def test_the_command_reports_an_unknown_user_clearly(personas):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="khong-ai"):
        call_command("api-token", "create", "khong-ai", stdout=io.StringIO())
