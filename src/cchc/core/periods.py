"""Reporting periods of the CCHC reporting regime, as plain values (no Django needed: ``label``
asks Django for the interface language only when it is configured).

A period is named by a short code: ``2024-Q1`` … ``2024-Q4`` (quý), ``2024-H1``
(6 tháng đầu năm), ``2024-9M`` (9 tháng) and ``2024-Y`` (năm). The code is what
progress entries and reports store; everything else is derived from it.

Three sets of dates belong to a period:

* ``start``/``end``: the calendar span (1/7–30/9 for Q3; 1/1–30/6 for H1).
* ``data_from``/``data_to``: the data window ("thời gian chốt số liệu") of Nghị
  định 09/2019/NĐ-CP: from the 15th of the month before the period to the 14th
  of its last month. The 6-month, 9-month and annual windows all begin on 15/12
  of the previous year (cumulative reports). ``cutoff`` is ``data_to``.
* ``deadline``: Bộ Nội vụ's CCHC guidance (Công văn 581/BNV-CCHC) has reports
  sent no later than the 20th of the period's last month.
  ``nd09_deadline`` is the other reading, two working days after the cut-off,
  as a provincial implementing rule (Khánh Hòa QĐ 01/2023/QĐ-UBND, Art. 4)
  sets it; public holidays are not modelled, only Saturdays and Sundays.

Sources and their status (see shared/reference/vn-admin-facts.md, B1–B2):
the monthly, quarterly, 6-month and annual windows were read as reproduced in
that provincial rule and in 581/BNV-CCHC (Q1, H1, Q3, Y); the 9-month window
(15/12 → 14/9) and the article of Decree 09 itself are **unverified**; the date
of 581/BNV-CCHC is unverified; whether Thông tư 07/2021/TT-BNV replaced it for
CCHC reports is unverified. The Q2 (15/3 → 14/6) and Q4 (15/9 → 14/12) windows
follow the general quarterly rule and were not seen spelled out for CCHC.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

__all__ = [
    "CODE_MAX_LENGTH",
    "DEADLINE_DAY",
    "Kind",
    "Period",
    "active_language",
    "is_valid_code",
    "periods_between",
    "periods_of_year",
]

#: Longest period code ("2024-Q3", "2024-9M"): size for a CharField holding one.
CODE_MAX_LENGTH = 7

#: Day of the period's last month by which the report is due (581/BNV-CCHC).
DEADLINE_DAY = 20

#: First day of the data window, in the month before the period.
WINDOW_FIRST_DAY = 15

#: Working days after the cut-off in the ND 09 provincial reading (Khánh Hòa).
ND09_WORKING_DAYS = 2

MIN_YEAR = 1990
MAX_YEAR = 2200


class Kind(StrEnum):
    """Kinds of periodic report. The value is the code's suffix (or its letter)."""

    QUARTER = "Q"
    HALF = "H"
    NINE_MONTHS = "9M"
    YEAR = "Y"

    @property
    def label_vi(self) -> str:
        return _KIND_LABELS_VI[self]

    @property
    def label_en(self) -> str:
        return _KIND_LABELS_EN[self]

    @property
    def label(self) -> str:
        """In the interface language (see `active_language`)."""
        return self.label_en if _is_english(active_language()) else self.label_vi


def active_language() -> str | None:
    """Django's active language when Django is installed and configured, else None (Vietnamese).

    Asked lazily, and only when Django is already loaded, so that this module stays pure Python.
    """
    if "django.conf" not in sys.modules:
        return None
    try:
        from django.core.exceptions import ImproperlyConfigured
        from django.utils.translation import get_language
    except ImportError:
        return None
    try:
        return get_language()
    except ImproperlyConfigured:
        return None


def _is_english(language: str | None) -> bool:
    return bool(language) and language.lower().split("-")[0] == "en"


_KIND_LABELS_VI = {
    Kind.QUARTER: "Quý",
    Kind.HALF: "6 tháng",
    Kind.NINE_MONTHS: "9 tháng",
    Kind.YEAR: "Năm",
}
_KIND_LABELS_EN = {
    Kind.QUARTER: "Quarter",
    Kind.HALF: "Six months",
    Kind.NINE_MONTHS: "Nine months",
    Kind.YEAR: "Year",
}

# (kind, number) -> (first month, last month). Only the first half-year is a
# reporting period: the second half is covered by the annual report.
_MONTHS: dict[tuple[Kind, int], tuple[int, int]] = {
    (Kind.QUARTER, 1): (1, 3),
    (Kind.QUARTER, 2): (4, 6),
    (Kind.QUARTER, 3): (7, 9),
    (Kind.QUARTER, 4): (10, 12),
    (Kind.HALF, 1): (1, 6),
    (Kind.NINE_MONTHS, 1): (1, 9),
    (Kind.YEAR, 1): (1, 12),
}

