"""`cchc export-docx FILE -o OUT.docx`: read a plan in any supported format and write it
as the official DOCX (Nghị định 30/2020 layout). Errors are one line and exit code 2."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


class _UsageError(Exception):
    pass


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line and exit 2, like every other failure
        raise _UsageError(message)


def export_main(argv: list[str]) -> int:
    parser = _ArgumentParser(
        prog="cchc export-docx",
        description="Xuất một kế hoạch ra tệp DOCX đúng thể thức Nghị định 30/2020/NĐ-CP.",
    )
    parser.add_argument("file", help="tệp kế hoạch (DOCX, PDF, TXT, Markdown, ảnh quét ...)")
    parser.add_argument(
        "-o", "--output", help="tệp DOCX kết quả (mặc định: tên theo số ký hiệu, cạnh tệp gốc)"
    )
    parser.add_argument(
        "--recipient",
        action="append",
        dest="recipients",
        help="một nơi nhận (lặp lại cho nhiều nơi nhận); mặc định là các cơ quan được giao nhiệm vụ",
    )
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(f"cchc export-docx: lỗi tham số: {exc}", file=sys.stderr)
        return 2

    from cchc.exports.docx_plan import export_plan_docx
    from cchc.ingest.pipeline import parse_file

    source = Path(args.file)
    if not source.is_file():
        print(f"cchc export-docx: không tìm thấy tệp {source}", file=sys.stderr)
        return 2
    try:
        plan = parse_file(source)
        filename, _mimetype, content = export_plan_docx(plan, recipients=args.recipients)
    except RecursionError:
        print("cchc export-docx: văn bản quá phức tạp để phân tích.", file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback on the command line
        known = type(exc).__name__ in ("ReaderError", "ParseError", "ExportError")
        detail = str(exc) if known else f"lỗi không mong đợi khi xử lý {source}: {type(exc).__name__}: {exc}"
        print(f"cchc export-docx: {detail}", file=sys.stderr)
        return 2
    output = Path(args.output) if args.output else source.with_name(filename)
    if output.resolve() == source.resolve():
        print("cchc export-docx: tệp kết quả trùng với tệp gốc; hãy chọn tên khác bằng -o.", file=sys.stderr)
        return 2
    try:
        output.write_bytes(content)
    except OSError as exc:
        print(f"cchc export-docx: không ghi được {output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"Đã xuất {output} ({len(plan.tasks)} nhiệm vụ).")
    return 0
