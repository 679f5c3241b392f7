"""Task tables: flattened PDF text at two wrap widths, another column order with
extra columns, a numbered list, and real tables (`TableBlock`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.ingest.layout.segment import Layout, RowLine, make_units, segment_row
from cchc.ingest.pipeline import parse_file, parse_source
from cchc.ingest.readers.base import SourceDocument, TableBlock, TextLine
from cchc.ingest.readers.text import text_to_source

FIXTURES = Path(__file__).parent / "fixtures" / "text"

# The fictional appendix every table fixture carries (in whatever layout).
EXPECTED = [
    {
        "stt": "1",
        "task": "Tuyên truyền các văn bản chỉ đạo của Trung ương và của tỉnh về cải cách hành chính, "
        "trọng tâm là cải cách thủ tục hành chính và chuyển đổi số",
        "products": "Tin, bài, phóng sự trên báo và đài",
        "lead": ["Sở Nội vụ"],
        "coordinators": [
            "Sở Thông tin và Truyền thông",
            "Báo Hòa Phong",
            "Đài Phát thanh và Truyền hình Hòa Phong",
        ],
        "timeframe": "Thường xuyên",
    },
    {
        "stt": "2",
        "task": "Tổ chức hội nghị tập huấn nghiệp vụ cải cách hành chính cho công chức làm công tác một cửa",
        "products": "Kế hoạch, tài liệu tập huấn",
        "lead": ["Sở Nội vụ"],
        "coordinators": ["Các sở, ban, ngành tỉnh", "UBND các huyện, thành phố"],
        "timeframe": "Quý II/2025",
    },
    {
        "stt": "3",
        "task": "Xây dựng chuyên mục “Chính quyền gần dân” trên Cổng thông tin điện tử tỉnh",
        "products": "Chuyên mục, tin bài",
        "lead": ["Văn phòng UBND tỉnh"],
        "coordinators": ["Sở Thông tin và Truyền thông"],
        "timeframe": "Năm 2025",
    },
    {
        "stt": "4",
        "task": "Phát hành tờ gấp hướng dẫn người dân nộp hồ sơ trực tuyến qua Cổng Dịch vụ công",
        "products": "Tờ gấp",
        "lead": ["Trung tâm Phục vụ hành chính công, Văn phòng UBND tỉnh"],
        "coordinators": ["Bưu điện tỉnh"],
        "timeframe": "Tháng 6/2025",
    },
    {
        "stt": "5",
        "task": "Tổ chức cuộc thi tìm hiểu về cải cách hành chính dành cho đoàn viên, thanh niên",
        "products": "Kế hoạch, thể lệ, quyết định khen thưởng",
        "lead": ["Tỉnh đoàn"],
        "coordinators": ["Sở Nội vụ", "Sở Giáo dục và Đào tạo"],
        "timeframe": "Quý III/2025",
    },
]
FIELDS = ("stt", "task", "products", "lead", "coordinators", "timeframe")


def rows_of(plan) -> list[dict]:
    return [{field: getattr(task, field) for field in FIELDS} for task in plan.tasks]


@pytest.mark.parametrize("name", ["plan_header_lines.txt", "plan_header_pipe.txt"])
def test_it_rebuilds_a_flattened_table_at_either_wrap_width(name):
    assert rows_of(parse_file(FIXTURES / name)) == EXPECTED


def test_it_maps_columns_by_header_words_in_another_order():
    assert rows_of(parse_file(FIXTURES / "plan_web_meta.txt")) == EXPECTED


def test_it_keeps_extra_columns_under_their_header_label():
    plan = parse_file(FIXTURES / "plan_web_meta.txt")
    assert [task.extra.get("Kinh phí") for task in plan.tasks] == ["50", "120", None, "30", "80"]
    assert plan.tasks[1].extra.get("Ghi chú") == "Lồng ghép"


def test_it_reads_a_numbered_task_list_with_labelled_fields():
    plan = parse_file(FIXTURES / "plan_no_title.txt")
    assert [(t.stt, t.lead, t.coordinators, t.timeframe) for t in plan.tasks] == [
        ("1", ["Văn phòng Sở"], ["Các phòng, đơn vị thuộc Sở"], "Thường xuyên"),
        ("2", ["Phòng Quản lý văn hóa"], ["Thư viện tỉnh", "Bảo tàng tỉnh"], "Quý II/2025"),
    ]
    assert plan.tasks[0].products == "Tin, bài"


def test_it_splits_two_cells_printed_on_one_line():
    layout = Layout(columns=["task", "products", "lead", "coord", "time"])
    lines = [
        RowLine("Tổ chức hội nghị đối thoại với doanh nghiệp.", "none"),
        RowLine("Hội nghị", "none"),
        RowLine("Sở Công Thương", "none"),
        RowLine("Các cơ quan liên quan Thường xuyên", "none"),
    ]
    cells = {
        kind: " ".join(u.text for u in units) for kind, units in segment_row(make_units(lines), layout)[0]
    }
    assert cells["coord"] == "Các cơ quan liên quan"
    assert cells["time"] == "Thường xuyên"


def test_it_gives_each_sub_row_of_one_stt_its_own_task_entry():
    layout = Layout(columns=["task", "products", "lead", "coord", "time"])
    lines = [
        RowLine("Tuyên truyền về cải cách công vụ", "none"),
        RowLine("Tin bài trên báo", "blank"),
        RowLine("Báo Hòa Phong", "blank"),
        RowLine("Sở Nội vụ", "blank"),
        RowLine("Thường xuyên", "blank"),
        RowLine("Báo cáo tham luận", "blank"),
        RowLine("Các sở, ban, ngành tỉnh", "blank"),
        RowLine("Các cơ quan liên quan", "blank"),
        RowLine("Năm 2025", "blank"),
    ]
    subrows = segment_row(make_units(lines), layout)
    assert len(subrows) == 2
    assert [" ".join(u.text for u in units) for _, units in subrows[1]] == [
        "Báo cáo tham luận",
        "Các sở, ban, ngành tỉnh",
        "Các cơ quan liên quan",
        "Năm 2025",
    ]


def _table_source(rows: list[list[str]]) -> SourceDocument:
    blocks = [
        TextLine("KẾ HOẠCH"),
        TextLine("Tuyên truyền cải cách hành chính năm 2025"),
        TableBlock(rows=rows),
    ]
    return SourceDocument(name="bang.docx", source_format="docx", blocks=blocks)


def test_it_maps_a_real_table_by_header_words_and_drops_repeated_headers():
    header = ["TT", "Nội dung", "Thời gian", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Ghi chú"]
    rows = [
        header,
        [
            "1",
            "Cập nhật tin bài\nlên Cổng thông tin",
            "Thường xuyên",
            "Văn phòng Sở",
            "Các phòng, đơn vị",
            "Tin bài",
            "",
        ],
        header,
        [
            "2",
            "Tập huấn nghiệp vụ",
            "Quý II/2025",
            "Sở Nội vụ",
            "Sở Tư pháp; Sở Tài chính",
            "Lớp tập huấn",
            "Có kinh phí",
        ],
    ]
    plan = parse_source(_table_source(rows))
    assert [(t.stt, t.task, t.timeframe, t.lead, t.coordinators, t.products) for t in plan.tasks] == [
        (
            "1",
            "Cập nhật tin bài lên Cổng thông tin",
            "Thường xuyên",
            ["Văn phòng Sở"],
            ["Các phòng, đơn vị"],
            "Tin bài",
        ),
        (
            "2",
            "Tập huấn nghiệp vụ",
            "Quý II/2025",
            ["Sở Nội vụ"],
            ["Sở Tư pháp", "Sở Tài chính"],
            "Lớp tập huấn",
        ),
    ]
    assert plan.tasks[1].extra == {"Ghi chú": "Có kinh phí"}


def test_it_turns_a_real_table_row_without_stt_and_task_into_a_sub_row():
    rows = [
        ["STT", "Nhiệm vụ", "Sản phẩm", "Chủ trì", "Phối hợp", "Thời gian"],
        ["1", "Tuyên truyền cải cách công vụ", "Tin bài", "Báo tỉnh", "Sở Nội vụ", "Thường xuyên"],
        ["", "", "Báo cáo", "Các sở, ban, ngành tỉnh", "Các cơ quan liên quan", "Năm 2025"],
    ]
    plan = parse_source(_table_source(rows))
    assert [(t.stt, t.task, t.products) for t in plan.tasks] == [
        ("1", "Tuyên truyền cải cách công vụ", "Tin bài"),
        ("1", "Tuyên truyền cải cách công vụ", "Báo cáo"),
    ]
    assert plan.tasks[1].lead == ["Các sở, ban, ngành tỉnh"]


def test_it_rebuilds_the_same_table_printed_without_blank_lines():
    assert rows_of(parse_file(FIXTURES / "appendix_single_spaced.txt")) == EXPECTED


def test_it_reads_a_table_typed_with_bars_and_skips_its_group_rows():
    plan = parse_file(FIXTURES / "appendix_pipe_table.txt")
    assert [(t.stt, t.task, t.lead, t.coordinators, t.timeframe) for t in plan.tasks] == [
        ("1", "Đăng tin bài", ["Văn phòng"], ["Các phòng"], "Thường xuyên"),
        ("2", "Tổ chức tọa đàm", ["Sở Nội vụ"], ["Sở Tư pháp", "Sở Tài chính"], "Quý I/2026"),
    ]
    assert plan.tasks[1].extra == {"Ghi chú": "Có kinh phí"}


def test_it_follows_sub_numbered_rows_and_numbering_restarted_per_group():
    text = "\n".join(
        [
            "STT Nội dung Cơ quan chủ trì Thời gian",
            "I NHIỆM VỤ TUYÊN TRUYỀN CHUNG",
            "1 Cập nhật chuyên mục cải cách hành chính",
            "Văn phòng Sở",
            "Thường xuyên",
            "1.1 Đăng tin về thủ tục hành chính mới",
            "Văn phòng Sở",
            "Quý I/2026",
            "II NHIỆM VỤ CỦA CÁC PHÒNG",
            "1 Lồng ghép nội dung trong hội nghị chuyên môn",
            "Phòng Tổng hợp",
            "Năm 2026",
        ]
    )
    plan = parse_source(text_to_source(text, "bang.txt"))
    assert [(t.stt, t.lead, t.timeframe, t.extra.get("Nhóm")) for t in plan.tasks] == [
        ("1", ["Văn phòng Sở"], "Thường xuyên", "NHIỆM VỤ TUYÊN TRUYỀN CHUNG"),
        ("1.1", ["Văn phòng Sở"], "Quý I/2026", "NHIỆM VỤ TUYÊN TRUYỀN CHUNG"),
        ("1", ["Phòng Tổng hợp"], "Năm 2026", "NHIỆM VỤ CỦA CÁC PHÒNG"),
    ]


def test_it_reads_a_two_level_table_header():
    rows = [
        ["STT", "Nội dung", "Cơ quan thực hiện", "Cơ quan thực hiện", "Thời gian"],
        ["", "", "Chủ trì", "Phối hợp", ""],
        [
            "1",
            "Tuyên truyền trên sóng phát thanh",
            "Đài Truyền thanh huyện",
            "Phòng Văn hóa và Thông tin",
            "Hằng tháng",
        ],
    ]
    (task,) = parse_source(_table_source(rows)).tasks
    assert (task.lead, task.coordinators, task.timeframe) == (
        ["Đài Truyền thanh huyện"],
        ["Phòng Văn hóa và Thông tin"],
        "Hằng tháng",
    )


def test_it_separates_agencies_put_on_their_own_lines_in_a_real_table_cell():
    rows = [
        ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"],
        [
            "1",
            "Tổ chức tọa đàm",
            "Sở Nội vụ",
            "Sở Tư pháp\nSở Thông tin và\nTruyền thông\n- Báo tỉnh",
            "Quý II",
        ],
    ]
    (task,) = parse_source(_table_source(rows)).tasks
    assert task.coordinators == ["Sở Tư pháp", "Sở Thông tin và Truyền thông", "Báo tỉnh"]


# A flattened appendix printed double-spaced, with two layouts the cell cutting must read:
# row 2 prints its task, a ';'-separated list of products and its lead agency on one line;
# row 3 is cut by a page break, and after the repeated header one printed line carries the
# end of the task and the start of the rest of the coordinator cell, which had stopped
# after a comma.
LIST_AND_PAGE_BREAK = FIXTURES / "appendix_list_cell_page_break.txt"


def test_it_keeps_a_semicolon_list_of_products_printed_on_the_task_line_in_one_cell():
    row = next(task for task in parse_file(LIST_AND_PAGE_BREAK).tasks if task.stt == "2")
    assert (row.task, row.products, row.lead) == (
        "Tổ chức Ngày hội Dịch vụ công trực tuyến năm 2025",
        "Kế hoạch; Báo cáo",
        ["Sở Nội vụ"],
    )
    assert row.coordinators == ["Các sở, ban, ngành tỉnh", "các cơ quan ngành dọc đóng trên địa bàn tỉnh"]


def test_it_gives_a_phrase_cut_by_a_page_break_back_to_the_column_that_stopped_mid_phrase():
    row = next(task for task in parse_file(LIST_AND_PAGE_BREAK).tasks if task.stt == "3")
    assert row.coordinators == [
        "Trung tâm Thông tin, truyền thông, dữ liệu số hóa",
        "Phòng nghiệp vụ, đơn vị trực thuộc",
    ]
    assert row.task.endswith("tại bộ phận một cửa cấp tỉnh, cấp huyện;")


def test_it_does_not_continue_after_a_page_break_a_column_that_had_printed_fewer_lines():
    row = next(task for task in parse_file(LIST_AND_PAGE_BREAK).tasks if task.stt == "3")
    assert (row.products, row.lead, row.timeframe) == (
        "Các Thông báo của UBND tỉnh;",
        ["Văn phòng Sở"],
        "Thường xuyên",
    )


def test_the_rows_around_the_page_break_keep_their_own_cells():
    rows = {task.stt: task for task in parse_file(LIST_AND_PAGE_BREAK).tasks}
    assert sorted(rows) == ["1", "2", "3", "4"]
    assert (rows["4"].task, rows["4"].products, rows["4"].lead, rows["4"].coordinators) == (
        "Tuyên truyền về cải cách công vụ trên sóng phát thanh của tỉnh",
        "Chuyên mục",
        ["Đài Phát thanh tỉnh"],
        ["Sở Nội vụ"],
    )
