"""`cchc bootstrap` prepares an installation and can be run again without changing it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.audit.models import AuditEntry
from cchc.orgs.models import Unit

pytestmark = pytest.mark.django_db


def test_it_loads_the_registry_and_creates_the_demo_accounts_once(monkeypatch, capsys):
    monkeypatch.setenv("CCHC_ADMIN_PASSWORD", "mot-mat-khau-du-dai-2024")
    call_command("bootstrap")
    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.role == "province_admin"
    assert admin.check_password("mot-mat-khau-du-dai-2024")
    assert User.objects.get(username="canbo.skhcn").unit.name.startswith("Sở Khoa học và Công nghệ")
    assert AuditEntry.objects.filter(action="accounts.user.created").count() == 5
    counts = (Unit.objects.count(), User.objects.count(), AuditEntry.objects.count())

    call_command("bootstrap")

    assert (Unit.objects.count(), User.objects.count()) == counts[:2]
    assert AuditEntry.objects.filter(action="accounts.user.created").count() == 5
    assert "admin" in capsys.readouterr().out


def test_it_refuses_a_weak_administrator_password_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("CCHC_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError, match="admin"):
        call_command("bootstrap", "--no-demo")
    assert not get_user_model().objects.filter(username="admin").exists()
