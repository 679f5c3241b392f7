"""A conformance report (a unit's plan checked against the plan above it) as a DOCX in the
layout of Nghị định 30/2020/NĐ-CP: the same page, fonts and two-column header as the plan
export (`cchc.exports.docx_plan`), tên loại "BÁO CÁO" and its trích yếu, the findings in the
body, and the task-by-task comparison as a landscape appendix table.

render_conformance_docx(report, *, issuer=None, parent_body=None, place=None, issued_on=None) -> bytes
export_conformance_docx(report, ...) -> (filename, mimetype, bytes)

`report` is the plain dict of `ConformanceReport.to_dict()` (cchc.plans.conformance), so this
module stays free of Django like the rest of cchc.exports.
"""

from __future__ import annotations

import io
from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from cchc.exports.docx_plan import (
    DOCX_MIMETYPE,
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
    _text_width_cm,
    _Writer,
    collapse_text,
    new_document,
    short_date,
)
from cchc.ingest.model import PlanDocument

REPORT_LABEL = "BÁO CÁO"
COMPARISON_COLUMNS = (
    "STT",
    "Nhiệm vụ của kế hoạch cấp trên",
    "Vai trò",
    "Tình trạng",
    "Nhiệm vụ tương ứng của đơn vị",
    "Điểm",
    "Giải thích",
)
COMPARISON_SHARES = (0.05, 0.27, 0.08, 0.08, 0.27, 0.06, 0.19)
EXTRA_COLUMNS = ("STT", "Nhiệm vụ đơn vị đặt thêm (không ứng với nhiệm vụ nào của cấp trên)")
EXTRA_SHARES = (0.06, 0.94)
ROLE_LABELS = {"lead": "Chủ trì", "coordinator": "Phối hợp"}
COVERED, MISSING = "Có", "Thiếu"
CITATION_KINDS = {
    "malformed": "Số, ký hiệu sai định dạng",
    "date_mismatch": "Ngày không khớp",
    "superseded": "Đã được sửa đổi",
}


def plan_label(summary: dict[str, Any]) -> str:
    """'Kế hoạch số 203/KH-UBND ngày 29/12/2021 của Ủy ban nhân dân tỉnh Hưng Yên'."""
    number = summary.get("number")
    parts = [f"Kế hoạch số {number}" if number else "Kế hoạch (chưa rõ số)"]
    day = short_date(summary.get("issue_date"))
    if day:
        parts.append(f"ngày {day}")
    elif summary.get("plan_year"):
        parts.append(f"năm {summary['plan_year']}")
    if summary.get("issuer"):
        parts.append(f"của {summary['issuer']}")
    return " ".join(parts)


def report_title(report: dict[str, Any]) -> str:
    return f"Kết quả đối chiếu {plan_label(report['child'])} với {plan_label(report['parent'])}"


def conformance_docx_filename(report: dict[str, Any]) -> str:
    """'BC-doi-chieu-15-KH-SKHCN-voi-203-KH-UBND.docx' (ASCII only), ids when numbers are missing."""

    def side(summary: dict[str, Any]) -> str:
        return _ascii_slug(summary.get("number") or "") or f"ke-hoach-{summary.get('id')}"

    return f"BC-doi-chieu-{side(report['child'])}-voi-{side(report['parent'])}.docx"


def comparison_rows(report: dict[str, Any]) -> list[tuple[str, str, str, str, str, str, str]]:
    """One row per parent task and covering child task; a parent task nobody covers gets one
    'Thiếu' row. Columns as COMPARISON_COLUMNS."""
    rows = []
    for check in report.get("checks") or []:
        parent_task = collapse_text(check.get("parent_task") or "")
        via = []
        if check.get("via_group"):
            via.append(f"qua nhóm «{collapse_text(check['via_group'])}»")
        if check.get("addressed_to"):
            via.append(f"giao cho {collapse_text(check['addressed_to'])}")
        if via:
            parent_task = f"{parent_task} ({'; '.join(via)})"
        role = ROLE_LABELS.get(check.get("role"), check.get("role") or "")
        stt = check.get("parent_stt") or ""
        matches = check.get("matches") or []
        if not matches:
            rows.append((stt, parent_task, role, MISSING, "", "", ""))
        for index, match in enumerate(matches):
            child = collapse_text(match.get("child_task") or "")
            if match.get("child_stt"):
                child = f"{match['child_stt']}. {child}"
            rows.append(
                (
                    stt if index == 0 else "",
                    parent_task if index == 0 else "",
                    role if index == 0 else "",
                    COVERED,
                    child,
                    f"{float(match.get('score') or 0):.0f}",
                    collapse_text(match.get("explanation") or ""),
                )
            )
    return rows


