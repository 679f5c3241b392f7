"""The audit selectors refuse everyone but province administrators, whatever the view does."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from cchc.audit import selectors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "leader", "editor", "anonymous"])
def test_it_refuses_the_entries_to_non_admins(personas, persona):
    with pytest.raises(PermissionDenied):
        selectors.audit_entries(actor=personas.get(persona) or AnonymousUser())


@pytest.mark.parametrize("persona", ["officer_a", "leader", "anonymous"])
def test_it_refuses_the_object_type_list_to_non_admins(personas, persona):
    with pytest.raises(PermissionDenied):
        selectors.audit_object_types(actor=personas.get(persona) or AnonymousUser())


def test_it_lists_object_types_once_each(personas):
    from cchc.accounts import services

    services.user_deactivate(actor=personas.admin, user=personas.officer_a)
    services.user_deactivate(actor=personas.admin, user=personas.officer_b)
    assert selectors.audit_object_types(actor=personas.admin) == ["accounts.user"]
