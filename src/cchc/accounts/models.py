from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("Quản trị cấp tỉnh (Sở Nội vụ)")
    UNIT_OFFICER = "unit_officer", _("Cán bộ đơn vị")
    UNIT_LEADER = "unit_leader", _("Lãnh đạo đơn vị")
    EDITOR = "editor", _("Biên tập viên")


# Roles that only make sense attached to one organization.
ROLES_NEEDING_UNIT = frozenset({Role.UNIT_OFFICER, Role.UNIT_LEADER})


class User(AbstractUser):
    """An account of the back office. Citizens never sign in: they are anonymous.

    `role` is blank for accounts created outside the back office (for example by
    `createsuperuser`); such accounts can do nothing unless they are superusers,
    who count as province administrators.
    """

    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices, blank=True, default="")
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("cơ quan, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("Bắt buộc với cán bộ và lãnh đạo đơn vị."),
    )
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_username()

    @property
    def is_province_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == Role.PROVINCE_ADMIN)

    @property
    def role_label(self) -> str:
        if self.role:
            return str(self.get_role_display())
        return str(_("Quản trị hệ thống")) if self.is_superuser else str(_("Chưa phân quyền"))
