"""The Markdown reader: headings, paragraphs, lists and pipe tables become clean blocks."""

from __future__ import annotations

import pytest

from cchc.ingest.readers import read_document
from cchc.ingest.readers.base import ReaderError, TableBlock, TextLine

PLAN_MD = """\
# ỦY BAN NHÂN DÂN TỈNH LAM SƠN

Số: 12/KH-UBND

## KẾ HOẠCH
**Tuyên truyền cải cách hành chính năm 2031**

*Căn cứ Quyết định số 45/QĐ-UBND ngày 03/01/2031 của UBND tỉnh;*

I. MỤC ĐÍCH, YÊU CẦU
===================

- Nâng cao _nhận thức_ của người dân;
* Đổi mới hình thức **tuyên truyền**.

1. Nội dung chính

| STT | Nhiệm vụ | Sản phẩm | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện |
|:---:|----------|----------|-----------------|------------------|---------------------|
| 1 | Tuyên truyền **trên báo** | Tin, bài | Sở Nội vụ | Các sở, ban, ngành | Quý II, III/2031 |
| 2 | Hội nghị<br>chuyên đề | Hội nghị | Văn phòng UBND tỉnh | Sở Tư pháp; Sở Tài chính | Thường xuyên |

---

> Xem thêm [cổng thông tin](https://example.invalid/cchc).
"""


@pytest.fixture
def plan_md(tmp_path):
    path = tmp_path / "ke-hoach.md"
    path.write_text(PLAN_MD, encoding="utf-8")
    return path


def texts(document):
    return [b.text for b in document.blocks if isinstance(b, TextLine)]


def test_it_is_chosen_for_a_md_file(plan_md):
    assert read_document(plan_md).source_format == "markdown"


def test_it_turns_headings_into_plain_lines(plan_md):
    lines = texts(read_document(plan_md))
    assert lines[0] == "ỦY BAN NHÂN DÂN TỈNH LAM SƠN"
    assert "KẾ HOẠCH" in lines
    assert "I. MỤC ĐÍCH, YÊU CẦU" in lines


def test_it_strips_emphasis_markers(plan_md):
    lines = texts(read_document(plan_md))
    assert "Tuyên truyền cải cách hành chính năm 2031" in lines
    assert "Căn cứ Quyết định số 45/QĐ-UBND ngày 03/01/2031 của UBND tỉnh;" in lines
    assert not any("*" in line or "_" in line for line in lines)


def test_it_writes_every_bullet_as_a_dash_item(plan_md):
    lines = texts(read_document(plan_md))
    assert "- Nâng cao nhận thức của người dân;" in lines
    assert "- Đổi mới hình thức tuyên truyền." in lines


def test_it_keeps_the_authors_own_numbering(plan_md):
    assert "1. Nội dung chính" in texts(read_document(plan_md))


def test_it_drops_setext_underlines_and_rules(plan_md):
    lines = texts(read_document(plan_md))
    assert not any(set(line) <= set("=-") for line in lines)


def test_it_keeps_only_the_words_of_a_link(plan_md):
    assert "Xem thêm cổng thông tin." in texts(read_document(plan_md))


def test_it_reads_a_pipe_table_as_one_table_block_with_clean_cells(plan_md):
    tables = [b for b in read_document(plan_md).blocks if isinstance(b, TableBlock)]
    assert len(tables) == 1
    rows = tables[0].rows
    assert rows[0] == [
        "STT",
        "Nhiệm vụ",
        "Sản phẩm",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian thực hiện",
    ]
    assert rows[1] == [
        "1",
        "Tuyên truyền trên báo",
        "Tin, bài",
        "Sở Nội vụ",
        "Các sở, ban, ngành",
        "Quý II, III/2031",
    ]
    assert rows[2][1] == "Hội nghị\nchuyên đề"
    assert rows[2][4] == "Sở Tư pháp; Sở Tài chính"


