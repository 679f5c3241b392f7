"""Django's admin shows the audit log but never lets anyone alter it."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cchc.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client():
    root = get_user_model().objects.create_superuser(username="goc", password="Mat-khau-goc-dai-2025")
    client = Client()
    client.force_login(root)
    return client, root


def test_it_lists_entries_in_the_admin(superuser_client):
    client, root = superuser_client
    audit_record(actor=root, action="orgs.unit.renamed")
    response = client.get(reverse("admin:audit_auditentry_changelist"))
    assert response.status_code == 200
    assert "orgs.unit.renamed" in response.content.decode()


def test_it_offers_no_way_to_add_an_entry(superuser_client):
    client, _root = superuser_client
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403


def test_it_offers_no_way_to_delete_an_entry(superuser_client):
    client, root = superuser_client
    entry = audit_record(actor=root, action="orgs.unit.renamed")
    assert (
        client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )


def test_it_shows_role_and_unit_in_the_user_admin(superuser_client):
    client, root = superuser_client
    body = client.get(reverse("admin:accounts_user_change", args=[root.pk])).content.decode()
    assert 'name="role"' in body
    assert 'name="unit"' in body
