"""The plain rules: targets from a products cell, due dates from a normalized schedule, task keys."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.ingest.normalize.timeframes import normalize_timeframe
from cchc.tracking.rules import (
    due_from_schedule,
    expected_kinds,
    in_kind_order,
    parse_targets,
    task_key,
)


@pytest.mark.parametrize(
    ("products", "expected"),
    [
        ("02 phóng sự", {"reportage": 2}),
        ("10 tin, bài", {"news": 10}),
        ("02 phóng sự, 10 tin, bài", {"reportage": 2, "news": 10}),
        ("05 tin bài; 3 bài viết", {"news": 8}),
        ("01 hội nghị, 02 lớp tập huấn", {"conference": 1, "training": 2}),
        ("1.000 tờ rơi, 20 pano, áp phích", {"leaflet": 1000, "poster": 20}),
        ("12 chuyên mục phát thanh, truyền hình", {"broadcast": 12}),
        ("01 cuộc thi tìm hiểu CCHC", {"contest": 1}),
        ("Tin, bài, phóng sự", {}),
        ("Kế hoạch; Báo cáo", {}),
        ("", {}),
        (None, {}),
        ("0 tin", {}),
        ("Năm 2024 đăng 4 tin", {"news": 4}),
    ],
)
def test_it_reads_counted_targets_from_the_products_cell(products, expected):
    assert parse_targets(products) == expected


def test_it_lists_the_kinds_a_products_cell_names_without_counting_information_as_news():
    assert expected_kinds("Tin bài, phóng sự, tờ rơi, pano, áp phích") == [
        "news",
        "reportage",
        "leaflet",
        "poster",
    ]
    assert expected_kinds("Trang thông tin; dữ liệu") == []


def test_it_orders_kinds_the_same_way_whatever_order_the_database_gave_them():
    assert in_kind_order({"reportage": 2, "news": 10}) == ["news", "reportage"]
    assert in_kind_order(["zeta", "poster", "news", "alpha", "news"]) == [
        "news",
        "poster",
        "alpha",
        "zeta",
    ]
    assert in_kind_order([]) == []


@pytest.mark.parametrize(
    ("cell", "dates", "recurring"),
    [
        ("Quý II, III/2024", [date(2024, 6, 30), date(2024, 9, 30)], False),
        (
            "Quý I, II, III, IV",
            [date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31)],
            False,
        ),
        ("Năm 2024", [date(2024, 12, 31)], False),
        ("Trong năm", [date(2024, 12, 31)], False),
        ("Trước ngày 30/6/2024", [date(2024, 6, 30)], False),
        ("Thường xuyên", [], True),
        ("Định kỳ hằng quý", [], True),
        ("Theo kế hoạch của UBND tỉnh", [], False),
    ],
)
def test_it_takes_due_dates_from_the_normalized_schedule(cell, dates, recurring):
    schedule = normalize_timeframe(cell, 2024).__dict__
    due = due_from_schedule(schedule)
    assert due.dates == dates
    assert due.recurring is recurring
    assert due.last == (dates[-1] if dates else None)


def test_it_has_no_due_date_without_a_schedule():
    assert due_from_schedule(None).dates == []
    assert due_from_schedule({"kind": "periods", "periods": [{"end": "not a date"}]}).dates == []


def test_a_task_keeps_its_key_through_spacing_and_case_changes_but_not_other_words():
    assert task_key("1", "Tuyên truyền  trên báo") == task_key("1", "tuyên truyền trên báo")
    assert task_key("1", "Tuyên truyền trên báo") != task_key("2", "Tuyên truyền trên báo")
    assert task_key("1", "Tuyên truyền trên báo") != task_key("1", "Tuyên truyền trên đài")
