"""The PDF reader: page geometry gives back tables, columns and reading order; scans and
damaged files end in a clear ReaderError. Rendered fixtures need LibreOffice (`soffice`)."""

from __future__ import annotations

import shutil

import pypdfium2 as pdfium
import pytest
from render import TASK_COLUMNS, docx_to_pdf, render_docx, render_pdf, sample_plan, soffice

from cchc.ingest.readers import read_document
from cchc.ingest.readers.base import ReaderError, TableBlock, TextLine

needs_soffice = pytest.mark.skipif(
    soffice() is None, reason="LibreOffice (soffice) is not installed; CI installs it"
)


def texts(document):
    return [b.text for b in document.blocks if isinstance(b, TextLine)]


def tables(document):
    return [b for b in document.blocks if isinstance(b, TableBlock)]


def flat(cell: str) -> str:
    return " ".join(cell.split())


def expected_rows(plan):
    return [
        [
            t["stt"],
            t["task"],
            t["products"],
            "; ".join(t["lead"]),
            "; ".join(t["coordinators"]),
            t["timeframe"],
        ]
        for t in plan["appendix"]["tasks"]
    ]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Three PDFs rendered once: ruled table, borderless table, and a multi-page plan."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it")
    directory = tmp_path_factory.mktemp("pdf")
    short, long = sample_plan(), sample_plan(task_count=12)
    return {
        "plan": short,
        "long_plan": long,
        "ruled": render_pdf(
            short, directory, "ruled", running_header="Kế hoạch CCHC tỉnh Lam Sơn", page_numbers=True
        ),
        "borderless": render_pdf(long, directory, "borderless", ruled=False, page_numbers=True),
        "long": render_pdf(
            long, directory, "long", running_header="Kế hoạch CCHC tỉnh Lam Sơn", page_numbers=True
        ),
    }


@needs_soffice
def test_it_is_chosen_by_content_even_under_a_txt_name(rendered, tmp_path):
    renamed = tmp_path / "plan.txt"
    shutil.copy(rendered["ruled"], renamed)
    assert read_document(renamed).source_format == "pdf"


@needs_soffice
def test_it_recovers_every_cell_of_a_ruled_table(rendered):
    [table] = tables(read_document(rendered["ruled"]))
    assert [flat(c) for c in table.rows[0]] == TASK_COLUMNS
    assert [[flat(c) for c in row] for row in table.rows[1:]] == expected_rows(rendered["plan"])


@needs_soffice
def test_it_recovers_the_columns_of_a_borderless_table_from_its_header(rendered):
    [table] = tables(read_document(rendered["borderless"]))
    assert [flat(c) for c in table.rows[0]] == TASK_COLUMNS
    assert [[flat(c) for c in row] for row in table.rows[1:]] == expected_rows(rendered["long_plan"])


@needs_soffice
def test_it_joins_a_table_broken_by_page_breaks_and_drops_repeated_headers(rendered):
    document = read_document(rendered["long"])
    [table] = tables(document)
    assert [row[0] for row in table.rows] == ["STT", *[str(n) for n in range(1, 13)]]
    assert [[flat(c) for c in row] for row in table.rows[1:]] == expected_rows(rendered["long_plan"])


@needs_soffice
def test_it_places_the_table_after_the_lines_above_it(rendered):
    blocks = read_document(rendered["ruled"]).blocks
    index = next(i for i, b in enumerate(blocks) if isinstance(b, TableBlock))
    assert blocks[index - 1].text == rendered["plan"]["appendix"]["reference"]
    assert blocks[index - 1].page == blocks[index].page == 2


@needs_soffice
def test_it_reads_the_two_column_header_one_column_after_the_other(rendered):
    lines = texts(read_document(rendered["ruled"]))
    assert lines[:6] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LAM SƠN",
        "Số: 45/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lam Sơn, ngày 14 tháng 01 năm 2031",
    ]