class _ReportWriter(_Writer):
    report: dict[str, Any]

    def paragraph(self, text: str, *, bold: bool = False, italic: bool = False, indent: bool = True):
        paragraph = self.body_paragraph(indent=indent)
        _add_run(paragraph, text, SIZE_BODY, bold=bold, italic=italic)
        return paragraph

    def heading(self, text: str) -> None:
        paragraph = self.body_paragraph(before=6)
        _add_run(paragraph, text, SIZE_BODY, bold=True)

    def report_title(self) -> None:
        paragraph = _format(self.document.add_paragraph(), before=18)
        _add_run(paragraph, REPORT_LABEL, SIZE_DOC_TYPE, bold=True)
        title = report_title(self.report)
        paragraph = _format(self.document.add_paragraph())
        _add_run(paragraph, title, SIZE_TITLE, bold=True)
        width = _text_width_cm(self.document.sections[0])
        printed = min(_estimated_text_width(title, SIZE_TITLE, True), width * 0.9)
        _add_rule(self.document, width, printed * 0.4)
        spacer = _format(self.document.add_paragraph(), after=6)
        _mark_size(spacer, 6)

    def findings(self) -> None:
        report = self.report
        checks = report.get("checks") or []
        covered = [c for c in checks if c.get("matches")]
        missing = [c for c in checks if not c.get("matches")]
        extra = report.get("extra") or []
        self.heading("I. CÁC KẾ HOẠCH ĐƯỢC ĐỐI CHIẾU")
        self.paragraph(f"1. Kế hoạch cấp dưới: {plan_label(report['child'])}" + _about(report["child"]) + ".")
        self.paragraph(
            f"2. Kế hoạch cấp trên: {plan_label(report['parent'])}" + _about(report["parent"]) + "."
        )
        self.heading("II. KẾT QUẢ ĐỐI CHIẾU")
        self.paragraph(
            f"1. Kế hoạch cấp trên có {report.get('parent_task_count', 0)} nhiệm vụ, trong đó "
            f"{len(checks)} nhiệm vụ giao cho đơn vị (chủ trì, phối hợp hoặc là thành viên của nhóm được giao); "
            f"kế hoạch của đơn vị có {report.get('child_task_count', 0)} nhiệm vụ."
        )
        self.paragraph(
            f"2. Đã có nhiệm vụ tương ứng: {len(covered)}; còn thiếu: {len(missing)}; "
            f"nhiệm vụ đơn vị đặt thêm: {len(extra)} (chi tiết tại Phụ lục)."
        )
        for check in missing:
            stt = f"nhiệm vụ số {check['parent_stt']}" if check.get("parent_stt") else "nhiệm vụ"
            self.paragraph(f"- Thiếu {stt}: {collapse_text(check.get('parent_task') or '')}")
        on_time = report.get("on_time")
        verdict = "Đúng hạn" if on_time is True else ("Chậm" if on_time is False else "Chưa xác định")
        explanation = collapse_text(report.get("on_time_explanation") or "")
        self.paragraph(f"3. Thời hạn ban hành: {explanation or verdict + '.'}")
        if report.get("on_time_rule"):
            self.paragraph(f"Quy tắc áp dụng: {collapse_text(report['on_time_rule'])}", italic=True)
        problems = report.get("citation_problems") or []
        if problems:
            self.paragraph(f"4. Trích dẫn văn bản: có {len(problems)} vấn đề.")
            for problem in problems:
                kind = CITATION_KINDS.get(problem.get("kind"), problem.get("kind") or "")
                self.paragraph(
                    f"- {kind}: {collapse_text(problem.get('citation') or '')} – "
                    f"{collapse_text(problem.get('explanation') or '')}"
                )
        else:
            self.paragraph("4. Trích dẫn văn bản: không phát hiện vấn đề.")
        notes = report.get("notes") or []
        if notes:
            self.heading("III. LƯU Ý")
            for note in notes:
                self.paragraph(f"- {collapse_text(note)}")

    def appendix(self) -> None:
        width = _appendix_section(self.document)
        paragraph = _format(self.document.add_paragraph())
        _add_run(paragraph, "Phụ lục", SIZE_BODY, bold=True)
        paragraph = _format(self.document.add_paragraph())
        _add_run(paragraph, "BẢNG ĐỐI CHIẾU NHIỆM VỤ", SIZE_TITLE, bold=True)
        paragraph = _format(self.document.add_paragraph())
        _add_run(
            paragraph,
            f"(Kèm theo Báo cáo {report_title(self.report)[:1].lower()}{report_title(self.report)[1:]})",
            SIZE_BODY,
            italic=True,
        )
        _add_rule(self.document, width, 3.5)
        self.table(width, COMPARISON_COLUMNS, COMPARISON_SHARES, comparison_rows(self.report))
        extra = [
            (e.get("child_stt") or "", collapse_text(e.get("child_task") or ""))
            for e in self.report.get("extra") or []
        ]
        if extra:
            spacer = _format(self.document.add_paragraph(), after=6)
            _mark_size(spacer, 6)
            self.table(width, EXTRA_COLUMNS, EXTRA_SHARES, extra)

    def table(self, width_cm: float, columns, shares, rows) -> None:
        widths = [round(width_cm * share, 2) for share in shares]
        widths[-1] = round(width_cm - sum(widths[:-1]), 2)
        table = _layout_table(self.document, widths, rows=1)
        _grid_borders(table)
        _repeat_as_header(table.rows[0])
        for cell, label in zip(table.rows[0].cells, columns, strict=True):
            _add_run(_format(cell.paragraphs[0]), label, SIZE_TABLE, bold=True)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if not rows:
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[-1])
            _add_run(
                _format(merged.paragraphs[0]), "Không có nhiệm vụ nào để đối chiếu.", SIZE_TABLE, italic=True
            )
            return
        for values in rows:
            row = table.add_row()
            for index, (cell, width, value) in enumerate(zip(row.cells, widths, values, strict=True)):
                cell.width = Cm(width)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                centred = len(value) <= 8
                align = WD_ALIGN_PARAGRAPH.CENTER if centred and index != 1 else WD_ALIGN_PARAGRAPH.LEFT
                bold = value == MISSING
                _add_run(_format(cell.paragraphs[0], align=align), value, SIZE_TABLE, bold=bold)


