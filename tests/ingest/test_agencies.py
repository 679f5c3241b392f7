"""Agency cells split by the rules of the truth README."""

from __future__ import annotations

import pytest

from cchc.ingest.normalize.agencies import split_agencies


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Sở Nội vụ; Báo Hòa Phong", ["Sở Nội vụ", "Báo Hòa Phong"]),
        ("Sở Tư pháp, Sở Tài chính", ["Sở Tư pháp", "Sở Tài chính"]),
        (
            "Văn phòng Sở, Trung tâm Tin học, các phòng, đơn vị",
            ["Văn phòng Sở", "Trung tâm Tin học", "các phòng, đơn vị"],
        ),
    ],
)
def test_it_splits_on_semicolons_and_on_commas_between_named_agencies(cell, expected):
    assert split_agencies(cell) == expected


@pytest.mark.parametrize(
    "cell",
    [
        "Các sở, ban, ngành tỉnh",
        "Các sở, ban, ngành, đoàn thể tỉnh",
        "UBND cấp huyện, cấp xã",
        "UBND huyện, thị xã, thành phố",
        "các phòng, đơn vị",
        "Các cơ quan, tổ chức, cá nhân có liên quan",
        "Trung tâm Thông tin, thống kê, ứng dụng KHCN",
    ],
)
def test_it_keeps_group_phrases_and_names_with_commas_whole(cell):
    assert split_agencies(cell) == [cell]


def test_it_keeps_a_unit_and_its_parent_body_together():
    cell = "Trung tâm Phục vụ hành chính công, Văn phòng UBND tỉnh"
    assert split_agencies(cell) == [cell]


def test_it_never_splits_on_va_or_dash():
    assert split_agencies("Đài Phát thanh - Truyền hình tỉnh và các cơ quan báo chí") == [
        "Đài Phát thanh - Truyền hình tỉnh và các cơ quan báo chí"
    ]


def test_it_strips_trailing_punctuation_and_joins_wrapped_lines():
    assert split_agencies("Sở Thông tin và\nTruyền thông;\nVăn phòng Sở.") == [
        "Sở Thông tin và Truyền thông",
        "Văn phòng Sở",
    ]


def test_it_returns_nothing_for_an_empty_cell():
    assert split_agencies("") == []
    assert split_agencies(None) == []
