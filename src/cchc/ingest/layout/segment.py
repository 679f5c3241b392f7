"""Cut the wrapped lines of one table row into its cells.

PDF text extraction gives a row's cells one after another, each wrapped at its
column's width, sometimes with two short cells on one line. The row is a
sequence of units (whole lines, or pieces of a line at a likely cell start);
a dynamic programme chooses where cells begin so that the sum of cue scores is
highest. The cues: what a cell of each kind starts with (agency names,
timeframe words), blank-line structure, line widths against each column's width,
balanced brackets, words that cannot end a phrase. One STT with several
sub-rows is a repeat of the columns after the task.

Cost is O(units x columns x span) per row with O(1) per cell via prefix sums."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cchc.ingest.layout.vocab import DANGLING_WORDS, PRODUCT_START, TIME_SPLIT_WORDS, TIME_START
from cchc.ingest.normalize.agencies import AGENCY_HEADS, starts_with_agency
from cchc.ingest.text import collapse, first_word, starts_lower

MAX_UNITS = 400
MAX_SUBROWS = 2
NEG = float("-inf")


@dataclass
class RowLine:
    text: str
    gap: str = "blank"  # what separated it from the previous line: "none" | "blank" | "ws"


@dataclass
class Unit:
    text: str
    line_start: bool
    gap: str
    line_len: int
    line_index: int


@dataclass
class Layout:
    """What the table as a whole says about its rows: column widths and spacing."""

    columns: list[str]
    widths: dict[str, float] = field(default_factory=dict)
    double_spaced: bool = False


_SPLIT_BEFORE = re.compile(
    r"(?<=[.;:)”])\s+(?=[A-ZĐÀ-Ỹ“\-])"
    r"|\s{2,}(?=\S)"
    r"|\s+(?=(?:" + "|".join(re.escape(w) for w in sorted(TIME_SPLIT_WORDS, key=len, reverse=True)) + r"))"
    r"|\s+(?=(?:"
    + "|".join(
        re.escape(h)
        for h in AGENCY_HEADS
        if h[0].isupper() and h not in ("Các", "Tổ", "Hội", "Đơn vị", "Cơ quan", "Trường", "Cổng", "Quỹ")
    )
    + r")\s)"
    r"|\s+(?=(?:Kế hoạch|Báo cáo|Hội nghị|Văn bản|Tài liệu|Công văn|Quyết định|Tin bài|Tin, bài|Các)\b)"
)


def split_line(text: str) -> list[str]:
    """Pieces of one line that could each open a cell."""
    if len(text) < 8:
        return [text]
    pieces: list[str] = []
    last = 0
    for match in _SPLIT_BEFORE.finditer(text):
        if match.start() <= last:
            continue
        piece = text[last : match.start()].strip()
        if piece:
            pieces.append(piece)
        last = match.end()
    tail = text[last:].strip()
    if tail:
        pieces.append(tail)
    return pieces or [text]


_SPLIT_AFTER_CLAUSE = re.compile(r"(?<=[.;])\s+(?=\S)")


def make_units(lines: list[RowLine], allow_splits: bool = True, continuation: bool = False) -> list[Unit]:
    """Units of a row. In the continuation of a row cut by a page break, a clause end
    (';' or '.') may also close one column's text before the next column's begins."""
    units: list[Unit] = []
    for index, line in enumerate(lines):
        text = collapse(line.text)
        if not text:
            continue
        pieces = split_line(text) if allow_splits else [text]
        if continuation:
            pieces = [part for piece in pieces for part in _SPLIT_AFTER_CLAUSE.split(piece) if part]
        for n, piece in enumerate(pieces):
            units.append(Unit(piece, n == 0, line.gap if n == 0 else "none", len(text), index))
            if len(units) >= MAX_UNITS:
                return units
    return units


@lru_cache(maxsize=8192)
def text_flags(text: str) -> tuple[bool, bool, bool, bool]:
    """(starts lower-case, opens an agency name, opens a timeframe, opens a product) for a cell's first words."""
    return (
        starts_lower(text),
        starts_with_agency(text),
        bool(TIME_START.match(text)),
        bool(PRODUCT_START.match(text)),
    )


def _ends_dangling(text: str) -> bool:
    word = text.rsplit(" ", 1)[-1].lower()
    return word in DANGLING_WORDS or text.endswith((",", "(", "“", "-", "–", "/"))


