"""The official DOCX read back with python-docx: the page, the fonts and every element of
the Nghị định 30/2020 layout where the decree puts it."""

from __future__ import annotations

import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from export_plans import department_plan, open_docx, provincial_plan

from cchc.exports.docx_plan import (
    DOCX_MIMETYPE,
    FONT_NAME,
    TASK_COLUMNS,
    ExportError,
    export_plan_docx,
    place_date_line,
    plan_docx_filename,
    render_plan_docx,
)
from cchc.ingest.model import PlanDocument


@pytest.fixture
def document(plan):
    return open_docx(render_plan_docx(plan))


def _texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def _paragraph(container, text: str):
    return next(p for p in container.paragraphs if p.text.strip() == text)


def _runs(paragraph):
    return [run for run in paragraph.runs if run.text.strip()]


def _all_runs(document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs
    for section in document.sections:
        for paragraph in section.header.paragraphs:
            yield from paragraph.runs


def test_the_first_page_is_a4_portrait(document):
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)


def test_every_section_keeps_the_decree_margins(document):
    for section in document.sections:
        assert Mm(20) <= section.top_margin <= Mm(25)
        assert Mm(20) <= section.bottom_margin <= Mm(25)
        assert Mm(30) <= section.left_margin <= Mm(35)
        assert Mm(15) <= section.right_margin <= Mm(20)