@needs_soffice
def test_it_keeps_body_lines_in_reading_order(rendered):
    lines = texts(read_document(rendered["ruled"]))
    plan = rendered["plan"]
    headings = [section["heading"] for section in plan["sections"]]
    positions = [lines.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert lines.index(plan["bases"][0]["line"]) < lines.index(plan["bases"][1]["line"]) < positions[0]


@needs_soffice
def test_it_reads_the_signer_block_after_the_recipients(rendered):
    lines = texts(read_document(rendered["ruled"]))
    assert lines.index("Nơi nhận:") < lines.index("TM. ỦY BAN NHÂN DÂN") < lines.index("CHỦ TỊCH")
    assert lines.index("CHỦ TỊCH") < lines.index("Trần Minh Khoa")


@needs_soffice
def test_it_drops_running_headers_and_page_numbers(rendered):
    lines = texts(read_document(rendered["long"]))
    assert "Kế hoạch CCHC tỉnh Lam Sơn" not in lines
    assert not any(line.strip().isdigit() for line in lines)


@needs_soffice
def test_it_leaves_merged_cells_empty_instead_of_repeating_them(tmp_path):
    from docx import Document

    document = Document()
    table = document.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    for c, title in enumerate(["STT", "Nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì"]):
        table.cell(0, c).text = title
    table.cell(1, 0).merge(table.cell(2, 0)).text = "1"
    table.cell(1, 1).merge(table.cell(2, 1)).text = "Phát sóng chuyên đề"
    table.cell(1, 2).text, table.cell(1, 3).text = "Phóng sự", "Đài tỉnh"
    table.cell(2, 2).text, table.cell(2, 3).text = "Tọa đàm", "Báo tỉnh"
    source = tmp_path / "merged.docx"
    document.save(source)
    [parsed] = tables(read_document(docx_to_pdf(source, tmp_path)))
    assert [flat(c) for c in parsed.rows[1]] == ["1", "Phát sóng chuyên đề", "Phóng sự", "Đài tỉnh"]
    assert [flat(c) for c in parsed.rows[2]] == ["", "", "Tọa đàm", "Báo tỉnh"]


@needs_soffice
def test_it_reads_a_docx_and_its_pdf_to_the_same_table(rendered, tmp_path):
    docx_path = render_docx(rendered["plan"], tmp_path / "same.docx")
    [from_docx] = tables(read_document(docx_path))
    [from_pdf] = tables(read_document(rendered["ruled"]))
    assert [[flat(c) for c in row] for row in from_docx.rows] == [
        [flat(c) for c in row] for row in from_pdf.rows
    ]


# --- files that cannot be read -------------------------------------------------------


def blank_pdf(path, pages=1):
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    document.save(str(path))
    return path


def test_it_reports_a_pdf_without_a_text_layer_as_a_scan(tmp_path):
    with pytest.raises(ReaderError, match="không có lớp văn bản"):
        read_document(blank_pdf(tmp_path / "scan.pdf", pages=3))


def test_it_rejects_a_password_protected_pdf(tmp_path):
    o_value, u_value = b"11" * 32, b"22" * 32
    body = (
        b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
        b"3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj\n"
        b"4 0 obj <</Filter/Standard/V 2/R 3/Length 128/P -4/O <"
        + o_value
        + b"> /U <"
        + u_value
        + b">>> endobj\n"
        b"trailer <</Root 1 0 R/Size 5/Encrypt 4 0 R"
        b"/ID[<0123456789abcdef0123456789abcdef><0123456789abcdef0123456789abcdef>]>>\n%%EOF\n"
    )
    path = tmp_path / "locked.pdf"
    path.write_bytes(body)
    with pytest.raises(ReaderError, match="mật khẩu"):
        read_document(path)


def test_it_rejects_garbage_behind_a_pdf_signature(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(ReaderError, match="PDF"):
        read_document(path)


def test_it_rejects_a_text_file_named_pdf(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_text("Đây không phải là PDF", encoding="utf-8")
    with pytest.raises(ReaderError, match="không phải PDF"):
        read_document(path)


def test_it_rejects_an_empty_pdf_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(ReaderError):
        read_document(path)


def handmade_pdf(path, content: bytes, to_unicode: bytes | None = None):
    """A one-page PDF written byte by byte (Helvetica, so ASCII text only): lets these
    tests run where LibreOffice is not installed."""
    font = (
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica"
        + (b"/ToUnicode 6 0 R" if to_unicode else b"")
        + b">>"
    )
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream",
        font,
    ]
    if to_unicode:
        objects.append(b"<</Length %d>>stream\n" % len(to_unicode) + to_unicode + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj " % number + body + b" endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer <</Root 1 0 R/Size %d>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_it_reads_lines_top_to_bottom_whatever_order_they_were_drawn_in(tmp_path):
    content = (
        b"BT /F1 12 Tf 72 600 Td (Second line of the body) Tj ET "
        b"BT /F1 12 Tf 72 700 Td (First line of the body) Tj ET "
        b"BT /F1 12 Tf 72 500 Td (Third line) Tj ET"
    )
    path = handmade_pdf(tmp_path / "order.pdf", content)
    assert texts(read_document(path)) == ["First line of the body", "Second line of the body", "Third line"]


def test_it_drops_a_page_number_at_the_foot_of_the_page(tmp_path):
    content = b"BT /F1 12 Tf 72 700 Td (Body text) Tj ET BT /F1 11 Tf 290 30 Td (3) Tj ET"
    path = handmade_pdf(tmp_path / "numbered.pdf", content)
    assert texts(read_document(path)) == ["Body text"]


def test_it_reports_a_text_layer_that_cannot_be_decoded(tmp_path):
    # A font whose Unicode map points every letter into the private use area: the PDF has
    # "text", but not words. That is a case for OCR, and the message says so.
    to_unicode = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <41> <5A> <E000> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    path = handmade_pdf(
        tmp_path / "glyphs.pdf", b"BT /F1 12 Tf 72 700 Td (ABCDEFGHIJ KLMNOP) Tj ET", to_unicode
    )
    with pytest.raises(ReaderError, match="OCR"):
        read_document(path)


@needs_soffice
def test_it_reads_pages_drawn_turned_and_shown_with_a_rotation(rendered, tmp_path):
    document = pdfium.PdfDocument(str(rendered["ruled"]))
    for index in range(len(document)):
        page = document[index]
        width, height = page.get_size()
        # Draw the content a quarter turn anticlockwise on a landscape sheet, then ask
        # viewers to turn the sheet clockwise: what is shown is the upright page.
        turn = pdfium.PdfMatrix().rotate(90, ccw=True).translate(height, 0)
        for item in list(page.get_objects(max_depth=1)):
            item.transform(turn)
        page.set_mediabox(0, 0, height, width)
        page.gen_content()
        page.set_rotation(90)
    turned = tmp_path / "turned.pdf"
    document.save(str(turned))
    original, rotated = read_document(rendered["ruled"]), read_document(turned)
    assert texts(rotated) == texts(original)
    assert [t.rows for t in tables(rotated)] == [t.rows for t in tables(original)]


@needs_soffice
def test_it_collects_vertically_centred_column_titles_of_a_borderless_table(tmp_path):
    from docx import Document
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.shared import Cm

    document = Document()
    document.add_paragraph("Các nhiệm vụ cụ thể như sau:")
    titles = ["STT", "Nhiệm vụ", "Sản phẩm", "Cơ quan chủ trì", "Thời gian thực hiện"]
    table = document.add_table(rows=3, cols=len(titles))
    table.autofit = False
    for column, title in enumerate(titles):
        cell = table.cell(0, column)
        cell.text = title
        cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        table.columns[column].width = Cm(1.5 if column == 0 else 3.3)
        for row_cell in table.columns[column].cells:
            row_cell.width = Cm(1.5 if column == 0 else 3.3)
    for row, values in enumerate(
        [
            ["1", "Viết tin bài", "Tin", "Sở Nội vụ", "Quý I/2031"],
            ["2", "Hội thi", "Hội thi", "Tỉnh đoàn", "Năm 2031"],
        ],
        start=1,
    ):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    source = tmp_path / "centred.docx"
    document.save(source)
    parsed = read_document(docx_to_pdf(source, tmp_path))
    [found] = tables(parsed)
    assert [flat(c) for c in found.rows[0]] == titles
    assert [[flat(c) for c in row] for row in found.rows[1:]] == [
        ["1", "Viết tin bài", "Tin", "Sở Nội vụ", "Quý I/2031"],
        ["2", "Hội thi", "Hội thi", "Tỉnh đoàn", "Năm 2031"],
    ]
    assert texts(parsed) == ["Các nhiệm vụ cụ thể như sau:"]
