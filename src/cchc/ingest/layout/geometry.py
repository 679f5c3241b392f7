"""Page geometry shared by the PDF reader and the OCR layout: both start from word boxes
on a page and rebuild the same shapes (borderless task tables, ruled tables, tables
broken by a page, running headers and page numbers).

The two sources describe a word differently (pdfium word dicts with `x0`/`x1`, Tesseract
`Word` objects with `left`/`right`), so the functions here take the word's left and
right edge as accessors (`operator.itemgetter("x0")`, `operator.attrgetter("left")`):
both callers keep their own word type and the hot loops stay in C.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from cchc.ingest.readers.base import Block, TableBlock, TextLine

# Tables narrower than this are page layout (header, signer), not data; see the DOCX reader.
MIN_DATA_TABLE_COLUMNS = 3

HEADER_WORDS = (
    ("stt", "tt"),
    ("nhiem vu", "noi dung", "ten nhiem vu", "hoat dong"),
    ("san pham", "hinh thuc", "ket qua"),
    ("chu tri",),
    ("phoi hop",),
    ("thoi gian", "thoi han", "tien do"),
)
PAGE_NUMBER_RE = re.compile(r"^(?:trang\s*)?[-–(]?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*[-–)]?$", re.IGNORECASE)
STT_RE = re.compile(r"^(?:\d{1,3}|[IVXLC]{1,6}|[a-zđ])[.)]?$")
_DIGITS_RE = re.compile(r"\d+")

Edge = Callable[[Any], float]
Box = tuple[float, float, float, float]


def fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


class _Line(Protocol):
    words: list
    top: float
    bottom: float
    height: float


class _Placed(Protocol):
    block: Block
    in_margin: bool


# --- words on a line --------------------------------------------------------------------


def split_at_gaps(words: Sequence, min_gap: float, left: Edge, right: Edge) -> list[list]:
    """A line's words (sorted left to right) cut wherever the white space is wider than `min_gap`."""
    groups: list[list] = [[words[0]]]
    for word in words[1:]:
        if left(word) - right(groups[-1][-1]) > min_gap:
            groups.append([word])
        else:
            groups[-1].append(word)
    return groups


def two_column_end(
    lines: Sequence[_Line],
    index: int,
    *,
    min_gap: float,
    left: Edge,
    right: Edge,
    one_part_may_span: bool = True,
) -> tuple[int, float]:
    """How far from `index` the lines form two side-by-side columns (the issuer beside the
    national motto, the recipients beside the signer), and the x that splits them. Parts
    are cut at gaps wider than `min_gap` or one and a half line heights; without
    `one_part_may_span`, a line in one part that straddles the split (its gap narrower
    than a column gap) also ends the block."""
    first = lines[index]
    segments = split_at_gaps(first.words, max(min_gap, first.height * 1.5), left, right)
    if len(segments) != 2:
        return index, 0.0
    split = (right(segments[0][-1]) + left(segments[1][0])) / 2
    end = index + 1
    previous = first
    while end < len(lines):
        line = lines[end]
        if line.top - previous.bottom > 2.5 * line.height:
            break
        if any(left(w) < split < right(w) for w in line.words):
            break
        parts = split_at_gaps(line.words, max(min_gap, line.height * 1.5), left, right)
        if len(parts) > 2 or (len(parts) == 2 and not right(parts[0][-1]) < split < left(parts[1][0])):
            break
        if not one_part_may_span and len(parts) == 1 and left(parts[0][0]) < split < right(parts[0][-1]):
            break
        previous = line
        end += 1
    return end, split


# --- tables without lines ---------------------------------------------------------------


def header_segments(text: str, words: Sequence, min_gap: float, left: Edge, right: Edge) -> list[Box] | None:
    """If this line is a task-table header row, the x extent of each column title."""
    folded = fold(text)
    hits = sum(1 for options in HEADER_WORDS if any(re.search(rf"\b{o}\b", folded) for o in options))
    if hits < 3:
        return None
    segments = split_at_gaps(words, min_gap, left, right)
    if len(segments) < MIN_DATA_TABLE_COLUMNS:
        return None
    return [(left(segment[0]), right(segment[-1])) for segment in segments]


def column_boundaries(
    segments: list[tuple[float, float]], spans: list[tuple[float, float]], *, steps: int | None = None
) -> list[float]:
    """Where one column ends and the next begins. Titles are often centred, so the border
    is somewhere in the gap between two titles: take the x in that gap that the fewest
    word spans below cross (the white "river" between columns). The gap is probed every
    unit, or in at most about `steps` steps where the unit is a small pixel."""
    boundaries = []
    for (_, gap_start), (gap_end, _) in zip(segments, segments[1:], strict=False):
        middle = (gap_start + gap_end) / 2
        best_x, best_cover = middle, None
        step = 1.0 if steps is None else max(1.0, (gap_end - gap_start) / steps)
        x = gap_start
        while x <= gap_end:
            cover = sum(1 for x0, x1 in spans if x0 < x < x1)
            if (
                best_cover is None
                or cover < best_cover
                or (cover == best_cover and abs(x - middle) < abs(best_x - middle))
            ):
                best_x, best_cover = x, cover
            x += step
        boundaries.append(best_x)
    return boundaries


