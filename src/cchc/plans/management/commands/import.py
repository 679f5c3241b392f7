"""`cchc import PATH… [--unit ID] [--confirm]`: import plan documents from the command line.

Files are parsed right here (not by a background worker) so the command can report what it
found; with --confirm every parsed document becomes a plan at once, skipping the review screen.
"""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from cchc.jobs.runner import run_job, synchronously
from cchc.orgs.models import Unit
from cchc.plans import services
from cchc.plans.management.commands._plan_commands import actor_for
from cchc.plans.models import ImportItem, ItemStatus


class Command(BaseCommand):
    help = "Nhập văn bản kế hoạch (txt, docx, pdf, ảnh): phân tích, phát hiện trùng, và (--confirm) lưu thành kế hoạch"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="tệp văn bản cần nhập")
        parser.add_argument("--unit", type=int, help="mã số (ID) đơn vị sở hữu văn bản nhập")
        parser.add_argument(
            "--user", help="tên đăng nhập người thực hiện; mặc định: quản trị cấp tỉnh đầu tiên"
        )
        parser.add_argument(
            "--confirm", action="store_true", help="xác nhận luôn, không qua màn hình rà soát"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, paths, unit=None, user=None, confirm=False, format="text", **options):
        actor = actor_for(user)
        owner = self._unit(unit)
        try:
            # Parse here and now, whatever the web server's job settings are, to report the result.
            with synchronously():
                items = services.import_paths(paths=paths, actor=actor, unit=owner)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        results = []
        for item in items:
            if item.job_id is not None:
                # Called inside an outer transaction (a script, a test) the commit hook has not
                # fired yet; run the job now. A job already run is not run again.
                run_job(item.job_id)
            item.refresh_from_db()
            if confirm and item.status == ItemStatus.REVIEW:
                try:
                    services.import_confirm(item=item, actor=actor)
                except ValidationError as exc:
                    ImportItem.objects.filter(pk=item.pk).update(message=" ".join(exc.messages))
                item.refresh_from_db()
            results.append(self._summary(item))
        if format == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            for row in results:
                self.stdout.write(self._line(row))
        failed = [r for r in results if r["status"] == ItemStatus.FAILED]
        if failed:
            raise CommandError(f"{len(failed)}/{len(results)} tệp không nhập được.")

    def _unit(self, pk: int | None):
        if pk is None:
            return None
        unit = Unit.objects.filter(pk=pk).first()
        if unit is None:
            raise CommandError(
                f"Không có đơn vị có ID {pk}. Xem danh mục bằng: cchc orgs export --format csv"
            )
        return unit

    def _summary(self, item: ImportItem) -> dict:
        parsed = item.parsed or {}
        return {
            "item": item.pk,
            "file": item.original_name,
            "status": item.status,
            "status_label": str(item.get_status_display()),
            "message": item.message,
            "number": parsed.get("number"),
            "issuer": parsed.get("issuer"),
            "tasks": len(parsed.get("tasks") or []),
            "legal_bases": len(parsed.get("legal_bases") or []),
            "warnings": len(item.warnings or []),
            "plan": item.plan_id,
        }

    def _line(self, row: dict) -> str:
        text = f"{row['file']}: {row['status_label']}"
        if row["status"] != ItemStatus.FAILED:
            text += f" · {row['tasks']} nhiệm vụ, {row['legal_bases']} văn bản trích dẫn, {row['warnings']} cảnh báo"
        if row["plan"]:
            text += f" · kế hoạch #{row['plan']}"
        if row["message"]:
            text += f" · {row['message']}"
        return text
