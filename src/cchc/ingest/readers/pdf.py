"""PDF plans with a text layer, read from page geometry rather than the text stream.

The text stream of a PDF interleaves side-by-side columns (the issuer and the
national motto on one line) and flattens tables into word soup. Positions keep the
structure: ruled tables come from their drawn lines (pdfplumber's table algorithm,
fed with pdfium's geometry because pdfium is about ten times faster than pdfminer);
a borderless task table is recognised by its header row, whose words fix the
column positions for the rows below; a two-column block (header, signer) is read
one column after the other. Running headers, footers and page numbers that repeat
on every page are dropped.

A scan has no text layer: that is reported as such (`ReaderError`), so the OCR
reader, when there is one, can take the file over.
"""

from __future__ import annotations

import bisect
import ctypes
import unicodedata
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from cchc.ingest.layout import geometry
from cchc.ingest.layout.geometry import MIN_DATA_TABLE_COLUMNS, STT_RE, clean
from cchc.ingest.readers.base import Reader, ReaderError, SourceDocument, TableBlock, TextLine

NO_TEXT_LAYER_MESSAGE = (
    "PDF không có lớp văn bản (bản quét); cần nhận dạng ký tự (OCR) trước khi đọc / "
    "the PDF has no text layer (a scan); it needs OCR"
)

MAX_PAGES = 500
# Share of the page height at top and bottom where running headers and page numbers live.
MARGIN_ZONE = 0.10

# A pdfium word's left and right edges, for the geometry shared with the OCR layout.
_LEFT = itemgetter("x0")
_RIGHT = itemgetter("x1")


@dataclass
class _Line:
    words: list[dict]
    top: float
    bottom: float
    page: int

    @property
    def text(self) -> str:
        return clean(" ".join(w["text"] for w in self.words))

    @property
    def height(self) -> float:
        return max(1.0, self.bottom - self.top)

    def segments(self, min_gap: float) -> list[list[dict]]:
        return geometry.split_at_gaps(self.words, min_gap, _LEFT, _RIGHT)


@dataclass
class _Placed:
    """A block with its vertical position, so tables and lines interleave correctly."""

    top: float
    block: TextLine | TableBlock
    # Where the line itself sits (a column-major block shares one `top` for ordering).
    y: float = 0.0
    in_margin: bool = False


def _group_lines(words: list[dict], page: int) -> list[_Line]:
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        for line in reversed(lines[-3:]):
            if line.top - 1 <= middle <= line.bottom + 1:
                line.words.append(word)
                line.top = min(line.top, word["top"])
                line.bottom = max(line.bottom, word["bottom"])
                break
        else:
            lines.append(_Line(words=[word], top=word["top"], bottom=word["bottom"], page=page))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    lines.sort(key=lambda line: line.top)
    return lines


def _header_segments(line: _Line) -> list[tuple[float, float]] | None:
    """If this line is a task-table header row, the x extent of each column title."""
    return geometry.header_segments(line.text, line.words, max(6.0, line.height * 0.6), _LEFT, _RIGHT)


def _band_segments(band: list[_Line], min_gap: float) -> list[tuple[float, float]]:
    """Column title extents over several lines: overlapping word spans merge."""
    spans = sorted((w["x0"], w["x1"]) for line in band for w in line.words)
    merged: list[list[float]] = [list(spans[0])]
    for x0, x1 in spans[1:]:
        if x0 - merged[-1][1] <= min_gap:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(x0, x1) for x0, x1 in merged]


def _column_boundaries(segments: list[tuple[float, float]], below: list[_Line]) -> list[float]:
    return geometry.column_boundaries(segments, [(w["x0"], w["x1"]) for line in below for w in line.words])


class _BorderlessTable(geometry.BorderlessTable):
    def column_of(self, word: dict) -> int:
        middle = (word["x0"] + word["x1"]) / 2
        return sum(1 for boundary in self.boundaries if middle > boundary)

    def word_text(self, word: dict) -> str:
        return word["text"]

    def fits(self, line: _Line) -> bool:
        return not any(
            w["x0"] + 1 < boundary < w["x1"] - 1 for w in line.words for boundary in self.boundaries
        )