def _about(summary: dict[str, Any]) -> str:
    title = collapse_text(summary.get("title") or "")
    return f" về {title[:1].lower()}{title[1:]}" if title else ""


def render_conformance_docx(
    report: dict[str, Any],
    *,
    issuer: str | None = None,
    parent_body: str | None = None,
    place: str | None = None,
    issued_on: str | None = None,
) -> bytes:
    """The report as a DOCX (bytes). The header names `issuer` (under `parent_body`), by default
    the child plan's issuer; `issued_on` (ISO) and `place` fill the place-date line."""
    if not isinstance(report, dict) or not {"child", "parent", "checks"} <= set(report):
        raise ExportError("Đầu vào không phải là kết quả đối chiếu kế hoạch.")
    title = report_title(report)
    document = new_document(title=title, author=issuer or report["child"].get("issuer") or "")
    header = PlanDocument(
        doc_type="BC",
        issuer=issuer or report["child"].get("issuer"),
        parent_body=parent_body,
        place=place,
        issue_date=issued_on,
        plan_year=None,
    )
    writer = _ReportWriter(document, header)
    writer.report = report
    writer.page_numbers()
    writer.header()
    writer.report_title()
    writer.findings()
    writer.appendix()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def export_conformance_docx(report: dict[str, Any], **header) -> tuple[str, str, bytes]:
    """The exporter: (filename, mimetype, content)."""
    return conformance_docx_filename(report), DOCX_MIMETYPE, render_conformance_docx(report, **header)


__all__ = [
    "COMPARISON_COLUMNS",
    "comparison_rows",
    "conformance_docx_filename",
    "export_conformance_docx",
    "render_conformance_docx",
    "report_title",
]
