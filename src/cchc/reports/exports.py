"""A unit's report, the province's aggregate and the PAR-Index evidence as files: DOCX (the
official layout), XLSX, CSV and JSON. Each exporter returns ``(filename, mimetype, bytes)``.

The models are turned into plain rows and a ReportDocument here; the writers themselves live in
cchc.exports (pure Python)."""

from __future__ import annotations

import json
from datetime import date

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from cchc.exports.docx_report import Appendix, ReportDocument, export_report_docx
from cchc.exports.tabular import CSV_MIMETYPE, JSON_MIMETYPE, XLSX_MIMETYPE, Sheet, render_csv, render_xlsx
from cchc.reports import content
from cchc.reports.models import ReportVersion, UnitReport

FORMATS = ("docx", "xlsx", "csv", "json")
DEFAULT_PLACE = "Hưng Yên"
SECTION_HEADINGS = {
    "achievements": "Kết quả đạt được",
    "shortcomings": "Tồn tại, hạn chế",
    "causes": "Nguyên nhân",
    "directions": "Phương hướng, nhiệm vụ kỳ tới",
    "recommendations": "Kiến nghị, đề xuất",
}
TASK_HEADER = [
    "STT",
    "Kế hoạch",
    "Nhiệm vụ",
    "Vai trò",
    "Trạng thái",
    "Tỷ lệ (%)",
    "Sản phẩm đã thực hiện",
    "Chỉ tiêu",
    "Minh chứng",
    "Kết quả, ghi chú",
]
TASK_SHARES = [0.04, 0.09, 0.25, 0.07, 0.09, 0.06, 0.12, 0.09, 0.10, 0.09]
TASK_WIDTHS = [6, 18, 60, 10, 16, 9, 28, 20, 40, 40]


def _slug(text: str) -> str:
    from cchc.exports.docx_plan import _ascii_slug

    return _ascii_slug(text).lower()[:60] or "bao-cao"


def _absolute(url: str, base_url: str) -> str:
    if url and url.startswith("/") and base_url:
        return base_url.rstrip("/") + url
    return url


def _evidence_text(row: dict, base_url: str = "") -> str:
    return "\n".join(
        f"{item.get('title') or ''}: {_absolute(item.get('url') or '', base_url)}".strip(": ")
        for item in row.get("evidence") or []
    )


def _counts_cell(counts: dict) -> str:
    return "\n".join(
        f"{counts[k]} {content.kind_label(k).lower()}" for k in content.kinds_in_order(counts) if counts[k]
    )


def task_table(rows: list[dict], base_url: str = "") -> list[list]:
    out = []
    for index, row in enumerate(rows, start=1):
        out.append(
            [
                index,
                row.get("plan", ""),
                " ".join((row.get("task") or "").split()),
                row.get("role_label", ""),
                row.get("status_label", ""),
                int(row.get("percent") or 0),
                _counts_cell(row.get("deliverables") or {}),
                _counts_cell(row.get("targets") or {}),
                _evidence_text(row, base_url),
                " ".join(((row.get("note") or "") + " " + (row.get("reason") or "")).split()),
            ]
        )
    return out


def _superior(unit) -> str | None:
    return unit.parent.name if unit.parent_id else None


def _iso_day(moment) -> str | None:
    return timezone.localtime(moment).date().isoformat() if moment else None


def _filename(stem: str, extension: str) -> str:
    return f"{stem}.{extension}"


# --- a unit's report ----------------------------------------------------------------------------


def unit_report_title(report: UnitReport) -> str:
    return f"Kết quả thực hiện công tác tuyên truyền cải cách hành chính {report.period_obj.label_vi}"


