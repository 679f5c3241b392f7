"""The DOCX reader: body order, merged and nested cells, numbering, and refusal of unsafe archives."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from cchc.ingest.readers import read_document
from cchc.ingest.readers.base import ReaderError, TableBlock, TextLine
from cchc.ingest.readers.docx import ArchiveLimits, DocxReader


def texts(document):
    return [b.text for b in document.blocks if isinstance(b, TextLine)]


def tables(document):
    return [b for b in document.blocks if isinstance(b, TableBlock)]


def task_table(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


@pytest.fixture
def simple_docx(tmp_path):
    document = Document()
    document.add_paragraph("Trước bảng")
    task_table(document, [["STT", "Nhiệm vụ", "Cơ quan chủ trì"], ["1", "Viết tin bài", "Sở Nội vụ"]])
    document.add_paragraph("Sau bảng")
    path = tmp_path / "plan.docx"
    document.save(path)
    return path


def test_it_is_chosen_for_a_docx_file(simple_docx):
    assert read_document(simple_docx).source_format == "docx"


def test_it_recognises_a_docx_by_content_under_another_name(simple_docx, tmp_path):
    renamed = tmp_path / "plan.bin"
    renamed.write_bytes(simple_docx.read_bytes())
    assert read_document(renamed).source_format == "docx"


def test_it_keeps_paragraphs_and_tables_in_body_order(simple_docx):
    blocks = read_document(simple_docx).blocks
    assert [type(b).__name__ for b in blocks] == ["TextLine", "TableBlock", "TextLine"]
    assert blocks[0].text == "Trước bảng"
    assert blocks[2].text == "Sau bảng"


def test_it_reads_table_cells_in_grid_order(simple_docx):
    assert tables(read_document(simple_docx))[0].rows == [
        ["STT", "Nhiệm vụ", "Cơ quan chủ trì"],
        ["1", "Viết tin bài", "Sở Nội vụ"],
    ]


def test_it_does_not_duplicate_a_horizontally_merged_cell(tmp_path):
    document = Document()
    table = task_table(
        document, [["STT", "Nhiệm vụ", "Thời gian"], ["1", "", "Quý I"], ["2", "Họp báo", "Quý II"]]
    )
    merged = table.cell(1, 1).merge(table.cell(1, 2))
    merged.text = "Nhiệm vụ trải hai cột"
    path = tmp_path / "m.docx"
    document.save(path)
    rows = tables(read_document(path))[0].rows
    assert rows[1] == ["1", "Nhiệm vụ trải hai cột", ""]


def test_it_leaves_the_continuation_of_a_vertical_merge_empty(tmp_path):
    document = Document()
    table = task_table(
        document,
        [
            ["STT", "Nhiệm vụ", "Sản phẩm", "Chủ trì"],
            ["1", "", "Tin bài", "Báo tỉnh"],
            ["", "", "Phóng sự", "Đài tỉnh"],
        ],
    )
    merged = table.cell(1, 1).merge(table.cell(2, 1))
    merged.text = "Tuyên truyền trên báo, đài"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "1"
    path = tmp_path / "v.docx"
    document.save(path)
    rows = tables(read_document(path))[0].rows
    assert rows[1] == ["1", "Tuyên truyền trên báo, đài", "Tin bài", "Báo tỉnh"]
    assert rows[2] == ["", "", "Phóng sự", "Đài tỉnh"]


def test_it_flattens_a_nested_table_into_lines_of_its_cell(tmp_path):
    document = Document()
    table = task_table(document, [["STT", "Nhiệm vụ", "Phối hợp"], ["1", "Hội nghị", ""]])
    nested = table.cell(1, 2).add_table(rows=2, cols=2)
    nested.cell(0, 0).text, nested.cell(0, 1).text = "Sở Tư pháp", "Sở Tài chính"
    nested.cell(1, 0).text = "Tỉnh đoàn"
    path = tmp_path / "n.docx"
    document.save(path)
    cell = tables(read_document(path))[0].rows[1][2]
    assert cell.split("\n") == ["Sở Tư pháp Sở Tài chính", "Tỉnh đoàn"]


def test_it_keeps_line_breaks_inside_a_cell(tmp_path):
    document = Document()
    table = task_table(document, [["STT", "Nhiệm vụ", "Chủ trì"], ["1", "x", "y"]])
    table.cell(1, 2).text = "Sở Nội vụ"
    table.cell(1, 2).add_paragraph("Sở Tư pháp")
    path = tmp_path / "b.docx"
    document.save(path)
    assert tables(read_document(path))[0].rows[1][2] == "Sở Nội vụ\nSở Tư pháp"


def test_it_ignores_page_headers_and_footers(tmp_path):
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Tiêu đề chạy đầu trang"
    document.sections[0].footer.paragraphs[0].text = "Trang 1"
    document.add_paragraph("Nội dung chính")
    path = tmp_path / "h.docx"
    document.save(path)
    assert texts(read_document(path)) == ["Nội dung chính"]


def test_it_reads_a_two_column_layout_table_as_lines(tmp_path):
    document = Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH LAM SƠN"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(1, 0).text = "Số: 7/KH-UBND"
    header.cell(1, 1).text = "Lam Sơn, ngày 02 tháng 3 năm 2031"
    path = tmp_path / "header.docx"
    document.save(path)
    source = read_document(path)
    assert tables(source) == []
    assert texts(source) == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LAM SƠN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 7/KH-UBND",
        "Lam Sơn, ngày 02 tháng 3 năm 2031",
    ]


def test_it_renders_automatic_list_numbers_and_bullets(tmp_path):
    document = Document()
    document.add_paragraph("Mục đích", style="List Number")
    document.add_paragraph("Yêu cầu", style="List Number")
    document.add_paragraph("Ngắn gọn, dễ hiểu", style="List Bullet")
    path = tmp_path / "list.docx"
    document.save(path)
    assert texts(read_document(path)) == ["1. Mục đích", "2. Yêu cầu", "- Ngắn gọn, dễ hiểu"]


def test_it_renders_roman_numbered_section_headings(tmp_path):
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for title in ("MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "TỔ CHỨC THỰC HIỆN"):
        paragraph = document.add_paragraph(title)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
        )
    path = tmp_path / "roman.docx"
    document.save(path)
    assert texts(read_document(path)) == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN"]


def test_it_skips_tracked_deletions_and_keeps_insertions(tmp_path):
    document = Document()
    paragraph = document.add_paragraph("Năm ")
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>2030</w:delText></w:r></w:del>'
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>2031</w:t></w:r></w:ins>')
    )
    path = tmp_path / "tracked.docx"
    document.save(path)
    assert texts(read_document(path)) == ["Năm 2031"]


def test_it_splits_soft_line_breaks_into_lines(tmp_path):
    document = Document()
    run = document.add_paragraph().add_run("TM. ỦY BAN NHÂN DÂN")
    run.add_break()
    run.add_text("CHỦ TỊCH")
    path = tmp_path / "br.docx"
    document.save(path)
    assert texts(read_document(path)) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_it_drops_rows_that_are_entirely_empty(tmp_path):
    document = Document()
    task_table(document, [["STT", "Nhiệm vụ", "Chủ trì"], ["", "", ""], ["1", "Họp", "Sở"]])
    path = tmp_path / "e.docx"
    document.save(path)
    assert len(tables(read_document(path))[0].rows) == 2


# --- unsafe or damaged archives -------------------------------------------------


def rewrite_member(source, target, member, data):
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            copy.writestr(info.filename, data if info.filename == member else original.read(info))


def test_it_rejects_a_zip_bomb_by_its_compression_ratio(simple_docx, tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(simple_docx) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            copy.writestr(info.filename, original.read(info))
        copy.writestr("word/media/padding.bin", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(ReaderError, match="bom nén"):
        read_document(bomb)


def test_it_rejects_an_archive_whose_total_size_exceeds_the_limit(simple_docx):
    reader = DocxReader(ArchiveLimits(max_total_uncompressed=1024))
    with pytest.raises(ReaderError, match="quá lớn"):
        reader.read(simple_docx)


def test_it_rejects_a_zip_without_a_word_document(tmp_path):
    path = tmp_path / "notword.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(ReaderError, match="word/document.xml"):
        read_document(path)


def test_it_refuses_an_entity_expansion_bomb_in_the_document_xml(simple_docx, tmp_path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        f"<w:document {nsdecls('w')}><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
    )
    bomb = tmp_path / "laughs.docx"
    rewrite_member(simple_docx, bomb, "word/document.xml", laughs.encode())
    with pytest.raises(ReaderError, match="DTD"):
        read_document(bomb)


def test_it_refuses_an_external_entity(simple_docx, tmp_path):
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f"<w:document {nsdecls('w')}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    target = tmp_path / "xxe.docx"
    rewrite_member(simple_docx, target, "word/document.xml", xxe.encode())
    with pytest.raises(ReaderError):
        read_document(target)


def test_it_rejects_malformed_document_xml(simple_docx, tmp_path):
    target = tmp_path / "broken.docx"
    rewrite_member(simple_docx, target, "word/document.xml", b"<w:document><w:body>")
    with pytest.raises(ReaderError, match="XML"):
        read_document(target)


def test_it_rejects_a_truncated_docx(simple_docx, tmp_path):
    target = tmp_path / "cut.docx"
    data = simple_docx.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReaderError, match="hỏng"):
        read_document(target)


def test_it_rejects_a_zip_member_flagged_as_encrypted(simple_docx, tmp_path):
    data = bytearray(simple_docx.read_bytes())
    # Set the "encrypted" bit in every central directory entry (PK\x01\x02, flags at +8).
    index = data.find(b"PK\x01\x02")
    while index != -1:
        data[index + 8] |= 0x1
        index = data.find(b"PK\x01\x02", index + 4)
    target = tmp_path / "locked.docx"
    target.write_bytes(bytes(data))
    with pytest.raises(ReaderError, match="mật khẩu"):
        read_document(target)


def test_it_explains_a_password_protected_word_file(tmp_path):
    # Word stores a password-protected DOCX as an OLE container holding "EncryptedPackage".
    container = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
    target = tmp_path / "secret.docx"
    target.write_bytes(container)
    with pytest.raises(ReaderError, match="mật khẩu"):
        read_document(target)


def test_it_explains_that_legacy_doc_files_must_be_saved_as_docx(tmp_path):
    target = tmp_path / "old.doc"
    target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    with pytest.raises(ReaderError, match=".docx"):
        read_document(target)


def test_it_rejects_a_text_file_named_docx(tmp_path):
    target = tmp_path / "fake.docx"
    target.write_text("không phải docx", encoding="utf-8")
    with pytest.raises(ReaderError, match="DOCX"):
        read_document(target)


def test_it_reads_a_document_saved_into_memory_first(simple_docx, tmp_path):
    # Round-tripping through BytesIO rewrites the zip; the reader must not depend on member order.
    document = Document(io.BytesIO(simple_docx.read_bytes()))
    target = tmp_path / "again.docx"
    document.save(target)
    assert len(tables(read_document(target))) == 1


def test_it_reads_the_text_of_a_word_template(simple_docx, tmp_path):
    template = tmp_path / "mau.dotx"
    with zipfile.ZipFile(simple_docx) as original, zipfile.ZipFile(template, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            copy.writestr(info, data)
    assert texts(read_document(template)) == ["Trước bảng", "Sau bảng"]


def test_it_reads_a_single_row_strip_as_lines_even_when_wide(tmp_path):
    document = Document()
    strip = document.add_table(rows=1, cols=3)
    strip.cell(0, 0).text, strip.cell(0, 1).text, strip.cell(0, 2).text = "Nơi nhận:", "", "KT. CHỦ TỊCH"
    strip.cell(0, 1).text = "(đã ký)"
    path = tmp_path / "strip.docx"
    document.save(path)
    source = read_document(path)
    assert tables(source) == []
    assert texts(source) == ["Nơi nhận:", "(đã ký)", "KT. CHỦ TỊCH"]


def test_it_reports_a_docx_holding_only_pictures_as_needing_ocr(tmp_path):
    document = Document()
    paragraph = document.add_paragraph()
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
            'drawingml/2006/wordprocessingDrawing"><wp:extent cx="10" cy="10"/><wp:docPr id="1" name="scan"/>'
            "</wp:inline></w:drawing></w:r>"
        )
    )
    path = tmp_path / "scan.docx"
    document.save(path)
    with pytest.raises(ReaderError, match="OCR"):
        read_document(path)
