"""The conformance report as an official DOCX, from the page and from `cchc conformance`,
read back with python-docx."""

from __future__ import annotations

import io

import pytest
from derive_fixtures import department_text, make_science_department, province_text
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(confirmed_plan, personas):
    make_science_department(personas)
    parent = confirmed_plan(province_text(), name="tinh.txt")
    child = confirmed_plan(department_text(implements="230/KH-UBND ngày 30/12/2024"), name="so.txt")
    return child, parent


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _read(payload: bytes):
    assert payload[:2] == b"PK"
    return Document(io.BytesIO(payload))


def test_the_page_offers_the_report_as_docx(pair, client_for):
    from django.urls import reverse

    child, parent = pair
    url = reverse("plans:conformance", args=[child.pk])
    page = client_for("officer_b").get(url, {"cap_tren": parent.pk}).content.decode()
    assert f"?cap_tren={parent.pk}&dinh_dang=docx" in page
    response = client_for("officer_b").get(url, {"cap_tren": parent.pk, "dinh_dang": "docx"})
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="BC-doi-chieu-15-KH-SKHCN-voi-230-KH-UBND.docx"'
    )
    document = _read(response.content)
    header = document.tables[0]
    # The unit's registry name under its superior, as the decree's header prints it.
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == [
        "UBND TỈNH (KIỂM THỬ)",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    ]
    assert header.cell(1, 0).text.startswith("Số:") and header.cell(1, 0).text.endswith("/BC")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text


def test_the_report_says_what_is_covered_missing_extra_late_and_miscited(pair):
    from cchc.plans.conformance import check_conformance, conformance_docx

    child, parent = pair
    name, _mimetype, payload = conformance_docx(check_conformance(child, parent), child)
    document = _read(payload)
    texts = _texts(document)
    assert "BÁO CÁO" in texts
    assert (
        "Kết quả đối chiếu Kế hoạch số 15/KH-SKHCN ngày 20/01/2025 của Sở Khoa học và Công nghệ tỉnh Hưng Yên "
        "với Kế hoạch số 230/KH-UBND ngày 28/12/2024 của Ủy ban nhân dân tỉnh Hưng Yên"
    ) in texts
    assert any(
        t.startswith("2. Đã có nhiệm vụ tương ứng: 1; còn thiếu: 1; nhiệm vụ đơn vị đặt thêm: 1")
        for t in texts
    )
    assert "- Thiếu nhiệm vụ số 2: Tổ chức cuộc thi tìm hiểu về chính quyền số" in texts
    assert any(
        t.startswith("3. Thời hạn ban hành: Đúng hạn: ban hành ngày 20/01/2025, hạn 27/01/2025")
        for t in texts
    )
    assert any(
        t.startswith("- Ngày không khớp: Kế hoạch số 230/KH-UBND ngày 30/12/2024")
        and "ban hành ngày 28/12/2024" in t
        for t in texts
    )

    comparison, extra = document.tables[1], document.tables[2]
    rows = _rows(comparison)
    assert rows[0] == [
        "STT",
        "Nhiệm vụ của kế hoạch cấp trên",
        "Vai trò",
        "Tình trạng",
        "Nhiệm vụ tương ứng của đơn vị",
        "Điểm",
        "Giải thích",
    ]
    covered = next(r for r in rows if r[0] == "1")
    assert covered[2:4] == ["Chủ trì", "Có"]
    assert covered[4].startswith("1. Xây dựng chuyên mục cải cách hành chính trên trang thông tin")
    assert "chung các từ" in covered[6] and int(covered[5]) >= 55
    missing = next(r for r in rows if r[0] == "2")
    assert missing[2:5] == ["Phối hợp", "Thiếu", ""]
    assert _rows(extra)[1] == ["2", "Tập huấn kỹ năng an toàn thông tin cho công chức"]
    assert name.endswith(".docx")


def test_the_report_follows_the_decrees_page_and_puts_the_table_in_landscape(pair):
    from cchc.plans.conformance import check_conformance, conformance_docx

    child, parent = pair
    document = _read(conformance_docx(check_conformance(child, parent), child)[2])
    first, appendix = document.sections[0], document.sections[-1]
    assert first.orientation == WD_ORIENT.PORTRAIT and abs(first.page_width - Mm(210)) < Mm(0.5)
    assert abs(first.left_margin - Mm(30)) < Mm(0.5) and abs(first.right_margin - Mm(15)) < Mm(0.5)
    assert appendix.orientation == WD_ORIENT.LANDSCAPE and abs(appendix.page_width - Mm(297)) < Mm(0.5)
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.text.strip()}
    assert fonts == {"Times New Roman"}


def test_the_command_writes_the_docx(pair, tmp_path, capsys):
    child, parent = pair
    target = tmp_path / "doi-chieu.docx"
    call_command(
        "conformance",
        "--child",
        str(child.pk),
        "--parent",
        str(parent.pk),
        "--format",
        "docx",
        "-o",
        str(target),
    )
    assert "1/2 nhiệm vụ cấp trên đã có" in capsys.readouterr().out
    assert "BÁO CÁO" in _texts(_read(target.read_bytes()))


def test_the_command_wants_a_file_for_docx(pair):
    child, parent = pair
    with pytest.raises(CommandError, match="-o FILE"):
        call_command("conformance", "--child", str(child.pk), "--parent", str(parent.pk), "--format", "docx")
