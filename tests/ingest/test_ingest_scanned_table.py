"""A scanned appendix table that the OCR flattened: no '|' between cells, stray marks
from the table rules, the STT on a middle line of its row. The rows here are made up
for these tests (a fictional district); none comes from the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.ingest.layout.rowsplit import (
    restore_agency_name,
    restore_timeframe,
    split_band,
    tokenize,
)
from cchc.ingest.pipeline import parse_source
from cchc.ingest.readers.text import text_to_source
from cchc.ingest.repair.syllables import strip_marks

FIXTURE = Path(__file__).parent / "fixtures" / "text" / "ocr_flat_appendix.txt"

EXPECTED = [
    {
        "stt": "1",
        "task": "Biên soạn tài liệu hướng dẫn sử dụng dịch vụ công trực tuyến cho người dân",
        "products": "Sổ tay; tờ gấp",
        "lead": ["Sở Nội vụ"],
        "coordinators": ["Các xã, thị trấn"],
        "timeframe": "Thường xuyên",
    },
    {
        "stt": "2",
        "task": "Tổ chức hội nghị tập huấn kỹ năng số",
        "products": "Hội nghị",
        "lead": ["UBND cấp huyện"],
        "coordinators": ["Các cơ quan liên quan"],
        "timeframe": "Quý II/2025",
    },
    {
        "stt": "3",
        "task": "Đăng tải tin, bài về kết quả chuyển đổi số trên Cổng thông tin điện tử của huyện",
        "products": "Tin, bài",
        "lead": ["Văn phòng HĐND và UBND huyện"],
        "coordinators": [],
        "timeframe": "Năm 2025",
    },
    {
        "stt": "5",
        "task": "Phối hợp tổ chức cuộc thi tìm hiểu về cải cách hành chính",
        "products": "Cuộc thi trực tuyến",
        "lead": ["Sở Thông tin và Truyền thông"],
        "coordinators": ["Các cơ quan, đơn vị liên quan"],
        "timeframe": "Quý III/2025",
    },
]


def _rows(plan):
    return [
        {
            "stt": t.stt,
            "task": t.task,
            "products": t.products,
            "lead": t.lead,
            "coordinators": t.coordinators,
            "timeframe": t.timeframe,
        }
        for t in plan.tasks
    ]


def test_one_line_holding_every_column_is_cut_by_vocabulary():
    cells, _ = split_band(
        ["Tổ chức hội nghị tập huấn kỹ năng số Hội nghị UBND cấp huyện Các cơ quan liên quan Quý II/2025"]
    )
    assert cells == {
        "task": ["Tổ chức hội nghị tập huấn kỹ năng số"],
        "products": ["Hội nghị"],
        "lead": ["UBND cấp huyện"],
        "coord": ["Các cơ quan liên quan"],
        "time": ["Quý II/2025"],
    }


def test_pieces_on_later_lines_go_to_the_cell_whose_phrase_they_complete():
    # "Sở Thông tin và" / "Truyền thông", "Các cơ quan, đơn vị" / "liên quan", "Quý" / "III/2025"
    # are each split over two lines, all on the same lines as the task's own second line.
    cells, per_line = split_band(
        [
            "Phối hợp tổ chức cuộc thi tìm hiểu về cải cách | . Sở Thông tin và Các cơ quan, đơn vị Quý",
            "Cuộc thi trực tuyến",
            "hành chính Truyền thông liên quan III/2025",
        ]
    )
    assert per_line[2] == [
        ("task", "hành chính"),
        ("lead", "Truyền thông"),
        ("coord", "liên quan"),
        ("time", "III/2025"),
    ]
    assert cells["products"] == ["Cuộc thi trực tuyến"]
    assert cells["lead"] == ["Sở Thông tin và", "Truyền thông"]


def test_a_cell_that_starts_above_the_task_keeps_its_column():
    # The coordinators' cell is taller than the task's, so its first line comes first.
    cells, _ = split_band(
        [
            "Các phòng, ban",
            "Rà soát, cập nhật danh mục thủ tục hành chính trên . Phòng Tư pháp Quý I/2025",
            "Cổng thông tin điện tử Danh sách",
        ]
    )
    assert cells == {
        "task": ["Rà soát, cập nhật danh mục thủ tục hành chính trên", "Cổng thông tin điện tử"],
        "products": ["Danh sách"],
        "lead": ["Phòng Tư pháp"],
        "coord": ["Các phòng, ban"],
        "time": ["Quý I/2025"],
    }


def test_rule_marks_and_stains_are_dropped_and_mark_a_gap():
    tokens = tokenize("Sổ tay . , ; s gnk | Sở Y tế")
    assert [t.text for t in tokens] == ["Sổ", "tay", "Sở", "Y", "tế"]
    assert [t.hard_before for t in tokens] == [False, False, True, False, False]


def test_a_garbled_first_word_of_a_known_name_is_put_back_only_when_one_name_fits():
    assert restore_agency_name("S& Tư pháp") == "Sở Tư pháp"
    assert restore_agency_name("Sở Thông tin và Truyền thống") == "Sở Thông tin và Truyền thông"
    assert restore_agency_name("X& Nội vụ") == "X& Nội vụ"  # first letters disagree
    assert restore_agency_name("Phòng Văn hóa") == "Phòng Văn hóa"
    assert restore_timeframe("Thương xuyên") == "Thường xuyên"
    assert restore_timeframe("Quý II/2025") == "Quý II/2025"


def test_a_flattened_appendix_becomes_its_rows():
    plan = parse_source(text_to_source(FIXTURE.read_text(encoding="utf-8"), FIXTURE.name))
    assert _rows(plan) == EXPECTED
    assert all("OCR" in (t.note or "") for t in plan.tasks)
    assert plan.tasks[0].schedule is not None and plan.tasks[0].schedule.kind == "continuous"


def test_the_same_appendix_without_marks_is_repaired_first():
    text = strip_marks(FIXTURE.read_text(encoding="utf-8"))
    plan = parse_source(text_to_source(text, "no_marks.txt"))
    assert plan.repaired
    rows = _rows(plan)
    assert [r["stt"] for r in rows] == ["1", "2", "3", "5"]
    assert [r["lead"] for r in rows] == [e["lead"] for e in EXPECTED]
    assert [r["timeframe"] for r in rows] == [e["timeframe"] for e in EXPECTED]
    for got, want in zip(rows, EXPECTED, strict=True):
        if want["stt"] != "3":
            assert got["task"] == want["task"]


@pytest.mark.parametrize(
    "appendix",
    [
        # A numbered list of attachments: numbers and text, but no agencies or timeframes.
        ["1 Quy trình tiếp nhận hồ sơ", "2 Mẫu phiếu đánh giá", "3 Danh sách địa chỉ liên hệ"],
        # Too few numbered rows to be a table.
        ["1 Sở Nội vụ Thường xuyên", "2 Sở Tư pháp Quý I/2025"],
    ],
)
def test_numbered_lines_that_are_not_a_table_give_no_rows(appendix):
    text = "\n".join(
        [
            "KẾ HOẠCH",
            "Truyền thông năm 2025",
            "I. MỤC ĐÍCH, YÊU CẦU",
            "Nâng cao hiểu biết của người dân.",
            "Phụ lục",
            "DANH MỤC KÈM THEO",
            *appendix,
        ]
    )
    plan = parse_source(text_to_source(text, "list.txt"))
    assert plan.tasks == []
