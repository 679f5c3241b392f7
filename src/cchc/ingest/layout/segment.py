"""Cut the wrapped lines of one table row into its cells.

PDF text extraction gives a row's cells one after another, each wrapped at its
column's width, sometimes with two short cells on one line. The row is a
sequence of units (whole lines, or pieces of a line at a likely cell start);
a dynamic programme chooses where cells begin so that the sum of cue scores is
highest. The cues: what a cell of each kind starts with (agency names,
timeframe words), blank-line structure, line widths against each column's width,
balanced brackets, words that cannot end a phrase. One STT with several
sub-rows is a repeat of the columns after the task.

Cost is O(units x columns x span) per row with O(1) per cell via prefix sums;
what does not depend on column widths is computed once per row (`RowFeatures`),
and a second sub-row is searched only when the first one paid."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

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


_SPLIT_HEADS = [
    h
    for h in AGENCY_HEADS
    if h[0].isupper() and h not in ("Các", "Tổ", "Hội", "Đơn vị", "Cơ quan", "Trường", "Cổng", "Quỹ")
]
_SPLIT_PRODUCTS = [
    "Kế hoạch",
    "Báo cáo",
    "Hội nghị",
    "Văn bản",
    "Tài liệu",
    "Công văn",
    "Quyết định",
    "Tin bài",
    "Tin, bài",
    "Các",
]
_SPLIT_CHOICES = (
    r"(?<=[.;:)”])\s+(?=[A-ZĐÀ-Ỹ“\-])"
    r"|\s{2,}(?=\S)"
    r"|\s+(?=(?:" + "|".join(re.escape(w) for w in sorted(TIME_SPLIT_WORDS, key=len, reverse=True)) + r"))"
    r"|\s+(?=(?:" + "|".join(re.escape(h) for h in _SPLIT_HEADS) + r")\s)"
    r"|\s+(?=(?:" + "|".join(re.escape(w) for w in _SPLIT_PRODUCTS) + r")\b)"
)
# Every choice starts at a space followed by a capital (or one of the words' first letters),
# or at two spaces; saying so up front spares the engine trying each word list at every
# other space of the line.
_SPLIT_FIRST = "".join(sorted({w[0] for w in [*TIME_SPLIT_WORDS, *_SPLIT_HEADS, *_SPLIT_PRODUCTS]}))
_SPLIT_BEFORE = re.compile(
    r"(?=\s\s|\s+[A-ZĐÀ-Ỹ“\-" + re.escape(_SPLIT_FIRST) + r"])(?:" + _SPLIT_CHOICES + ")"
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


_EXTRA_AMOUNT = re.compile(r"kinh phí|dự toán|số lượng|triệu|đồng|số tiền", re.IGNORECASE)
_NUMERIC_START = re.compile(r"^[\d.,]+(?:\s|$)")


class RowFeatures:
    """What the scores of one row need that does not depend on column widths. Both
    passes over a table (the width-measuring one and the final one) cut the same
    rows, so the caller computes this once per row and hands it to `segment_row`."""

    def __init__(self, units: list[Unit], double_spaced: bool = False, continuation: bool = False) -> None:
        self.units = units
        self.double_spaced = double_spaced
        self.continuation = continuation
        n = len(units)
        lookahead = []
        for i in range(n):
            text = units[i].text
            j = i + 1
            while len(text) < 40 and j < n:
                text += " " + units[j].text
                j += 1
            lookahead.append(text)
        self.lookahead = lookahead
        self.flags = [text_flags(text) for text in lookahead]
        texts = [unit.text for unit in units]
        self.own_flags = [text_flags(text) for text in texts]
        self.dangling = [_ends_dangling(text) for text in texts]
        # Prefix sums: brackets and quotes opened/closed, lengths, and the cost of NOT cutting
        # at each boundary.
        self.opens = list(accumulate((text.count("(") - text.count(")") for text in texts), initial=0))
        self.quotes = list(accumulate((text.count("“") - text.count("”") for text in texts), initial=0))
        self.lengths = list(accumulate((len(text) for text in texts), initial=0))
        self.nocut = list(
            accumulate([0.0] + [self._nocut_cost(i) for i in range(1, n)] if n else [], initial=0.0)
        )
        # may_open[b]: some end after b has more brackets or quotes open than b has.
        self.may_open = [False] * (n + 1)
        most_opens = most_quotes = -(10**9)
        for b in range(n, -1, -1):
            self.may_open[b] = most_opens > self.opens[b] or most_quotes > self.quotes[b]
            most_opens = max(most_opens, self.opens[b])
            most_quotes = max(most_quotes, self.quotes[b])
        # The length a unit's column must hold: the piece itself, or its whole line when the
        # line ends with it; and for a unit opening a line, how long the line before would
        # have been had this unit's first word still fitted on it.
        self.printed = [
            len(unit.text)
            if not unit.line_start or i + 1 < n and not units[i + 1].line_start
            else unit.line_len
            for i, unit in enumerate(units)
        ]
        self.wrapped: list[int | None] = [
            units[i - 1].line_len + 1 + len(first_word(unit.text)) if i > 0 and unit.line_start else None
            for i, unit in enumerate(units)
        ]
        self._starts: dict[str, list[float]] = {}
        self._allowed: dict[tuple[str, bool], list[bool]] = {}
        self._cuts: dict[tuple[frozenset[str], bool], tuple] = {}

    def _nocut_cost(self, i: int) -> float:
        """Cost of keeping unit i in the same cell as unit i-1."""
        unit, prev = self.units[i], self.units[i - 1]
        lower, agency, timeframe, product = self.own_flags[i]
        cost = 0.0
        if not unit.line_start:
            # The piece was cut off because it looks like a cell start; keeping it attached costs a little.
            if agency or timeframe:
                following = self.units[i + 1] if i + 1 < len(self.units) else None
                complete = (
                    following is None or following.line_start and not self.own_flags[i + 1][0]
                ) and len(unit.text.split()) >= 2
                cost -= 1.2 if complete else 0.6
            elif product:
                cost -= 0.6
        elif unit.gap == "none" and self.double_spaced:
            cost -= 2.5
        elif unit.gap == "ws":
            cost -= 1.2
        if lower and not prev.text.endswith((".", ":")):
            cost += 0.6
        elif unit.line_start and prev.text.endswith(".") and not lower:
            cost -= 0.8
        if self.dangling[i - 1]:
            cost += 0.8
        return cost

    def starts(self, kind: str) -> list[float]:
        """Score of a cell of `kind` opening at each unit, from its first words."""
        cached = self._starts.get(kind)
        if cached is not None:
            return cached
        continuation = self.continuation
        amount = bool(_EXTRA_AMOUNT.search(kind)) if kind.startswith("extra:") else False
        scores = []
        for text, (lower, agency, timeframe, product) in zip(self.lookahead, self.flags, strict=True):
            score = 0.0
            if lower and not continuation:
                score -= 3.0
            if kind in ("lead", "coord"):
                if agency:
                    score += 1.5
                elif not continuation:
                    score -= 4.0
                if timeframe:
                    score -= 1.0
            elif kind == "time":
                if timeframe:
                    score += 2.0
                elif not continuation:
                    score -= 4.0
            elif kind.startswith("extra:"):
                numeric = bool(_NUMERIC_START.match(text))
                if amount:
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
            scores.append(score)
        self._starts[kind] = scores
        return scores

    def allowed(self, kind_key: str, strict: bool) -> list[bool]:
        """Where a cell of a kind may begin. Strict mode keeps only the plausible
        openings (an agency name for lead/coord, a timeframe word for time, no
        lower-case start), which prunes the search by an order of magnitude."""
        cached = self._allowed.get((kind_key, strict))
        if cached is not None:
            return cached
        n = len(self.units)
        if not strict:
            flags = [True] * n
        elif kind_key == "task":
            flags = [i == 0 for i in range(n)]
        elif kind_key in ("lead", "coord"):
            flags = [agency for _, agency, _, _ in self.flags]
        elif kind_key == "time":
            flags = [timeframe for _, _, timeframe, _ in self.flags]
        else:
            flags = [not lower for lower, _, _, _ in self.flags]
        self._allowed[(kind_key, strict)] = flags
        return flags

    def cut_points(
        self, kind_keys: frozenset[str], strict: bool
    ) -> tuple[list[int], list[int], dict[str, list[int]]]:
        """Where a cell may end (where some cell may begin, or at the end of the row);
        for each x, the index in that list of the first cut point beyond x; and for each
        kind, the units where its cell may begin."""
        cached = self._cuts.get((kind_keys, strict))
        if cached is not None:
            return cached
        n = len(self.units)
        any_start = [False] * (n + 1)
        for kind_key in kind_keys:
            flags = self.allowed(kind_key, strict)
            for i in range(1, n):
                if flags[i]:
                    any_start[i] = True
        any_start[n] = True
        cuts = [i for i in range(1, n + 1) if any_start[i]]
        first_after = [bisect_right(cuts, x) for x in range(n + 1)]
        positions = {
            key: [b for b, allowed in enumerate(self.allowed(key, strict)) if allowed] for key in kind_keys
        }
        self._cuts[(kind_keys, strict)] = (cuts, first_after, positions)
        return cuts, first_after, positions


class _RowScorer:
    """The width-dependent half of the scores, on top of a row's `RowFeatures`."""

    def __init__(self, features: RowFeatures, layout: Layout) -> None:
        self.features = features
        self.units = units = features.units
        self.layout = layout
        self.continuation = features.continuation
        n = len(units)
        zeros = [0.0] * (n + 1)
        self.width_cost: dict[str, list[float]] = {}
        for kind in set(layout.columns):
            width = layout.widths.get(kind)
            if not width:
                self.width_cost[kind] = self.width_cost[kind + ":wrap"] = zeros
                continue
            # Running sums of the over-width and wrapped-too-early penalties per unit.
            wide, limit, short = width * 1.12, width * 1.12 + 1, width * 0.8
            over = [
                -min(4.0, 0.25 * (length - wide)) if length > limit else 0.0 for length in features.printed
            ]
            costs = list(accumulate(over, initial=0.0))
            early = [-1.5 if length is not None and length <= short else 0.0 for length in features.wrapped]
            wraps = list(accumulate(early, initial=0.0))
            self.width_cost[kind] = costs
            self.width_cost[kind + ":wrap"] = wraps
        self._decomposed: dict[str, tuple[list[float], list[float]]] = {}
        self._boundaries: list[float] | None = None

    def boundaries(self) -> list[float]:
        """Score of starting a new cell at each unit b (0 at both ends of the row)."""
        if self._boundaries is not None:
            return self._boundaries
        units, dangling = self.units, self.features.dangling
        widest = max(self.layout.widths.values()) if self.layout.widths else None
        out = [0.0]
        for b in range(1, len(units)):
            unit = units[b]
            score = 0.0
            if unit.line_start:
                if unit.gap == "ws":
                    score += 0.8
            else:
                overlong = widest is not None and unit.line_len > widest * 1.12
                score -= 0.6 if overlong or self.continuation else 1.6
                before = units[b - 1].text
                if before.endswith(";") and not self.continuation:
                    # Items of a list inside one cell are separated by ';' ("Kế hoạch; Báo
                    # cáo"); a cell seldom ends with one while the next starts on its line.
                    score -= 0.6
                elif before.endswith((".", ";", ":", ")")):
                    score += 0.6
            if dangling[b - 1]:
                score -= 2.0
            out.append(score)
        out.append(0.0)
        self._boundaries = out
        return out

    def decomposed(self, kind: str) -> tuple[list[float], list[float]]:
        """The cell score split as head[i] + tail[j] (plus the bracket and length checks
        done in the search), so that the search spends O(1) per candidate cell."""
        cached = self._decomposed.get(kind)
        if cached:
            return cached
        n = len(self.units)
        nocut = self.features.nocut
        starts = self.features.starts(kind)
        costs = self.width_cost.get(kind) or [0.0] * (n + 1)
        wraps = self.width_cost.get(kind + ":wrap") or [0.0] * (n + 1)
        head = [starts[i] - nocut[i + 1] - costs[i] - wraps[i + 1] for i in range(n)] + [0.0]
        agency = kind in ("lead", "coord")
        tail = [0.0] + [
            nocut[j] + costs[j] + wraps[j] - (2.0 if agency and self.units[j - 1].text.endswith(";") else 0.0)
            for j in range(1, n + 1)
        ]
        self._decomposed[kind] = (head, tail)
        return head, tail