# Order within a year: by last month, then the shorter period first
# (Q1, Q2, H1, Q3, 9M, Q4, Y).
_ORDER = {
    key: index for index, key in enumerate(sorted(_MONTHS, key=lambda k: (_MONTHS[k][1], -_MONTHS[k][0])))
}

_CODE_RE = re.compile(r"^\s*(\d{4})\s*-\s*(Q[1-4]|H1|9M|Y)\s*$", re.IGNORECASE)

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _last_day(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def _add_working_days(day: dt.date, count: int) -> dt.date:
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


@dataclass(frozen=True, order=False)
class Period:
    """One reporting period: a year, a kind and a number within the kind (1 for H, 9M, Y)."""

    year: int
    kind: Kind
    number: int = 1
    _sort: int = field(init=False, repr=False, compare=False, hash=False, default=0)

    def __post_init__(self) -> None:
        kind = Kind(self.kind)
        object.__setattr__(self, "kind", kind)
        if not isinstance(self.year, int) or not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"năm kỳ báo cáo không hợp lệ: {self.year!r}")
        if (kind, self.number) not in _MONTHS:
            raise ValueError(f"kỳ báo cáo không hợp lệ: {kind.value}{self.number}")
        object.__setattr__(self, "_sort", _ORDER[(kind, self.number)])

    # -- construction -----------------------------------------------------------------

    @classmethod
    def parse(cls, code: str) -> Period:
        """``"2024-H1"``, ``"2024-q3"``, ``" 2024 - 9M "``, ``"2024-Y"`` → Period. ValueError otherwise."""
        if not isinstance(code, str):
            raise ValueError(f"mã kỳ báo cáo phải là chuỗi: {code!r}")
        match = _CODE_RE.match(code)
        if not match:
            raise ValueError(
                f"mã kỳ báo cáo không hợp lệ: {code!r} (ví dụ: 2024-Q1, 2024-H1, 2024-9M, 2024-Y)"
            )
        year, suffix = int(match.group(1)), match.group(2).upper()
        if suffix == "9M":
            return cls(year, Kind.NINE_MONTHS)
        if suffix == "Y":
            return cls(year, Kind.YEAR)
        return cls(year, Kind(suffix[0]), int(suffix[1]))

    @classmethod
    def containing(
        cls, day: dt.date, kind: Kind | str, *, by: Literal["calendar", "window"] = "calendar"
    ) -> Period | None:
        """The period of ``kind`` whose calendar span (or, with ``by="window"``, data window) holds ``day``.

        Quarters and years always have one. The 6-month and 9-month reports cover only
        the start of the year, so a day after their end (by calendar: July onward for
        H1) gives None. By window, a day from 15/12 belongs to the next year's periods.
        """
        kind = Kind(kind)
        if isinstance(day, dt.datetime):
            day = day.date()
        if by not in ("calendar", "window"):
            raise ValueError(f"by must be 'calendar' or 'window', not {by!r}")
        years = (day.year, day.year + 1) if by == "window" else (day.year,)
        for year in years:
            for (k, number), _ in _MONTHS.items():
                if k != kind:
                    continue
                period = cls(year, kind, number)
                first, last = (
                    (period.start, period.end) if by == "calendar" else (period.data_from, period.data_to)
                )
                if first <= day <= last:
                    return period
        return None

    # -- identity ---------------------------------------------------------------------

    @property
    def code(self) -> str:
        if self.kind is Kind.NINE_MONTHS:
            return f"{self.year}-9M"
        if self.kind is Kind.YEAR:
            return f"{self.year}-Y"
        return f"{self.year}-{self.kind.value}{self.number}"

    def __str__(self) -> str:
        return self.code

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.year, self._sort)

    def __lt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key >= other.sort_key

    @property
    def is_cumulative(self) -> bool:
        """True for reports counted from the start of the year (H1, 9M, Y, and Q1)."""
        return self.start.month == 1

    # -- labels -----------------------------------------------------------------------

    @property
    def label_vi(self) -> str:
        """ "Quý I năm 2024", "6 tháng đầu năm 2024", "9 tháng đầu năm 2024", "năm 2024"."""
        if self.kind is Kind.QUARTER:
            return f"Quý {_ROMAN[self.number]} năm {self.year}"
        if self.kind is Kind.HALF:
            return f"6 tháng đầu năm {self.year}"
        if self.kind is Kind.NINE_MONTHS:
            return f"9 tháng đầu năm {self.year}"
        return f"năm {self.year}"

    @property
    def label_en(self) -> str:
        if self.kind is Kind.QUARTER:
            return f"Q{self.number} {self.year}"
        if self.kind is Kind.HALF:
            return f"First half of {self.year}"
        if self.kind is Kind.NINE_MONTHS:
            return f"First nine months of {self.year}"
        return f"Year {self.year}"

    def label_in(self, language: str | None) -> str:
        """The label in ``language`` ("en", "en-gb" → English; anything else, None included, Vietnamese)."""
        return self.label_en if _is_english(language) else self.label_vi

    @property
    def label(self) -> str:
        """The label in the interface language (Django's active one; Vietnamese without Django).

        For what the reader sees on screen. Text that goes into official documents (DOCX/XLSX
        exports, report content stored in versions) uses ``label_vi``: those stay Vietnamese.
        """
        return self.label_in(active_language())

    # -- dates ------------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        return _MONTHS[(self.kind, self.number)][0]

    @property
    def last_month(self) -> int:
        return _MONTHS[(self.kind, self.number)][1]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        return _last_day(self.year, self.last_month)

    @property
    def data_from(self) -> dt.date:
        """15th of the month before the period (15/12 of the previous year for cumulative ones)."""
        if self.first_month == 1:
            return dt.date(self.year - 1, 12, WINDOW_FIRST_DAY)
        return dt.date(self.year, self.first_month - 1, WINDOW_FIRST_DAY)

    @property
    def data_to(self) -> dt.date:
        """14th of the period's last month."""
        return dt.date(self.year, self.last_month, WINDOW_FIRST_DAY - 1)

    @property
    def cutoff(self) -> dt.date:
        """Ngày chốt số liệu: the last day of the data window."""
        return self.data_to

    @property
    def deadline(self) -> dt.date:
        """Submission deadline: the 20th of the period's last month (581/BNV-CCHC)."""
        return dt.date(self.year, self.last_month, DEADLINE_DAY)

    @property
    def nd09_deadline(self) -> dt.date:
        """Two working days after the cut-off (a provincial reading of ND 09; weekends only)."""
        return _add_working_days(self.cutoff, ND09_WORKING_DAYS)

    def in_window(self, day: dt.date) -> bool:
        return self.data_from <= day <= self.data_to

    def in_calendar(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def is_late(self, submitted_on: dt.date) -> bool:
        """Whether a report submitted on that day missed ``deadline``."""
        if isinstance(submitted_on, dt.datetime):
            submitted_on = submitted_on.date()
        return submitted_on > self.deadline

    def previous_of_kind(self) -> Period:
        """The period of the same kind before this one (Q1 → last year's Q4)."""
        if self.kind is Kind.QUARTER and self.number > 1:
            return Period(self.year, self.kind, self.number - 1)
        if self.kind is Kind.QUARTER:
            return Period(self.year - 1, self.kind, 4)
        return Period(self.year - 1, self.kind, self.number)

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "kind": self.kind.value,
            "label_vi": self.label_vi,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "data_from": self.data_from.isoformat(),
            "data_to": self.data_to.isoformat(),
            "deadline": self.deadline.isoformat(),
        }


def periods_of_year(year: int, kinds: tuple[Kind | str, ...] | None = None) -> list[Period]:
    """Every reporting period of a year, in order Q1, Q2, H1, Q3, 9M, Q4, Y (optionally only ``kinds``)."""
    wanted = {Kind(k) for k in kinds} if kinds else set(Kind)
    periods = [Period(year, kind, number) for (kind, number) in _MONTHS if kind in wanted]
    return sorted(periods)


def periods_between(first_year: int, last_year: int) -> Iterator[Period]:
    for year in range(first_year, last_year + 1):
        yield from periods_of_year(year)


def is_valid_code(code: str) -> bool:
    try:
        Period.parse(code)
    except ValueError:
        return False
    return True


def choices(years: range | list[int], language: str | None = None) -> list[tuple[str, str]]:
    """(code, label) pairs for a form's select, newest year first, labels capitalised.

    The labels are in ``language``, by default the active interface language: call it when the
    form is built for a request, not at import time.
    """
    language = language if language is not None else active_language()
    labels = ((p.code, p.label_in(language)) for y in sorted(years, reverse=True) for p in periods_of_year(y))
    return [(code, label[:1].upper() + label[1:]) for code, label in labels]
