"""API tests: uploads in a temporary media folder, jobs run as soon as their transaction commits,
and the own-words plan documents of tests/plans."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The made-up plan documents live beside the plans tests; one copy serves both.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plans"))

from plan_documents import plan_text, upload  # noqa: E402


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def jobs_run_at_commit(settings):
    settings.CCHC_JOBS_INLINE = True
    settings.CCHC_JOB_WORKERS = 0


@pytest.fixture
def import_of_a(personas):
    """A plan document uploaded by officer A and parsed, waiting for review."""
    from cchc.plans.services import import_create, parse_import_item

    [item] = import_create(files=[upload(plan_text())], actor=personas.officer_a)
    return parse_import_item(item.pk)


@pytest.fixture
def plan_of_a(personas, import_of_a):
    from cchc.plans.services import import_confirm

    return import_confirm(item=import_of_a, actor=personas.officer_a)


@pytest.fixture
def api_key_for(personas):
    """`api_key_for("officer_a")` → a fresh API key (in clear) for that persona."""
    from cchc.api.services import api_token_create

    def make(name: str) -> str:
        _token, raw = api_token_create(user=personas.get(name), actor=personas.admin)
        return raw

    return make
