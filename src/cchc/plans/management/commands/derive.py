"""`cchc derive --parent ID --unit UNIT -o FILE`: draft a unit's plan from the plan it implements.

The draft also goes to the review queue (unless --no-draft) so it can be edited on the web."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from cchc.exports.docx_plan import export_plan_docx
from cchc.plans.derive import derive_draft, plan_derive
from cchc.plans.management.commands._plan_commands import (
    actor_for,
    plan_by_id,
    unit_by_id_or_code,
    write_bytes,
)


class Command(BaseCommand):
    help = "Lập dự thảo kế hoạch của một đơn vị từ kế hoạch cấp trên; ghi ra DOCX hoặc JSON"

    def add_arguments(self, parser):
        parser.add_argument("--parent", type=int, required=True, metavar="ID", help="ID kế hoạch cấp trên")
        parser.add_argument("--unit", required=True, metavar="UNIT", help="ID hoặc mã đơn vị")
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="tệp ghi ra")
        parser.add_argument("--format", choices=["docx", "json"], default=None, help="mặc định theo đuôi tệp")
        parser.add_argument("--user", help="tên đăng nhập người thực hiện")
        parser.add_argument("--no-draft", action="store_true", help="không đưa dự thảo vào hàng chờ rà soát")

    def handle(self, *args, parent, unit, output, format=None, user=None, no_draft=False, **options):
        actor = actor_for(user)
        parent_plan = plan_by_id(parent)
        target = unit_by_id_or_code(unit)
        format = format or ("json" if output.lower().endswith(".json") else "docx")
        try:
            document = plan_derive(parent=parent_plan, unit=target, actor=actor)
            item = None if no_draft else derive_draft(parent=parent_plan, unit=target, actor=actor)
        except (ValidationError, PermissionDenied) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(message or "Không có quyền lập kế hoạch cho đơn vị này.") from None
        if format == "json":
            payload = json.dumps(document.to_dict(), ensure_ascii=False, indent=2).encode("utf-8")
        else:
            _name, _mime, payload = export_plan_docx(document)
        write_bytes(output, payload)
        line = f"Dự thảo kế hoạch của {target.name}: {len(document.tasks)} nhiệm vụ, ghi ra {output}."
        if item is not None:
            line += f" Chờ rà soát: văn bản nhập #{item.pk}."
        self.stdout.write(line)
        for warning in document.warnings:
            self.stdout.write(f"Lưu ý: {warning}")
