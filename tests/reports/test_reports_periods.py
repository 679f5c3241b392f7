"""Reporting periods (cchc.core.periods): codes, labels, calendar spans, data windows, deadlines."""

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.core.periods import CODE_MAX_LENGTH, Kind, Period, choices, is_valid_code, periods_of_year

years = st.integers(min_value=1990, max_value=2200)
days = st.dates(min_value=dt.date(1991, 1, 1), max_value=dt.date(2199, 12, 1))
kinds = st.sampled_from(list(Kind))
periods = st.builds(lambda y, i: periods_of_year(y)[i], years, st.integers(min_value=0, max_value=6))


@pytest.mark.parametrize(
    ("code", "label", "start", "end", "data_from", "data_to", "deadline"),
    [
        ("2024-Q1", "Quý I năm 2024", "2024-01-01", "2024-03-31", "2023-12-15", "2024-03-14", "2024-03-20"),
        ("2024-Q2", "Quý II năm 2024", "2024-04-01", "2024-06-30", "2024-03-15", "2024-06-14", "2024-06-20"),
        (
            "2024-H1",
            "6 tháng đầu năm 2024",
            "2024-01-01",
            "2024-06-30",
            "2023-12-15",
            "2024-06-14",
            "2024-06-20",
        ),
        ("2024-Q3", "Quý III năm 2024", "2024-07-01", "2024-09-30", "2024-06-15", "2024-09-14", "2024-09-20"),
        (
            "2024-9M",
            "9 tháng đầu năm 2024",
            "2024-01-01",
            "2024-09-30",
            "2023-12-15",
            "2024-09-14",
            "2024-09-20",
        ),
        ("2024-Q4", "Quý IV năm 2024", "2024-10-01", "2024-12-31", "2024-09-15", "2024-12-14", "2024-12-20"),
        ("2024-Y", "năm 2024", "2024-01-01", "2024-12-31", "2023-12-15", "2024-12-14", "2024-12-20"),
    ],
)
def test_it_gives_the_dates_of_the_cchc_reporting_guidance(
    code, label, start, end, data_from, data_to, deadline
):
    period = Period.parse(code)
    assert period.code == code
    assert period.label_vi == label
    assert period.start.isoformat() == start
    assert period.end.isoformat() == end
    assert period.data_from.isoformat() == data_from
    assert period.data_to.isoformat() == data_to
    assert period.cutoff == period.data_to
    assert period.deadline.isoformat() == deadline


def test_it_orders_the_periods_of_a_year_by_their_end():
    assert [p.code for p in periods_of_year(2024)] == [
        "2024-Q1",
        "2024-Q2",
        "2024-H1",
        "2024-Q3",
        "2024-9M",
        "2024-Q4",
        "2024-Y",
    ]
    assert [p.code for p in periods_of_year(2024, kinds=("H", Kind.YEAR))] == ["2024-H1", "2024-Y"]


def test_it_counts_two_working_days_after_the_cutoff_for_the_nd09_reading():
    # 14/6/2024 is a Friday: Monday 17 and Tuesday 18.
    assert Period.parse("2024-H1").nd09_deadline == dt.date(2024, 6, 18)
    # 14/3/2024 is a Thursday: Friday 15 and Monday 18.
    assert Period.parse("2024-Q1").nd09_deadline == dt.date(2024, 3, 18)


def test_it_accepts_loose_spelling_and_rejects_nonsense():
    assert Period.parse(" 2024 - h1 ") == Period(2024, Kind.HALF, 1)
    assert Period.parse("2024-9m").code == "2024-9M"
    for bad in ["2024-H2", "2024-Q5", "2024", "24-Q1", "2024-Q0", "2024-M1", "", "2024-YY", "0999-Y"]:
        assert not is_valid_code(bad), bad
        with pytest.raises(ValueError):
            Period.parse(bad)
    with pytest.raises(ValueError):
        Period.parse(None)


def test_it_finds_the_period_holding_a_day():
    assert Period.containing(dt.date(2024, 8, 1), "Q").code == "2024-Q3"
    assert Period.containing(dt.date(2024, 8, 1), Kind.HALF) is None
    assert Period.containing(dt.date(2024, 3, 31), "H").code == "2024-H1"
    # By data window, 20/12 already belongs to next year's first quarter.
    assert Period.containing(dt.date(2024, 12, 20), "Q", by="window").code == "2025-Q1"
    assert Period.containing(dt.date(2024, 12, 14), "Y", by="window").code == "2024-Y"
    assert Period.containing(dt.datetime(2024, 6, 14, 23, 0), "9M", by="window").code == "2024-9M"


def test_it_offers_choices_with_a_capital_letter():
    assert choices([2024])[-1] == ("2024-Y", "Năm 2024")
    assert choices([2023, 2024])[0][0] == "2024-Q1"


def test_it_imports_without_django():
    probe = "import sys, cchc.core.periods; sys.exit(any(m.startswith('django') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", probe], timeout=60).returncode == 0


@given(periods)
def test_the_code_round_trips(period):
    assert Period.parse(period.code) == period
    assert len(period.code) <= CODE_MAX_LENGTH
    assert str(period) == period.code


@given(periods)
def test_the_window_sits_a_half_month_before_the_calendar_span(period):
    assert period.data_from < period.start <= period.data_to < period.end
    assert period.data_from.day == 15 and period.data_to.day == 14
    assert period.data_to.month == period.end.month == period.deadline.month
    assert period.cutoff < period.deadline <= period.end
    assert period.cutoff < period.nd09_deadline <= period.cutoff + dt.timedelta(days=4)
    assert period.nd09_deadline.weekday() < 5
    assert (period.start - period.data_from).days in (17, 15, 16, 14)
    assert period.in_window(period.cutoff) and not period.in_window(period.cutoff + dt.timedelta(days=1))
    assert not period.is_late(period.deadline) and period.is_late(period.deadline + dt.timedelta(days=1))


@given(days, kinds)
def test_containing_returns_a_period_that_holds_the_day(day, kind):
    by_calendar = Period.containing(day, kind)
    by_window = Period.containing(day, kind, by="window")
    if kind in (Kind.QUARTER, Kind.YEAR):
        assert by_calendar is not None
    if kind is Kind.QUARTER:
        assert by_window is not None
    if by_calendar is not None:
        assert by_calendar.kind is kind and by_calendar.in_calendar(day)
    if by_window is not None:
        assert by_window.kind is kind and by_window.in_window(day)


@given(days)
def test_quarters_tile_the_calendar_and_their_windows_tile_time(day):
    quarter = Period.containing(day, "Q")
    nxt = (
        Period(quarter.year + 1, "Q", 1)
        if quarter.number == 4
        else Period(quarter.year, "Q", quarter.number + 1)
    )
    assert quarter.end + dt.timedelta(days=1) == nxt.start
    assert quarter.data_to + dt.timedelta(days=1) == nxt.data_from
    assert nxt.previous_of_kind() == quarter


@given(years)
def test_cumulative_reports_share_the_window_start_of_the_first_quarter(year):
    q1, _, h1, _, nine, _, annual = periods_of_year(year)
    assert q1.data_from == h1.data_from == nine.data_from == annual.data_from
    assert q1 < h1 < nine < annual
    assert sorted([annual, q1, nine, h1]) == [q1, h1, nine, annual]
    assert annual.data_to == Period(year, "Q", 4).data_to
