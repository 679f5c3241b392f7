"""Word boxes to blocks: text lines in reading order and tables rebuilt into columns.

A ruled table is rebuilt from its drawn lines (found in the image, see `images.find_rules`):
pdfplumber's grid algorithm turns the lines into cells and each word goes to the cell
under its centre. A table printed without lines is recognised by its header row (STT,
Nhiệm vụ, Chủ trì, ...): the titles fix the column borders, a number in the first column
starts a row, and running text across a border ends the table. Other words are grouped
into lines by their baselines, top to bottom; a block of two side-by-side columns (the
issuer beside the national motto, the recipients beside the signer) is read one column
after the other, as the PDF reader reads it, so the parser sees the same shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter

from cchc.ingest.layout import geometry
from cchc.ingest.layout.geometry import MIN_DATA_TABLE_COLUMNS, STT_RE, clean, fold
from cchc.ingest.ocr.images import Rule
from cchc.ingest.ocr.tesseract import Word
from cchc.ingest.readers.base import Block, TableBlock, TextLine

# Share of the page height at top and bottom where page numbers and running headers live.
MARGIN_ZONE = 0.08


@dataclass
class Line:
    words: list[Word]

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> int:
        return max(1, self.bottom - self.top)

    @property
    def text(self) -> str:
        return clean(" ".join(w.text for w in self.words))

    def segments(self, min_gap: float) -> list[list[Word]]:
        return geometry.split_at_gaps(self.words, min_gap, _LEFT, _RIGHT)


@dataclass
class Placed:
    top: float
    block: Block
    in_margin: bool = False


# A Tesseract word's left and right edges, for the geometry shared with the PDF reader.
_LEFT = attrgetter("left")
_RIGHT = attrgetter("right")


def visual_lines(words: list[Word]) -> list[Line]:
    """Words on the same baseline, across the whole width, top to bottom, left to right."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.left)):
        for line in reversed(lines[-4:]):
            if line.top - 2 <= word.centre_y <= line.bottom + 2 and word.height < 3 * line.height:
                line.words.append(word)
                break
        else:
            lines.append(Line(words=[word]))
    for line in lines:
        line.words.sort(key=lambda w: w.left)
    lines.sort(key=lambda line: line.top)
    return lines


# --- ruled tables ------------------------------------------------------------------------


def _edges(rules: list[Rule]) -> list[dict]:
    return [
        geometry.edge("h", rule.start, rule.end, rule.position, rule.position)
        if rule.horizontal
        else geometry.edge("v", rule.position, rule.position, rule.start, rule.end)
        for rule in rules
    ]


def ruled_table_cells(rules: list[Rule], tolerance: float) -> list[list[tuple[float, float, float, float]]]:
    """Cell boxes (x0, top, x1, bottom) of each table drawn with lines."""
    edges = _edges(rules)
    if sum(e["orientation"] == "h" for e in edges) < 2 or sum(e["orientation"] == "v" for e in edges) < 2:
        return []
    return geometry.tables_from_edges(edges, tolerance)


def _cell_text(words: list[Word]) -> str:
    return "\n".join(line.text for line in visual_lines(words) if line.text)


def table_from_cells(cell_boxes, words: list[Word], tolerance: float) -> list[list[str]]:
    """Cells laid on the grid of their left and top edges; a merged cell appears once, at its
    first grid position, and the positions it covers stay empty."""
    xs = geometry.cluster([box[0] for box in cell_boxes], tolerance)
    ys = geometry.cluster([box[1] for box in cell_boxes], tolerance)
    grid = [["" for _ in xs] for _ in ys]
    for x0, top, x1, bottom in cell_boxes:
        inside = [w for w in words if x0 <= w.centre_x <= x1 and top <= w.centre_y <= bottom]
        if inside:
            grid[geometry.nearest(ys, top)][geometry.nearest(xs, x0)] = _cell_text(inside)
    rows = [row for row in grid if any(cell.strip() for cell in row)]
    if not rows:
        return []
    keep = [i for i in range(len(xs)) if any(row[i].strip() for row in rows)]
    return [[row[i] for i in keep] for row in rows]


def inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 <= word.centre_x <= x1 and top <= word.centre_y <= bottom


# --- tables without lines ----------------------------------------------------------------


