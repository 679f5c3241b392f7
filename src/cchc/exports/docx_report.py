"""A report (Báo cáo) as the official DOCX of Nghị định 30/2020/NĐ-CP, Phụ lục I.

The header table, the signature block beside "Nơi nhận", the page setup, the page numbers
and the table plumbing are the plan exporter's (cchc.exports.docx_plan), so both documents
follow the decree from one place. What differs is the body: numbered narrative sections,
and the tables as landscape appendices ("Phụ lục I", "Phụ lục II" …) each with its own page
numbering and the reference line "(Kèm theo Báo cáo số … ngày … của …)".

    render_report_docx(ReportDocument) -> bytes
    export_report_docx(ReportDocument) -> (filename, mimetype, bytes)

Pure Python: the reports app builds the ReportDocument from its models.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from cchc.exports.docx_plan import (
    DOCX_MIMETYPE,
    SIZE_APPENDIX_LABEL,
    SIZE_APPENDIX_TITLE,
    SIZE_BODY,
    SIZE_DOC_TYPE,
    SIZE_TABLE,
    SIZE_TITLE,
    ExportError,
    _add_rule,
    _add_run,
    _appendix_section,
    _ascii_slug,
    _estimated_text_width,
    _format,
    _grid_borders,
    _layout_table,
    _mark_size,
    _repeat_as_header,
    _roman,
    _text_width_cm,
    _Writer,
    collapse_text,
    new_document,
    short_date,
    vietnamese_upper,
)
from cchc.ingest.model import PlanDocument, Signer

DOC_TYPE_LABEL = "BÁO CÁO"
DOC_TYPE_NAME = "Báo cáo"
DOC_TYPE_CODE = "BC"


@dataclass
class Appendix:
    title: str
    header: list[str]
    rows: list[list[str]]
    # Share of the line each column takes; the last column takes what is left.
    shares: list[float] | None = None
    # Rows whose first cell is this marker are printed bold (totals).
    bold_first_cells: tuple[str, ...] = ("Tổng cộng",)


@dataclass
class ReportDocument:
    issuer: str
    title: str  # trích yếu, e.g. "Kết quả công tác tuyên truyền CCHC 6 tháng đầu năm 2024"
    superior: str | None = None  # cơ quan chủ quản, e.g. "UBND tỉnh Hưng Yên"
    number: str | None = None  # "15/BC-SNV"; None leaves "Số:      /BC" to be filled in
    place: str | None = None
    date: str | None = None  # ISO; None leaves blanks
    year: int | None = None
    opening: str = ""  # the sentence before the first section
    # (heading, text): the heading is printed "I. HEADING"; each line of text is a paragraph,
    # lines starting with "- " stay as dashes.
    sections: list[tuple[str, str]] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_position: str = ""
    signer_name: str = ""
    appendices: list[Appendix] = field(default_factory=list)
    filename_hint: str = ""


def _as_plan(report: ReportDocument) -> PlanDocument:
    """The plan exporter's header and signature read a PlanDocument: lend them one."""
    position = collapse_text(report.signer_position)
    signer = Signer(name=collapse_text(report.signer_name) or None, position=position or None, block=None)
    if " / " in position:
        signer = Signer(name=signer.name, block=position)
    return PlanDocument(
        doc_type=DOC_TYPE_CODE,
        number=report.number or None,
        issuer=report.issuer,
        parent_body=report.superior,
        issue_date=report.date,
        place=report.place,
        title=report.title,
        plan_year=report.year,
        signer=signer if (signer.position or signer.block) else None,
    )


def report_docx_filename(report: ReportDocument) -> str:
    middle = (
        _ascii_slug(report.number or "") or _ascii_slug(report.filename_hint or report.title).lower()[:60]
    )
    return "-".join(p for p in ("BC", middle.strip("-")) if p) + ".docx"


def _reference_line(report: ReportDocument) -> str:
    number = report.number or f"{chr(0xA0) * 6}/{DOC_TYPE_CODE}"
    date = short_date(report.date) or f"{chr(0xA0) * 4}/{chr(0xA0) * 4}/{report.year or ''}".rstrip("/")
    return f"(Kèm theo {DOC_TYPE_NAME} số {number} ngày {date} của {report.issuer})"


