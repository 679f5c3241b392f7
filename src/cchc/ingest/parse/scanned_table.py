"""The task table of a scan whose OCR lost the table: no header the parser can read,
no '|' between cells, the STT printed on a middle line of its row.

1. Rows: lines that open with the next STT number (gaps of a row or two allowed:
   a scan may lose whole rows) anchor the rows. The STT is centred in its row, so the
   lines between two anchors are shared between them: the cut is chosen (for all
   rows at once) so that each anchor sits near the middle of its row, no row begins
   with a line that continues a phrase (lower case) and no row ends with a line that
   opens a new cell (an agency name, a product, a timeframe).
2. Cells: `cchc.ingest.layout.rowsplit.split_table` gives every piece of every line
   a column, in the header's order when the header can be read, else in the usual
   order STT, Nhiệm vụ, Sản phẩm, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian.

Every task read this way carries a note saying so: the text is what the scan left.
"""

from __future__ import annotations

import re
from itertools import accumulate

from cchc.ingest.layout.rowsplit import (
    DEFAULT_COLUMNS,
    agency_opening,
    product_opening,
    restore_agency_name,
    restore_timeframe,
    split_table,
    time_opening,
    tokenize,
)
from cchc.ingest.layout.vocab import header_columns, is_header_line
from cchc.ingest.model import Task
from cchc.ingest.normalize.agencies import split_agencies
from cchc.ingest.normalize.citations import join_lines
from cchc.ingest.parse.lines import Line
from cchc.ingest.text import is_upper_text, starts_lower

_STT_LINE = re.compile(r"^\s*(\d{1,3})(?:\s*[.)]?\s*(?=\|)|\s+)(\S.*)$")
_TABLE_END = re.compile(r"^(?:nơi nhận|tm\.|kt\.|tl\.|phụ lục\b)", re.IGNORECASE)
MAX_GAP = 3  # an STT may be followed by the one after next (a row lost to the scan)
MAX_REACH = 6  # lines of a row above or below its STT line
MIN_ROWS = 3
CENTRE_WEIGHT = 0.5  # per line of difference between the lines above and below the STT
DROP_COST = 1.0  # per line of text that no row takes
NOTE = "Dòng bảng dựng lại từ văn bản quét (OCR) không có đường kẻ cột; cần đối chiếu với bản gốc."


def _anchors(lines: list[Line], start: int, end: int) -> list[tuple[int, str, str]]:
    """(line index, STT, rest of the line) of the lines that open with the next STT."""
    found: list[tuple[int, str, str]] = []
    last = 0
    for i in range(start, end):
        match = _STT_LINE.match(lines[i].text)
        if not match:
            continue
        number = int(match.group(1))
        if (found and last < number <= last + MAX_GAP) or (not found and 1 <= number <= MAX_GAP + 2):
            rest = match.group(2)
            if not tokenize(rest.lstrip("| ")):
                continue
            found.append((i, str(number), rest))
            last = number
    return found


def _opens_cell(text: str) -> bool:
    words = tokenize(text)
    if not words:
        return False
    first = " ".join(t.text for t in words[:4])
    return not starts_lower(first) and bool(
        agency_opening(first) or time_opening(first) >= 1.0 or product_opening(first)
    )


def _continues(text: str) -> bool:
    words = tokenize(text)
    return bool(words) and starts_lower(words[0].text)


def _opens_sentence(text: str) -> bool:
    """A capitalised word followed by a lower-case one ("Tuyên truyền …"): the first line of
    a cell, not the end of a name wrapped onto its last line ("Hòa An", "UBND tỉnh")."""
    words = [t.text for t in tokenize(text)[:2]]
    return len(words) == 2 and words[0][:1].isupper() and not words[0].isupper() and starts_lower(words[1])


def _not_content(text: str) -> bool:
    words = [t.text for t in tokenize(text)]
    return (
        not words or is_upper_text(text) or text.lstrip().startswith("(") or is_header_line(" ".join(words))
    )


