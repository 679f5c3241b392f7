"""`cchc bootstrap`: make an installation ready to use, idempotently.

Migrates, collects static files, loads the shipped organization registry, and
creates a demo administrator plus one demo account per role. Running it again
changes nothing that already exists (passwords included), so `make run` can call
it every time.
"""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# (username, role, unit name or None, full name): one account per persona so a
# newcomer can see the product from each seat.
DEMO_ACCOUNTS = [
    ("canbo.snv", "unit_officer", "Sở Nội vụ tỉnh Hưng Yên", "Cán bộ Sở Nội vụ (demo)"),
    ("canbo.skhcn", "unit_officer", "Sở Khoa học và Công nghệ tỉnh Hưng Yên", "Cán bộ Sở KH&CN (demo)"),
    ("lanhdao.ubnd", "unit_leader", "Ủy ban nhân dân tỉnh Hưng Yên", "Lãnh đạo UBND tỉnh (demo)"),
    ("bientap", "editor", None, "Biên tập viên (demo)"),
]


class Command(BaseCommand):
    help = "Chuẩn bị hệ thống: migrate, tải danh mục cơ quan, tạo tài khoản demo"

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="không tạo tài khoản demo")

    def handle(self, *args, no_demo=False, **options):
        verbosity = options.get("verbosity", 1)
        self.stdout.write("• Cập nhật cơ sở dữ liệu (migrate)…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("• Thu thập tệp tĩnh (collectstatic)…")
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("• Tải danh mục cơ quan, đơn vị Hưng Yên…")
        call_command("orgs", "load", verbosity=verbosity)
        password = self._demo_password()
        admin_name = os.environ.get("CCHC_ADMIN_USERNAME", "admin")
        created = self._ensure_user(
            admin_name,
            password,
            role="province_admin",
            unit_name="Sở Nội vụ tỉnh Hưng Yên",
            full_name="Quản trị viên (demo)",
            superuser=True,
        )
        if not no_demo:
            for username, role, unit_name, full_name in DEMO_ACCOUNTS:
                self._ensure_user(username, password, role=role, unit_name=unit_name, full_name=full_name)
            call_command("portal-demo", verbosity=verbosity)
        self.stdout.write(self.style.SUCCESS("Sẵn sàng / ready."))
        self.stdout.write(f"  Quản trị viên / administrator: {admin_name}")
        if created or "CCHC_ADMIN_PASSWORD" not in os.environ:
            self.stdout.write(f"  Mật khẩu / password:           {password}")
        if not no_demo:
            names = ", ".join(u for u, *_ in DEMO_ACCOUNTS)
            self.stdout.write(f"  Tài khoản demo (cùng mật khẩu) / demo accounts: {names}")

    def _demo_password(self) -> str:
        """The administrator's password: from the environment, or generated once into
        the data directory (readable by the owner only) and reused on every run."""
        from_env = os.environ.get("CCHC_ADMIN_PASSWORD")
        if from_env:
            return from_env
        path = settings.DATA_DIR / "demo-password"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(12), encoding="utf-8")
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip()

    @transaction.atomic
    def _ensure_user(self, username, password, *, role, unit_name, full_name, superuser=False) -> bool:
        from cchc.accounts import services as account_services
        from cchc.orgs.models import Unit

        User = get_user_model()
        if User.objects.filter(username=username).exists():
            return False
        unit = Unit.objects.filter(name=unit_name).first() if unit_name else None
        if unit_name and unit is None:
            raise CommandError(f"Danh mục thiếu cơ quan “{unit_name}” cho tài khoản {username}")
        try:
            account_services.user_create(
                actor=None,
                system=True,
                username=username,
                password=password,
                role=role,
                unit=unit,
                full_name=full_name,
                is_superuser=superuser,
            )
        except ValidationError as exc:
            messages = "; ".join(exc.messages)
            raise CommandError(f"Không tạo được tài khoản {username}: {messages}") from None
        return True
