"""`cchc conformance --child ID --parent ID [--format text|json|docx] [-o FILE]`: does a plan
carry out its parent? DOCX is the report in the Nghị định 30/2020 layout."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from cchc.plans.conformance import GRACE_DAYS, check_conformance, conformance_docx
from cchc.plans.management.commands._plan_commands import plan_by_id, write_bytes


class Command(BaseCommand):
    help = "Đối chiếu kế hoạch cấp dưới với kế hoạch cấp trên: nhiệm vụ đã có, còn thiếu, thêm; thời hạn; trích dẫn"

    def add_arguments(self, parser):
        parser.add_argument("--child", type=int, required=True, metavar="ID")
        parser.add_argument("--parent", type=int, required=True, metavar="ID")
        parser.add_argument("--format", choices=["text", "json", "docx"], default="text")
        parser.add_argument("-o", "--output", metavar="FILE", help="ghi ra tệp (bắt buộc với --format docx)")
        parser.add_argument("--grace-days", type=int, default=GRACE_DAYS)

    def handle(self, *args, child, parent, format="text", grace_days=GRACE_DAYS, output=None, **options):
        if child == parent:
            raise CommandError("Kế hoạch cấp dưới và cấp trên phải là hai kế hoạch khác nhau.")
        if grace_days < 0:
            raise CommandError("--grace-days phải là số ngày không âm.")
        if format == "docx" and not output:
            raise CommandError("--format docx cần tên tệp kết quả: -o FILE.docx")
        child_plan = plan_by_id(child)
        report = check_conformance(child_plan, plan_by_id(parent), grace_days=grace_days)
        if format == "docx":
            _name, _mimetype, payload = conformance_docx(report, child_plan)
            write_bytes(output, payload)
            covered = sum(1 for c in report.checks if c.covered)
            self.stdout.write(
                f"Đã ghi {output}: {covered}/{len(report.checks)} nhiệm vụ cấp trên đã có, "
                f"{len(report.extra)} nhiệm vụ thêm, {len(report.citation_problems)} vấn đề trích dẫn."
            )
            return
        if format == "json":
            text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
            if output:
                write_bytes(output, text.encode("utf-8"))
                return
            self.stdout.write(text)
            return
        out = self.stdout.write
        out(f"Kế hoạch cấp dưới: {report.child['number'] or '?'} – {report.child['issuer'] or '?'}")
        out(f"Kế hoạch cấp trên: {report.parent['number'] or '?'} – {report.parent['issuer'] or '?'}")
        out(f"Thời hạn: {report.on_time_explanation} ({report.on_time_rule})")
        for check in report.checks:
            state = "có" if check.covered else "THIẾU"
            out(f"- [{state}] {check.parent_stt or '?'}. {check.parent_task[:100]}")
            for match in check.matches:
                out(
                    f"    ↳ {match.child_stt or '?'}. {match.child_task[:80]} ({match.score:.0f}: {match.explanation})"
                )
        if report.extra:
            out(f"Nhiệm vụ thêm của cấp dưới: {len(report.extra)}")
        for problem in report.citation_problems:
            out(f"Trích dẫn: {problem.citation[:80]} – {problem.explanation}")
        for note in report.notes:
            out(f"Lưu ý: {note}")
