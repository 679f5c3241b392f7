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
import unicodedata
from dataclasses import dataclass

from cchc.ingest.ocr.images import Rule
from cchc.ingest.ocr.tesseract import Word
from cchc.ingest.readers.base import Block, TableBlock, TextLine

# Tables narrower than this are layout (the two-column header, the signer block), not data.
MIN_DATA_TABLE_COLUMNS = 3
# Share of the page height at top and bottom where page numbers and running headers live.
MARGIN_ZONE = 0.08

_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–(]?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*[-–)]?$", re.IGNORECASE)
_STT = re.compile(r"^(?:\d{1,3}|[IVXLC]{1,6}|[a-zđ])[.)]?$")
_HEADER_WORDS = (
    ("stt", "tt"),
    ("nhiem vu", "noi dung", "ten nhiem vu", "hoat dong"),
    ("san pham", "hinh thuc", "ket qua"),
    ("chu tri",),
    ("phoi hop",),
    ("thoi gian", "thoi han", "tien do"),
)


def fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


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
        groups: list[list[Word]] = [[self.words[0]]]
        for word in self.words[1:]:
            if word.left - groups[-1][-1].right > min_gap:
                groups.append([word])
            else:
                groups[-1].append(word)
        return groups


@dataclass
class Placed:
    top: float
    block: Block
    in_margin: bool = False


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
    edges = []
    for rule in rules:
        if rule.horizontal:
            edges.append({"orientation": "h", "x0": rule.start, "x1": rule.end, "top": rule.position,
                          "bottom": rule.position, "width": rule.end - rule.start, "height": 0,
                          "object_type": "line"})
        else:
            edges.append({"orientation": "v", "x0": rule.position, "x1": rule.position, "top": rule.start,
                          "bottom": rule.end, "width": 0, "height": rule.end - rule.start,
                          "object_type": "line"})
    return edges


