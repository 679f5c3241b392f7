"""The plans rules of cchc.accounts.permissions, persona by persona."""

from __future__ import annotations

import pytest

from cchc.accounts.permissions import has_perm

pytestmark = pytest.mark.django_db


def test_every_signed_in_persona_may_read_plans(personas):
    readers = [
        name
        for name in ("admin", "officer_a", "officer_b", "leader", "editor")
        if has_perm(personas.get(name), "plans.view")
    ]
    assert len(readers) == 5
    assert not has_perm(None, "plans.view")


def test_officers_import_for_their_own_unit_only(personas):
    assert has_perm(personas.officer_a, "plans.import", personas.unit_a)
    assert has_perm(personas.officer_a, "plans.import")
    assert not has_perm(personas.officer_a, "plans.import", personas.unit_b)


def test_leaders_and_editors_do_not_import(personas):
    assert not has_perm(personas.leader, "plans.import")
    assert not has_perm(personas.editor, "plans.import")


def test_administrators_import_for_any_unit_or_none(personas):
    assert has_perm(personas.admin, "plans.import", personas.unit_b)
    assert has_perm(personas.admin, "plans.import")


def test_a_plan_is_managed_by_its_units_officers_and_administrators(personas):
    assert has_perm(personas.officer_a, "plans.manage", personas.unit_a)
    assert not has_perm(personas.officer_b, "plans.manage", personas.unit_a)
    assert not has_perm(personas.leader, "plans.manage", personas.unit_a)
    assert has_perm(personas.admin, "plans.manage", personas.unit_a)


def test_a_plan_with_no_unit_is_managed_by_administrators_only(personas):
    assert has_perm(personas.admin, "plans.manage", None)
    assert not has_perm(personas.officer_a, "plans.manage", None)