def _bands(
    lines: list[Line], anchors: list[tuple[int, str, str]], start: int, end: int
) -> list[tuple[int, int]]:
    """(first line, line after the last) of each row, chosen for all rows at once."""
    n = len(anchors)
    texts = {i: lines[i].text for i in range(start, end)}
    top_penalty = {i: 1.5 if _continues(t) else 0.0 for i, t in texts.items()}
    # A line of the table left out of every row loses its text (titles and header lines excepted).
    drop = [0.0] + list(accumulate(0.0 if _not_content(texts[i]) else DROP_COST for i in range(start, end)))

    def dropped(a: int, b: int) -> float:  # lines a..b-1
        return drop[b - start] - drop[a - start]

    bottom_penalty = {i: 1.5 if _opens_cell(t) or _opens_sentence(t) else 0.0 for i, t in texts.items()}

    def row_cost(k: int, top: int, bottom: int) -> float:
        at = anchors[k][0]
        above, below = at - top, bottom - at - 1
        cost = CENTRE_WEIGHT * abs(above - below) + sum(top_penalty[i] for i in range(top, at))
        cost += sum(bottom_penalty[i] for i in range(at + 1, bottom))
        return cost

    # Tops the first row may take, and for every later row the cuts between it and the one before.
    first_at = anchors[0][0]
    choices = [list(range(max(start, first_at - MAX_REACH), first_at + 1))]
    for k in range(1, n):
        previous, at = anchors[k - 1][0], anchors[k][0]
        choices.append(list(range(max(previous + 1, at - MAX_REACH), at + 1)))
    last_at = anchors[-1][0]
    bottoms = list(range(last_at + 1, min(end, last_at + 1 + MAX_REACH) + 1))
    # best[k][top]: cost of rows before k with row k starting at `top`.
    best: list[dict[int, tuple[float, int | None]]] = [
        {top: (dropped(start, top), None) for top in choices[0]}
    ]
    for k in range(1, n):
        layer: dict[int, tuple[float, int | None]] = {}
        for top in choices[k]:
            for prev_top, (cost, _) in best[k - 1].items():
                value = cost + row_cost(k - 1, prev_top, top)
                if top not in layer or value < layer[top][0]:
                    layer[top] = (value, prev_top)
        best.append(layer)
    final = min(
        (
            (cost + row_cost(n - 1, top, bottom) + dropped(bottom, end), top, bottom)
            for top, (cost, _) in best[-1].items()
            for bottom in bottoms
        ),
        default=None,
    )
    if final is None:
        return []
    _, top, bottom = final
    spans = [(top, bottom)]
    for k in range(n - 1, 0, -1):
        prev_top = best[k][top][1]
        spans.append((prev_top, top))
        top = prev_top
    spans.reverse()
    return spans


def _table_end(lines: list[Line], start: int, end: int) -> int:
    for i in range(start, end):
        if _TABLE_END.match(lines[i].text) and not starts_lower(lines[i].text):
            return i
    return end


def _columns(lines: list[Line], start: int, first_row: int) -> list[str]:
    """The header's column order when what is left of it names the task column, else the usual one."""
    header = " ".join(lines[i].text for i in range(start, first_row) if is_header_line(lines[i].text))
    found = [kind for kind, _ in header_columns(header)] if header else []
    if "task" in found and len(found) >= 3 and found[0] == "task":
        return [kind for kind in found if kind != "extra"]
    return list(DEFAULT_COLUMNS)


def tasks_from_scanned_table(lines: list[Line], start: int, end: int | None = None) -> list[Task]:
    """Tasks of an appendix table the OCR flattened (see the module's docstring); [] when
    the lines do not look like one."""
    end = _table_end(lines, start, len(lines) if end is None else end)
    anchors = _anchors(lines, start, end)
    if len(anchors) < MIN_ROWS:
        return []
    bands = _bands(lines, anchors, start, end)
    if not bands:
        return []
    # The table must look like one: most rows name an agency or a timeframe somewhere.
    cued = 0
    band_lines: list[list[str]] = []
    for (top, bottom), (at, _, rest) in zip(bands, anchors, strict=True):
        texts = [rest if i == at else lines[i].text for i in range(top, bottom)]
        band_lines.append(texts)
        joined = " ".join(texts)
        if any(agency_opening(w) or time_opening(w) >= 1.0 for w in _starts(joined)):
            cued += 1
    if cued < max(MIN_ROWS, len(bands) // 2):
        return []
    columns = _columns(lines, start, bands[0][0])
    tasks: list[Task] = []
    for (_, stt, _), cells in zip(anchors, split_table(band_lines, columns), strict=True):
        task_text = join_lines(cells.get("task", []))
        if not task_text:
            continue
        task = Task(stt=stt, task=task_text, note=NOTE)
        task.products = join_lines(cells.get("products", [])) or None
        task.lead = [restore_agency_name(n) for n in split_agencies(join_lines(cells.get("lead", [])))]
        task.coordinators = [
            restore_agency_name(n) for n in split_agencies(join_lines(cells.get("coord", [])))
        ]
        task.timeframe = restore_timeframe(join_lines(cells.get("time", []))) or None
        tasks.append(task)
    return tasks


def _starts(text: str) -> list[str]:
    """Text from each capitalised word on (a few words each), to look for cell openings."""
    words = text.split()
    return [" ".join(words[i : i + 4]) for i, w in enumerate(words) if w[:1].isupper()]
