"""`cchc assignments --plan ID [--all] [--user NAME] [--format json]`: give a plan's tasks to the
units that carry them (the same service as the "Giao nhiệm vụ" button; idempotent)."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from cchc.plans.management.commands._plan_commands import actor_for, plan_by_id
from cchc.plans.models import Plan
from cchc.tracking.services import assignments_generate


class Command(BaseCommand):
    help = "Giao nhiệm vụ của kế hoạch cho các cơ quan, đơn vị (chạy lại sau khi sửa đổi kế hoạch)"

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--plan", type=int, help="mã số (ID) kế hoạch")
        target.add_argument("--all", action="store_true", help="mọi kế hoạch đã có nội dung")
        parser.add_argument(
            "--user", help="tên đăng nhập người thực hiện; mặc định: quản trị cấp tỉnh đầu tiên"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, plan=None, all=False, user=None, format="text", **options):
        actor = actor_for(user)
        plans = (
            [plan_by_id(plan)]
            if plan
            else list(Plan.objects.exclude(current_version=None).select_related("issuer_unit").order_by("pk"))
        )
        results = {}
        for p in plans:
            try:
                results[p.pk] = assignments_generate(plan=p, actor=actor).as_dict()
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from None
        if format == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        for pk, r in results.items():
            self.stdout.write(
                f"Kế hoạch {pk}: {r['created']} mới, {r['updated']} cập nhật, {r['removed']} bỏ, "
                f"{r['deactivated']} ngừng theo dõi"
            )
            for item in r["unresolved"]:
                self.stdout.write(f"  chưa xác định được đơn vị: {item}")