_BASE_CACHE: dict[tuple, tuple] = {}


class _RowScorer:
    def __init__(self, units: list[Unit], layout: Layout, continuation: bool = False) -> None:
        self.units = units
        self.layout = layout
        self.continuation = continuation
        n = len(units)
        # What does not depend on column widths is computed once per row and reused by the second pass.
        key = (id(units), n, layout.double_spaced, continuation)
        base = _BASE_CACHE.get(key)
        if base is None or base[0] is not units:
            lookahead = []
            for i in range(n):
                text = units[i].text
                j = i + 1
                while len(text) < 40 and j < n:
                    text += " " + units[j].text
                    j += 1
                lookahead.append(text)
            self.lookahead = lookahead
            # Prefix sums: brackets and quotes opened/closed, and the cost of NOT cutting at each boundary.
            self.opens = [0] * (n + 1)
            self.quotes = [0] * (n + 1)
            self.nocut = [0.0] * (n + 1)
            for i, unit in enumerate(units):
                self.opens[i + 1] = self.opens[i] + unit.text.count("(") - unit.text.count(")")
                self.quotes[i + 1] = self.quotes[i] + unit.text.count("“") - unit.text.count("”")
                self.nocut[i + 1] = self.nocut[i] + (self._nocut_cost(i) if i > 0 else 0.0)
            if len(_BASE_CACHE) > 256:
                _BASE_CACHE.clear()
            _BASE_CACHE[key] = (units, self.lookahead, self.opens, self.quotes, self.nocut)
        else:
            _, self.lookahead, self.opens, self.quotes, self.nocut = base
        self._decomposed: dict[str, tuple[list[float], list[float]]] = {}
        self.lengths = [0] * (n + 1)
        for i, unit in enumerate(units):
            self.lengths[i + 1] = self.lengths[i] + len(unit.text)
        self.width_cost: dict[str, list[float]] = {}
        for kind in set(layout.columns):
            width = layout.widths.get(kind)
            costs = [0.0] * (n + 1)
            wraps = [0.0] * (n + 1)
            for i, unit in enumerate(units):
                over = 0.0
                if width:
                    length = (
                        len(unit.text)
                        if not unit.line_start or i + 1 < n and not units[i + 1].line_start
                        else unit.line_len
                    )
                    if length > width * 1.12 + 1:
                        over = -min(4.0, 0.25 * (length - width * 1.12))
                costs[i + 1] = costs[i] + over
                premature = 0.0
                if width and i > 0 and unit.line_start:
                    if units[i - 1].line_len + 1 + len(first_word(unit.text)) <= width * 0.8:
                        premature = -1.5
                wraps[i + 1] = wraps[i] + premature
            self.width_cost[kind] = costs
            self.width_cost[kind + ":wrap"] = wraps

    def _nocut_cost(self, i: int) -> float:
        """Cost of keeping unit i in the same cell as unit i-1."""
        unit, prev = self.units[i], self.units[i - 1]
        cost = 0.0
        if not unit.line_start:
            # The piece was cut off because it looks like a cell start; keeping it attached costs a little.
            if starts_with_agency(unit.text) or TIME_START.match(unit.text):
                following = self.units[i + 1] if i + 1 < len(self.units) else None
                complete = (
                    following is None or following.line_start and not starts_lower(following.text)
                ) and len(unit.text.split()) >= 2
                cost -= 1.2 if complete else 0.6
            elif PRODUCT_START.match(unit.text):
                cost -= 0.6
        elif unit.gap == "none" and self.layout.double_spaced:
            cost -= 2.5
        elif unit.gap == "ws":
            cost -= 1.2
        if starts_lower(unit.text) and not prev.text.endswith((".", ":")):
            cost += 0.6
        elif unit.line_start and prev.text.endswith(".") and not starts_lower(unit.text):
            cost -= 0.8
        if _ends_dangling(prev.text):
            cost += 0.8
        return cost

    def boundary(self, b: int) -> float:
        """Score of starting a new cell at unit b (b > 0)."""
        unit, prev = self.units[b], self.units[b - 1]
        score = 0.0
        if unit.line_start:
            if unit.gap == "ws":
                score += 0.8
        else:
            widest = max(self.layout.widths.values()) if self.layout.widths else None
            overlong = widest is not None and unit.line_len > widest * 1.12
            score -= 0.6 if overlong or self.continuation else 1.6
            if prev.text.endswith((".", ";", ":", ")")):
                score += 0.6
        if _ends_dangling(prev.text):
            score -= 2.0
        return score

    def start(self, b: int, kind: str) -> float:
        text = self.lookahead[b]
        lower, agency, timeframe, product = text_flags(text)
        score = 0.0
        if lower and not self.continuation:
            score -= 3.0
        if kind in ("lead", "coord"):
            if agency:
                score += 1.5
            elif not self.continuation:
                score -= 4.0
            if timeframe:
                score -= 1.0
        elif kind == "time":
            if timeframe:
                score += 2.0
            elif not self.continuation:
                score -= 4.0
        elif kind.startswith("extra:"):
            numeric = bool(re.match(r"^[\d.,]+(?:\s|$)", text))
            if re.search(r"kinh phí|dự toán|số lượng|triệu|đồng|số tiền", kind, re.IGNORECASE):
                score += 1.0 if numeric else -0.5
            elif numeric:
                score -= 0.5
        elif kind == "products":
            if product:
                score += 0.8
            elif agency:
                score -= 0.8
            if timeframe and not product:
                score -= 1.0
        return score

    def decomposed(self, kind: str) -> tuple[list[float], list[float]]:
        """The cell score split as head[i] + tail[j] (plus the bracket and length checks
        done in the search), so that the search spends O(1) per candidate cell."""
        cached = self._decomposed.get(kind)
        if cached:
            return cached
        n = len(self.units)
        starts = [self.start(k, kind) for k in range(n)]
        costs = self.width_cost.get(kind) or [0.0] * (n + 1)
        wraps = self.width_cost.get(kind + ":wrap") or [0.0] * (n + 1)
        head = [starts[i] - self.nocut[i + 1] - costs[i] - wraps[i + 1] for i in range(n)] + [0.0]
        agency = kind in ("lead", "coord")
        tail = [0.0] + [
            self.nocut[j]
            + costs[j]
            + wraps[j]
            - (2.0 if agency and self.units[j - 1].text.endswith(";") else 0.0)
            for j in range(1, n + 1)
        ]
        self._decomposed[kind] = (head, tail)
        return head, tail


