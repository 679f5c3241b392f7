"""The rule table in cchc.accounts.permissions, persona by persona."""

import pytest
from django.core.exceptions import PermissionDenied

from cchc.accounts.permissions import RULES, has_perm, require, unit_ancestors

pytestmark = pytest.mark.django_db


def holders(personas, perm, obj=None):
    names = ("admin", "officer_a", "officer_b", "leader", "editor", "anonymous")
    return {name for name in names if has_perm(personas.get(name), perm, obj)}


def test_it_lets_every_signed_in_persona_view_the_registry(personas):
    assert holders(personas, "orgs.view") == {"admin", "officer_a", "officer_b", "leader", "editor"}


@pytest.mark.parametrize("perm", ["orgs.manage_registry", "audit.view", "accounts.manage_users"])
def test_it_keeps_administrative_permissions_for_the_province_admin(personas, perm):
    assert holders(personas, perm) == {"admin"}


def test_it_lets_only_the_units_own_officer_and_the_admin_act_for_it(personas):
    assert holders(personas, "unit.act", personas.unit_a) == {"admin", "officer_a"}
    assert holders(personas, "unit.act", personas.unit_b) == {"admin", "officer_b"}


def test_it_does_not_let_a_leader_act_for_the_unit_below(personas):
    assert not has_perm(personas.leader, "unit.act", personas.unit_a)


def test_it_lets_a_leader_read_the_units_below_but_not_beside(personas):
    assert holders(personas, "unit.read", personas.unit_a) == {"admin", "officer_a", "leader"}
    assert holders(personas, "unit.read", personas.parent_of_a) == {"admin", "leader"}
    assert holders(personas, "unit.read", personas.unit_b) == {"admin", "officer_b"}


def test_it_lets_a_leader_read_units_several_levels_down(personas):
    from cchc.orgs.models import Unit, UnitKind

    grandchild = Unit.objects.create(
        code="kiemthu-phong", name="Phòng nghiệp vụ", kind=UnitKind.INTERNAL_DIVISION, parent=personas.unit_a
    )
    assert has_perm(personas.leader, "unit.read", grandchild)
    assert not has_perm(personas.officer_a, "unit.read", grandchild)


def test_it_lets_editors_and_the_admin_edit_the_public_page(personas):
    assert holders(personas, "portal.edit") == {"admin", "editor"}


def test_it_treats_a_superuser_without_role_as_province_admin(personas):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser(username="goc", password="x-Very-long-pass-1")
    assert all(has_perm(root, perm, personas.unit_b) for perm in RULES)


def test_it_refuses_everything_to_a_deactivated_administrator(personas):
    personas.admin.is_active = False
    personas.admin.save()
    assert not any(has_perm(personas.admin, perm, personas.unit_a) for perm in RULES)


def test_it_refuses_unit_permissions_when_no_unit_is_given(personas):
    assert not has_perm(personas.admin, "unit.act", None)
    assert not has_perm(personas.officer_a, "unit.read", None)


def test_it_raises_permission_denied_with_a_vietnamese_reason(personas):
    with pytest.raises(PermissionDenied, match="Sở Nội vụ"):
        require(personas.officer_a, "audit.view")


def test_it_passes_silently_when_the_permission_is_held(personas):
    assert require(personas.officer_a, "unit.act", personas.unit_a) is None


def test_it_rejects_an_unknown_permission_name_as_a_programming_error(personas):
    with pytest.raises(ValueError, match="unknown permission"):
        has_perm(personas.admin, "orgs.delete_everything")


def test_it_stops_walking_ancestors_at_a_cycle(personas):
    # Bad data (A's parent points back down to A's child) must not hang the permission check.
    from cchc.orgs.models import Unit, UnitKind

    child = Unit.objects.create(
        code="kiemthu-vong", name="Đơn vị vòng lặp", kind=UnitKind.OTHER, parent=personas.unit_a
    )
    Unit.objects.filter(pk=personas.unit_a.pk).update(parent=child)
    personas.unit_a.refresh_from_db()
    assert [u.pk for u in unit_ancestors(personas.unit_a)] == [child.pk]
    assert not has_perm(personas.leader, "unit.read", personas.unit_a)


def readable(personas, name):
    from cchc.accounts.permissions import units_readable_by

    return set(units_readable_by(personas.get(name)))


def test_it_gives_selectors_the_same_units_the_rule_allows(personas):
    from cchc.orgs.models import Unit

    for name in ("admin", "officer_a", "officer_b", "leader", "editor", "anonymous"):
        allowed = {unit for unit in Unit.objects.all() if has_perm(personas.get(name), "unit.read", unit)}
        assert readable(personas, name) == allowed, name


def test_it_lists_the_leaders_whole_subtree(personas):
    assert readable(personas, "leader") == {personas.parent_of_a, personas.unit_a}