def open_pdf(path: Path):
    """Open a PDF with pdfium, turning its failures into messages a user can act on.
    Shared with the scanned-PDF reader."""
    import pypdfium2 as pdfium  # loaded only for PDFs

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReaderError(
                f"PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lại / password-protected PDF: {path.name}"
            ) from exc
        raise ReaderError(
            f"Tệp PDF bị hỏng hoặc không đầy đủ / corrupt or truncated PDF: {path.name}"
        ) from exc


class PdfReader(Reader):
    source_format = "pdf"
    extensions = (".pdf",)

    def sniff(self, head: bytes, path: Path) -> bool:
        return b"%PDF-" in head[:1024] or path.suffix.lower() in self.extensions

    def read(self, path: Path) -> SourceDocument:
        path = Path(path)
        try:
            with path.open("rb") as handle:
                head = handle.read(1024)
        except OSError as exc:
            raise ReaderError(f"Không đọc được tệp / cannot read file {path.name}: {exc.strerror}") from exc
        if b"%PDF-" not in head:
            raise ReaderError(f"Tệp {path.name} không phải PDF hợp lệ / not a valid PDF")

        pdf = open_pdf(path)
        try:
            return self._read_pages(pdf, path)
        except ReaderError:
            raise
        except Exception as exc:  # pdfium reports damage inside pages in several ways
            raise ReaderError(
                f"Tệp PDF bị hỏng, không đọc được nội dung / corrupt PDF content: {path.name} ({type(exc).__name__})"
            ) from exc
        finally:
            pdf.close()

    def _read_pages(self, pdf, path: Path) -> SourceDocument:
        source = SourceDocument(name=path.name, source_format=self.source_format)
        page_count = len(pdf)
        if page_count == 0:
            raise ReaderError(f"Tệp PDF không có trang nào / the PDF has no pages: {path.name}")
        if page_count > MAX_PAGES:
            raise ReaderError(
                f"PDF quá dài ({page_count} trang, tối đa {MAX_PAGES}) / too many pages: {path.name}"
            )
        placed_pages: list[list[_Placed]] = []
        pages_without_text = []
        undecodable = characters = 0
        for number in range(1, page_count + 1):
            page = pdf[number - 1]
            try:
                placed, page_undecodable, page_characters = self._read_page(page, number)
            finally:
                page.close()
            undecodable += page_undecodable
            characters += page_characters
            if not placed:
                pages_without_text.append(number)
            placed_pages.append(placed)
        if len(pages_without_text) == page_count:
            raise ReaderError(f"{NO_TEXT_LAYER_MESSAGE}: {path.name}")
        if undecodable > 0.3 * max(1, characters):
            # Fonts embedded without a Unicode map: the "text" is glyph numbers, not words.
            raise ReaderError(
                "PDF có lớp văn bản nhưng không giải mã được chữ (phông chữ thiếu bảng mã Unicode); "
                f"cần nhận dạng ký tự (OCR) / the text layer cannot be decoded, it needs OCR: {path.name}"
            )
        if pages_without_text:
            source.warnings.append(
                "Các trang không có lớp văn bản (có thể là ảnh quét) / pages without a text layer: "
                + ", ".join(str(n) for n in pages_without_text)
            )
        geometry.drop_running_lines(placed_pages)
        for placed in placed_pages:
            blocks = [item.block for item in placed]
            if blocks and source.blocks and geometry.continues_table(source.blocks[-1], blocks[0]):
                geometry.append_continuation(source.blocks[-1], blocks.pop(0))
            source.blocks.extend(blocks)
        source.meta["pages"] = page_count
        source.meta["pages_without_text"] = pages_without_text
        return source

    def _read_page(self, page, number: int) -> tuple[list[_Placed], int, int]:
        """The page's blocks in reading order, and its count of undecodable and all characters."""
        words, view, undecodable = _page_words(page)
        characters = sum(len(w["text"]) for w in words)
        if not words:
            return [], undecodable, characters
        height = view.page_height
        placed: list[_Placed] = []
        table_boxes = []
        for cell_boxes in _ruled_tables(page, view):
            rows = _table_rows(cell_boxes, words)
            rows = [row for row in rows if any(row)]
            if not rows:
                continue
            column_count = max(len(row) for row in rows)
            keep = [i for i in range(column_count) if any(row[i] for row in rows)]
            if len(keep) < MIN_DATA_TABLE_COLUMNS or len(rows) < 2:
                continue  # a ruled box around a layout block: its words stay ordinary lines
            rows = [[row[i] for i in keep] for row in rows]
            box = geometry.bounding_box(cell_boxes)
            table_boxes.append(box)
            placed.append(_Placed(top=box[1], block=TableBlock(rows=rows, page=number), y=box[1]))
        free_words = [w for w in words if not _inside_any(w, table_boxes)]
        lines = _group_lines(free_words, number)
        placed.extend(self._place_lines(lines, number, height))
        placed.sort(key=lambda item: item.top)
        self._mark_margins(placed, height)
        return placed, undecodable, characters

    @staticmethod
    def _mark_margins(placed: list[_Placed], page_height: float) -> None:
        """Running headers and page numbers are the outermost lines of a page, in its margins."""
        text_items = [item for item in placed if isinstance(item.block, TextLine)]
        outermost = text_items[:2] + text_items[-2:]
        for item in outermost:
            if item.y < page_height * MARGIN_ZONE or item.y > page_height * (1 - MARGIN_ZONE):
                item.in_margin = True

    def _place_lines(self, lines: list[_Line], page_number: int, page_height: float) -> list[_Placed]:
        placed: list[_Placed] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            segments = _header_segments(line)
            if segments:
                index = self._take_borderless_table(lines, index, segments, page_number, page_height, placed)
                continue
            block_end = self._two_column_block_end(lines, index)
            if block_end > index + 1:
                placed.extend(self._column_major(lines[index:block_end], page_number))
                index = block_end
                continue
            placed.append(_Placed(top=line.top, block=TextLine(text=line.text, page=page_number), y=line.top))
            index += 1
        return placed

    def _take_borderless_table(self, lines, index, segments, page_number, page_height, placed) -> int:
        header_line = lines[index]
        close = 0.8 * header_line.height
        # The header row is a band of lines: titles wrap ("Cơ quan" over "chủ trì"), and
        # titles centred vertically put some of their lines above the one recognised.
        # Lines above were already placed as text: take them back.
        band = [header_line]
        above = index - 1
        while (
            above >= 0
            and index - above <= 2
            and placed
            and isinstance(placed[-1].block, TextLine)
            and placed[-1].block.text == lines[above].text
            and band[0].top - lines[above].bottom < close
        ):
            placed.pop()
            band.insert(0, lines[above])
            above -= 1
        index += 1
        while (
            index < len(lines)
            and lines[index].top - band[-1].bottom < close
            and not STT_RE.match(lines[index].words[0]["text"])
        ):
            band.append(lines[index])
            index += 1
        if len(band) > 1:
            band_segments = _band_segments(band, min_gap=max(6.0, header_line.height * 0.6))
            if len(band_segments) >= len(segments):
                segments = band_segments
        table = _BorderlessTable(band, _column_boundaries(segments, lines[index : index + 80]))
        while (
            index < len(lines)
            and table.fits(lines[index])
            and lines[index].top - table.last_bottom < 4 * lines[index].height
            and not (
                lines[index].top > page_height * (1 - MARGIN_ZONE)
                and geometry.PAGE_NUMBER_RE.match(lines[index].text)
            )
        ):
            table.add(lines[index])
            index += 1
        placed.append(_Placed(top=table.top, block=table.block(page_number), y=table.top))
        return index

    def _two_column_block_end(self, lines: list[_Line], index: int) -> int:
        """Lines from `index` that form two side-by-side columns (the header, the signer block)."""
        end, _ = geometry.two_column_end(
            lines, index, min_gap=15.0, left=_LEFT, right=_RIGHT, one_part_may_span=False
        )
        return end

    def _column_major(self, lines: list[_Line], page_number: int) -> list[_Placed]:
        first = lines[0]
        segments = first.segments(min_gap=max(15.0, first.height * 1.5))
        split = (segments[0][-1]["x1"] + segments[1][0]["x0"]) / 2
        left: list[tuple[str, float]] = []
        right: list[tuple[str, float]] = []
        for line in lines:
            left_words = [w["text"] for w in line.words if w["x1"] <= split]
            right_words = [w["text"] for w in line.words if w["x0"] >= split]
            if left_words:
                left.append((clean(" ".join(left_words)), line.top))
            if right_words:
                right.append((clean(" ".join(right_words)), line.top))
        # Every line of the block shares its top so the block stays where it is on the
        # page; the stable sort keeps the left column before the right one.
        return [
            _Placed(top=first.top, block=TextLine(text=text, page=page_number), y=y)
            for text, y in left + right
        ]