EMPTY_COST = {"task": -12.0, "products": -1.5, "lead": -3.0, "coord": -2.0, "time": -1.2, "extra": -0.4}
SUBROW_COST = -1.5
MAX_SPAN = {"time": 10, "lead": 24, "coord": 24, "extra": 14, "products": 30}


def _allowed_starts(scorer: _RowScorer, kinds: set[str], strict: bool) -> dict[str, list[bool]]:
    """Where a cell of each kind may begin. Strict mode keeps only the plausible
    openings (an agency name for lead/coord, a timeframe word for time, no
    lower-case start), which prunes the search by an order of magnitude."""
    n = len(scorer.units)
    allowed: dict[str, list[bool]] = {}
    for kind in kinds:
        flags = [True] * n
        if strict:
            for i in range(n):
                lower, agency, timeframe, _ = text_flags(scorer.lookahead[i])
                if kind == "task":
                    flags[i] = i == 0
                elif kind in ("lead", "coord"):
                    flags[i] = agency
                elif kind == "time":
                    flags[i] = timeframe
                else:
                    flags[i] = not lower
        allowed[kind] = flags
    return allowed


def segment_row(
    units: list[Unit],
    layout: Layout,
    continuation: bool = False,
    bonus: dict[str, float] | None = None,
    subrows: bool = True,
) -> list[list[tuple[str, list[Unit]]]]:
    """Cells of one row: a list of sub-rows, each a list of (kind, units)."""
    base = list(layout.columns)
    if not units:
        return [[(kind, []) for kind in base]]
    scorer = _RowScorer(units, layout, continuation)
    if not continuation:
        found = _search(units, layout, scorer, base, strict=True, bonus=bonus, subrows=subrows)
        if found is not None:
            return found
    found = _search(units, layout, scorer, base, strict=False, bonus=bonus, continuation=continuation)
    return found if found is not None else [[(base[0], list(units))] + [(kind, []) for kind in base[1:]]]


