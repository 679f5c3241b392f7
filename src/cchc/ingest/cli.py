"""`cchc parse FILE [--format json|text]`: print what the parser made of a plan."""

from __future__ import annotations

import argparse
import json
import sys

from cchc.ingest.model import PlanDocument


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line and exit 2, as every other failure
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def render_text(plan: PlanDocument) -> str:
    out = []
    out.append(f"Văn bản: {plan.document or '-'} ({plan.source_format or '-'})")
    out.append(
        f"Số: {plan.number or '(trống)'}    Ngày: {plan.issue_date or '(trống)'}    Nơi ban hành: {plan.place or '-'}"
    )
    out.append(f"Cơ quan ban hành: {plan.issuer or '-'}")
    out.append(f"Trích yếu: {plan.title or '-'}")
    out.append(f"Năm kế hoạch: {plan.plan_year or '-'}")
    if plan.signer:
        out.append(
            f"Người ký: {plan.signer.name or '-'} — {plan.signer.authority or ''} {plan.signer.position or ''}".rstrip()
        )
    out.append(f"Căn cứ và văn bản được dẫn ({len(plan.legal_bases)}):")
    for c in plan.legal_bases:
        role = "căn cứ" if c.role == "basis" else "dẫn chiếu"
        flag = " [ký hiệu sai?]" if c.malformed else ""
        out.append(
            f"  - {c.number} ({c.date or 'không rõ ngày'}, {c.issuer or 'không rõ cơ quan'}; {role}){flag}"
        )
    out.append("Các mục:")
    for s in plan.sections:
        out.append(f"  {s.heading}")
    out.append(f"Nhiệm vụ ({len(plan.tasks)}):")
    for t in plan.tasks:
        out.append(f"  {t.stt or '-'}. {t.task[:100]}")
        out.append(
            f"      Chủ trì: {'; '.join(t.lead) or '-'} | Phối hợp: {'; '.join(t.coordinators) or '-'} | Thời gian: {t.timeframe or '-'}"
        )
    if plan.responsibilities:
        out.append("Tổ chức thực hiện:")
        for r in plan.responsibilities:
            out.append(f"  - {r.agency}: {r.duties_count} nhiệm vụ")
    for w in plan.warnings:
        out.append(f"Cảnh báo: {w}")
    return "\n".join(out)


def _parse(path: str) -> PlanDocument:
    from cchc.ingest.ocr import ocr_progress
    from cchc.ingest.pipeline import parse_file

    # Scans take seconds per page: say which page is being read so nobody waits blind.
    def report(page: int, total: int) -> None:
        print(f"OCR: trang {page}/{total}", file=sys.stderr, flush=True)

    with ocr_progress(report):
        return parse_file(path)


def parse_main(argv: list[str]) -> int:
    parser = _ArgumentParser(prog="cchc parse", description="Phân tích một kế hoạch tuyên truyền CCHC.")
    parser.add_argument("file")
    parser.add_argument("--format", choices=["json", "text"], default="json")
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(f"cchc parse: lỗi tham số: {exc}", file=sys.stderr)
        return 2
    try:
        plan = _parse(args.file)
    except RecursionError:
        print("cchc parse: văn bản quá phức tạp để phân tích.", file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback on the command line
        known = type(exc).__name__ in ("ReaderError", "ParseError")
        detail = (
            str(exc)
            if known
            else f"lỗi không mong đợi khi phân tích {args.file}: {type(exc).__name__}: {exc}"
        )
        print(f"cchc parse: {detail}", file=sys.stderr)
        return 2
    if args.format == "json":
        sys.stdout.write(json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_text(plan) + "\n")
    return 0