def header_segments(line: Line) -> list[tuple[float, float]] | None:
    """If this line is a task-table header row, the x extent of each column title."""
    return geometry.header_segments(line.text, line.words, max(12.0, line.height * 0.8), _LEFT, _RIGHT)


def _column_boundaries(segments: list[tuple[float, float]], below: list[Line]) -> list[float]:
    # Scans are probed in about 40 steps per gap: a pixel is much finer than a PDF point.
    return geometry.column_boundaries(
        segments, [(w.left, w.right) for line in below for w in line.words], steps=40
    )


class BorderlessTable(geometry.BorderlessTable):
    def column_of(self, word: Word) -> int:
        return sum(1 for boundary in self.boundaries if word.centre_x > boundary)

    def word_text(self, word: Word) -> str:
        return word.text

    def fits(self, line: Line) -> bool:
        return not _crosses(line, self.boundaries)


def _crosses(line: Line, boundaries: list[float]) -> bool:
    """Whether a word of the line runs across a column border (running text, not a cell)."""
    margin = max(2, line.height // 4)
    return any(w.left + margin < b < w.right - margin for w in line.words for b in boundaries)


def borderless_tables(
    words: list[Word], page: int
) -> list[tuple[tuple[float, float, float, float], TableBlock]]:
    """Tables printed without lines on this page, with their boxes."""
    lines = visual_lines(words)
    found = []
    index = 0
    while index < len(lines):
        segments = header_segments(lines[index])
        if not segments:
            index += 1
            continue
        header_line = lines[index]
        below = lines[index + 1 : index + 31]
        boundaries = _column_boundaries(segments, below)

        # Titles wrap over two or three lines; those close above and below are the header
        # too, unless they run across a column border (the reference line above a table).
        band_start = index
        while (
            band_start > 0
            and header_line.top - lines[band_start - 1].bottom < 0.8 * header_line.height
            and index - band_start < 2
            and not _crosses(lines[band_start - 1], boundaries)
        ):
            band_start -= 1
        band_end = index + 1
        while (
            band_end < len(lines)
            and lines[band_end].top - lines[band_end - 1].bottom < 0.6 * header_line.height
            and not STT_RE.match(lines[band_end].words[0].text)
            and not _crosses(lines[band_end], boundaries)
        ):
            band_end += 1
        band = lines[band_start:band_end]
        below = lines[band_end : band_end + 30]
        table = BorderlessTable(band, _column_boundaries(segments, below))
        end = band_end
        while end < len(lines):
            line = lines[end]
            if line.top - table.last_bottom > 3 * header_line.height or not table.fits(line):
                break
            table.add(line)
            end += 1
        if table.rows:
            box_words = [w for line in lines[band_start:end] for w in line.words]
            box = (
                min(w.left for w in box_words),
                min(w.top for w in box_words),
                max(w.right for w in box_words),
                max(w.bottom for w in box_words),
            )
            found.append((box, table.block(page)))
        index = max(end, index + 1)
    return found


# --- two columns side by side --------------------------------------------------------


def _two_column_end(lines: list[Line], index: int) -> tuple[int, float]:
    """How far from `index` the lines form two side-by-side columns, and the split."""
    return geometry.two_column_end(lines, index, min_gap=30.0, left=_LEFT, right=_RIGHT)


def text_lines(words: list[Word], page: int) -> list[Placed]:
    """Running text line by line; a two-column block is read one column after the other."""
    lines = visual_lines(words)
    placed: list[Placed] = []
    index = 0
    while index < len(lines):
        end, split = _two_column_end(lines, index)
        if end > index + 1:
            top = lines[index].top
            left = [
                clean(" ".join(w.text for w in line.words if w.right <= split)) for line in lines[index:end]
            ]
            right = [
                clean(" ".join(w.text for w in line.words if w.left >= split)) for line in lines[index:end]
            ]
            placed += [Placed(top=top, block=TextLine(text=text, page=page)) for text in left + right if text]
            # Margins are judged by the last line's own position.
            placed[-1].top = lines[end - 1].top
            index = end
            continue
        placed.append(Placed(top=lines[index].top, block=TextLine(text=lines[index].text, page=page)))
        index += 1
    return placed


# --- the page ---------------------------------------------------------------------------


def grid_tolerance(dpi: int) -> float:
    return max(3.0, dpi / 25)  # about a millimetre


def page_blocks(
    words: list[Word], rules: list[Rule], *, page: int, page_height: int, dpi: int, tables: list | None = None
) -> list[Placed]:
    """The blocks of one page in reading order, each with its vertical position."""
    tolerance = grid_tolerance(dpi)
    placed: list[Placed] = []
    table_boxes: list[tuple[float, float, float, float]] = []
    if tables is None:
        tables = ruled_table_cells(rules, tolerance)
    for cell_boxes in tables:
        box = geometry.bounding_box(cell_boxes)
        in_table = [w for w in words if inside(w, box)]
        rows = table_from_cells(cell_boxes, in_table, tolerance)
        if len(rows) < 2 or max(len(row) for row in rows) < MIN_DATA_TABLE_COLUMNS:
            continue  # a ruled frame around a layout block: its words stay ordinary lines
        table_boxes.append(box)
        placed.append(Placed(top=box[1], block=TableBlock(rows=rows, page=page)))
    free = [w for w in words if not any(inside(w, box) for box in table_boxes)]
    for box, table in borderless_tables(free, page):
        table_boxes.append(box)
        placed.append(Placed(top=box[1], block=table))
        free = [w for w in free if not inside(w, box)]

    lines = text_lines(free, page)
    # Each table goes before the first line below its top.
    for table in sorted(placed, key=lambda item: item.top):
        position = next((i for i, line in enumerate(lines) if line.top >= table.top), len(lines))
        lines.insert(position, table)
    for item in lines[:2] + lines[-2:]:
        if isinstance(item.block, TextLine) and (
            item.top < page_height * MARGIN_ZONE or item.top > page_height * (1 - MARGIN_ZONE)
        ):
            item.in_margin = True
    return lines


drop_running_lines = geometry.drop_running_lines


def join_pages(pages: list[list[Placed]]) -> list[Block]:
    """The pages' blocks in order; a table that ends one page and one that opens the next
    with the same columns are one table broken by the page."""
    blocks: list[Block] = []
    for placed in pages:
        items = [item.block for item in placed]
        if items and blocks and geometry.continues_table(blocks[-1], items[0]):
            geometry.append_continuation(blocks[-1], items.pop(0), same_row=_same_row)
        blocks.extend(items)
    return blocks


def _same_row(first: list[str], second: list[str]) -> bool:
    """Two readings of one printed row (the header repeated on each page): OCR may differ
    by a speck or a letter."""
    from rapidfuzz import fuzz

    return fuzz.ratio(fold(" ".join(first)), fold(" ".join(second))) >= 85


# --- Roman numerals ----------------------------------------------------------------------

# A word opening with one to three I's, or with what the recogniser makes of them ("IH",
# "HI", "Il"), before punctuation or the end: "II.", "III/2031", "IV" is left alone.
_LEADING_I = re.compile(r"^(?:I{1,3}|[IlH]{2,3}(?=[/.,;:)]|$))(?![^\W\d_])")


_SPECK = re.compile(r"^[.,\-–_~=`'\"|:;^°]{1,3}$")
SPECK_CONFIDENCE = 70.0


def drop_specks(words: list[Word]) -> list[Word]:
    """Lone doubtful punctuation ("." "-.-" "=") is dust, or the remains of an erased ruling
    line, not text; a confident dash (a bullet) stays."""
    return [w for w in words if not (_SPECK.match(w.text) and w.confidence < SPECK_CONFIDENCE)]


def fix_roman_numerals(words: list[Word], image) -> list[Word]:
    """Set the count of I's in a word that opens with a Roman numeral ("II.", "II/2031") to
    the number of upright strokes in the image: section headings (I., II., III.) and
    quarters (Quý II, III) depend on it and the recogniser drops one I now and then."""
    from cchc.ingest.ocr.images import leading_stems

    for word in words:
        match = _LEADING_I.match(word.text)
        if not match:
            continue
        stems = leading_stems(image.crop((word.left, word.top, word.right, word.bottom)))
        if 1 <= stems <= 3 and "I" * stems != match.group(0):
            word.text = "I" * stems + word.text[match.end() :]
    return words
