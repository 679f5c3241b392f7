"""Writes to accounts. Each service checks its permission, changes the data and leaves an
audit entry in the same transaction."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.accounts.models import ROLES_NEEDING_UNIT, Role
from cchc.accounts.permissions import require
from cchc.audit.services import audit_record, field_changes


def _check_role_and_unit(role: str, unit) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Vai trò “%(role)s” không tồn tại.") % {"role": role}})
    if role in ROLES_NEEDING_UNIT and unit is None:
        raise ValidationError({"unit": _("Cán bộ và lãnh đạo đơn vị phải gắn với một cơ quan, đơn vị.")})


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    role: str,
    unit=None,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    is_superuser: bool = False,
    system: bool = False,
):
    """Create a back-office account. Only province administrators may.

    `system=True` is for `cchc bootstrap`, which creates the first administrator of an
    empty installation: there is nobody yet who could hold the permission. It is never
    reachable from a view.
    """
    if not system:
        require(actor, "accounts.manage_users")
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Tên đăng nhập không được để trống.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập “%(name)s” đã có.") % {"name": username}})
    _check_role_and_unit(role, unit)
    user = User(username=username, role=role, unit=unit, full_name=full_name, email=email, phone=phone)
    user.is_superuser = user.is_staff = is_superuser
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="accounts.user.created",
        obj=user,
        changes={
            "username": username,
            "role": role,
            "unit": unit,
            "full_name": full_name,
            "is_superuser": is_superuser,
        },
    )
    return user


@transaction.atomic
def user_update_role(*, actor, user, role: str, unit=None):
    """Give `user` a new role and organization."""
    require(actor, "accounts.manage_users")
    _check_role_and_unit(role, unit)
    if user.pk == actor.pk and role != Role.PROVINCE_ADMIN and not actor.is_superuser:
        # Otherwise the last administrator could lock everyone out of user management.
        raise ValidationError({"role": _("Bạn không thể tự bỏ quyền quản trị của chính mình.")})
    changes = field_changes(user, {"role": role, "unit": unit})
    if not changes:
        return user
    user.role = role
    user.unit = unit
    user.save(update_fields=["role", "unit"])
    audit_record(actor=actor, action="accounts.user.role_changed", obj=user, changes=changes)
    return user


@transaction.atomic
def user_update_profile(*, actor, user, full_name: str, email: str, phone: str):
    """Contact details: the account holder edits their own, an administrator anyone's."""
    if actor.pk != user.pk:
        require(actor, "accounts.manage_users")
    new_values = {"full_name": full_name.strip(), "email": email.strip(), "phone": phone.strip()}
    changes = field_changes(user, new_values)
    if not changes:
        return user
    for name, value in new_values.items():
        setattr(user, name, value)
    user.full_clean()
    user.save(update_fields=list(new_values))
    audit_record(actor=actor, action="accounts.user.profile_updated", obj=user, changes=changes)
    return user


@transaction.atomic
def user_deactivate(*, actor, user):
    """Switch an account off. The account is kept so that its audit history still reads."""
    require(actor, "accounts.manage_users")
    if user.pk == actor.pk:
        raise ValidationError(_("Bạn không thể tự khoá tài khoản của chính mình."))
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor, action="accounts.user.deactivated", obj=user, changes={"is_active": [True, False]}
    )
    return user


@transaction.atomic
def user_reactivate(*, actor, user):
    require(actor, "accounts.manage_users")
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor, action="accounts.user.reactivated", obj=user, changes={"is_active": [False, True]}
    )
    return user


@transaction.atomic
def password_change(*, actor, form):
    """Save a valid `PasswordChangeForm` for its own user and record it (never the password)."""
    if form.user.pk != actor.pk:
        raise ValidationError(_("Chỉ chủ tài khoản được đổi mật khẩu bằng biểu mẫu này."))
    user = form.save()
    audit_record(actor=actor, action="accounts.user.password_changed", obj=user)
    return user


# Sign-in events arrive through auth and axes signals (see cchc.accounts.signals), outside
# any service call, so these record them with the same shape as every other entry.


@transaction.atomic
def record_signed_in(*, user, ip_address: str | None):
    audit_record(actor=user, action="accounts.user.signed_in", obj=user, changes={"ip": ip_address})


@transaction.atomic
def record_signed_out(*, user, ip_address: str | None):
    audit_record(actor=user, action="accounts.user.signed_out", obj=user, changes={"ip": ip_address})


@transaction.atomic
def record_locked_out(*, username: str, ip_address: str | None):
    User = get_user_model()
    account = User.objects.filter(username=username).first() if username else None
    audit_record(
        actor=None,
        action="accounts.user.locked_out",
        obj=account,
        changes={"username": username, "ip": ip_address},
    )
