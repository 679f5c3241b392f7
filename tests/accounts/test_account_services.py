"""Account services: permission first, then the change, then the audit entry."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from cchc.accounts import services
from cchc.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Mot-mat-khau-dai-2025"


def test_it_creates_an_officer_and_records_who_did_it(personas):
    user = services.user_create(
        actor=personas.admin,
        username="canbo_moi",
        password=GOOD_PASSWORD,
        role="unit_officer",
        unit=personas.unit_b,
        full_name="Đỗ Văn Mới",
    )
    assert user.check_password(GOOD_PASSWORD)
    entry = AuditEntry.objects.get(action="accounts.user.created")
    assert entry.actor == personas.admin
    assert entry.object_id == str(user.pk)
    assert entry.changes["role"] == "unit_officer"
    assert "password" not in str(entry.changes).lower()


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "leader", "editor", "anonymous"])
def test_it_refuses_account_creation_to_anyone_but_the_admin(personas, persona):
    with pytest.raises(PermissionDenied):
        services.user_create(actor=personas.get(persona), username="x", password=GOOD_PASSWORD, role="editor")
    assert not get_user_model().objects.filter(username="x").exists()


def test_it_rejects_an_officer_without_a_unit(personas):
    with pytest.raises(ValidationError) as error:
        services.user_create(
            actor=personas.admin, username="lac", password=GOOD_PASSWORD, role="unit_officer"
        )
    assert "unit" in error.value.message_dict


def test_it_rejects_a_weak_password(personas):
    with pytest.raises(ValidationError):
        services.user_create(actor=personas.admin, username="yeu", password="123", role="editor")
    assert not AuditEntry.objects.filter(action="accounts.user.created").exists()


def test_it_rejects_a_username_already_taken_in_another_case(personas):
    with pytest.raises(ValidationError) as error:
        services.user_create(actor=personas.admin, username="CANBO_A", password=GOOD_PASSWORD, role="editor")
    assert "username" in error.value.message_dict


def test_it_rejects_an_unknown_role(personas):
    with pytest.raises(ValidationError) as error:
        services.user_create(actor=personas.admin, username="la", password=GOOD_PASSWORD, role="king")
    assert "role" in error.value.message_dict


def test_it_records_the_old_and_new_role_and_unit(personas):
    services.user_update_role(
        actor=personas.admin, user=personas.officer_a, role="unit_leader", unit=personas.unit_b
    )
    personas.officer_a.refresh_from_db()
    assert (personas.officer_a.role, personas.officer_a.unit) == ("unit_leader", personas.unit_b)
    entry = AuditEntry.objects.get(action="accounts.user.role_changed")
    assert entry.changes["role"] == ["unit_officer", "unit_leader"]
    assert entry.changes["unit"][1]["id"] == personas.unit_b.pk


def test_it_records_nothing_when_the_role_does_not_change(personas):
    services.user_update_role(
        actor=personas.admin, user=personas.officer_a, role="unit_officer", unit=personas.unit_a
    )
    assert not AuditEntry.objects.filter(action="accounts.user.role_changed").exists()


def test_it_refuses_role_changes_to_a_leader(personas):
    with pytest.raises(PermissionDenied):
        services.user_update_role(actor=personas.leader, user=personas.officer_a, role="province_admin")


def test_it_stops_the_admin_from_dropping_their_own_admin_role(personas):
    with pytest.raises(ValidationError):
        services.user_update_role(actor=personas.admin, user=personas.admin, role="editor")


def test_it_deactivates_an_account_and_records_it(personas):
    services.user_deactivate(actor=personas.admin, user=personas.officer_b)
    personas.officer_b.refresh_from_db()
    assert not personas.officer_b.is_active
    assert AuditEntry.objects.filter(
        action="accounts.user.deactivated", object_id=str(personas.officer_b.pk)
    ).exists()


def test_it_stops_the_admin_from_deactivating_themself(personas):
    with pytest.raises(ValidationError):
        services.user_deactivate(actor=personas.admin, user=personas.admin)


def test_it_refuses_deactivation_to_an_officer(personas):
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=personas.officer_a, user=personas.officer_b)


def test_it_reactivates_an_account(personas):
    services.user_deactivate(actor=personas.admin, user=personas.officer_b)
    services.user_reactivate(actor=personas.admin, user=personas.officer_b)
    personas.officer_b.refresh_from_db()
    assert personas.officer_b.is_active
    assert AuditEntry.objects.filter(action="accounts.user.reactivated").count() == 1


def test_it_lets_an_officer_update_their_own_contact_details(personas):
    services.user_update_profile(
        actor=personas.officer_a,
        user=personas.officer_a,
        full_name="Trần Thị An",
        email="an@example.vn",
        phone="0221 3 862 000",
    )
    entry = AuditEntry.objects.get(action="accounts.user.profile_updated")
    assert entry.changes == {"email": ["", "an@example.vn"], "phone": ["", "0221 3 862 000"]}


def test_it_refuses_an_officer_editing_someone_elses_details(personas):
    with pytest.raises(PermissionDenied):
        services.user_update_profile(
            actor=personas.officer_a, user=personas.officer_b, full_name="", email="", phone=""
        )


ADMIN_SERVICES = {
    "user_update_role": lambda actor, p: services.user_update_role(
        actor=actor, user=p.officer_b, role="editor"
    ),
    "user_deactivate": lambda actor, p: services.user_deactivate(actor=actor, user=p.officer_b),
    "user_reactivate": lambda actor, p: services.user_reactivate(actor=actor, user=p.officer_b),
    # Someone other than the actor: editing one's own details is allowed.
    "user_update_profile of another": lambda actor, p: services.user_update_profile(
        actor=actor,
        user=p.officer_a if actor == p.officer_b else p.officer_b,
        full_name="X",
        email="",
        phone="",
    ),
}


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "leader", "editor", "anonymous"])
@pytest.mark.parametrize("service", ADMIN_SERVICES)
def test_it_refuses_every_account_service_to_non_admins_and_records_nothing(personas, persona, service):
    actor = personas.get(persona)
    if actor is None:
        from django.contrib.auth.models import AnonymousUser

        actor = AnonymousUser()
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        ADMIN_SERVICES[service](actor, personas)
    assert AuditEntry.objects.count() == before
