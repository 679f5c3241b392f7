"""`cchc export-plan ID --format docx|json -o FILE`: a stored plan's current version as a file."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from cchc.exports.docx_plan import export_plan_docx
from cchc.plans.documents import plan_document_of
from cchc.plans.management.commands._plan_commands import plan_by_id, write_bytes


class Command(BaseCommand):
    help = "Xuất kế hoạch (phiên bản hiện hành) ra tệp DOCX theo thể thức Nghị định 30/2020/NĐ-CP hoặc JSON"

    def add_arguments(self, parser):
        parser.add_argument("plan", type=int, metavar="ID", help="ID của kế hoạch")
        parser.add_argument("--format", choices=["docx", "json"], default="docx")
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="tệp ghi ra")

    def handle(self, *args, plan, format="docx", output, **options):
        found = plan_by_id(plan)
        if format == "json":
            payload = json.dumps(found.current_version.data, ensure_ascii=False, indent=2).encode("utf-8")
        else:
            _name, _mime, payload = export_plan_docx(plan_document_of(found))
        write_bytes(output, payload)
        self.stdout.write(f"Đã xuất {found} ra {output} ({len(payload)} byte).")
