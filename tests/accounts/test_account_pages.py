"""The administrator's account pages, end to end through the views."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from cchc.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Mot-mat-khau-dai-2025"


def test_it_creates_an_account_from_the_form(client_for, personas):
    response = client_for("admin").post(
        reverse("accounts:user_create"),
        {
            "username": "canbo_c",
            "full_name": "Vũ Thị Cúc",
            "email": "",
            "phone": "",
            "role": "unit_officer",
            "unit": personas.unit_b.pk,
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="canbo_c").unit == personas.unit_b


def test_it_shows_the_services_objection_on_the_form(client_for, personas):
    response = client_for("admin").post(
        reverse("accounts:user_create"),
        {
            "username": "canbo_c",
            "role": "unit_officer",
            "unit": "",
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "phải gắn với một cơ quan" in response.content.decode()


def test_it_complains_when_the_two_passwords_differ(client_for, personas):
    response = client_for("admin").post(
        reverse("accounts:user_create"),
        {
            "username": "canbo_c",
            "role": "editor",
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD + "x",
        },
    )
    assert "không khớp" in response.content.decode()


def test_it_refuses_an_officer_posting_to_the_create_form(client_for, personas):
    response = client_for("officer_a").post(
        reverse("accounts:user_create"),
        {"username": "lau", "role": "province_admin", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="lau").exists()


def test_it_changes_a_role_from_the_edit_page(client_for, personas):
    response = client_for("admin").post(
        reverse("accounts:user_edit", args=[personas.editor.pk]),
        {"role": "unit_leader", "unit": personas.unit_b.pk},
    )
    assert response.status_code == 302
    personas.editor.refresh_from_db()
    assert personas.editor.role == "unit_leader"


def test_it_deactivates_from_the_edit_page(client_for, personas):
    response = client_for("admin").post(reverse("accounts:user_deactivate", args=[personas.officer_b.pk]))
    assert response.status_code == 302
    personas.officer_b.refresh_from_db()
    assert not personas.officer_b.is_active


def test_it_explains_why_the_admin_cannot_deactivate_themself(client_for, personas):
    client = client_for("admin")
    response = client.post(reverse("accounts:user_deactivate", args=[personas.admin.pk]), follow=True)
    assert "không thể tự khoá" in response.content.decode()


def test_it_answers_404_for_an_account_that_does_not_exist(client_for, personas):
    assert client_for("admin").get(reverse("accounts:user_edit", args=[999999])).status_code == 404


def test_it_finds_accounts_by_full_name(client_for, personas):
    response = client_for("admin").get(reverse("accounts:user_list"), {"q": "Bình"})
    body = response.content.decode()
    assert "canbo_b" in body
    assert "canbo_a" not in body


def test_it_saves_the_officers_own_contact_details(client_for, personas):
    response = client_for("officer_a").post(
        reverse("accounts:profile"), {"full_name": "Trần Thị An", "email": "an@example.vn", "phone": ""}
    )
    assert response.status_code == 302
    personas.officer_a.refresh_from_db()
    assert personas.officer_a.email == "an@example.vn"
    assert AuditEntry.objects.filter(action="accounts.user.profile_updated").count() == 1
