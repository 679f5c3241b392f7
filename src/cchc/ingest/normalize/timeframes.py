"""Timeframe cells ("Thời gian thực hiện") → `Schedule`.

Plans write the same idea many ways: "Quý II, III/2024", "Quý 2 và quý 3 năm 2024",
"Quy II/2024" from a scan without diacritics. Matching therefore runs on a folded
copy (lower case, no diacritics, đ → d) that stays aligned character for character
with the cleaned original, so notes can still quote the original wording.

Kinds: continuous (ongoing all year), periods (dated spans), recurring ("Định kỳ",
"Hằng quý"), on_demand ("Theo kế hoạch/chỉ đạo của ..."), unknown. `raw` is always kept.
When a period's year is neither written nor known from the plan, the kind still says
what the cell means but `periods` stays empty and the note says the year is missing:
an invented year would be worse than none.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date

from cchc.ingest.model import Schedule

# Bound the work on absurd cells; a real timeframe is a line or two.
MAX_CELL_CHARS = 500

YEAR_UNKNOWN_NOTE = "chưa rõ năm / year unknown"

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}
_QUARTER_TOKEN = r"(?:iv|iii|ii|i|[1-4])(?![a-z0-9])"
_SEP = r"\s*(?:,|;|va|-|–|den|toi)\s*"
_YEAR_TAIL = r"(?:\s*(?:/|nam)\s*(?P<year>(?:19|20)\d\d))?"

_QUARTERS_RE = re.compile(
    rf"\bquy\s*(?P<list>{_QUARTER_TOKEN}(?:{_SEP}(?:quy\s*)?{_QUARTER_TOKEN})*){_YEAR_TAIL}"
)
_MONTHS_RE = re.compile(
    rf"\bthang\s*(?P<list>\d{{1,2}}(?!\d|/\d{{1,2}}/)(?:{_SEP}(?:thang\s*)?\d{{1,2}}(?![\d]))*){_YEAR_TAIL}"
)
_DATE = (
    r"(?<!\d)(?P<{p}d>\d{{1,2}})\s*[/.-]\s*(?P<{p}m>\d{{1,2}})(?!\d)(?:\s*[/.-]\s*(?P<{p}y>(?:19|20)\d\d))?"
)
_DATE_RANGE_RE = re.compile(
    r"(?:\btu\s*)?(?:ngay\s*)?"
    + _DATE.format(p="a")
    + r"\s*(?:den|toi|-|–)\s*(?:ngay\s*)?"
    + _DATE.format(p="b")
)
_DEADLINE_RE = re.compile(
    r"\b(?:truoc|cham nhat(?:\s*(?:la|vao))?|han chot|khong muon hon|hoan thanh truoc)\s*(?:ngay\s*)?"
    + _DATE.format(p="a")
)
_SINGLE_DATE_RE = re.compile(r"(?:\bngay\s*)?" + _DATE.format(p="a"))
_HALF_RE = re.compile(
    r"\b(?:6|sau)\s*thang\s*(?P<half>dau|cuoi)\s*nam(?:\s*(?P<year>(?:19|20)\d\d))?"
    r"|\bnua\s*(?P<half2>dau|cuoi)\s*nam(?:\s*(?P<year2>(?:19|20)\d\d))?"
)
_MONTH_YEAR_RE = re.compile(r"(?<![\d/])(?P<month>\d{1,2})\s*/\s*(?P<year>(?:19|20)\d\d)(?!\d)")
_YEAR_RANGE_RE = re.compile(r"\b(?P<a>(?:19|20)\d\d)\s*(?:-|–|den)\s*(?P<b>(?:19|20)\d\d)\b")
_YEAR_RE = re.compile(r"(?<![\d/])(?P<year>(?:19|20)\d\d)(?!\d)")
_ANY_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")

_CONTINUOUS_RE = re.compile(r"\b(?:thuong xuyen|lien tuc|hang nam|suot nam|ca nam)\b")
_RECURRING_RE = re.compile(r"^\s*(?:dinh ky|hang (?:thang|quy|tuan|ngay)|moi (?:thang|quy|tuan))\b")
_ON_DEMAND_RE = re.compile(
    r"^\s*(?:theo\b|khi co\b|khi can\b|dot xuat\b|tuy theo\b|tuy tinh hinh\b|can cu\b)"
)
_WITHIN_YEAR_RE = re.compile(r"^\s*trong\s*nam\b")
_ILLEGIBLE_RE = re.compile(r"…|\.\.\.")


def fold(text: str) -> str:
    """Lower case without diacritics, one output character per input character."""
    out = []
    for char in text:
        if char in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", char)[0]
        out.append(base.lower() if len(base.lower()) == 1 else char)
    return "".join(out)


def _clean(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw)
    # Stray combining marks that NFC could not attach would break the 1:1 folding.
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split())


def _iso(day: date) -> str:
    return day.isoformat()


def _year_span(year: int) -> dict[str, str]:
    return {"start": f"{year}-01-01", "end": f"{year}-12-31", "label": f"Năm {year}"}


def _month_span(year: int, month: int) -> dict[str, str]:
    last = calendar.monthrange(year, month)[1]
    return {
        "start": _iso(date(year, month, 1)),
        "end": _iso(date(year, month, last)),
        "label": f"Tháng {month}/{year}",
    }


def _quarter_span(year: int, quarter: int) -> dict[str, str]:
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    last = calendar.monthrange(year, last_month)[1]
    return {
        "start": _iso(date(year, first_month, 1)),
        "end": _iso(date(year, last_month, last)),
        "label": f"Quý {_QUARTER_NAMES[quarter]}/{year}",
    }


def _parse_list(text: str, token_re: str, value) -> list[int]:
    """ "ii, iii" / "2 va 3" / "ii - iv" (a dash or "đến" means a range) → [2, 3] / [2, 3, 4]."""
    values: list[int] = []
    tokens = re.findall(rf"({token_re})|(-|–|den|toi)", text)
    pending_range = False
    for token, range_word in tokens:
        if range_word:
            pending_range = bool(values)
            continue
        number = value(token)
        if number is None:
            continue
        if pending_range and values and values[-1] < number:
            values.extend(range(values[-1] + 1, number + 1))
        elif number not in values:
            values.append(number)
        pending_range = False
    return values


def _quarter_value(token: str) -> int | None:
    return _ROMAN.get(token) or (int(token) if token.isdigit() and 1 <= int(token) <= 4 else None)


def _month_value(token: str) -> int | None:
    return int(token) if token.isdigit() and 1 <= int(token) <= 12 else None


def _make_date(day: str, month: str, year: int | None) -> date | None:
    if year is None:
        return None
    try:
        return date(year, int(month), int(day))
    except ValueError:
        return None


class _Scanner:
    """Finds dated expressions in the folded text, blanking each match so that a
    later, looser pattern (a bare year) does not count the same words twice."""

    def __init__(self, folded: str, context_year: int | None):
        self.text = folded
        self.context_year = context_year
        self.found: list[tuple[int, list[dict[str, str]]]] = []
        self.undated: list[str] = []
        self.invalid = False
        written = _ANY_YEAR_RE.findall(folded)
        # A year written anywhere in the cell ("Quý II và quý III năm 2024") beats the plan's year.
        self.default_year = int(written[-1]) if written else context_year

    def _consume(self, match: re.Match) -> None:
        start, end = match.span()
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]

    def _year(self, written: str | None) -> int | None:
        return int(written) if written else self.default_year

    def scan(self) -> None:
        for finder in (
            self._date_ranges,
            self._deadlines,
            self._halves,
            self._quarters,
            self._months,
            self._single_dates,
            self._month_years,
            self._year_ranges,
            self._years,
        ):
            finder()

    def _add(self, position: int, periods: list[dict[str, str]]) -> None:
        if periods:
            self.found.append((position, periods))

    def _date_ranges(self) -> None:
        for match in list(_DATE_RANGE_RE.finditer(self.text)):
            end_year = self._year(match["by"])
            start_year = int(match["ay"]) if match["ay"] else end_year
            end = _make_date(match["bd"], match["bm"], end_year)
            start = _make_date(match["ad"], match["am"], start_year)
            if start and end and start > end and not match["ay"]:
                start = _make_date(match["ad"], match["am"], start_year - 1)
            if start is None or end is None:
                self._note_undated_or_invalid(
                    end_year, f"{match['ad']}/{match['am']}–{match['bd']}/{match['bm']}"
                )
            elif start <= end:
                label = f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"
                self._add(match.start(), [{"start": _iso(start), "end": _iso(end), "label": label}])
            else:
                self.invalid = True
            self._consume(match)

    def _deadlines(self) -> None:
        for match in list(_DEADLINE_RE.finditer(self.text)):
            year = self._year(match["ay"])
            deadline = _make_date(match["ad"], match["am"], year)
            if deadline is None:
                self._note_undated_or_invalid(year, f"trước {match['ad']}/{match['am']}")
            else:
                start = date(deadline.year, 1, 1)
                if self.context_year and self.context_year <= deadline.year:
                    start = date(self.context_year, 1, 1)
                self._add(
                    match.start(),
                    [
                        {
                            "start": _iso(start),
                            "end": _iso(deadline),
                            "deadline": _iso(deadline),
                            "label": f"Trước ngày {deadline:%d/%m/%Y}",
                        }
                    ],
                )
            self._consume(match)

    def _halves(self) -> None:
        for match in list(_HALF_RE.finditer(self.text)):
            half = match["half"] or match["half2"]
            year = self._year(match["year"] or match["year2"])
            if year is None:
                self.undated.append(f"6 tháng {'đầu' if half == 'dau' else 'cuối'} năm")
            elif half == "dau":
                self._add(
                    match.start(),
                    [{"start": f"{year}-01-01", "end": f"{year}-06-30", "label": f"6 tháng đầu năm {year}"}],
                )
            else:
                self._add(
                    match.start(),
                    [{"start": f"{year}-07-01", "end": f"{year}-12-31", "label": f"6 tháng cuối năm {year}"}],
                )
            self._consume(match)

    def _quarters(self) -> None:
        for match in list(_QUARTERS_RE.finditer(self.text)):
            quarters = _parse_list(match["list"], _QUARTER_TOKEN, _quarter_value)
            year = self._year(match["year"])
            if not quarters:
                continue
            if year is None:
                self.undated.append("Quý " + ", ".join(_QUARTER_NAMES[q] for q in quarters))
            else:
                self._add(match.start(), [_quarter_span(year, q) for q in quarters])
            self._consume(match)

    def _months(self) -> None:
        for match in list(_MONTHS_RE.finditer(self.text)):
            months = _parse_list(match["list"], r"\d{1,2}", _month_value)
            year = self._year(match["year"])
            if not months:
                self.invalid = True
            elif year is None:
                self.undated.append("Tháng " + ", ".join(str(m) for m in months))
            else:
                self._add(match.start(), [_month_span(year, m) for m in months])
            self._consume(match)

    def _single_dates(self) -> None:
        for match in list(_SINGLE_DATE_RE.finditer(self.text)):
            year = self._year(match["ay"])
            day = _make_date(match["ad"], match["am"], year)
            if day is None:
                self._note_undated_or_invalid(year, f"ngày {match['ad']}/{match['am']}")
            else:
                self._add(
                    match.start(), [{"start": _iso(day), "end": _iso(day), "label": f"Ngày {day:%d/%m/%Y}"}]
                )
            self._consume(match)

    def _month_years(self) -> None:
        for match in list(_MONTH_YEAR_RE.finditer(self.text)):
            month = _month_value(match["month"])
            if month is None:
                self.invalid = True
            else:
                self._add(match.start(), [_month_span(int(match["year"]), month)])
            self._consume(match)

    def _year_ranges(self) -> None:
        for match in list(_YEAR_RANGE_RE.finditer(self.text)):
            first, last = int(match["a"]), int(match["b"])
            if first <= last:
                self._add(
                    match.start(),
                    [
                        {
                            "start": f"{first}-01-01",
                            "end": f"{last}-12-31",
                            "label": f"Giai đoạn {first}-{last}",
                        }
                    ],
                )
            else:
                self.invalid = True
            self._consume(match)

    def _years(self) -> None:
        for match in list(_YEAR_RE.finditer(self.text)):
            self._add(match.start(), [_year_span(int(match["year"]))])
            self._consume(match)

    def _note_undated_or_invalid(self, year: int | None, label: str) -> None:
        if year is None:
            self.undated.append(label)
        else:
            self.invalid = True

    def periods(self) -> list[dict[str, str]]:
        ordered: list[dict[str, str]] = []
        for _position, periods in sorted(self.found, key=lambda item: item[0]):
            ordered.extend(periods)
        return ordered


def _parenthetical(clean: str) -> str | None:
    match = re.search(r"\(([^()]*)\)", clean)
    return match.group(1).strip() or None if match else None


def normalize_timeframe(raw: str | None, year: int | None = None) -> Schedule | None:
    """Read one timeframe cell. `year` is the plan's year, used where the cell gives none."""
    if raw is None:
        return None
    clean = _clean(raw)
    if not clean:
        # A cell of stray marks or control characters is not an empty cell: keep it
        # visible as unreadable rather than silently dropping it.
        if raw.strip():
            return Schedule(raw=raw, kind="unknown", note="ô thời gian không đọc được / unreadable")
        return None
    if len(clean) > MAX_CELL_CHARS:
        return Schedule(raw=raw, kind="unknown", note="ô thời gian quá dài / timeframe cell too long")
    if year is not None and not 1900 <= year <= 2199:
        year = None
    folded = fold(clean)

    if _ILLEGIBLE_RE.search(clean):
        # "…/2022": part of the cell is lost; guessing the missing words would invent a date.
        return Schedule(raw=raw, kind="unknown", note="ô thời gian không đọc được đầy đủ / partly illegible")

    if _RECURRING_RE.search(folded):
        scanner = _Scanner(folded, year)
        scanner.scan()
        return Schedule(raw=raw, kind="recurring", periods=scanner.periods(), note=clean)

    if _ON_DEMAND_RE.search(folded):
        return Schedule(raw=raw, kind="on_demand", note=clean)

    scanner = _Scanner(folded, year)
    scanner.scan()
    periods = scanner.periods()

    if _CONTINUOUS_RE.search(folded):
        if not periods and scanner.default_year is not None:
            periods = [_year_span(scanner.default_year)]
        return Schedule(
            raw=raw, kind="continuous", periods=periods, note=None if periods else YEAR_UNKNOWN_NOTE
        )

    if _WITHIN_YEAR_RE.search(folded):
        detail = _parenthetical(clean)
        if not periods and scanner.default_year is not None:
            periods = [_year_span(scanner.default_year)]
        note = detail if periods else _join_note([YEAR_UNKNOWN_NOTE], detail)
        return Schedule(raw=raw, kind="periods", periods=periods, note=note)

    if periods:
        notes = []
        if scanner.undated:
            notes.append("; ".join(scanner.undated) + ": " + YEAR_UNKNOWN_NOTE)
        if _has_leftover_words(scanner.text):
            notes.append(clean)
        return Schedule(raw=raw, kind="periods", periods=periods, note=" | ".join(notes) or None)
    if scanner.undated and not scanner.invalid:
        return Schedule(raw=raw, kind="periods", note="; ".join(scanner.undated) + ": " + YEAR_UNKNOWN_NOTE)
    return Schedule(raw=raw, kind="unknown", note=None)


def _has_leftover_words(text: str) -> bool:
    """After the dated parts are blanked out, are there words left that carry meaning?"""
    leftover = re.sub(r"\b(?:va|tu|den|nam|trong|cac|thang|quy|ngay|giai doan)\b|[,;:.()/–-]", " ", text)
    return bool(leftover.strip())


def _join_note(first: list[str], second: str | None) -> str | None:
    head = " ".join(first).strip()
    if second and head:
        return f"{head}: {second}"
    return second or head or None
