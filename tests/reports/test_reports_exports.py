"""Exports read back: the unit's report and the aggregate as DOCX (Nghị định 30 layout), XLSX,
CSV and JSON; cells that would run as formulas are written as text; the `cchc report` command."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from cchc.exports.tabular import Sheet, render_csv, render_xlsx
from cchc.reports import exports, selectors, services
from cchc.reports.models import UnitReport

INJECTIONS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "\rcmd"]


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_xlsx_writes_formula_like_text_as_quoted_text():
    payload = render_xlsx([Sheet("Thử", ["Cột"], [[value] for value in INJECTIONS] + [[5], ["bình thường"]])])
    sheet = load_workbook(io.BytesIO(payload))["Thử"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    for cell, value in zip(cells, INJECTIONS, strict=False):
        assert cell.value == value.replace("\r", "\r")
        assert cell.data_type == "s" and cell.quotePrefix
    assert cells[-2].value == 5 and cells[-2].data_type == "n"
    assert cells[-1].value == "bình thường" and not cells[-1].quotePrefix
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_csv_prefixes_formula_like_text_with_an_apostrophe():
    payload = render_csv(["Cột", "Số"], [[value, 1] for value in INJECTIONS] + [["bình thường", -5]])
    assert payload.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(payload.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:-1]] == ["'" + v for v in INJECTIONS]
    assert rows[-1] == ["bình thường", "-5"]  # numbers are numbers, not text


@pytest.mark.django_db
def test_the_unit_report_docx_follows_the_official_layout(submitted_a, personas):
    services_version = submitted_a.current_version
    name, mime, payload = exports.export_unit_report(submitted_a, services_version, "docx")
    assert name.endswith(".docx") and "wordprocessingml" in mime
    document = Document(io.BytesIO(payload))
    first = document.sections[0]
    assert round(first.left_margin / Mm(1)) == 30 and round(first.top_margin / Mm(1)) == 20
    assert first.page_width < first.page_height  # portrait body
    header = document.tables[0]
    left, right = header.cell(0, 0).text, header.cell(0, 1).text
    assert "TRUNG TÂM VĂN HÓA\nTỈNH (KIỂM THỬ)" in left  # broken before the territory, as plans print it
    assert "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH (KIỂM THỬ)" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert header.cell(1, 0).text.startswith("Số:") and "/BC" in header.cell(1, 0).text
    assert header.cell(1, 1).text.startswith("Hưng Yên, ngày ")
    text = _all_text(document)
    assert "BÁO CÁO" in text
    assert "Kết quả thực hiện công tác tuyên truyền cải cách hành chính 6 tháng đầu năm 2024" in text
    assert (
        "I. KẾT QUẢ ĐẠT ĐƯỢC" in text and "II. TỒN TẠI, HẠN CHẾ" in text and "V. KIẾN NGHỊ, ĐỀ XUẤT" in text
    )
    assert "từ ngày 15/12/2023 đến ngày 14/06/2024" in text
    assert "Nơi nhận:" in text and "- Sở Nội vụ;" in text and "THỦ TRƯỞNG CƠ QUAN" in text
    # Appendix I: the task table, landscape, with the evidence link.
    assert "Phụ lục I" in text and "(Kèm theo Báo cáo số" in text
    assert document.sections[1].page_width > document.sections[1].page_height
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in table.rows[0].cells][2] == "Nhiệm vụ"
    body = {row.cells[2].text: row for row in table.rows[1:]}
    news = body["Đăng tin, bài tuyên truyền CCHC"]
    assert news.cells[4].text == "Hoàn thành" and news.cells[5].text == "100"
    assert "12 tin, bài" in news.cells[6].text and "10 tin, bài" in news.cells[7].text
    assert "https://example.gov.vn/tin-cchc" in news.cells[8].text
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert all(r.font.name == "Times New Roman" for r in runs)


@pytest.mark.django_db
def test_the_unit_report_xlsx_csv_and_json_carry_the_task_table(draft_a, personas):
    services.report_update(version=draft_a.current_version, actor=personas.officer_a, causes="=1+1 cố ý")
    version = draft_a.current_version
    version.refresh_from_db()
    _n, _m, payload = exports.export_unit_report(draft_a, version, "xlsx")
    workbook = load_workbook(io.BytesIO(payload))
    tasks = workbook["Nhiệm vụ"]
    values = [[c.value for c in row] for row in tasks.iter_rows()]
    header_index = next(i for i, row in enumerate(values) if row[0] == "STT")
    assert values[header_index] == exports.TASK_HEADER
    row = next(r for r in values if r[2] == "Đăng tin, bài tuyên truyền CCHC")
    assert row[4] == "Hoàn thành" and row[5] == 100
    summary = {r[0].value: r[1] for r in workbook["Tổng hợp"].iter_rows(min_row=2)}
    assert summary["Tỷ lệ hoàn thành"].value == "50%"
    assert summary["Nguyên nhân"].value == "=1+1 cố ý" and summary["Nguyên nhân"].data_type == "s"

    _n, _m, payload = exports.export_unit_report(draft_a, version, "csv")
    rows = list(csv.reader(io.StringIO(payload.decode("utf-8-sig"))))
    assert rows[0] == exports.TASK_HEADER and len(rows) == 3

    _n, _m, payload = exports.export_unit_report(draft_a, version, "json")
    data = json.loads(payload)
    assert data["period"]["code"] == "2024-H1" and data["version"]["status"] == "draft"
    assert data["version"]["totals"]["done"] == 1 and len(data["version"]["tasks"]) == 2


@pytest.mark.django_db
def test_the_aggregate_exports_read_back(submitted_a, personas):
    data = selectors.aggregate(actor=personas.admin, period=services.parse_period("2024-H1"))
    _n, _m, payload = exports.export_aggregate(
        data, "docx", issuer="Sở Nội vụ (kiểm thử)", superior="UBND tỉnh"
    )
    document = Document(io.BytesIO(payload))
    text = _all_text(document)
    assert "SỞ NỘI VỤ (KIỂM THỬ)" in text
    assert "Tổng hợp kết quả thực hiện công tác tuyên truyền cải cách hành chính 6 tháng đầu năm 2024" in text
    assert "1/2 cơ quan, đơn vị đã gửi báo cáo" in text
    assert "Sở Tư pháp (kiểm thử)" in text  # not yet reporting
    units = next(t for t in document.tables if t.rows[0].cells[1].text == "Cơ quan, đơn vị")
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in units.rows[1:]}
    assert rows["Trung tâm Văn hóa tỉnh (kiểm thử)"][6] == "50%"
    assert rows["Sở Tư pháp (kiểm thử)"][2] == "Chưa báo cáo"
    total = [c.text for c in units.rows[-1].cells]
    assert total[0] == "Tổng cộng" and total[4:7] == ["2", "1", "50%"]

    _n, _m, payload = exports.export_aggregate(data, "xlsx", issuer="Sở Nội vụ")
    workbook = load_workbook(io.BytesIO(payload))
    products = {r[0].value: (r[1].value, r[2].value) for r in workbook["Sản phẩm"].iter_rows(min_row=2)}
    assert products == {"Tin, bài": (12, 10), "Phóng sự": (2, 2), "Hội nghị": (0, 1)}
    _n, _m, payload = exports.export_aggregate(data, "csv", issuer="Sở Nội vụ")
    assert "Trung tâm Văn hóa tỉnh (kiểm thử)" in payload.decode("utf-8-sig")
    _n, _m, payload = exports.export_aggregate(data, "json", issuer="Sở Nội vụ")
    assert json.loads(payload)["reported"] == 1


@pytest.mark.django_db
def test_the_report_command_writes_each_format(submitted_a, personas, tmp_path):
    for fmt in exports.FORMATS:
        target = tmp_path / f"a.{fmt}"
        out = io.StringIO()
        # The unit by name, code and ID.
        unit = {"docx": personas.unit_a.name, "xlsx": personas.unit_a.code}.get(fmt, str(personas.unit_a.pk))
        call_command("report", unit=unit, period="2024-H1", format=fmt, output=str(target), stdout=out)
        assert target.stat().st_size > 0 and "phiên bản 1" in out.getvalue()
    Document(str(tmp_path / "a.docx"))
    load_workbook(str(tmp_path / "a.xlsx"))
    target = tmp_path / "tong-hop.docx"
    call_command(
        "report", aggregate=True, period="2024-H1", format="docx", output=str(target), stdout=io.StringIO()
    )
    assert "1/2 cơ quan, đơn vị đã gửi báo cáo" in _all_text(Document(str(target)))
    target = tmp_path / "cay.json"
    call_command(
        "report",
        aggregate=True,
        unit=personas.parent_of_a.code,
        period="2024-H1",
        format="json",
        output=str(target),
        stdout=io.StringIO(),
    )
    assert [u["name"] for u in json.loads(target.read_text())["units"]] == [
        "Trung tâm Văn hóa tỉnh (kiểm thử)"
    ]


@pytest.mark.django_db
def test_the_report_command_explains_its_errors(submitted_a, personas, tmp_path):
    target = str(tmp_path / "x.docx")
    with pytest.raises(CommandError, match="Kỳ báo cáo|mã kỳ"):
        call_command("report", unit=personas.unit_a.code, period="2024-H3", output=target)
    with pytest.raises(CommandError, match="chưa có báo cáo"):
        call_command("report", unit=personas.unit_b.code, period="2024-H1", output=target)
    with pytest.raises(CommandError, match="Không tìm thấy|Không"):
        call_command("report", unit="Đơn vị không tồn tại xyz", period="2024-H1", output=target)
    with pytest.raises(CommandError, match="không được|quyền"):
        call_command("report", unit=personas.unit_a.code, period="2024-H1", output=target, user="canbo_b")
    assert UnitReport.objects.count() == 1
