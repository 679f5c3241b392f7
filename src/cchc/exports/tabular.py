"""Tables as CSV and XLSX, safe to open in a spreadsheet.

A cell whose text starts with = + - @, a tab or a carriage return would be run as a formula
by Excel or LibreOffice (CSV/formula injection, OWASP). Such text is written as text:
in CSV with a leading apostrophe, in XLSX as a string cell with the "quote prefix" style,
which is how a spreadsheet itself stores text typed after an apostrophe (the apostrophe is
not part of the value and is not printed).

    Sheet(title, header, rows, widths=None)
    render_csv(header, rows) -> bytes        UTF-8 with BOM, so Excel reads the diacritics
    render_xlsx([Sheet, ...]) -> bytes
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_MIMETYPE = "application/json"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry (openpyxl refuses them).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CELL = 32767  # Excel's limit on a cell's text


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)  # a number, not text: "-5" stays a negative number
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def render_csv(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]
    widths: Sequence[float] | None = None
    # Lines printed above the table (a title, the period...), bold first line.
    caption: list[str] = field(default_factory=list)


def _put(cell, value) -> None:
    if isinstance(value, str):
        text = _ILLEGAL_XML.sub("", value)[:MAX_CELL]
        cell.value = text
        if is_formula_like(text):
            # openpyxl took it for a formula: make it a plain string, quote-prefixed.
            cell.data_type = "s"
            cell.quotePrefix = True
        return
    if isinstance(value, bool):
        cell.value = "Có" if value else "Không"
        return
    if isinstance(value, dict | list | tuple):
        _put(cell, str(value))
        return
    cell.value = value
    if isinstance(value, datetime):
        cell.number_format = "dd/mm/yyyy hh:mm"
    elif isinstance(value, date):
        cell.number_format = "dd/mm/yyyy"


def render_xlsx(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        title = re.sub(r"[\[\]:*?/\\]", " ", sheet.title)[:31] or "Sheet"
        ws = workbook.create_sheet(title)
        row_index = 1
        for index, line in enumerate(sheet.caption):
            cell = ws.cell(row=row_index, column=1)
            _put(cell, line)
            cell.font = Font(name="Times New Roman", bold=index == 0, size=13 if index == 0 else 12)
            row_index += 1
        if sheet.caption:
            row_index += 1
        header_row = row_index
        for column, label in enumerate(sheet.header, start=1):
            cell = ws.cell(row=row_index, column=column)
            _put(cell, label)
            cell.font = Font(name="Times New Roman", bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for values in sheet.rows:
            row_index += 1
            for column, value in enumerate(values, start=1):
                cell = ws.cell(row=row_index, column=column)
                _put(cell, value)
                cell.font = Font(name="Times New Roman")
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        for column, width in enumerate(sheet.widths or [], start=1):
            ws.column_dimensions[get_column_letter(column)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