def test_it_places_the_table_where_it_occurs(plan_md):
    blocks = read_document(plan_md).blocks
    index = next(i for i, b in enumerate(blocks) if isinstance(b, TableBlock))
    assert blocks[index - 1].text == "1. Nội dung chính"


def test_it_keeps_an_escaped_pipe_inside_a_cell(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("| A | B |\n|---|---|\n| x \\| y | z |\n", encoding="utf-8")
    table = read_document(path).blocks[0]
    assert table.rows[1] == ["x | y", "z"]


def test_it_pads_short_table_rows_to_the_header_width(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("| A | B | C |\n|---|---|---|\n| 1 | 2 |\n", encoding="utf-8")
    assert read_document(path).blocks[0].rows[1] == ["1", "2", ""]


def test_it_reads_utf16_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "t.md"
    path.write_bytes("# Kế hoạch số 3\n".encode("utf-16"))
    assert texts(read_document(path)) == ["Kế hoạch số 3"]


def test_it_normalizes_to_nfc(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("Ke\u0302\u0301 hoa\u0323ch\n", encoding="utf-8")
    assert texts(read_document(path)) == ["Kế hoạch"]


def test_it_rejects_a_file_that_is_not_utf8_with_a_clear_message(tmp_path):
    path = tmp_path / "t.md"
    path.write_bytes("Tư pháp và Hà Nam".encode("cp1258"))
    with pytest.raises(ReaderError, match="UTF-8"):
        read_document(path)


def test_it_rejects_binary_data_under_a_md_name(tmp_path):
    path = tmp_path / "t.md"
    path.write_bytes(b"\x00\x01\x02garbage\x00")
    with pytest.raises(ReaderError, match="nhị phân"):
        read_document(path)


def test_it_reads_a_grid_table_with_cells_wrapped_over_lines(tmp_path):
    path = tmp_path / "grid.md"
    path.write_text(
        "Trước bảng\n\n"
        "+-----+-------------------+-------------+\n"
        "| STT | Nhiệm vụ          | Chủ trì     |\n"
        "+=====+===================+=============+\n"
        "| 1   | Tuyên truyền trên | Sở Nội vụ   |\n"
        "|     | **báo** tỉnh      |             |\n"
        "+-----+-------------------+-------------+\n"
        "| 2   | Hội thi           | Tỉnh đoàn   |\n"
        "+-----+-------------------+-------------+\n\n"
        "Sau bảng\n",
        encoding="utf-8",
    )
    blocks = read_document(path).blocks
    assert [type(b).__name__ for b in blocks] == ["TextLine", "TableBlock", "TextLine"]
    assert blocks[1].rows == [
        ["STT", "Nhiệm vụ", "Chủ trì"],
        ["1", "Tuyên truyền trên\nbáo tỉnh", "Sở Nội vụ"],
        ["2", "Hội thi", "Tỉnh đoàn"],
    ]


def test_it_reads_an_html_table_and_does_not_repeat_spanned_cells(tmp_path):
    path = tmp_path / "html.md"
    path.write_text(
        "<table>\n<thead><tr><th>STT</th><th>Nhiệm vụ</th><th>Sản phẩm</th></tr></thead>\n"
        '<tbody><tr><td rowspan="2">1</td><td rowspan="2">Phát sóng<br>chuyên đề</td><td>Phóng sự</td></tr>\n'
        "<tr><td>Tọa đàm &amp; hỏi đáp</td></tr>\n"
        '<tr><td>2</td><td colspan="2">Hội nghị tổng kết</td></tr></tbody>\n</table>\n',
        encoding="utf-8",
    )
    [table] = read_document(path).blocks
    assert table.rows == [
        ["STT", "Nhiệm vụ", "Sản phẩm"],
        ["1", "Phát sóng\nchuyên đề", "Phóng sự"],
        ["", "", "Tọa đàm & hỏi đáp"],
        ["2", "Hội nghị tổng kết", ""],
    ]