class BorderlessTable:
    """A task table without ruling: the header row fixes the columns, a word in the first
    column (an STT) starts a new row, and a line with a word across a column border
    (ordinary running text) ends the table. Subclasses say which column a word falls in
    and when a line crosses a border, in their own word type."""

    def __init__(self, header_band: list[_Line], boundaries: list[float]):
        self.boundaries = boundaries
        self.rows: list[list[list[str]]] = []
        self.header: list[list[str]] = [[] for _ in range(len(boundaries) + 1)]
        for line in header_band:
            for column, words in enumerate(self._cells(line)):
                self.header[column].extend(words)
        self.top = header_band[0].top
        self.last_bottom = header_band[-1].bottom

    def column_of(self, word) -> int:
        raise NotImplementedError

    def word_text(self, word) -> str:
        raise NotImplementedError

    def fits(self, line: _Line) -> bool:
        raise NotImplementedError

    def _cells(self, line: _Line) -> list[list[str]]:
        cells: list[list[str]] = [[] for _ in range(len(self.boundaries) + 1)]
        for word in line.words:
            cells[self.column_of(word)].append(self.word_text(word))
        return cells

    def add(self, line: _Line) -> None:
        cells = self._cells(line)
        starts_row = bool(cells[0]) and STT_RE.match(" ".join(cells[0]).strip()) is not None
        if starts_row or not self.rows:
            self.rows.append([[" ".join(words)] if words else [] for words in cells])
        else:
            for index, words in enumerate(cells):
                if words:
                    self.rows[-1][index].append(" ".join(words))
        self.last_bottom = line.bottom

    def block(self, page: int) -> TableBlock:
        header = [clean(" ".join(words)) for words in self.header]
        rows = [["\n".join(clean(part) for part in cell) for cell in row] for row in self.rows]
        return TableBlock(rows=[header, *rows], page=page)


# --- ruled tables -----------------------------------------------------------------------


def edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict:
    """A drawn line in the shape pdfplumber's table algorithm expects."""
    return {
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "object_type": "line",
    }


def tables_from_edges(
    edges: list[dict], tolerance: float, *, min_edge_length: float | None = None
) -> list[list[Box]]:
    """Cell boxes (x0, top, x1, bottom) of each table the lines draw (pdfplumber's
    edges → intersections → cells → tables)."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = merge_edges(edges, tolerance, tolerance, tolerance, tolerance)
    if min_edge_length is not None:
        edges = [
            e for e in edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= min_edge_length
        ]
    cells = intersections_to_cells(edges_to_intersections(edges, tolerance, tolerance))
    return [table for table in cells_to_tables(cells) if len(table) >= 2]


def bounding_box(boxes: list[Box]) -> Box:
    """The (x0, top, x1, bottom) box around all the given boxes (a table around its cells)."""
    return (
        min(box[0] for box in boxes),
        min(box[1] for box in boxes),
        max(box[2] for box in boxes),
        max(box[3] for box in boxes),
    )


def cluster(values: list[float], tolerance: float) -> list[float]:
    """Sorted values, each within `tolerance` of the previous one merged into it."""
    clustered: list[float] = []
    for value in sorted(values):
        if not clustered or value - clustered[-1] > tolerance:
            clustered.append(value)
    return clustered


def nearest(values: list[float], value: float) -> int:
    return min(range(len(values)), key=lambda index: abs(values[index] - value))


# --- across pages -----------------------------------------------------------------------


def drop_running_lines(pages: list[list[_Placed]]) -> None:
    """Page numbers, and lines repeated in the margins of most pages, are not content."""
    counts: dict[str, int] = {}
    for placed in pages:
        for shape in {
            _shape(item.block.text) for item in placed if item.in_margin and isinstance(item.block, TextLine)
        }:
            counts[shape] = counts.get(shape, 0) + 1
    threshold = max(2, (len(pages) + 1) // 2)
    for placed in pages:
        placed[:] = [
            item
            for item in placed
            if not (
                item.in_margin
                and isinstance(item.block, TextLine)
                and (
                    PAGE_NUMBER_RE.match(item.block.text)
                    or (len(pages) > 1 and counts.get(_shape(item.block.text), 0) >= threshold)
                )
            )
        ]


def _shape(text: str) -> str:
    """A margin line with its numbers blanked: "Trang 3" and "Trang 4" are one running line."""
    return _DIGITS_RE.sub("#", fold(text))


def continues_table(previous: Block, block: Block) -> bool:
    """A table that ends one page and one that opens the next, with the same columns,
    are one table broken by the page."""
    return (
        isinstance(previous, TableBlock)
        and isinstance(block, TableBlock)
        and len(previous.rows[0]) == len(block.rows[0])
    )


def _same_cells(first: list[str], second: list[str]) -> bool:
    return first == second


def append_continuation(
    table: TableBlock,
    continuation: TableBlock,
    *,
    same_row: Callable[[list[str], list[str]], bool] = _same_cells,
) -> None:
    """Add the rows of `continuation` (the table's part on the next page) to `table`."""
    rows = [list(row) for row in continuation.rows]
    if rows and same_row(rows[0], table.rows[0]):
        rows.pop(0)  # the header row repeated on the new page
    if rows and table.rows and not rows[0][0].strip() and len(rows[0]) > 1 and rows[0][1].strip():
        # No STT but task text: the rest of the last row, cut by the page break. (A sub-row
        # of a merged STT has an empty task cell and stays a row of its own.)
        head = rows.pop(0)
        last = table.rows[-1]
        table.rows[-1] = [
            "\n".join(part for part in (old, new) if part) for old, new in zip(last, head, strict=False)
        ]
    table.rows.extend(rows)
