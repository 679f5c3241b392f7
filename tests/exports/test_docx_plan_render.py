"""The official DOCX printed by LibreOffice: page count and orientation from the page
images, and where the header's texts land on page 1 (so a broken layout fails)."""

from __future__ import annotations

import pytest
from export_plans import provincial_plan

from cchc.exports.docx_plan import render_plan_docx
from cchc.exports.libreoffice import ConversionError, convert_to_pdf, soffice_path
from cchc.exports.poppler import pdf_to_pngs, pdftoppm_path, png_size

pytestmark = [
    pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(pdftoppm_path() is None, reason="pdftoppm (poppler-utils) is not installed"),
]

CM = 72 / 2.54  # PDF points per centimetre


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """(pdf path, page images) of the fictional provincial plan with enough tasks for two appendix pages."""
    plan = provincial_plan()
    template = plan.tasks[0]
    for number in range(4, 19):
        plan.tasks.append(
            type(template)(
                stt=str(number),
                task=f"{template.task}, đợt {number} trong năm, kèm theo tọa đàm với người dân ở cơ sở",
                products=template.products,
                lead=list(template.lead),
                coordinators=list(template.coordinators),
                timeframe=template.timeframe,
            )
        )
    work = tmp_path_factory.mktemp("printed")
    docx = work / "plan.docx"
    docx.write_bytes(render_plan_docx(plan))
    pdf = convert_to_pdf(docx, work)
    return pdf, pdf_to_pngs(pdf, work / "png")


def _page_texts(pdf_path):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf_path))
    try:
        return len(document)
    finally:
        document.close()


def _find(pdf_path, page_index: int, text: str):
    """(left, right, top) in cm of the first occurrence of `text` on a page, and the page width."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf_path))
    try:
        page = document[page_index]
        width, height = page.get_size()
        textpage = page.get_textpage()
        found = textpage.search(text).get_next()
        assert found, f"'{text}' is not on page {page_index + 1}"
        index, count = found
        first, last = textpage.get_charbox(index), textpage.get_charbox(index + count - 1)
        return first[0] / CM, last[2] / CM, (height - first[3]) / CM, width / CM
    finally:
        document.close()


def _top_margin_text(pdf_path, page_index: int) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf_path))
    try:
        page = document[page_index]
        width, height = page.get_size()
        return page.get_textpage().get_text_bounded(0, height - 2 * CM, width, height).strip()
    finally:
        document.close()


def test_each_pdf_page_becomes_one_image(printed):
    pdf, pngs = printed
    assert len(pngs) == _page_texts(pdf)
    assert len(pngs) >= 3


def test_the_first_page_prints_portrait_and_the_appendix_landscape(printed):
    _, pngs = printed
    sizes = [png_size(path) for path in pngs]
    width, height = sizes[0]
    assert height > width
    landscape = [index for index, (w, h) in enumerate(sizes) if w > h]
    assert len(landscape) >= 2
    # The appendix is the last part: once landscape, every later page stays landscape.
    assert landscape == list(range(landscape[0], len(sizes)))


def test_the_national_title_and_date_print_in_the_right_half(printed):
    pdf, _ = printed
    for text in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ngày 05 tháng 01 năm 2031",
    ):
        left, right, _, width = _find(pdf, 0, text)
        assert left > width * 0.42, text
        assert right < width - 1.0, text


def test_the_issuer_and_number_print_in_the_left_part(printed):
    pdf, _ = printed
    for text in ("ỦY BAN NHÂN DÂN", "Số: 193/KH-UBND"):
        left, right, _, width = _find(pdf, 0, text)
        assert right < width * 0.45, text
        assert left > 1.0, text


def test_the_national_title_holds_on_one_line_level_with_the_issuer(printed):
    pdf, _ = printed
    _, _, national_top, _ = _find(pdf, 0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    _, _, issuer_top, _ = _find(pdf, 0, "ỦY BAN NHÂN DÂN")
    assert abs(national_top - issuer_top) < 0.3


def test_the_document_type_is_centred_on_the_text_area(printed):
    pdf, _ = printed
    left, right, top, width = _find(pdf, 0, "KẾ HOẠCH")
    text_centre = 3.0 + (width - 3.0 - 1.5) / 2
    assert abs((left + right) / 2 - text_centre) < 0.5
    assert top < 8


def test_page_numbers_print_in_the_top_margin_from_page_two_only(printed):
    pdf, _ = printed
    assert _top_margin_text(pdf, 0) == ""
    assert _top_margin_text(pdf, 1) == "2"


def test_a_missing_file_is_a_clear_conversion_error(tmp_path):
    with pytest.raises(ConversionError, match="Không tìm thấy"):
        convert_to_pdf(tmp_path / "absent.docx", tmp_path)
