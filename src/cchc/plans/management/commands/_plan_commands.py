"""What the plan commands share: who acts, and finding plans and units by ID with clear errors."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db.models import Q

from cchc.orgs.models import Unit
from cchc.plans.models import Plan


def actor_for(username: str | None):
    users = get_user_model().objects.filter(is_active=True)
    if username:
        found = users.filter(username=username).first()
        if found is None:
            raise CommandError(f"Không có tài khoản đang hoạt động tên {username!r}.")
        return found
    found = users.filter(Q(is_superuser=True) | Q(role="province_admin")).order_by("pk").first()
    if found is None:
        raise CommandError(
            "Chưa có tài khoản quản trị cấp tỉnh. Tạo một tài khoản (cchc createsuperuser) hoặc dùng --user."
        )
    return found


def plan_by_id(pk) -> Plan:
    plan = Plan.objects.select_related("current_version", "issuer_unit").filter(pk=pk).first()
    if plan is None:
        raise CommandError(f"Không có kế hoạch có ID {pk}. Xem danh sách tại trang Kế hoạch.")
    if plan.current_version_id is None:
        raise CommandError(f"Kế hoạch ID {pk} chưa có nội dung (chưa có phiên bản nào).")
    return plan


def unit_by_id_or_code(value: str) -> Unit:
    unit = None
    if str(value).isdigit():
        unit = Unit.objects.filter(pk=int(value)).first()
    if unit is None:
        unit = Unit.objects.filter(code=value).first()
    if unit is None:
        raise CommandError(
            f"Không có đơn vị có ID hoặc mã {value!r}. Xem danh mục bằng: cchc orgs export --format csv"
        )
    return unit


def write_bytes(path: str, payload: bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(payload)
    except OSError as exc:
        raise CommandError(f"Không ghi được tệp {path}: {exc.strerror}") from None
