"""The timeframe normalizer: each written form of "when" becomes a Schedule that keeps its raw text."""

from __future__ import annotations

import pytest

from cchc.ingest.normalize.timeframes import normalize_timeframe


def spans(schedule):
    return [(p["start"], p["end"]) for p in schedule.periods]


def test_it_returns_none_for_a_missing_or_blank_cell():
    assert normalize_timeframe(None) is None
    assert normalize_timeframe("  \n ") is None


def test_it_reads_thuong_xuyen_as_continuous_over_the_plan_year():
    schedule = normalize_timeframe("Thường xuyên", 2024)
    assert schedule.kind == "continuous"
    assert spans(schedule) == [("2024-01-01", "2024-12-31")]
    assert schedule.raw == "Thường xuyên"


def test_it_keeps_continuous_undated_when_the_plan_year_is_unknown():
    schedule = normalize_timeframe("Thường xuyên")
    assert schedule.kind == "continuous"
    assert schedule.periods == []
    assert "year unknown" in schedule.note


def test_it_reads_hang_nam_as_continuous():
    assert normalize_timeframe("Hằng năm", 2023).kind == "continuous"
    assert normalize_timeframe("Hàng năm", 2023).kind == "continuous"


def test_it_reads_a_written_year_as_one_whole_year_period():
    schedule = normalize_timeframe("Năm 2024")
    assert schedule.kind == "periods"
    assert spans(schedule) == [("2024-01-01", "2024-12-31")]


def test_it_splits_a_list_of_quarters_with_a_shared_year_into_periods():
    schedule = normalize_timeframe("Quý II, III/2024")
    assert spans(schedule) == [("2024-04-01", "2024-06-30"), ("2024-07-01", "2024-09-30")]
    assert [p["label"] for p in schedule.periods] == ["Quý II/2024", "Quý III/2024"]


def test_it_takes_the_year_of_a_quarter_list_from_the_plan():
    schedule = normalize_timeframe("Quý I, II, III, IV", 2022)
    assert len(schedule.periods) == 4
    assert schedule.periods[0]["start"] == "2022-01-01"
    assert schedule.periods[-1]["end"] == "2022-12-31"


def test_it_leaves_quarters_undated_and_says_so_when_no_year_is_known():
    schedule = normalize_timeframe("Quý I, II, III, IV")
    assert schedule.kind == "periods"
    assert schedule.periods == []
    assert "Quý I, II, III, IV" in schedule.note


def test_it_tolerates_a_quarter_written_without_diacritics():
    assert spans(normalize_timeframe("Quy II/2024")) == [("2024-04-01", "2024-06-30")]


def test_it_reads_arabic_quarter_numbers_joined_by_va():
    schedule = normalize_timeframe("Quý 2 và quý 3 năm 2025")
    assert spans(schedule) == [("2025-04-01", "2025-06-30"), ("2025-07-01", "2025-09-30")]


def test_it_reads_a_single_month():
    assert spans(normalize_timeframe("Tháng 3/2024")) == [("2024-03-01", "2024-03-31")]


def test_it_reads_a_list_of_months_sharing_a_year():
    schedule = normalize_timeframe("Tháng 6, 7/2024")
    assert spans(schedule) == [("2024-06-01", "2024-06-30"), ("2024-07-01", "2024-07-31")]


def test_it_expands_a_month_range():
    schedule = normalize_timeframe("Từ tháng 3 đến tháng 5/2024")
    assert [p["label"] for p in schedule.periods] == ["Tháng 3/2024", "Tháng 4/2024", "Tháng 5/2024"]


def test_it_ends_february_on_the_right_day_in_a_leap_year():
    assert spans(normalize_timeframe("Tháng 2/2024")) == [("2024-02-01", "2024-02-29")]


def test_it_reads_a_deadline_as_a_period_ending_that_day():
    schedule = normalize_timeframe("Trước ngày 30/6/2024", 2024)
    assert spans(schedule) == [("2024-01-01", "2024-06-30")]
    assert schedule.periods[0]["deadline"] == "2024-06-30"


def test_it_reads_a_date_range_whose_start_borrows_the_end_year():
    schedule = normalize_timeframe("Từ 01/3 đến 30/4/2024")
    assert spans(schedule) == [("2024-03-01", "2024-04-30")]


def test_it_starts_a_range_crossing_new_year_in_the_previous_year():
    schedule = normalize_timeframe("Từ 15/12 đến 15/01/2025")
    assert spans(schedule) == [("2024-12-15", "2025-01-15")]


def test_it_reads_the_first_half_of_the_plan_year():
    assert spans(normalize_timeframe("6 tháng đầu năm", 2024)) == [("2024-01-01", "2024-06-30")]
    assert spans(normalize_timeframe("6 tháng cuối năm 2023")) == [("2023-07-01", "2023-12-31")]


def test_it_reads_trong_nam_as_the_plan_year_and_keeps_the_remark():
    schedule = normalize_timeframe("Trong năm (ưu tiên tin bài kịp thời)", 2025)
    assert spans(schedule) == [("2025-01-01", "2025-12-31")]
    assert schedule.note == "ưu tiên tin bài kịp thời"


def test_it_reads_dinh_ky_as_recurring():
    schedule = normalize_timeframe("Định kỳ theo chỉ đạo của UBND tỉnh", 2024)
    assert schedule.kind == "recurring"
    assert "theo chỉ đạo" in schedule.note


def test_it_reads_theo_ke_hoach_as_on_demand():
    schedule = normalize_timeframe("Theo kế hoạch của UBND tỉnh", 2024)
    assert schedule.kind == "on_demand"
    assert schedule.periods == []


def test_it_reads_a_multi_year_stage():
    assert spans(normalize_timeframe("Giai đoạn 2021-2025")) == [("2021-01-01", "2025-12-31")]


@pytest.mark.parametrize("raw", ["Sớm nhất có thể", "31/2/2024", "Tháng 13/2024", "…/2022"])
def test_it_marks_unreadable_or_impossible_cells_unknown_and_keeps_raw(raw):
    schedule = normalize_timeframe(raw, 2024)
    assert schedule.kind == "unknown"
    assert schedule.raw == raw
    assert schedule.periods == []


def test_it_keeps_extra_words_around_a_date_in_the_note():
    schedule = normalize_timeframe("Tập trung vào quý II/2024")
    assert spans(schedule) == [("2024-04-01", "2024-06-30")]
    assert schedule.note == "Tập trung vào quý II/2024"


def test_it_normalizes_decomposed_unicode_and_wrapped_lines():
    decomposed = "Quy\u0301 II,\nIII/2024"
    assert len(normalize_timeframe(decomposed).periods) == 2


def test_it_refuses_to_scan_an_absurdly_long_cell():
    schedule = normalize_timeframe("Quý I " * 500)
    assert schedule.kind == "unknown"


def test_it_ignores_an_implausible_plan_year():
    schedule = normalize_timeframe("Thường xuyên", 99999)
    assert schedule.periods == []
