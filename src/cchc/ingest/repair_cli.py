"""`cchc repair FILE`: print the text of FILE with its Vietnamese diacritics restored
and OCR letter confusions undone. Text that is already clean comes back unchanged."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cchc.ingest.readers import ReaderError, read_document
from cchc.ingest.readers.base import TableBlock, TextLine
from cchc.ingest.readers.text import decode_text


class _UsageError(Exception):
    pass


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line and exit 2, as every other failure
        raise _UsageError(message)


def read_text(path_arg: str) -> str:
    """The document's text: plain-text files exactly as written (only decoded), other formats
    (DOCX, PDF, …) through the project's readers, one line per text line or table cell."""
    if path_arg == "-":
        return decode_text(sys.stdin.buffer.read(), "stdin")
    path = Path(path_arg)
    document = read_document(path)
    if document.source_format == "text":
        return decode_text(path.read_bytes(), path.name)
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, TextLine):
            lines.append(block.text)
        elif isinstance(block, TableBlock):
            lines.extend(cell for row in block.rows for cell in row if cell)
    return "\n".join(lines) + "\n"


def repair_main(argv: list[str]) -> int:
    parser = _ArgumentParser(
        prog="cchc repair",
        description="Khôi phục dấu tiếng Việt và sửa lỗi nhận dạng ký tự (OCR) trong văn bản.",
    )
    parser.add_argument("file", help="tệp văn bản (TXT, DOCX, PDF…) hoặc - để đọc từ đầu vào chuẩn")
    parser.add_argument("--force", action="store_true", help="khôi phục cả khi văn bản trông đã đủ dấu")
    parser.add_argument(
        "--stats", action="store_true", help="in số từ đã sửa và mức độ hư hỏng ra luồng lỗi chuẩn"
    )
    try:
        args = parser.parse_args(argv)
    except _UsageError as exc:
        print(f"cchc repair: lỗi tham số: {exc}", file=sys.stderr)
        return 2
    try:
        text = read_text(args.file)
    except ReaderError as exc:
        print(f"cchc repair: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"cchc repair: không đọc được {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    from cchc.ingest.repair import repair_text

    try:
        result = repair_text(text, force=args.force)
    except Exception as exc:  # never a traceback on the command line
        print(f"cchc repair: lỗi không mong đợi: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(result.text.encode("utf-8"))
    sys.stdout.flush()
    if args.stats:
        print(
            f"cchc repair: đã sửa {result.changed_words} từ; mức hư hỏng {result.damaged_score:.2f}",
            file=sys.stderr,
        )
    return 0