def test_every_run_is_times_new_roman_in_every_script_slot(document):
    runs = [run for run in _all_runs(document) if run.text.strip()]
    assert len(runs) > 40
    for run in runs:
        fonts = run._element.rPr.rFonts
        slots = {slot: fonts.get(qn(slot)) for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")}
        assert set(slots.values()) == {FONT_NAME}, (run.text, slots)


def test_the_normal_style_is_times_new_roman(document):
    assert document.styles["Normal"].font.name == FONT_NAME


def test_the_header_is_a_two_column_table_with_bodies_left_and_motto_right(document):
    header = document.tables[0]
    assert len(header.columns) == 2
    left = _texts(header.cell(0, 0))
    right = _texts(header.cell(0, 1))
    assert left == ["ỦY BAN NHÂN DÂN", "TỈNH SÔNG MÂY"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert _texts(header.cell(1, 0)) == ["Số: 193/KH-UBND"]
    assert _texts(header.cell(1, 1)) == ["Sông Mây, ngày 05 tháng 01 năm 2031"]


def test_the_left_header_column_takes_about_two_fifths(document):
    header = document.tables[0]
    left, right = (column.width for column in header.columns)
    assert 0.35 <= left / (left + right) <= 0.45


def test_the_superior_body_is_upright_and_the_issuer_bold(department):
    header = open_docx(render_plan_docx(department)).tables[0]
    cell = header.cell(0, 0)
    parent = _paragraph(cell, "UBND TỈNH SÔNG MÂY")
    issuer = _paragraph(cell, "SỞ NỘI VỤ")
    assert all(not run.bold for run in _runs(parent))
    assert all(run.bold for run in _runs(issuer))
    assert all(Pt(12) <= run.font.size <= Pt(13) for run in _runs(parent) + _runs(issuer))


def test_the_issuing_body_has_a_short_rule_under_it(document):
    cell = document.tables[0].cell(0, 0)
    ruled = [
        p for p in cell.paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    ]
    assert len(ruled) == 1
    column = document.tables[0].columns[0].width
    rule = column - ruled[0].paragraph_format.left_indent - ruled[0].paragraph_format.right_indent
    assert Cm(1) <= rule <= column / 2


def test_the_national_title_and_motto_are_bold_in_their_sizes(document):
    cell = document.tables[0].cell(0, 1)
    national = _runs(_paragraph(cell, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    motto = _runs(_paragraph(cell, "Độc lập - Tự do - Hạnh phúc"))
    assert all(run.bold and Pt(12) <= run.font.size <= Pt(13) for run in national)
    assert all(run.bold and Pt(13) <= run.font.size <= Pt(14) for run in motto)


def test_the_place_and_date_line_is_italic_and_the_number_upright(document):
    header = document.tables[0]
    date = _runs(header.cell(1, 1).paragraphs[0])
    number = _runs(header.cell(1, 0).paragraphs[0])
    assert all(run.italic and Pt(13) <= run.font.size <= Pt(14) for run in date)
    assert all(not run.italic and not run.bold and run.font.size == Pt(13) for run in number)


def test_days_below_ten_and_the_first_two_months_take_a_leading_zero():
    assert place_date_line("Sông Mây", "2031-01-05") == "Sông Mây, ngày 05 tháng 01 năm 2031"
    assert place_date_line("Sông Mây", "2031-02-28") == "Sông Mây, ngày 28 tháng 02 năm 2031"
    assert place_date_line("Sông Mây", "2031-06-09") == "Sông Mây, ngày 09 tháng 6 năm 2031"
    assert place_date_line("Sông Mây", "2031-12-15") == "Sông Mây, ngày 15 tháng 12 năm 2031"


def test_a_plan_without_a_date_leaves_the_date_blank_to_fill_by_hand():
    line = place_date_line("Sông Mây", None, 2031)
    assert line.startswith("Sông Mây, ngày") and line.endswith("năm 2031")
    assert not any(ch.isdigit() for ch in line.replace("2031", ""))


def test_the_type_and_title_are_bold_and_centred(document):
    for text in ("KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2031"):
        paragraph = _paragraph(document, text)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold and Pt(13) <= run.font.size <= Pt(14) for run in _runs(paragraph))


def test_the_legal_bases_are_italic_each_ending_with_a_semicolon_and_the_last_with_a_full_stop(document):
    bases = [p for p in document.paragraphs if p.text.startswith("Căn cứ")]
    assert len(bases) == 2
    assert bases[0].text.endswith(";") and bases[1].text.endswith(".")
    assert all(run.italic for paragraph in bases for run in _runs(paragraph))


def test_body_paragraphs_are_justified_size_14_indented_and_spaced(document):
    body = [p for p in document.paragraphs if p.text.startswith(("Căn cứ", "I. ", "1. ", "a) ", "Kinh phí"))]
    assert len(body) >= 8
    for paragraph in body:
        fmt = paragraph.paragraph_format
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert abs(fmt.first_line_indent - Cm(1.27)) < Cm(0.01)
        assert fmt.space_after >= Pt(6)
        assert all(run.font.size == Pt(14) for run in _runs(paragraph))


def test_roman_and_arabic_headings_are_bold_and_points_upright(document):
    assert all(run.bold for run in _runs(_paragraph(document, "II. NỘI DUNG TUYÊN TRUYỀN")))
    assert all(run.bold for run in _runs(_paragraph(document, "1. Hình thức tuyên truyền")))
    point = _paragraph(document, "a) Trên báo chí và cổng thông tin điện tử")
    assert not any(run.bold for run in _runs(point))


def test_the_funding_paragraph_follows_its_heading(document):
    texts = [p.text for p in document.paragraphs]
    heading = texts.index("III. KINH PHÍ THỰC HIỆN")
    assert texts[heading + 1].startswith("Kinh phí thực hiện được bố trí")


def test_each_agency_in_charge_is_listed_under_the_implementation_section_in_bold(document):
    texts = [p.text for p in document.paragraphs]
    section = texts.index("IV. TỔ CHỨC THỰC HIỆN")
    assert texts[section + 1] == "1. Sở Nội vụ:"
    assert texts[section + 2].startswith("a) Chủ trì theo dõi")
    assert texts[section + 3].startswith("b) Tổng hợp kết quả")
    own_sentence = _paragraph(document, texts[section + 4])
    assert own_sentence.runs[0].text == "2. Báo Sông Mây" and own_sentence.runs[0].bold
    assert not own_sentence.runs[1].bold


def test_the_signature_block_sits_right_of_the_recipients(document):
    block = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    assert _texts(block.cell(0, 1)) == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Lê Thị Minh Hoà",
    ]
    for paragraph in block.cell(0, 1).paragraphs:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold and Pt(13) <= run.font.size <= Pt(14) for run in _runs(paragraph))


def test_the_recipients_label_is_bold_italic_12_and_the_list_size_11(document):
    block = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    label, *items = [p for p in block.cell(0, 0).paragraphs if p.text.strip()]
    assert label.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert all(run.bold and run.italic and run.font.size == Pt(12) for run in _runs(label))
    assert [p.text for p in items] == ["- Sở Nội vụ;", "- Báo Sông Mây;", "- Lưu: VT."]
    assert all(run.font.size == Pt(11) and not run.bold for p in items for run in _runs(p))


def test_recipients_given_by_the_caller_replace_the_default_list(plan):
    document = open_docx(render_plan_docx(plan, recipients=["Bộ Nội vụ (để báo cáo)", "Lưu: VT, CCHC"]))
    block = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    assert _texts(block.cell(0, 0))[1:] == ["- Bộ Nội vụ (để báo cáo);", "- Lưu: VT, CCHC."]


def test_page_numbers_are_a_centred_page_field_in_the_header_from_page_two(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in "".join(t.text or "" for t in section.header._element.iter(qn("w:instrText")))
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "fldChar" in header_xml
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()


def test_the_appendix_is_a_landscape_section_with_its_own_numbering(document):
    appendix = document.sections[-1]
    assert len(document.sections) == 2
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert appendix.page_width > appendix.page_height
    assert abs(appendix.page_width - Mm(297)) < Mm(0.5)
    assert appendix._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_the_appendix_heading_is_bold_centred_with_an_italic_reference_line(document):
    label = _paragraph(document, "Phụ lục")
    title = _paragraph(document, "NHIỆM VỤ TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2031")
    reference = next(p for p in document.paragraphs if p.text.startswith("(Kèm theo"))
    assert (
        reference.text
        == "(Kèm theo Kế hoạch số 193/KH-UBND ngày 05/01/2031 của Ủy ban nhân dân tỉnh Sông Mây)"
    )
    for paragraph in (label, title, reference):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in _runs(label) + _runs(title))
    assert all(run.italic and not run.bold for run in _runs(reference))


def test_the_task_table_has_the_six_columns_and_a_repeated_bold_header_row(document):
    table = document.tables[-1]
    assert len(table.columns) == 6
    header = table.rows[0]
    assert [cell.text for cell in header.cells] == list(TASK_COLUMNS)
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for cell in header.cells for p in cell.paragraphs for run in _runs(p))
    assert len(table.rows) == 1 + 3


