"""Reading PAR Index / SIPAS results from a spreadsheet (CSV or XLSX) into plain rows.

Columns are found by their header, in any order, with or without diacritics:
``Năm``, ``Đơn vị`` (name or code), ``Chỉ số`` (PAR / SIPAS), ``Điểm`` (percent, "87,5" or
"87.5" or "87,5%"), optional ``Xếp hạng`` and ``Ghi chú``. Rows that cannot be read are
reported by line number; nothing is saved here (no Django): the service decides.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from cchc.orgs.normalize import fold as without_marks

TEMPLATE_HEADER = ["Năm", "Đơn vị", "Chỉ số", "Điểm", "Xếp hạng", "Ghi chú"]
MAX_ROWS = 5000

COLUMNS = {
    "year": ("nam", "year"),
    "unit": ("don vi", "co quan", "co quan, don vi", "ma don vi", "unit"),
    "kind": ("chi so", "loai chi so", "kind", "index"),
    "score": ("diem", "diem (%)", "ket qua", "score"),
    "rank": ("xep hang", "thu hang", "rank"),
    "note": ("ghi chu", "note"),
}
REQUIRED = ("year", "unit", "kind", "score")


@dataclass(frozen=True)
class ResultRow:
    line: int
    year: int
    unit: str
    kind: str  # "par" | "sipas"
    score: Decimal
    rank: int | None
    note: str


@dataclass
class ParsedSheet:
    rows: list[ResultRow]
    errors: list[tuple[int, str]]


def fold(text: str) -> str:
    """Lower case without diacritics, đ → d, spaces squeezed: the key for matching headers."""
    return " ".join(without_marks(str(text or "")).casefold().split())


def kind_of(text: str) -> str | None:
    folded = fold(text)
    if "sipas" in folded or "hai long" in folded:
        return "sipas"
    if "par" in folded or "cchc" in folded or "cai cach" in folded:
        return "par"
    return None


def _score(value) -> Decimal:
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    text = str(value or "").strip().rstrip("%").strip().replace(" ", "")
    if "," in text and "." in text:  # "1.234,5" is not a percent anyway; keep it simple
        text = text.replace(".", "")
    text = text.replace(",", ".")
    return Decimal(text).quantize(Decimal("0.01"))


def _rows_from_csv(data: bytes) -> list[list]:
    text = data.decode("utf-8-sig") if not data.startswith(b"\xff\xfe") else data.decode("utf-16")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _rows_from_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 1)]
    finally:
        workbook.close()


def _header_map(header: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = fold(cell)
        for field, names in COLUMNS.items():
            if field not in found and key in names:
                found[field] = index
    return found


def parse_results(data: bytes, filename: str) -> ParsedSheet:
    """Rows and per-line errors from a CSV or XLSX file. Raises ValueError (Vietnamese message)
    when the file as a whole cannot be read."""
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            table = _rows_from_xlsx(data)
        elif name.endswith((".csv", ".txt")):
            table = _rows_from_csv(data)
        else:
            raise ValueError("Chỉ nhận tệp .csv hoặc .xlsx.")
    except ValueError:
        raise
    except Exception as exc:  # openpyxl and csv raise many kinds on a damaged file
        raise ValueError(f"Không đọc được tệp: {exc}") from None
    table = [row for row in table if any(str(c or "").strip() for c in row)]
    if not table:
        raise ValueError("Tệp không có dữ liệu.")
    if len(table) > MAX_ROWS + 1:
        raise ValueError(f"Tệp có quá nhiều dòng (tối đa {MAX_ROWS}).")
    columns = _header_map(table[0])
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        wanted = ", ".join(TEMPLATE_HEADER[:4])
        raise ValueError(f"Thiếu cột bắt buộc. Dòng tiêu đề cần có: {wanted}.")

    def cell(row, field):
        index = columns.get(field)
        return row[index] if index is not None and index < len(row) else None

    sheet = ParsedSheet(rows=[], errors=[])
    for line, row in enumerate(table[1:], start=2):
        unit = str(cell(row, "unit") or "").strip()
        kind = kind_of(cell(row, "kind") or "")
        try:
            year = int(str(cell(row, "year") or "").strip().split(".")[0])
        except ValueError:
            sheet.errors.append((line, "Năm không hợp lệ."))
            continue
        try:
            score = _score(cell(row, "score"))
        except (InvalidOperation, ValueError):
            sheet.errors.append((line, "Điểm không phải là số."))
            continue
        rank_text = str(cell(row, "rank") or "").strip().split(".")[0]
        if not unit:
            sheet.errors.append((line, "Thiếu tên hoặc mã đơn vị."))
        elif kind is None:
            sheet.errors.append((line, "Chỉ số phải là PAR INDEX hoặc SIPAS."))
        elif not 2000 <= year <= 2100:
            sheet.errors.append((line, "Năm không hợp lệ."))
        elif not Decimal(0) <= score <= Decimal(100):
            sheet.errors.append((line, "Điểm phải trong khoảng 0–100 (%)."))
        elif rank_text and not rank_text.isdigit():
            sheet.errors.append((line, "Xếp hạng phải là số nguyên."))
        else:
            sheet.rows.append(
                ResultRow(
                    line=line,
                    year=year,
                    unit=unit,
                    kind=kind,
                    score=score,
                    rank=int(rank_text) if rank_text else None,
                    note=str(cell(row, "note") or "").strip()[:300],
                )
            )
    return sheet