EMPTY_COST = {"task": -12.0, "products": -1.5, "lead": -3.0, "coord": -2.0, "time": -1.2, "extra": -0.4}
SUBROW_COST = -1.5
RESUME_BONUS = 2.0
MAX_SPAN = {"time": 10, "lead": 24, "coord": 24, "extra": 14, "products": 30}


def segment_row(
    units: list[Unit],
    layout: Layout,
    continuation: bool = False,
    bonus: dict[str, float] | None = None,
    subrows: bool = True,
    features: RowFeatures | None = None,
    resuming: frozenset[str] = frozenset(),
) -> list[list[tuple[str, list[Unit]]]]:
    """Cells of one row: a list of sub-rows, each a list of (kind, units). `features`
    (of these same units) saves recomputing them when a row is cut more than once.
    `resuming`: in the continuation of a row cut by a page break, the columns whose
    text stopped mid-phrase (after a comma, 'của', 'và'); such a column resumes with
    the rest of its phrase, so its cell there likely begins lower-case."""
    base = list(layout.columns)
    if not units:
        return [[(kind, []) for kind in base]]
    if features is None or features.units is not units:
        features = RowFeatures(units, layout.double_spaced, continuation)
    scorer = _RowScorer(features, layout)
    if not continuation:
        found = _search(units, scorer, base, strict=True, bonus=bonus, subrows=subrows)
        if found is not None:
            return found
    found = _search(
        units, scorer, base, strict=False, bonus=bonus, continuation=continuation, resuming=resuming
    )
    return found if found is not None else [[(base[0], list(units))] + [(kind, []) for kind in base[1:]]]