def unit_report_document(report: UnitReport, version: ReportVersion, *, base_url: str = "") -> ReportDocument:
    period = report.period_obj
    unit = report.unit
    totals = version.totals or {}
    summary_rows = [
        [
            content.kind_label(k),
            totals.get("deliverables", {}).get(k, 0),
            totals.get("targets", {}).get(k, ""),
        ]
        for k in content.kinds_in_order(totals.get("deliverables", {}), totals.get("targets", {}))
    ]
    appendices = [
        Appendix(
            title=f"Kết quả thực hiện nhiệm vụ {period.label_vi}",
            header=TASK_HEADER,
            rows=[[str(c) for c in r] for r in task_table(version.tasks or [], base_url)],
            shares=TASK_SHARES,
        )
    ]
    if summary_rows:
        appendices.append(
            Appendix(
                title=f"Sản phẩm tuyên truyền {period.label_vi}",
                header=["Loại sản phẩm", "Đã thực hiện", "Chỉ tiêu"],
                rows=[[str(c) for c in r] for r in summary_rows],
                shares=[0.5, 0.25, 0.25],
            )
        )
    return ReportDocument(
        issuer=unit.name,
        superior=_superior(unit),
        title=unit_report_title(report),
        number=version.doc_number or None,
        place=DEFAULT_PLACE,
        date=_iso_day(version.submitted_at),
        year=period.year,
        opening=(
            f"{unit.name} báo cáo kết quả thực hiện công tác tuyên truyền cải cách hành chính "
            f"{period.label_vi} (số liệu từ ngày {period.data_from:%d/%m/%Y} đến ngày {period.data_to:%d/%m/%Y}) như sau:"
        ),
        sections=[(SECTION_HEADINGS[name], text) for name, text in version.narrative().items()],
        recipients=["Sở Nội vụ", "Lưu: VT"],
        signer_position=version.signer_position,
        signer_name=version.signer_name,
        appendices=appendices,
        filename_hint=f"{unit.code}-{period.code}",
    )


def unit_report_dict(report: UnitReport, version: ReportVersion) -> dict:
    period = report.period_obj
    return {
        "id": report.pk,
        "unit": {"id": report.unit_id, "code": report.unit.code, "name": report.unit.name},
        "period": period.as_dict(),
        "first_submitted_at": report.first_submitted_at,
        "late": report.is_late,
        "version": {
            "number": version.number,
            "status": version.status,
            "status_label": str(version.get_status_display()),
            "doc_number": version.doc_number,
            "submitted_at": version.submitted_at,
            "returned_at": version.returned_at,
            "return_reason": version.return_reason,
            "note": version.note,
            "data_as_of": version.data_as_of,
            "signer_position": version.signer_position,
            "signer_name": version.signer_name,
            **version.narrative(),
            "totals": version.totals,
            "tasks": version.tasks,
        },
    }