def _search(units, layout, scorer, base, strict, bonus=None, continuation=False, subrows=True):
    repeat = base[1:] if len(base) > 1 else []
    subrows = MAX_SUBROWS if subrows and repeat and not continuation and len(units) > len(base) else 0
    sequence = base + repeat * subrows
    finals = {len(base) + k * len(repeat) for k in range(subrows + 1)}
    n = len(units)
    kinds_keys = {kind if kind in EMPTY_COST else "extra" for kind in sequence}
    allowed = _allowed_starts(scorer, kinds_keys, strict)
    # A cell ends where some later cell may begin, or at the end of the row.
    any_start = [False] * (n + 1)
    for flags in allowed.values():
        for i in range(1, n):
            if flags[i]:
                any_start[i] = True
    any_start[n] = True
    cut_points = [i for i in range(1, n + 1) if any_start[i]]
    columns = len(sequence)
    best = [[NEG] * (n + 1) for _ in range(columns + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (n + 1) for _ in range(columns + 1)]
    best[0][0] = 0.0
    empty_cost = dict(EMPTY_COST) if not continuation else {kind: -0.2 for kind in EMPTY_COST}
    boundary = [0.0] + [scorer.boundary(b) for b in range(1, n)] + [0.0]
    opens, quotes, lengths = scorer.opens, scorer.quotes, scorer.lengths
    import bisect

    for c, kind in enumerate(sequence):
        kind_key = kind if kind in EMPTY_COST else "extra"
        span = MAX_SPAN.get(kind_key, n) if kind_key != "task" else n
        flags = allowed[kind_key]
        extra_cost = (
            SUBROW_COST if c == len(base) or c > len(base) and (c - len(base)) % len(repeat) == 0 else 0.0
        )
        row_best, next_best, next_back = best[c], best[c + 1], back[c + 1]
        cell_bonus = (bonus.get(kind, 0.0) if bonus else 0.0) - (1.2 if continuation else 0.0)
        head, tail = scorer.decomposed(kind)
        is_time = kind_key == "time"
        for b in range(n + 1):
            here = row_best[b]
            if here == NEG:
                continue
            here += extra_cost
            empty = here + empty_cost[kind_key]
            if empty > next_best[b]:
                next_best[b] = empty
                next_back[b] = (b, c)
            if b == n or not flags[b]:
                continue
            opening = here + boundary[b] + cell_bonus + head[b]
            first = bisect.bisect_right(cut_points, b)
            limit = b + span
            open_b, quote_b, length_b = opens[b], quotes[b], lengths[b]
            for e in cut_points[first:]:
                if e > limit:
                    break
                value = opening + tail[e]
                if opens[e] > open_b:
                    value -= 2.5
                if quotes[e] > quote_b:
                    value -= 1.5
                if is_time and lengths[e] - length_b > 70:
                    value -= (lengths[e] - length_b - 70) / 25
                if value > next_best[e]:
                    next_best[e] = value
                    next_back[e] = (b, c)
    reachable = [c for c in finals if c <= columns and best[c][n] > NEG]
    if not reachable:
        return None
    final = max(reachable, key=lambda c: best[c][n])
    cuts: list[tuple[int, int, int]] = []
    c, e = final, n
    while c > 0:
        entry = back[c][e]
        if entry is None:
            break
        b, prev_c = entry
        cuts.append((prev_c, b, e))
        c, e = prev_c, b
    cuts.reverse()
    cells = [(sequence[col], units[b:e]) for col, b, e in cuts]
    out: list[list[tuple[str, list[Unit]]]] = [cells[: len(base)]]
    rest = cells[len(base) :]
    while rest:
        out.append(rest[: len(repeat)])
        rest = rest[len(repeat) :]
    return out


def cell_text(units: list[Unit]) -> str:
    from cchc.ingest.normalize.citations import join_lines

    return join_lines(u.text for u in units)


def estimate_widths(samples: dict[str, list[list[int]]]) -> dict[str, float]:
    """Column width per kind: the median over wrapped cells of their longest line."""
    widths: dict[str, float] = {}
    for kind, cells in samples.items():
        longest = sorted(max(lines) for lines in cells if len(lines) >= 2)
        if len(longest) >= 2:
            # A high quantile: short cells wrap early ("Thường / xuyên") and understate the width.
            widths[kind] = float(longest[min(len(longest) - 1, int(len(longest) * 0.8))])
    return widths