class _ReportWriter(_Writer):
    def __init__(self, document, report: ReportDocument):
        super().__init__(document, _as_plan(report))
        self.report = report

    def report_title(self) -> None:
        paragraph = _format(self.document.add_paragraph(), before=18)
        _add_run(paragraph, DOC_TYPE_LABEL, SIZE_DOC_TYPE, bold=True)
        title = collapse_text(self.report.title)
        if title:
            paragraph = _format(self.document.add_paragraph())
            _add_run(paragraph, title, SIZE_TITLE, bold=True)
        width = _text_width_cm(self.document.sections[0])
        printed = min(_estimated_text_width(title or DOC_TYPE_LABEL, SIZE_TITLE, True), width * 0.9)
        _add_rule(self.document, width, printed * 0.4)
        spacer = _format(self.document.add_paragraph(), after=6)
        _mark_size(spacer, 6)

    def report_body(self) -> None:
        if self.report.opening:
            _add_run(self.body_paragraph(), collapse_text(self.report.opening), SIZE_BODY)
        for number, (heading, text) in enumerate(self.report.sections, start=1):
            paragraph = self.body_paragraph(before=6)
            _add_run(
                paragraph,
                f"{_roman(number)}. {vietnamese_upper(collapse_text(heading))}",
                SIZE_BODY,
                bold=True,
            )
            lines = [collapse_text(line) for line in (text or "").splitlines()]
            lines = [line for line in lines if line]
            if not lines:
                _add_run(self.body_paragraph(), "Không có.", SIZE_BODY)
            for line in lines:
                _add_run(self.body_paragraph(), line[:1].upper() + line[1:], SIZE_BODY)
        if self.report.appendices:
            names = ", ".join(
                f"Phụ lục {_roman(i)}" if len(self.report.appendices) > 1 else "Phụ lục"
                for i in range(1, len(self.report.appendices) + 1)
            )
            paragraph = self.body_paragraph()
            _add_run(paragraph, f"(Số liệu chi tiết tại {names} kèm theo.)", SIZE_BODY, italic=True)

    def report_appendix(self, index: int, appendix: Appendix) -> None:
        width = _appendix_section(self.document)
        label = f"Phụ lục {_roman(index)}" if len(self.report.appendices) > 1 else "Phụ lục"
        _add_run(_format(self.document.add_paragraph()), label, SIZE_APPENDIX_LABEL, bold=True)
        title = vietnamese_upper(collapse_text(appendix.title))
        _add_run(_format(self.document.add_paragraph()), title, SIZE_APPENDIX_TITLE, bold=True)
        _add_run(_format(self.document.add_paragraph()), _reference_line(self.report), SIZE_BODY, italic=True)
        _add_rule(self.document, width, 3.5)
        spacer = _format(self.document.add_paragraph(), after=6)
        _mark_size(spacer, 6)

        columns = len(appendix.header)
        shares = list(appendix.shares or [1 / columns] * columns)[:columns]
        widths = [round(width * share, 2) for share in shares]
        widths[-1] = round(width - sum(widths[:-1]), 2)
        table = _layout_table(self.document, widths, rows=1)
        _grid_borders(table)
        _repeat_as_header(table.rows[0])
        for cell, label_text in zip(table.rows[0].cells, appendix.header, strict=True):
            _add_run(_format(cell.paragraphs[0]), label_text, SIZE_TABLE, bold=True)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for values in appendix.rows:
            row = table.add_row()
            bold = bool(values) and str(values[0]) in appendix.bold_first_cells
            for position, (cell, cell_width) in enumerate(zip(row.cells, widths, strict=True)):
                cell.width = Cm(cell_width)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                value = values[position] if position < len(values) else ""
                lines = str(value if value is not None else "").splitlines() or [""]
                numeric = str(value).replace(",", "").replace("%", "").replace(".", "").isdigit()
                align = WD_ALIGN_PARAGRAPH.CENTER if numeric or position == 0 else WD_ALIGN_PARAGRAPH.LEFT
                for line_no, line in enumerate(lines):
                    paragraph = cell.paragraphs[0] if line_no == 0 else cell.add_paragraph()
                    _add_run(_format(paragraph, align=align), collapse_text(line), SIZE_TABLE, bold=bold)


def render_report_docx(report: ReportDocument) -> bytes:
    if not isinstance(report, ReportDocument):
        raise ExportError("Đầu vào không phải là một báo cáo (ReportDocument).")
    document = new_document(
        title=collapse_text(report.title or DOC_TYPE_NAME),
        author=report.issuer or "",
        subject=report.number or "",
    )
    writer = _ReportWriter(document, report)
    writer.page_numbers()
    writer.header()
    writer.report_title()
    writer.report_body()
    writer.signature(report.recipients or None)
    for index, appendix in enumerate(report.appendices, start=1):
        writer.report_appendix(index, appendix)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def export_report_docx(report: ReportDocument) -> tuple[str, str, bytes]:
    return report_docx_filename(report), DOCX_MIMETYPE, render_report_docx(report)


__all__ = ["Appendix", "ReportDocument", "export_report_docx", "render_report_docx", "report_docx_filename"]
