"""Uploads stored in a temporary media folder, and a job runner that runs each job as soon as
its transaction commits."""

from __future__ import annotations

from pathlib import Path

import pytest
from plan_documents import upload


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def jobs_run_at_commit(settings):
    settings.CCHC_JOBS_INLINE = True
    settings.CCHC_JOB_WORKERS = 0


@pytest.fixture
def import_now(django_capture_on_commit_callbacks):
    """`import_now(files, actor, unit=None)` → the items, parsed (their jobs run at 'commit')."""
    from cchc.plans.services import import_create

    def run(files, actor, unit=None):
        with django_capture_on_commit_callbacks(execute=True):
            items = import_create(files=files, actor=actor, unit=unit)
        for item in items:
            item.refresh_from_db()
        return items

    return run


@pytest.fixture
def confirmed_plan(personas, import_now):
    """`confirmed_plan(text, actor=admin)` → a Plan made through the real import and confirmation."""
    from cchc.plans.services import import_confirm

    def make(text: str, actor=None, name: str = "ke-hoach.txt"):
        actor = actor or personas.admin
        [item] = import_now([upload(text, name)], actor, actor.unit)
        return import_confirm(item=item, actor=actor)

    return make
