"""Shared test base: a small organization tree and the named personas who use it.

    UBND tỉnh (province)
    ├── Sở Nội vụ ................. admin (province administrator)
    ├── Sở Văn hoá (parent of A) .. leader (unit leader: reads the department and A)
    │   └── Trung tâm Văn hoá (A) . officer_a
    └── Sở Tư pháp (B) ............ officer_b
    editor: no unit, edits the public page
    anonymous: a citizen, not signed in

Every view and service is exercised against all of them (see tests/web/test_permissions_matrix.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

# The browser tests' Chromium, pages and sign-in (tests/browser_support.py).
pytest_plugins = ["browser_support"]

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = REPO_ROOT.parent / "shared" / "corpus"

# Every persona signs in with this password in browser and sign-in tests.
PERSONA_PASSWORD = "Kiem-thu-CCHC-2025"

PERSONA_NAMES = ("admin", "officer_a", "officer_b", "leader", "editor", "anonymous")


def pytest_configure(config):
    # pytest-django has loaded settings already, but the static files storage is built lazily,
    # so switching it here still takes effect. The manifest storage would need `collectstatic`
    # before every test run; plain storage serves the files straight from the apps.
    from django.conf import settings

    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    settings.STORAGES["staticfiles"]["BACKEND"] = plain
    os.environ["CCHC_STATICFILES_STORAGE"] = plain
    # Without collectstatic, WhiteNoise must look the files up in the apps, as `runserver` does.
    settings.WHITENOISE_USE_FINDERS = True
    # WhiteNoise warns on every request when the collectstatic folder is missing.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # Real hashing costs about a third of a second per persona; tests need no protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The shared file cache lives in the data folder, which parallel test runs share: each
    # run keeps its own in memory (live_server threads share it too). Django reads CACHES on
    # first use, which comes later.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def pytest_collection_modifyitems(config, items):
    # CI re-runs the database tests against PostgreSQL with `-m db`; every test that touches
    # the database is marked here once, so no test file has to remember the marker.
    for item in items:
        uses_db = item.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
            getattr(item, "fixturenames", ())
        )
        if uses_db:
            item.add_marker(pytest.mark.db)


@dataclass
class Personas:
    province: object
    home_affairs: object
    parent_of_a: object
    unit_a: object
    unit_b: object
    admin: object
    officer_a: object
    officer_b: object
    leader: object
    editor: object
    anonymous: None = None

    def get(self, name: str):
        if name not in PERSONA_NAMES:
            raise KeyError(f"unknown persona {name!r}; known: {', '.join(PERSONA_NAMES)}")
        return getattr(self, name)


def _unit(code: str, name: str, kind: str, parent=None):
    from cchc.orgs.models import Unit

    return Unit.objects.create(code=code, name=name, kind=kind, parent=parent)


def _account(username: str, role: str, unit, full_name: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username, password=PERSONA_PASSWORD, role=role, unit=unit, full_name=full_name
    )


@pytest.fixture
def personas(db) -> Personas:
    from cchc.orgs.models import UnitKind

    province = _unit("kiemthu-ubnd-tinh", "Ủy ban nhân dân tỉnh (kiểm thử)", UnitKind.PROVINCE_COMMITTEE)
    home_affairs = _unit("kiemthu-so-noi-vu", "Sở Nội vụ (kiểm thử)", UnitKind.DEPARTMENT, province)
    parent_of_a = _unit(
        "kiemthu-so-van-hoa", "Sở Văn hóa, Thể thao và Du lịch (kiểm thử)", UnitKind.DEPARTMENT, province
    )
    unit_a = _unit(
        "kiemthu-trung-tam-van-hoa",
        "Trung tâm Văn hóa tỉnh (kiểm thử)",
        UnitKind.PUBLIC_SERVICE_UNIT,
        parent_of_a,
    )
    unit_b = _unit("kiemthu-so-tu-phap", "Sở Tư pháp (kiểm thử)", UnitKind.DEPARTMENT, province)
    return Personas(
        province=province,
        home_affairs=home_affairs,
        parent_of_a=parent_of_a,
        unit_a=unit_a,
        unit_b=unit_b,
        admin=_account("quantri", "province_admin", home_affairs, "Nguyễn Văn Quản"),
        officer_a=_account("canbo_a", "unit_officer", unit_a, "Trần Thị An"),
        officer_b=_account("canbo_b", "unit_officer", unit_b, "Lê Văn Bình"),
        leader=_account("lanhdao", "unit_leader", parent_of_a, "Phạm Minh Lãnh"),
        editor=_account("bientap", "editor", None, "Hoàng Thu Biên"),
    )


@pytest.fixture
def client_for(personas):
    """`client_for("officer_a")` → a test client signed in as that persona
    (`"anonymous"` → a client with nobody signed in)."""
    from django.test import Client

    def make(name: str) -> Client:
        client = Client()
        user = personas.get(name)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def persona_password() -> str:
    return PERSONA_PASSWORD