def export_unit_report(report: UnitReport, version: ReportVersion, fmt: str, *, base_url: str = ""):
    stem = f"bao-cao-{_slug(report.unit.code)}-{report.period}-v{version.number}"
    if fmt == "docx":
        _name, mime, payload = export_report_docx(unit_report_document(report, version, base_url=base_url))
        return _filename(stem, "docx"), mime, payload
    if fmt == "json":
        payload = json.dumps(
            unit_report_dict(report, version), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
        )
        return _filename(stem, "json"), JSON_MIMETYPE, payload.encode("utf-8")
    rows = task_table(version.tasks or [], base_url)
    if fmt == "csv":
        return _filename(stem, "csv"), CSV_MIMETYPE, render_csv(TASK_HEADER, rows)
    if fmt == "xlsx":
        totals = version.totals or {}
        summary = [
            ["Đơn vị", report.unit.name],
            ["Kỳ báo cáo", report.period_obj.label_vi],
            ["Phiên bản", version.number],
            ["Trạng thái", str(version.get_status_display())],
            ["Số nhiệm vụ", totals.get("tasks", 0)],
            ["Hoàn thành", totals.get("done", 0)],
            ["Tỷ lệ hoàn thành", content.format_rate(totals.get("completion_rate"))],
        ]
        summary += [
            [f"Sản phẩm: {content.kind_label(k)}", v] for k, v in (totals.get("deliverables") or {}).items()
        ]
        summary += [[SECTION_HEADINGS[k], v] for k, v in version.narrative().items()]
        payload = render_xlsx(
            [
                Sheet(
                    "Nhiệm vụ",
                    TASK_HEADER,
                    rows,
                    TASK_WIDTHS,
                    caption=[unit_report_title(report), report.unit.name],
                ),
                Sheet("Tổng hợp", ["Mục", "Nội dung"], summary, [30, 100]),
            ]
        )
        return _filename(stem, "xlsx"), XLSX_MIMETYPE, payload
    raise ValueError(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")


# --- the aggregate ------------------------------------------------------------------------------

AGGREGATE_HEADER = [
    "STT",
    "Cơ quan, đơn vị",
    "Tình trạng báo cáo",
    "Ngày gửi",
    "Số nhiệm vụ",
    "Hoàn thành",
    "Tỷ lệ hoàn thành",
    "Sản phẩm",
]
AGGREGATE_SHARES = [0.05, 0.27, 0.14, 0.09, 0.08, 0.08, 0.09, 0.20]


def aggregate_rows(aggregate: dict) -> list[list]:
    rows = []
    for index, unit in enumerate(aggregate["units"], start=1):
        rows.append(
            [
                index,
                unit["name"],
                unit["standing_label"],
                date.fromisoformat(unit["submitted_on"]).strftime("%d/%m/%Y") if unit["submitted_on"] else "",
                unit["tasks"] if unit["standing"] in ("on_time", "late") else "",
                unit["done"] if unit["standing"] in ("on_time", "late") else "",
                content.format_rate(unit["completion_rate"])
                if unit["standing"] in ("on_time", "late")
                else "",
                _counts_cell(unit["deliverables"]),
            ]
        )
    return rows


def aggregate_title(aggregate: dict) -> str:
    return (
        "Tổng hợp kết quả thực hiện công tác tuyên truyền cải cách hành chính "
        f"{aggregate['period']['label_vi']}"
    )


def aggregate_document(aggregate: dict, *, issuer: str, superior: str | None, today: date) -> ReportDocument:
    narrative = content.aggregate_narrative(aggregate)
    deliverable_rows = [
        [
            content.kind_label(k),
            str(aggregate["deliverables"].get(k, 0)),
            str(aggregate["targets"].get(k, "")),
        ]
        for k in content.kinds_in_order(aggregate["deliverables"], aggregate["targets"])
    ]
    total_row = [
        "Tổng cộng",
        f"{aggregate['reported']}/{aggregate['expected']} đơn vị đã báo cáo",
        "",
        "",
        str(aggregate["tasks"]),
        str(aggregate["done"]),
        content.format_rate(aggregate["completion_rate"]),
        "",
    ]
    appendices = [
        Appendix(
            title=f"Tình hình báo cáo và kết quả của các cơ quan, đơn vị {aggregate['period']['label_vi']}",
            header=AGGREGATE_HEADER,
            rows=[[str(c) for c in r] for r in aggregate_rows(aggregate)] + [total_row],
            shares=AGGREGATE_SHARES,
        )
    ]
    if deliverable_rows:
        appendices.append(
            Appendix(
                title=f"Tổng hợp sản phẩm tuyên truyền {aggregate['period']['label_vi']}",
                header=["Loại sản phẩm", "Đã thực hiện", "Chỉ tiêu"],
                rows=deliverable_rows,
                shares=[0.5, 0.25, 0.25],
            )
        )
    return ReportDocument(
        issuer=issuer,
        superior=superior,
        title=aggregate_title(aggregate),
        place=DEFAULT_PLACE,
        date=today.isoformat(),
        year=int(aggregate["period"]["code"][:4]),
        opening=(
            f"Trên cơ sở báo cáo của các cơ quan, đơn vị ({aggregate['scope']}), {issuer} tổng hợp kết quả "
            f"thực hiện công tác tuyên truyền cải cách hành chính {aggregate['period']['label_vi']} như sau:"
        ),
        sections=[
            (SECTION_HEADINGS[name], text) for name, text in narrative.items() if text or name != "causes"
        ],
        recipients=["Bộ Nội vụ", "UBND tỉnh", "Lưu: VT"],
        signer_position="Giám đốc",
        appendices=appendices,
        filename_hint=f"tong-hop-{aggregate['period']['code']}",
    )


def export_aggregate(
    aggregate: dict, fmt: str, *, issuer: str, superior: str | None = None, today: date | None = None
):
    today = today or timezone.localdate()
    stem = f"tong-hop-bao-cao-{aggregate['period']['code']}"
    if fmt == "docx":
        _n, mime, payload = export_report_docx(
            aggregate_document(aggregate, issuer=issuer, superior=superior, today=today)
        )
        return _filename(stem, "docx"), mime, payload
    if fmt == "json":
        payload = json.dumps(aggregate, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        return _filename(stem, "json"), JSON_MIMETYPE, payload.encode("utf-8")
    rows = aggregate_rows(aggregate)
    if fmt == "csv":
        return _filename(stem, "csv"), CSV_MIMETYPE, render_csv(AGGREGATE_HEADER, rows)
    if fmt == "xlsx":
        kinds = content.kinds_in_order(aggregate["deliverables"], aggregate["targets"])
        products = [
            [content.kind_label(k), aggregate["deliverables"].get(k, 0), aggregate["targets"].get(k, "")]
            for k in kinds
        ]
        summary = [
            ["Kỳ báo cáo", aggregate["period"]["label_vi"]],
            ["Phạm vi", aggregate["scope"]],
            ["Hạn gửi báo cáo", date.fromisoformat(aggregate["deadline"]).strftime("%d/%m/%Y")],
            ["Đơn vị đã báo cáo", f"{aggregate['reported']}/{aggregate['expected']}"],
            ["Gửi muộn", ", ".join(aggregate["late"])],
            ["Chưa báo cáo", ", ".join(aggregate["not_reported"])],
            ["Tỷ lệ hoàn thành chung", content.format_rate(aggregate["completion_rate"])],
        ] + [["Điểm nổi bật", h] for h in aggregate["highlights"]]
        payload = render_xlsx(
            [
                Sheet(
                    "Đơn vị",
                    AGGREGATE_HEADER,
                    rows,
                    [6, 45, 22, 12, 12, 12, 14, 40],
                    caption=[aggregate_title(aggregate)],
                ),
                Sheet("Sản phẩm", ["Loại sản phẩm", "Đã thực hiện", "Chỉ tiêu"], products, [40, 15, 15]),
                Sheet("Tổng hợp", ["Mục", "Nội dung"], summary, [30, 100]),
            ]
        )
        return _filename(stem, "xlsx"), XLSX_MIMETYPE, payload
    raise ValueError(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")


# --- PAR-Index evidence -------------------------------------------------------------------------

EVIDENCE_HEADER = ["STT", "Nội dung minh chứng", "Ngày", "Chi tiết", "Liên kết"]


def evidence_rows(evidence: dict, base_url: str = "") -> list[list]:
    rows = []
    for item in evidence["items"]:
        rows.append(
            [
                len(rows) + 1,
                item["label"],
                date.fromisoformat(item["date"]).strftime("%d/%m/%Y") if item.get("date") else "",
                item.get("detail", ""),
                _absolute(item.get("url") or "", base_url),
            ]
        )
    return rows


def evidence_title(evidence: dict) -> str:
    return f"Minh chứng tiêu chí tuyên truyền cải cách hành chính năm {evidence['year']} – {evidence['unit']['name']}"


def export_evidence(evidence: dict, fmt: str, *, base_url: str = "", today: date | None = None):
    stem = f"minh-chung-par-index-{_slug(evidence['unit']['code'])}-{evidence['year']}"
    rows = evidence_rows(evidence, base_url)
    if fmt == "json":
        payload = json.dumps(evidence, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        return _filename(stem, "json"), JSON_MIMETYPE, payload.encode("utf-8")
    if fmt == "csv":
        return _filename(stem, "csv"), CSV_MIMETYPE, render_csv(EVIDENCE_HEADER, rows)
    if fmt == "xlsx":
        caption = [evidence_title(evidence), evidence["summary"]]
        payload = render_xlsx(
            [Sheet("Minh chứng", EVIDENCE_HEADER, rows, [6, 50, 12, 60, 60], caption=caption)]
        )
        return _filename(stem, "xlsx"), XLSX_MIMETYPE, payload
    if fmt == "docx":
        document = ReportDocument(
            issuer=evidence["unit"]["name"],
            superior=evidence["unit"].get("parent") or None,
            title=f"Minh chứng tiêu chí tuyên truyền cải cách hành chính năm {evidence['year']}",
            place=DEFAULT_PLACE,
            date=(today or timezone.localdate()).isoformat(),
            year=evidence["year"],
            opening=evidence["summary"],
            sections=[(heading, text) for heading, text in evidence["sections"]],
            recipients=["Sở Nội vụ", "Lưu: VT"],
            signer_position="Thủ trưởng cơ quan",
            appendices=[
                Appendix(
                    title="Danh mục minh chứng",
                    header=EVIDENCE_HEADER,
                    rows=[[str(c) for c in r] for r in rows],
                    shares=[0.05, 0.35, 0.1, 0.25, 0.25],
                )
            ],
            filename_hint=stem,
        )
        _n, mime, payload = export_report_docx(document)
        return _filename(stem, "docx"), mime, payload
    raise ValueError(f"định dạng không hỗ trợ: {fmt!r} (chọn {', '.join(FORMATS)})")
