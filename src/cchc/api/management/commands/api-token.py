"""`cchc api-token create USER [--name N]`, `cchc api-token revoke PREFIX`, `cchc api-token list [USER]`.

The key is printed once, on creation; only its hash is stored."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cchc.api.models import ApiToken
from cchc.api.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = "Tạo, liệt kê hoặc thu hồi khóa API (Authorization: Bearer …) cho người dùng."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Tạo khóa mới cho USER; khóa chỉ hiện một lần.")
        create.add_argument("user", help="tên đăng nhập")
        create.add_argument("--name", default="", help="tên gợi nhớ, ví dụ tên kịch bản dùng khóa")
        revoke = actions.add_parser("revoke", help="Thu hồi khóa theo tiền tố (cột đầu của `list`).")
        revoke.add_argument("prefix")
        listing = actions.add_parser("list", help="Liệt kê khóa (không hiện khóa).")
        listing.add_argument("user", nargs="?", default=None)

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action}")(**options)

    def _user(self, username: str):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Không có người dùng {username!r}.") from None

    def _create(self, user, name, **options):
        try:
            token, raw = api_token_create(user=self._user(user), actor=None, name=name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stderr.write(
            f"Đã tạo khóa {token.prefix}… cho {token.user.get_username()}; lưu lại ngay, khóa không hiện lại:"
        )
        self.stdout.write(raw)

    def _revoke(self, prefix, **options):
        tokens = list(ApiToken.objects.filter(prefix__startswith=prefix.rstrip("…"), revoked_at=None))
        if len(tokens) != 1:
            raise CommandError(f"Tiền tố {prefix!r} khớp {len(tokens)} khóa đang dùng; cần đúng một.")
        api_token_revoke(token=tokens[0], actor=None)
        self.stdout.write(f"Đã thu hồi khóa {tokens[0].prefix}….")

    def _list(self, user, **options):
        tokens = ApiToken.objects.select_related("user")
        if user:
            tokens = tokens.filter(user=self._user(user))
        for token in tokens:
            state = f"thu hồi {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "đang dùng"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "chưa dùng"
            self.stdout.write(f"{token.prefix}\t{token.user.get_username()}\t{token.name}\t{state}\t{used}")