def ruled_table_cells(rules: list[Rule], tolerance: float) -> list[list[tuple[float, float, float, float]]]:
    """Cell boxes (x0, top, x1, bottom) of each table drawn with lines."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = _edges(rules)
    if sum(e["orientation"] == "h" for e in edges) < 2 or sum(e["orientation"] == "v" for e in edges) < 2:
        return []
    edges = merge_edges(edges, tolerance, tolerance, tolerance, tolerance)
    cells = intersections_to_cells(edges_to_intersections(edges, tolerance, tolerance))
    return [table for table in cells_to_tables(cells) if len(table) >= 2]


def _cluster(values: list[float], tolerance: float) -> list[float]:
    clustered: list[float] = []
    for value in sorted(values):
        if not clustered or value - clustered[-1] > tolerance:
            clustered.append(value)
    return clustered


def _nearest(values: list[float], value: float) -> int:
    return min(range(len(values)), key=lambda index: abs(values[index] - value))


def _cell_text(words: list[Word]) -> str:
    return "\n".join(line.text for line in visual_lines(words) if line.text)


def table_from_cells(cell_boxes, words: list[Word], tolerance: float) -> list[list[str]]:
    """Cells laid on the grid of their left and top edges; a merged cell appears once, at its
    first grid position, and the positions it covers stay empty."""
    xs = _cluster([box[0] for box in cell_boxes], tolerance)
    ys = _cluster([box[1] for box in cell_boxes], tolerance)
    grid = [["" for _ in xs] for _ in ys]
    for x0, top, x1, bottom in cell_boxes:
        inside = [w for w in words if x0 <= w.centre_x <= x1 and top <= w.centre_y <= bottom]
        if inside:
            grid[_nearest(ys, top)][_nearest(xs, x0)] = _cell_text(inside)
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
    folded = fold(line.text)
    hits = sum(1 for options in _HEADER_WORDS if any(re.search(rf"\b{o}\b", folded) for o in options))
    if hits < 3:
        return None
    segments = line.segments(min_gap=max(12.0, line.height * 0.8))
    if len(segments) < MIN_DATA_TABLE_COLUMNS:
        return None
    return [(segment[0].left, segment[-1].right) for segment in segments]


def _column_boundaries(segments: list[tuple[float, float]], below: list[Line]) -> list[float]:
    """Titles are often centred, so the border lies somewhere in the gap between two titles:
    take the x in that gap that the fewest words below cross (the white river)."""
    words = [w for line in below for w in line.words]
    boundaries = []
    for (_, gap_start), (gap_end, _) in zip(segments, segments[1:], strict=False):
        middle = (gap_start + gap_end) / 2
        best_x, best_cover = middle, None
        step = max(1.0, (gap_end - gap_start) / 40)
        x = gap_start
        while x <= gap_end:
            cover = sum(1 for w in words if w.left < x < w.right)
            if best_cover is None or cover < best_cover or (cover == best_cover and abs(x - middle) < abs(best_x - middle)):
                best_x, best_cover = x, cover
            x += step
        boundaries.append(best_x)
    return boundaries


class BorderlessTable:
    def __init__(self, header_band: list[Line], boundaries: list[float]):
        self.boundaries = boundaries
        self.header: list[list[str]] = [[] for _ in range(len(boundaries) + 1)]
        self.rows: list[list[list[str]]] = []
        for line in header_band:
            for column, words in enumerate(self._cells(line)):
                self.header[column].extend(words)
        self.top = header_band[0].top
        self.last_bottom = header_band[-1].bottom

    def column_of(self, word: Word) -> int:
        return sum(1 for boundary in self.boundaries if word.centre_x > boundary)

    def fits(self, line: Line) -> bool:
        margin = max(2, line.height // 4)
        return not any(w.left + margin < b < w.right - margin for w in line.words for b in self.boundaries)

    def _cells(self, line: Line) -> list[list[str]]:
        cells: list[list[str]] = [[] for _ in range(len(self.boundaries) + 1)]
        for word in line.words:
            cells[self.column_of(word)].append(word.text)
        return cells

    def add(self, line: Line) -> None:
        cells = self._cells(line)
        starts_row = bool(cells[0]) and _STT.match(" ".join(cells[0]).strip()) is not None
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


def _crosses(line: Line, boundaries: list[float]) -> bool:
    """Whether a word of the line runs across a column border (running text, not a cell)."""
    margin = max(2, line.height // 4)
    return any(w.left + margin < b < w.right - margin for w in line.words for b in boundaries)


def borderless_tables(words: list[Word], page: int) -> list[tuple[tuple[float, float, float, float], TableBlock]]:
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
        below = lines[index + 1:index + 31]
        boundaries = _column_boundaries(segments, below)

        # Titles wrap over two or three lines; those close above and below are the header
        # too, unless they run across a column border (the reference line above a table).
        band_start = index
        while band_start > 0 and header_line.top - lines[band_start - 1].bottom < 0.8 * header_line.height \
                and index - band_start < 2 and not _crosses(lines[band_start - 1], boundaries):
            band_start -= 1
        band_end = index + 1
        while band_end < len(lines) and lines[band_end].top - lines[band_end - 1].bottom < 0.6 * header_line.height \
                and not _STT.match(lines[band_end].words[0].text) and not _crosses(lines[band_end], boundaries):
            band_end += 1
        band = lines[band_start:band_end]
        below = lines[band_end:band_end + 30]
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
            box = (min(w.left for w in box_words), min(w.top for w in box_words),
                   max(w.right for w in box_words), max(w.bottom for w in box_words))
            found.append((box, table.block(page)))
        index = max(end, index + 1)
    return found


# --- two columns side by side --------------------------------------------------------


def _two_column_end(lines: list[Line], index: int) -> tuple[int, float]:
    """How far from `index` the lines form two side-by-side columns (the header with the
    issuer beside the national motto, the recipients beside the signer), and the split."""
    first = lines[index]
    segments = first.segments(min_gap=max(30.0, first.height * 1.5))
    if len(segments) != 2:
        return index, 0.0
    split = (segments[0][-1].right + segments[1][0].left) / 2
    end = index + 1
    previous = first
    while end < len(lines):
        line = lines[end]
        if line.top - previous.bottom > 2.5 * line.height:
            break
        if any(w.left < split < w.right for w in line.words):
            break
        parts = line.segments(min_gap=max(30.0, line.height * 1.5))
        if len(parts) > 2 or (len(parts) == 2 and not parts[0][-1].right < split < parts[1][0].left):
            break
        previous = line
        end += 1
    return end, split


def text_lines(words: list[Word], page: int) -> list[Placed]:
    """Running text line by line; a two-column block is read one column after the other."""
    lines = visual_lines(words)
    placed: list[Placed] = []
    index = 0
    while index < len(lines):
        end, split = _two_column_end(lines, index)
        if end > index + 1:
            top = lines[index].top
            left = [clean(" ".join(w.text for w in line.words if w.right <= split)) for line in lines[index:end]]
            right = [clean(" ".join(w.text for w in line.words if w.left >= split)) for line in lines[index:end]]
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


def page_blocks(words: list[Word], rules: list[Rule], *, page: int, page_height: int, dpi: int,
                tables: list | None = None) -> list[Placed]:
    """The blocks of one page in reading order, each with its vertical position."""
    tolerance = grid_tolerance(dpi)
    placed: list[Placed] = []
    table_boxes: list[tuple[float, float, float, float]] = []
    if tables is None:
        tables = ruled_table_cells(rules, tolerance)
    for cell_boxes in tables:
        box = (min(c[0] for c in cell_boxes), min(c[1] for c in cell_boxes),
               max(c[2] for c in cell_boxes), max(c[3] for c in cell_boxes))
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


def drop_running_lines(pages: list[list[Placed]]) -> None:
    """Page numbers, and lines repeated in the margins of most pages, are not content."""
    def shape(text: str) -> str:
        return re.sub(r"\d+", "#", fold(text))

    counts: dict[str, int] = {}
    for placed in pages:
        for text in {shape(item.block.text) for item in placed if item.in_margin and isinstance(item.block, TextLine)}:
            counts[text] = counts.get(text, 0) + 1
    threshold = max(2, (len(pages) + 1) // 2)
    for placed in pages:
        placed[:] = [
            item for item in placed
            if not (
                item.in_margin and isinstance(item.block, TextLine)
                and (_PAGE_NUMBER.match(item.block.text)
                     or (len(pages) > 1 and counts.get(shape(item.block.text), 0) >= threshold))
            )
        ]


def join_pages(pages: list[list[Placed]]) -> list[Block]:
    """The pages' blocks in order; a table that ends one page and one that opens the next
    with the same columns are one table broken by the page."""
    blocks: list[Block] = []
    for placed in pages:
        items = [item.block for item in placed]
        if items and blocks and _continues(blocks[-1], items[0]):
            _append_continuation(blocks[-1], items.pop(0))
        blocks.extend(items)
    return blocks


def _continues(previous: Block, block: Block) -> bool:
    return isinstance(previous, TableBlock) and isinstance(block, TableBlock) and \
        len(previous.rows[0]) == len(block.rows[0])


def _same_row(first: list[str], second: list[str]) -> bool:
    """Two readings of one printed row (the header repeated on each page): OCR may differ
    by a speck or a letter."""
    from rapidfuzz import fuzz

    return fuzz.ratio(fold(" ".join(first)), fold(" ".join(second))) >= 85


def _append_continuation(table: TableBlock, continuation: TableBlock) -> None:
    rows = [list(row) for row in continuation.rows]
    if rows and _same_row(rows[0], table.rows[0]):
        rows.pop(0)  # the header row repeated on the new page
    if rows and not rows[0][0].strip() and len(rows[0]) > 1 and rows[0][1].strip():
        # No STT but task text: the rest of the last row, cut by the page break.
        head = rows.pop(0)
        last = table.rows[-1]
        table.rows[-1] = ["\n".join(part for part in (old, new) if part) for old, new in zip(last, head, strict=False)]
    table.rows.extend(rows)


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
            word.text = "I" * stems + word.text[match.end():]
    return words
