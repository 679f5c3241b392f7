"""Who may do what: the one rule table of the back office.

Services and selectors call `require(user, perm, obj)` before they touch data, so a
forgotten check in a template or a view can never leak or change anything; templates
call `has_perm` (through the `can` filter) only to hide what the user could not use.

Rules (`obj` is an `orgs.Unit` where the rule names one):

=========================  =====================================================
``orgs.view``              any signed-in, active account
``orgs.manage_registry``   province administrator
``audit.view``             province administrator
``accounts.manage_users``  province administrator
``unit.act``               officer of that very unit; province administrator
``unit.read``              officer of that unit; leader of that unit or of any
                           unit above it; province administrator
``portal.edit``            editor; province administrator
``portal.publish``         province administrator (approve and publish news, make
                           plans public, enter PAR Index / SIPAS results)
``plans.view``             any signed-in, active account
``plans.import``           unit officer (for the own unit); province administrator
``plans.manage``           officer of the plan's unit; province administrator
                           (review, confirm, amend, link a plan to its parent)
``reports.review``         province administrator (return a unit's submitted
                           report for correction)
``feedback.view``          without a unit: province administrator, unit officer
                           or leader (the back-office list); with the handling
                           unit: as ``unit.read``
``feedback.manage``        province administrator (assign, close, reject as spam)
``feedback.handle``        officer of the handling unit; province administrator
                           (start handling, answer)
``dashboard.view``         province administrator; unit officer or leader with a
                           unit (the dashboard: what each sees follows ``unit.read``)
=========================  =====================================================

Superusers count as province administrators. Inactive accounts and anonymous
visitors (citizens) hold none of these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from cchc.accounts.models import Role


def unit_ancestors(unit) -> Iterator:
    """The units above `unit`, nearest first. A cycle in bad data stops the walk
    instead of looping forever."""
    seen = {unit.pk}
    current = unit.parent
    while current is not None and current.pk not in seen:
        yield current
        seen.add(current.pk)
        current = current.parent


def _is_admin(user) -> bool:
    return bool(getattr(user, "is_province_admin", False))


def _signed_in(user, obj) -> bool:
    return True


def _admin_only(user, obj) -> bool:
    return _is_admin(user)


def _can_act_for_unit(user, unit) -> bool:
    if unit is None:
        return False
    if _is_admin(user):
        return True
    return user.role == Role.UNIT_OFFICER and user.unit_id is not None and user.unit_id == unit.pk


def _can_read_unit(user, unit) -> bool:
    if unit is None:
        return False
    if _can_act_for_unit(user, unit):
        return True
    if user.role != Role.UNIT_LEADER or user.unit_id is None:
        return False
    if user.unit_id == unit.pk:
        return True
    return any(ancestor.pk == user.unit_id for ancestor in unit_ancestors(unit))


def _can_edit_portal(user, obj) -> bool:
    return _is_admin(user) or user.role == Role.EDITOR


def _can_import_plans(user, unit) -> bool:
    if _is_admin(user):
        return True
    if user.role != Role.UNIT_OFFICER or user.unit_id is None:
        return False
    return unit is None or unit.pk == user.unit_id


def _can_view_feedback(user, unit) -> bool:
    if unit is None:
        return _is_admin(user) or (
            user.unit_id is not None and user.role in (Role.UNIT_OFFICER, Role.UNIT_LEADER)
        )
    return _can_read_unit(user, unit)


def _can_view_dashboard(user, obj) -> bool:
    return _is_admin(user) or (
        user.unit_id is not None and user.role in (Role.UNIT_OFFICER, Role.UNIT_LEADER)
    )


def _can_manage_plans(user, unit) -> bool:
    # A plan whose issuer is not in the registry belongs to nobody in particular: administrators only.
    return _is_admin(user) or _can_act_for_unit(user, unit)


RULES: dict[str, Callable] = {
    "orgs.view": _signed_in,
    "orgs.manage_registry": _admin_only,
    "audit.view": _admin_only,
    "accounts.manage_users": _admin_only,
    "unit.act": _can_act_for_unit,
    "reports.review": _admin_only,
    "unit.read": _can_read_unit,
    "portal.edit": _can_edit_portal,
    "portal.publish": _admin_only,
    "plans.view": _signed_in,
    "dashboard.view": _can_view_dashboard,
    "plans.import": _can_import_plans,
    "plans.manage": _can_manage_plans,
    "feedback.view": _can_view_feedback,
    "feedback.manage": _admin_only,
    "feedback.handle": _can_act_for_unit,
}

DENIED_MESSAGES = {
    "orgs.view": _("Vui lòng đăng nhập để xem danh mục cơ quan, đơn vị."),
    "orgs.manage_registry": _("Chỉ quản trị cấp tỉnh (Sở Nội vụ) được sửa danh mục cơ quan, đơn vị."),
    "audit.view": _("Chỉ quản trị cấp tỉnh (Sở Nội vụ) được xem nhật ký thao tác."),
    "accounts.manage_users": _("Chỉ quản trị cấp tỉnh (Sở Nội vụ) được quản lý tài khoản người dùng."),
    "unit.act": _("Bạn không được thao tác thay cho cơ quan, đơn vị này."),
    "reports.review": _("Chỉ quản trị cấp tỉnh (Sở Nội vụ) được trả lại báo cáo để đơn vị sửa."),
    "unit.read": _("Bạn không có quyền xem dữ liệu của cơ quan, đơn vị này."),
    "portal.edit": _("Chỉ biên tập viên hoặc quản trị cấp tỉnh được sửa nội dung trang công khai."),
    "portal.publish": _("Chỉ quản trị cấp tỉnh (Sở Nội vụ) được duyệt, xuất bản nội dung trang công khai."),
    "plans.view": _("Vui lòng đăng nhập để xem kế hoạch."),
    "dashboard.view": _("Chỉ quản trị cấp tỉnh, cán bộ và lãnh đạo đơn vị được xem trang thống kê."),
    "plans.import": _("Chỉ cán bộ đơn vị (cho đơn vị mình) hoặc quản trị cấp tỉnh được nhập kế hoạch."),
    "plans.manage": _(
        "Chỉ cán bộ của đơn vị ban hành hoặc quản trị cấp tỉnh được rà soát, sửa kế hoạch này."
    ),
    "feedback.view": _("Bạn không có quyền xem phản ánh, kiến nghị này."),
    "feedback.manage": _("Chỉ quản trị cấp tỉnh (Sở Nội vụ) được phân công, đóng phản ánh, kiến nghị."),
    "feedback.handle": _("Chỉ cán bộ của đơn vị được giao xử lý mới trả lời được phản ánh, kiến nghị này."),
}


def has_perm(user, perm: str, obj=None) -> bool:
    """True when `user` holds `perm` (on `obj` where the rule needs one).

    An unknown permission name is a programming error, not a refusal, so it raises.
    """
    try:
        rule = RULES[perm]
    except KeyError:
        raise ValueError(f"unknown permission {perm!r}; known: {', '.join(sorted(RULES))}") from None
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(rule(user, obj))


def require(user, perm: str, obj=None) -> None:
    """Raise PermissionDenied with a Vietnamese explanation unless `user` holds `perm`."""
    if not has_perm(user, perm, obj):
        raise PermissionDenied(DENIED_MESSAGES[perm])


def units_readable_by(user):
    """The units whose data `user` may read ("unit.read"), as a queryset for selectors to
    filter by: everything for administrators, the own unit for officers, the own unit and
    everything below it for leaders, nothing for anyone else."""
    from cchc.orgs.models import Unit

    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Unit.objects.none()
    if _is_admin(user):
        return Unit.objects.all()
    if user.unit_id is None or user.role not in (Role.UNIT_OFFICER, Role.UNIT_LEADER):
        return Unit.objects.none()
    if user.role == Role.UNIT_OFFICER:
        return Unit.objects.filter(pk=user.unit_id)
    children_of: dict[int, list[int]] = {}
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children_of.setdefault(parent_id, []).append(pk)
    subtree, frontier = {user.unit_id}, [user.unit_id]
    while frontier:
        for child in children_of.get(frontier.pop(), ()):
            if child not in subtree:  # a cycle in bad data must not loop forever
                subtree.add(child)
                frontier.append(child)
    return Unit.objects.filter(pk__in=subtree)