def _search(units, scorer, base, strict, bonus=None, continuation=False, subrows=True, resuming=frozenset()):
    repeat = base[1:] if len(base) > 1 else []
    subrows = MAX_SUBROWS if subrows and repeat and not continuation and len(units) > len(base) else 0
    sequence = base + repeat * subrows
    finals = {len(base) + k * len(repeat) for k in range(subrows + 1)}
    n = len(units)
    features = scorer.features
    kinds_keys = frozenset(kind if kind in EMPTY_COST else "extra" for kind in sequence)
    # cut_points[first_after[x]:] are the cut points beyond x.
    cut_points, first_after, positions = features.cut_points(kinds_keys, strict)
    columns = len(sequence)
    best = [[NEG] * (n + 1) for _ in range(columns + 1)]
    # back[c + 1][e]: where the cell of column c that ends at e began (-1: unreached).
    back = [[-1] * (n + 1) for _ in range(columns + 1)]
    best[0][0] = 0.0
    empty_cost = dict(EMPTY_COST) if not continuation else {kind: -0.2 for kind in EMPTY_COST}
    boundary = scorer.boundaries()
    opens, quotes, lengths = features.opens, features.quotes, features.lengths
    # From b, can any later end leave a bracket or quote open that was not open at b?
    may_open = features.may_open

    computed = columns
    for c, kind in enumerate(sequence):
        if c > len(base) and (c - len(base)) % len(repeat) == 0 and best[c][n] <= best[c - len(repeat)][n]:
            # One more sub-row did not pay; a row with a third sub-row has a second that does,
            # so the deeper levels (most of the work) are left out.
            computed = c
            break
        kind_key = kind if kind in EMPTY_COST else "extra"
        span = MAX_SPAN.get(kind_key, n) if kind_key != "task" else n
        extra_cost = (
            SUBROW_COST if c == len(base) or c > len(base) and (c - len(base)) % len(repeat) == 0 else 0.0
        )
        row_best, next_best, next_back = best[c], best[c + 1], back[c + 1]
        cell_bonus = (bonus.get(kind, 0.0) if bonus else 0.0) - (1.2 if continuation else 0.0)
        head, tail = scorer.decomposed(kind)
        if kind in resuming:
            head = [
                value + RESUME_BONUS if b < n and features.flags[b][0] else value
                for b, value in enumerate(head)
            ]
        is_time = kind_key == "time"
        empty_step = empty_cost[kind_key]
        # Cells first, then empty cells: a cell ending at e comes from some b < e, and the
        # empty cell at e must beat it strictly, whichever order the two are met in.
        for b in positions[kind_key]:
            here = row_best[b]
            if here == NEG:
                continue
            opening = here + extra_cost + boundary[b] + cell_bonus + head[b]
            last = b + span if b + span < n else n
            ends = cut_points[first_after[b] : first_after[last]]
            length_b = lengths[b]
            if not may_open[b] and not (is_time and lengths[last] - length_b > 70):
                # No end from here leaves a bracket or quote open, and no timeframe runs long:
                # only the cell score counts.
                for e in ends:
                    value = opening + tail[e]
                    if value > next_best[e]:
                        next_best[e] = value
                        next_back[e] = b
                continue
            open_b, quote_b = opens[b], quotes[b]
            for e in ends:
                value = opening + tail[e]
                if opens[e] > open_b:
                    value -= 2.5
                if quotes[e] > quote_b:
                    value -= 1.5
                if is_time and lengths[e] - length_b > 70:
                    value -= (lengths[e] - length_b - 70) / 25
                if value > next_best[e]:
                    next_best[e] = value
                    next_back[e] = b
        for b, here in enumerate(row_best):
            if here != NEG:
                empty = here + extra_cost + empty_step
                if empty > next_best[b]:
                    next_best[b] = empty
                    next_back[b] = b
    reachable = [c for c in finals if c <= computed and best[c][n] > NEG]
    if not reachable:
        return None
    final = max(reachable, key=lambda c: best[c][n])
    cuts: list[tuple[int, int, int]] = []
    c, e = final, n
    while c > 0:
        b = back[c][e]
        if b < 0:
            break
        cuts.append((c - 1, b, e))
        c, e = c - 1, b
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
