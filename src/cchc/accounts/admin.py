from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from cchc.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's admin is the maintainers' back door; day-to-day account work goes through
    the audited pages under /tai-khoan/nguoi-dung/."""

    list_display = ("username", "full_name", "role", "unit", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")
    autocomplete_fields = ()
    raw_id_fields = ("unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "phone")}),
        (_("Vai trò"), {"fields": ("role", "unit")}),
        (_("Quyền hệ thống"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2", "role", "unit")}),
    )
