"""Signing in and out, lockout after repeated failures, and password change — all audited."""

import pytest
from django.test import Client
from django.urls import reverse

from cchc.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mat-khau-moi-sau-nay-2026"


def sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_it_shows_a_vietnamese_sign_in_form():
    response = Client().get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "Tên đăng nhập" in response.content.decode()


def test_it_signs_in_and_records_it(personas, persona_password):
    client = Client()
    response = sign_in(client, "canbo_a", persona_password)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    entry = AuditEntry.objects.get(action="accounts.user.signed_in")
    assert entry.actor == personas.officer_a


def test_it_keeps_a_wrong_password_on_the_form_with_an_explanation(personas):
    response = sign_in(Client(), "canbo_a", "sai-mat-khau")
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()


def test_it_refuses_a_deactivated_account(personas, persona_password):
    personas.officer_b.is_active = False
    personas.officer_b.save()
    response = sign_in(Client(), "canbo_b", persona_password)
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(action="accounts.user.signed_in").exists()


def test_it_signs_out_only_by_post_and_records_it(client_for, personas):
    client = client_for("officer_a")
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="accounts.user.signed_out", actor=personas.officer_a).exists()
    assert client.get(reverse("web:home")).status_code == 302


def test_it_locks_the_account_after_five_failures_and_records_the_lockout(personas, persona_password):
    client = Client()
    for _attempt in range(4):
        assert sign_in(client, "canbo_a", "sai-mat-khau").status_code == 200
    locked = sign_in(client, "canbo_a", "sai-mat-khau")
    assert locked.status_code == 429
    assert "tạm bị khoá" in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    assert sign_in(client, "canbo_a", persona_password).status_code == 429
    entry = AuditEntry.objects.filter(action="accounts.user.locked_out").first()
    assert entry is not None
    assert entry.changes["username"] == "canbo_a"
    assert entry.object_id == str(personas.officer_a.pk)


def test_it_does_not_lock_other_accounts_when_one_is_locked(personas, persona_password):
    client = Client()
    for _attempt in range(5):
        sign_in(client, "canbo_a", "sai-mat-khau")
    assert sign_in(client, "canbo_b", persona_password).status_code == 302


def test_it_changes_the_password_and_records_it_without_the_password(client_for, personas, persona_password):
    client = client_for("officer_a")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": persona_password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    personas.officer_a.refresh_from_db()
    assert personas.officer_a.check_password(NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="accounts.user.password_changed")
    assert NEW_PASSWORD not in str(entry.changes)
    # The session survives the change.
    assert client.get(reverse("web:home")).status_code == 200


def test_it_keeps_the_password_when_the_old_one_is_wrong(client_for, personas):
    response = client_for("officer_a").post(
        reverse("accounts:password_change"),
        {"old_password": "khong-dung", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(action="accounts.user.password_changed").exists()
