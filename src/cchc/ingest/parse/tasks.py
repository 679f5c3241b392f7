"""The appendix task table: from real tables (DOCX, PDF geometry), from text where
a PDF extraction flattened the table, or from a numbered task list."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.ingest.layout.segment import (
    Layout,
    RowFeatures,
    RowLine,
    _ends_dangling,
    estimate_widths,
    make_units,
    segment_row,
)
from cchc.ingest.layout.vocab import STT_HEADER, header_columns, is_header_line
from cchc.ingest.model import Task
from cchc.ingest.normalize.agencies import split_agencies
from cchc.ingest.normalize.citations import join_lines
from cchc.ingest.parse.lines import Line
from cchc.ingest.readers.base import TableBlock
from cchc.ingest.text import collapse, is_upper_text, starts_lower

_ROW_START = re.compile(r"^(\d{1,3})((?:\.\d{1,2}){0,2})(?:\s*[.)|]\s*|\s+|$)(.*)$")
_GROUP_ROW = re.compile(r"^([IVX]{1,5}|[A-D])\s*[.)|]?\s+(\S.*)$")
_TABLE_END = re.compile(r"^(?:nơi nhận|tm\.|kt\.|tl\.|phụ lục\b)", re.IGNORECASE)
_COLUMN_NUMBERS = re.compile(r"^(?:\(?\d{1,2}\)?[\s|]*){3,}$")


@dataclass
class _Row:
    stt: str
    lines: list[RowLine] = field(default_factory=list)
    continuation: list[RowLine] = field(default_factory=list)
    interrupted: bool = False
    group: str | None = None


def _header_at(lines: list[Line], i: int, end: int) -> tuple[list[tuple[str, str]], int] | None:
    """If a table header starts at line i: its columns and the index after it."""
    text = lines[i].text
    if not STT_HEADER.match(text):
        return None
    joined = text
    j = i + 1
    while j < end and j < i + 12 and is_header_line(lines[j].text):
        joined += " " + lines[j].text
        j += 1
    columns = header_columns(joined)
    kinds = [kind for kind, _ in columns]
    if "task" not in kinds or len(columns) < 2:
        return None
    if j < end and _COLUMN_NUMBERS.match(lines[j].text):
        j += 1
    return columns, j


def find_text_table(lines: list[Line], start: int = 0, end: int | None = None):
    end = len(lines) if end is None else end
    for i in range(start, end):
        found = _header_at(lines, i, end)
        if found:
            return i, found[0], found[1]
    return None


def _collect_rows(
    lines: list[Line], body_start: int, end: int, numeric_cells: bool = False
) -> tuple[list[_Row], int]:
    rows: list[_Row] = []
    expected = None
    group = None
    i = body_start
    stop = end
    while i < end:
        line = lines[i]
        text = line.text
        header = _header_at(lines, i, end)
        if header:
            if rows:
                rows[-1].interrupted = True
            i = header[1]
            continue
        if rows and _TABLE_END.match(text) and not starts_lower(text):
            stop = i
            break
        match = _ROW_START.match(text)
        if match and not starts_lower(match.group(3)):
            number, sub = int(match.group(1)), match.group(2)
            # "2.1" continues the numbering under "2"; a plain number must be the next one.
            if expected is None or (number == expected and not sub) or (sub and number == expected - 1):
                row = _Row(stt=f"{number}{sub}", group=group)
                rest = match.group(3).strip().lstrip("|").strip()
                if rest:
                    row.lines.append(RowLine(rest, "none"))
                rows.append(row)
                expected = number + 1
                i += 1
                continue
        if match and not match.group(3).strip() and not match.group(2) and rows and not numeric_cells:
            i += 1  # a page number between rows
            continue
        group_match = _GROUP_ROW.match(text)
        if group_match and is_upper_text(group_match.group(2)) and len(group_match.group(2)) > 6:
            expected = None  # numbering may start again under each group
            group = collapse(group_match.group(2))
            i += 1
            continue
        if rows:
            target = rows[-1].continuation if rows[-1].interrupted else rows[-1].lines
            gap = "none" if not target else line.gap
            target.append(RowLine(text, gap))
        i += 1
    return rows, stop


def _continuation_bonus(
    cells: dict[str, list[str]], layout: Layout, heights: dict[str, int]
) -> dict[str, float]:
    """Which columns a page-broken row most likely continues: the tallest (in printed
    lines) and the unfinished; not those that printed fewer lines than the tallest."""
    counts = {kind: heights.get(kind, 0) for kind in cells}
    tallest = max(counts.values()) if counts else 0
    bonus: dict[str, float] = {}
    for kind, parts in cells.items():
        score = 0.0
        if parts and counts[kind] == tallest:
            score += 1.5
        elif counts[kind] < tallest:
            # Cells are printed from the top: one that filled fewer lines than the tallest
            # stopped above the foot of the page, so nothing of it is left for the next.
            score -= 1.5
        if parts and _ends_dangling(parts[-1]):
            score += 1.5
        width = layout.widths.get(kind)
        if parts and width and len(parts[-1]) >= 0.8 * width and not parts[-1].endswith((".", ";")):
            score += 0.5
        bonus[kind] = score
    return bonus


def _segment_all(features: list[RowFeatures], layout: Layout, subrows: bool = True) -> list:
    return [segment_row(row.units, layout, subrows=subrows, features=row) for row in features]


def tasks_from_text_table(
    lines: list[Line],
    header_index: int,
    columns: list[tuple[str, str]],
    body_start: int,
    end: int | None = None,
    timeframe_year: int | None = None,
) -> tuple[list[Task], int]:
    end = len(lines) if end is None else end
    rows, stop = _collect_rows(
        lines, body_start, end, numeric_cells=any(kind == "extra" for kind, _ in columns)
    )
    kinds = [kind if kind != "extra" else f"extra:{label}" for kind, label in columns]
    labels = {kind if kind != "extra" else f"extra:{label}": label for kind, label in columns}
    region = lines[header_index:stop]
    pairs = sum(1 for line in region[1:] if line.gap in ("blank", "ws"))
    layout = Layout(columns=kinds, double_spaced=bool(region) and pairs >= 0.5 * max(1, len(region) - 1))
    features = [RowFeatures(make_units(row.lines), layout.double_spaced) for row in rows]
    # Column widths are measured on a first pass over about eight rows spread over the table
    # (enough for a stable estimate; every row more only costs time), then every row is cut with them.
    step = max(1, -(-len(rows) // 8))
    segmented = _segment_all(features[::step], layout, subrows=False)
    samples: dict[str, list[list[int]]] = {}
    for subrows in segmented:
        for subrow in subrows:
            for kind, units in subrow:
                lengths = [u.line_len for u in units if u.line_start]
                if lengths:
                    samples.setdefault(kind, []).append(lengths)
    layout.widths = estimate_widths(samples)
    segmented = _segment_all(features, layout)
    tasks: list[Task] = []
    for row, subrows in zip(rows, segmented, strict=True):
        texts: list[dict[str, list[str]]] = []
        heights: dict[str, int] = {}
        for subrow in subrows:
            cells: dict[str, list[str]] = {}
            for kind, units in subrow:
                cells.setdefault(kind, []).extend(u.text for u in units)
                # Printed lines: two short cells may share a line, and one cell may hold two pieces of a line.
                heights[kind] = len({u.line_index for u in units}) if units else heights.get(kind, 0)
            texts.append(cells)
        if row.continuation and texts:
            last = texts[-1]
            before_break = {
                k: texts[0].get(k, []) if k.startswith("task") else last.get(k, []) for k in kinds
            }
            bonus = _continuation_bonus(before_break, layout, heights)
            cont = segment_row(
                make_units(row.continuation, continuation=True),
                layout,
                continuation=True,
                bonus=bonus,
                resuming=frozenset(
                    kind for kind, parts in before_break.items() if parts and _ends_dangling(parts[-1])
                ),
            )
            for kind, units in cont[0]:
                if units:
                    target = texts[0] if kind == "task" else last
                    target.setdefault(kind, []).extend(u.text for u in units)
        task_text = join_lines(texts[0].get("task", [])) if texts else ""
        for n, cells in enumerate(texts):
            task = Task(stt=row.stt, task=task_text)
            task.products = join_lines(cells.get("products", [])) or None
            task.lead = split_agencies(join_lines(cells.get("lead", [])))
            task.coordinators = split_agencies(join_lines(cells.get("coord", [])))
            task.timeframe = join_lines(cells.get("time", [])) or None
            for kind, label in labels.items():
                if kind.startswith("extra:") and cells.get(kind):
                    task.extra[label] = join_lines(cells[kind])
            if row.group:
                task.extra.setdefault("Nhóm", row.group)
            if len(texts) > 1:
                task.note = f"STT {row.stt} có {len(texts)} dòng con; đây là dòng con {n + 1}."
            tasks.append(task)
    return tasks, stop


# --- real tables -----------------------------------------------------------------

_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?$")


def pipe_tables(lines: list[Line], start: int = 0) -> list[TableBlock]:
    """Tables typed with '|' between cells (plain text or Markdown) as `TableBlock`s."""
    tables: list[TableBlock] = []
    current: list[list[str]] = []
    for line in lines[start:]:
        raw = line.raw.strip()
        if _PIPE_SEPARATOR.match(raw):
            continue
        if raw.count("|") >= 2:
            current.append([collapse(cell) for cell in raw.strip("|").split("|")])
            continue
        if len(current) >= 2:
            tables.append(TableBlock(rows=current, page=line.page))
        current = []
    if len(current) >= 2:
        tables.append(TableBlock(rows=current))
    return tables


def _table_columns(header: list[str]) -> list[str] | None:
    kinds: list[str] = []
    for cell in header:
        text = collapse(cell.replace("\n", " "))
        if STT_HEADER.match(text) and len(text) <= 12:
            kinds.append("stt")
            continue
        found = header_columns(text)
        if found:
            kind, label = found[0]
            kinds.append(kind if kind != "extra" else f"extra:{text}")
        else:
            kinds.append(f"extra:{text}" if text else "skip")
    if "task" not in kinds:
        return None
    return kinds


def tasks_from_table(block: TableBlock, explicit_breaks: bool = False) -> list[Task] | None:
    """Tasks of a real table. `explicit_breaks`: a line break in a cell is a typed
    paragraph break (DOCX), not the visual wrapping a PDF table carries."""
    rows = [[cell or "" for cell in row] for row in block.rows if row]
    header_at = None
    kinds = None
    for index, row in enumerate(rows[:5]):
        kinds = _table_columns(row)
        if kinds and (("stt" in kinds) or sum(1 for k in kinds if not k.startswith(("extra", "skip"))) >= 3):
            header_at = index
            break
    if header_at is None or kinds is None:
        return None
    header_rows = [rows[header_at]]
    # A two-level header ("Cơ quan thực hiện" over "Chủ trì" | "Phối hợp"): the lower row refines the upper.
    if header_at + 1 < len(rows):
        lower = rows[header_at + 1]
        filled = [collapse(cell) for cell in lower if collapse(cell)]
        if (
            filled
            and all(is_header_line(cell) for cell in filled)
            and not any(re.match(r"^\d", c) for c in filled)
        ):
            refined = _table_columns(
                [low if collapse(low) else up for up, low in zip(rows[header_at], lower, strict=False)]
            )
            if refined:
                kinds = refined
                header_rows.append(lower)
                header_at += 1
    tasks: list[Task] = []
    for row in rows[header_at + 1 :]:
        cells: dict[str, str] = {}
        for kind, value in zip(kinds, row, strict=False):
            if kind == "skip":
                continue
            if kind in ("lead", "coord") and explicit_breaks:
                text = _agency_cell(value)
            else:
                text = join_lines(value.split("\n"))
            if text:
                cells[kind] = (cells[kind] + " " + text) if kind in cells else text
        if not cells:
            continue
        if (
            any(row == header for header in header_rows)
            or _table_columns(row) == kinds
            or all(re.fullmatch(r"\(?\d{1,2}\)?", v) for v in cells.values())
        ):
            continue  # a header repeated at a page break, or the row of column numbers
        stt = cells.get("stt")
        if stt and not re.match(r"^\d", stt) and is_upper_text(cells.get("task", stt)):
            continue  # a group heading row ("I. NHIỆM VỤ CHUNG")
        if not stt and tasks and all(starts_lower(v) for v in cells.values()):
            previous = tasks[-1]
            previous.task = join_lines([previous.task, cells.get("task", "")])
            for kind, value in cells.items():
                _append_cell(previous, kind, value)
            continue
        if not stt and not cells.get("task") and tasks:
            stt, task_text = tasks[-1].stt, tasks[-1].task
            tasks[-1].note = tasks[-1].note or f"STT {stt} có nhiều dòng con."
        else:
            task_text = cells.get("task", "")
        task = Task(stt=stt.rstrip(".") if stt else None, task=task_text)
        for kind, value in cells.items():
            _append_cell(task, kind, value)
        if task.stt is None and tasks and task.task == tasks[-1].task:
            task.stt = tasks[-1].stt
            task.note = f"STT {task.stt} có nhiều dòng con."
        tasks.append(task)
    return tasks


def _agency_cell(value: str) -> str:
    """In a real table a line break before a new agency name separates two agencies
    ("Sở Nội vụ" / "Sở Tư pháp"); a break inside a name is only wrapping."""
    from cchc.ingest.normalize.agencies import starts_with_agency

    out = ""
    for line in (collapse(part) for part in value.split("\n")):
        if not line:
            continue
        line = re.sub(r"^[-–•+]\s*", "", line)
        if out and starts_with_agency(line) and not _ends_dangling(out) and not out.endswith((";", ",")):
            out += "; " + line
        else:
            out = join_lines([out, line]) if out else line
    return out


def _append_cell(task: Task, kind: str, value: str) -> None:
    if kind == "products":
        task.products = join_lines([task.products or "", value]) or None
    elif kind == "lead":
        task.lead += [name for name in split_agencies(value) if name not in task.lead]
    elif kind == "coord":
        task.coordinators += [name for name in split_agencies(value) if name not in task.coordinators]
    elif kind == "time":
        task.timeframe = join_lines([task.timeframe or "", value]) or None
    elif kind.startswith("extra:"):
        label = kind.split(":", 1)[1] or "Khác"
        task.extra[label] = join_lines([task.extra.get(label, ""), value])


# --- numbered lists ----------------------------------------------------------------

_LABEL = re.compile(
    r"^[-–•+*]?\s*(Sản phẩm|Hình thức|Kết quả(?: dự kiến)?|Cơ quan chủ trì|Đơn vị chủ trì|Chủ trì|Cơ quan thực hiện|"
    r"Đơn vị thực hiện|Cơ quan phối hợp|Đơn vị phối hợp|Phối hợp|Thời gian(?: thực hiện| hoàn thành)?|Thời hạn|Tiến độ|"
    r"Kinh phí|Ghi chú)\s*:\s*(.*)$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(\d{1,3})\s*[.)]\s+(\S.*)$")


def tasks_from_numbered_list(lines: list[Line], start: int, end: int) -> list[Task]:
    """'1. Nhiệm vụ …' followed by '- Chủ trì: …', '- Thời gian: …' lines. An item
    becomes a task only when at least one labelled field follows it."""
    items: list[tuple[str, list[str], dict[str, list[str]]]] = []
    current: tuple[str, list[str], dict[str, list[str]]] | None = None
    kind: str | None = None
    for line in lines[start:end]:
        numbered = _NUMBERED.match(line.text)
        label = _LABEL.match(line.text)
        if numbered and not label:
            current = (numbered.group(1), [numbered.group(2)], {})
            items.append(current)
            kind = None
            continue
        if current is None:
            continue
        if label:
            kind = _label_kind(label.group(1))
            current[2].setdefault(kind, []).append(label.group(2))
        elif kind is None:
            if len(current[1]) > 40:  # a long body paragraph, not a task item
                current = None
                continue
            current[1].append(line.text)
        elif starts_lower(line.text):
            current[2][kind].append(line.text)
        else:
            current, kind = None, None
    tasks: list[Task] = []
    for stt, task_lines, fields in items:
        if not fields:
            continue
        task = Task(stt=stt, task=join_lines(task_lines))
        for field_kind, values in fields.items():
            _append_cell(task, field_kind, join_lines(values))
        tasks.append(task)
    return tasks


def _label_kind(label: str) -> str:
    name = label.lower()
    if "phối hợp" in name:
        return "coord"
    if "chủ trì" in name or "thực hiện" in name and not name.startswith("thời"):
        return "lead"
    if name.startswith(("thời", "tiến")):
        return "time"
    if name.startswith(("sản", "hình", "kết")):
        return "products"
    return "extra:" + label