def test_the_task_table_has_borders_on_every_edge(document):
    borders = document.tables[-1]._tbl.tblPr.find(qn("w:tblBorders"))
    edges = {child.tag.split("}")[1]: child.get(qn("w:val")) for child in borders}
    assert edges == {edge: "single" for edge in ("top", "left", "bottom", "right", "insideH", "insideV")}


def test_each_agency_in_a_task_cell_is_on_its_own_line(document):
    first_task = document.tables[-1].rows[1]
    assert [p.text for p in first_task.cells[4].paragraphs] == [
        "Sở Nội vụ;",
        "Văn phòng Ủy ban nhân dân tỉnh",
    ]


def test_the_task_table_fills_the_landscape_text_width(document):
    appendix = document.sections[-1]
    text_width = appendix.page_width - appendix.left_margin - appendix.right_margin
    total = sum(column.width for column in document.tables[-1].columns)
    assert abs(total - text_width) < Cm(0.1)


def test_a_plan_without_tasks_has_no_appendix_section(plan):
    plan.tasks = []
    document = open_docx(render_plan_docx(plan))
    assert len(document.sections) == 1
    assert not any(p.text == "Phụ lục" for p in document.paragraphs)


def test_the_exporter_names_the_file_by_number_and_year():
    name, mimetype, content = export_plan_docx(provincial_plan())
    assert name == "KH-193-KH-UBND-2031.docx"
    assert mimetype == DOCX_MIMETYPE
    assert content[:2] == b"PK"


def test_the_file_name_folds_vietnamese_letters_to_ascii():
    plan = department_plan()
    plan.number = "12/KH-ĐTN"
    assert plan_docx_filename(plan) == "KH-12-KH-DTN-2032.docx"


def test_an_unnumbered_plan_is_named_after_its_title():
    plan = department_plan()
    plan.number = None
    assert plan_docx_filename(plan) == "KH-tuyen-truyen-cai-cach-hanh-chinh-nam-2032-cua-so-noi-vu-2032.docx"


def test_an_empty_plan_still_renders_a_valid_document():
    document = open_docx(render_plan_docx(PlanDocument()))
    assert _paragraph(document, "KẾ HOẠCH")
    assert document.tables[0].cell(1, 0).text.startswith("Số:")


def test_it_rejects_what_is_not_a_plan():
    with pytest.raises(ExportError, match="PlanDocument"):
        render_plan_docx({"title": "Kế hoạch"})


def test_it_rejects_recipients_given_as_one_string(plan):
    with pytest.raises(ExportError, match="nơi nhận"):
        render_plan_docx(plan, recipients="Sở Nội vụ")
