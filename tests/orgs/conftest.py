"""The shipped Hưng Yên registry, loaded into the test database once per test module.

Loading takes about a second, and most tests here only read it. Each test still runs in
its own transaction, so whatever a test changes is rolled back to the loaded state; the
module's teardown removes the registry so other test folders start from an empty one.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def _loaded_registry(django_db_setup, django_db_blocker):
    from cchc.audit.models import AuditEntry
    from cchc.orgs.models import SuccessionEvent, Unit
    from cchc.orgs.resolve import invalidate_index
    from cchc.orgs.services import load_shipped_registry

    with django_db_blocker.unblock():
        load_shipped_registry()
    yield
    with django_db_blocker.unblock():
        SuccessionEvent.objects.all().delete()
        Unit.objects.update(parent=None)  # parent is PROTECT; unlink before deleting the whole tree
        Unit.objects.all().delete()
        AuditEntry.objects.filter(action__startswith="orgs.").delete()
    invalidate_index()


@pytest.fixture
def registry(_loaded_registry, db):
    from cchc.orgs.resolve import invalidate_index

    invalidate_index()
    yield
    invalidate_index()


@pytest.fixture
def unit_by_code(registry):
    from cchc.orgs.models import Unit

    return lambda code: Unit.objects.get(code=code)