class _View:
    """Maps pdfium boxes (PDF user space, origin bottom-left, before the page's /Rotate)
    to the page as read: origin top-left, text running left to right."""

    def __init__(self, quarter_turns: int, width: float, height: float):
        self.quarter_turns = quarter_turns % 4
        self.width, self.height = width, height  # of the unrotated MediaBox

    @property
    def page_height(self) -> float:
        return self.height if self.quarter_turns in (0, 2) else self.width

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, x1, top, bottom) as read."""
        w, h = self.width, self.height
        if self.quarter_turns == 0:
            return left, right, h - top, h - bottom
        if self.quarter_turns == 1:
            return bottom, top, left, right
        if self.quarter_turns == 2:
            return w - right, w - left, bottom, top
        return h - top, h - bottom, w - right, w - left


def _choose_view(chars: list[tuple[str, tuple[float, float, float, float]] | None], page) -> _View:
    """The page's /Rotate says how it is shown; the glyphs say which way they run. Most
    pages agree; a page whose content was drawn already turned does not, so take the
    turn under which most neighbouring letters run left to right on one line."""
    rotation = page.get_rotation() // 90 % 4
    shown_width, shown_height = page.get_size()
    width, height = (shown_height, shown_width) if rotation % 2 else (shown_width, shown_height)
    views = [_View(turns, width, height) for turns in dict.fromkeys([rotation, 0, 1, 2, 3])]
    pairs = [(a[1], b[1]) for a, b in zip(chars, chars[1:], strict=False) if a and b][:150]
    if not pairs:
        return views[0]

    def score(view: _View) -> int:
        good = 0
        for first, second in pairs:
            x0a, _, topa, bottoma = view.box(*first)
            x0b, _, topb, _ = view.box(*second)
            size = max(1.0, bottoma - topa)
            if x0b > x0a and abs(topb - topa) < size * 0.5:
                good += 1
        return good

    if score(views[0]) >= 0.8 * len(pairs):
        return views[0]  # the usual case: the declared rotation reads left to right
    return max(views, key=score)  # max keeps the first of equals: the declared rotation


def _page_words(page) -> tuple[list[dict], _View, int]:
    """Words with their boxes (top-down coordinates, as read) from pdfium's character boxes,
    the view used, and how many characters were undecodable. pdfium is used rather than
    pdfminer because it is an order of magnitude faster."""
    import pypdfium2.raw as pdfium_c

    text_page = page.get_textpage()
    try:
        count = text_page.count_chars()
        text = text_page.get_text_range(0, count) if count > 0 else ""
        chars: list[tuple[str, tuple[float, float, float, float]] | None] = []
        undecodable = 0
        rect = pdfium_c.FS_RECTF()
        rect_pointer = ctypes.byref(rect)
        get_box = pdfium_c.FPDFText_GetLooseCharBox
        raw = text_page.raw
        for index in range(min(count, len(text))):
            char = text[index]
            if char.isspace():  # pdfium's generated characters are spaces and line ends
                chars.append(None)
                continue
            code = ord(char)
            if code < 32 or 0xD800 <= code < 0xF900 or code == 0xFFFD or code >= 0xF0000:
                undecodable += 1  # control, surrogate, private use, replacement: no real letter
            get_box(raw, index, rect_pointer)
            chars.append((char, (rect.left, rect.bottom, rect.right, rect.top)))
    finally:
        text_page.close()
    view = _choose_view(chars, page)
    words: list[dict] = []
    current: dict | None = None
    for item in chars:
        if item is None:
            current = None
            continue
        char, raw_box = item
        x0, x1, char_top, char_bottom = view.box(*raw_box)
        size = max(1.0, char_bottom - char_top)
        if unicodedata.combining(char) and current is not None:
            current["text"] += char
            continue
        if (
            current is None
            or abs(char_top - current["top"]) > size * 0.5
            or x0 - current["x1"] > size * 0.25
            or x0 < current["x1"] - size
        ):
            current = {"text": char, "x0": x0, "x1": x1, "top": char_top, "bottom": char_bottom}
            words.append(current)
        else:
            current["text"] += char
            current["x1"] = max(current["x1"], x1)
            current["top"] = min(current["top"], char_top)
            current["bottom"] = max(current["bottom"], char_bottom)
    return words, view, undecodable


def _ruled_tables(page, view: _View) -> list[list[tuple[float, float, float, float]]]:
    """Cell boxes of the tables drawn with lines, found with pdfplumber's table algorithm
    (edges → intersections → cells → tables) fed with pdfium's path geometry."""
    import pypdfium2.raw as pdfium_c

    edge = geometry.edge
    edges = []
    for path in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4):
        x0, x1, y0, y1 = view.box(*path.get_bounds())
        if x1 - x0 < 0 or y1 - y0 < 0:
            continue
        if y1 - y0 <= 3 and x1 - x0 > 3:
            edges.append(edge("h", x0, x1, (y0 + y1) / 2, (y0 + y1) / 2))
        elif x1 - x0 <= 3 and y1 - y0 > 3:
            edges.append(edge("v", (x0 + x1) / 2, (x0 + x1) / 2, y0, y1))
        elif x1 - x0 > 3 and y1 - y0 > 3:
            # A rectangle (a cell frame or shading): its four sides are edges.
            edges += [
                edge("h", x0, x1, y0, y0),
                edge("h", x0, x1, y1, y1),
                edge("v", x0, x0, y0, y1),
                edge("v", x1, x1, y0, y1),
            ]
        if len(edges) > 20000:
            break
    if len(edges) < 4:
        return []
    return geometry.tables_from_edges(edges, 3, min_edge_length=3)


def _table_rows(cell_boxes, words: list[dict]) -> list[list[str]]:
    """Lay cells on the grid of their left and top edges. A merged cell appears once, at
    its first grid position; the positions it covers stay empty (no duplicated text)."""
    xs = geometry.cluster([box[0] for box in cell_boxes], 2.0)
    ys = geometry.cluster([box[1] for box in cell_boxes], 2.0)
    grid = [["" for _ in xs] for _ in ys]
    # Words sorted by their vertical centre, so each cell looks only at its own band.
    by_centre = sorted(words, key=lambda w: (w["top"] + w["bottom"]) / 2)
    centres = [(w["top"] + w["bottom"]) / 2 for w in by_centre]
    for box in cell_boxes:
        x0, top, x1, bottom = box
        band = by_centre[bisect.bisect_left(centres, top) : bisect.bisect_right(centres, bottom)]
        inside = [w for w in band if x0 <= (w["x0"] + w["x1"]) / 2 <= x1]
        if inside:
            lines = _group_lines(inside, 0)
            grid[geometry.nearest(ys, top)][geometry.nearest(xs, x0)] = "\n".join(
                line.text for line in lines if line.text
            )
    return grid


def _inside_any(word: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


READER = PdfReader()
