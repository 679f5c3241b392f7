"""From a file or a `SourceDocument` to a `PlanDocument`.

parse_file(path, resolver=None) -> PlanDocument
parse_source(source, resolver=None) -> PlanDocument
"""

from __future__ import annotations

import re
from pathlib import Path

from cchc.ingest.model import AgencyResolver, Citation, PlanDocument, Task
from cchc.ingest.normalize.agencies import agency_refs
from cchc.ingest.normalize.citations import find_citations, join_lines, merge_citations, normalize_symbol_text
from cchc.ingest.parse import ParseError
from cchc.ingest.parse.header import (
    _DECISION_TITLE,
    _OPENING,
    _PARENT_LINE,
    expand_abbreviations,
    find_signer,
    find_title,
    header_cells,
    issuer_from_body,
    issuer_from_header,
    parse_date_line,
    parse_number,
    plan_year_from,
    province_from,
    title_from_body,
    with_territory,
)
from cchc.ingest.parse.lines import Line, to_lines
from cchc.ingest.parse.sections import (
    _RESPONSIBILITY_TITLE,
    funding_text,
    is_roman_heading,
    parse_responsibilities,
    parse_sections,
    section_span,
)
from cchc.ingest.parse.tasks import (
    find_text_table,
    pipe_tables,
    tasks_from_numbered_list,
    tasks_from_table,
    tasks_from_text_table,
)
from cchc.ingest.readers import read_document
from cchc.ingest.readers.base import SourceDocument
from cchc.ingest.repair import repair_source_document
from cchc.ingest.text import collapse, is_upper_text, sentence_case

_APPENDIX = re.compile(r"^PH[ỤU]\s*L[ỤU]C(?:\s+[IVX\d]+)?\s*[:.]?$", re.IGNORECASE)
_ARTICLE_ONE = re.compile(r"^Điều\s+1\s*[.:]\s*(.*)$")
_PLAN_IN_ARTICLE = re.compile(
    r"(?:kèm theo Quyết định này|ban hành)\s+(?:bản\s+)?Kế hoạch\s+(.+)", re.IGNORECASE
)
_DECISION_REF = re.compile(
    r"Quyết định\s+số\s*:?\s*(\S+)(?:\s+ngày\s+(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}))?"
)
_ISSUER_OF = re.compile(r"\bcủa\s+(.+?)\s*\)?\s*$")


def _restore_name_case(title: str, issuer: str) -> str:
    """Sentence case lowers proper names; put back the issuer's own spelling ('sở nội vụ' -> 'Sở Nội vụ')."""
    words = issuer.split()
    for size in range(len(words), 1, -1):
        for start in range(0, len(words) - size + 1):
            name = " ".join(words[start : start + size])
            at = title.lower().find(name.lower())
            if at > 0 and title[at : at + len(name)] != name:
                return title[:at] + name + title[at + len(name) :]
    return title


def parse_file(path: str | Path, resolver: AgencyResolver | None = None) -> PlanDocument:
    return parse_source(read_document(path), resolver=resolver)


def _timeframe_normalizer():
    try:
        from cchc.ingest.normalize.timeframes import normalize_timeframe
    except ImportError:
        return None
    return normalize_timeframe


def _find_appendix(lines: list[Line]) -> int:
    for i, line in enumerate(lines):
        if _APPENDIX.match(line.text) and i + 1 < len(lines):
            return i
    return -1


def _opening_span(lines: list[Line], start: int, end: int) -> tuple[int, int]:
    """Lines of the opening 'Căn cứ / Thực hiện' sentences: from the first such line to the first heading."""
    first = -1
    for i in range(start, end):
        if is_roman_heading(lines[i].text) or re.match(r"^Điều\s+\d", lines[i].text):
            return (first, i) if first >= 0 else (-1, -1)
        if first < 0 and _OPENING.match(lines[i].text):
            first = i
    return (first, end) if first >= 0 else (-1, -1)


def _citations(lines: list[Line], start: int, end: int, role: str) -> list[Citation]:
    kept = [line.text for line in lines[start:end] if not _PARENT_LINE.match(line.text)]
    text = normalize_symbol_text(join_lines(kept))
    return [c for _, c in find_citations(text, role=role)]


def parse_source(
    source: SourceDocument, resolver: AgencyResolver | None = None, *, repair: bool = True
) -> PlanDocument:
    if not isinstance(source, SourceDocument):
        raise ParseError("Đầu vào không phải là SourceDocument.")
    # Text from an OCR that did not know Vietnamese (marks lost, "ctia" for "của") is
    # repaired before anything reads it; clean text is left exactly as it is.
    repaired = repair_source_document(source) is not None if repair else False
    lines = to_lines(source)
    plan = PlanDocument(document=source.name, source_format=source.source_format, repaired=repaired)
    plan.warnings.extend(source.warnings)
    tables = [line.table for line in lines if line.table is not None]
    if not lines or not any(line.text for line in lines) and not tables:
        raise ParseError("Văn bản trống: không có dòng chữ nào để phân tích.")

    appendix = _find_appendix(lines)
    body_end = appendix if appendix >= 0 else len(lines)

    # Header: everything before the title line, cut into cells (two columns may share a line).
    title_index, title, after_title = find_title(lines, min(body_end, 80))
    decision_index = next((i for i in range(min(body_end, 60)) if _DECISION_TITLE.match(lines[i].text)), -1)
    if title_index >= 0:
        header_end = title_index
    else:
        header_end = next(
            (
                i
                for i in range(min(body_end, 12))
                if _OPENING.match(lines[i].text) or is_roman_heading(lines[i].text)
            ),
            min(body_end, 8),
        )
    if 0 <= decision_index < header_end:
        header_end = decision_index
    cells = [cell for line in lines[:header_end] for cell in header_cells(line)]
    for cell in cells:
        if plan.number is None:
            plan.number = parse_number(cell)
        dated = parse_date_line(cell)
        if dated and plan.place is None:
            plan.place, plan.issue_date = dated
    plan.issuer, plan.parent_body = issuer_from_header(cells)

    # A plan carried inside a Quyết định: "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch …".
    article = next((i for i in range(body_end) if _ARTICLE_ONE.match(lines[i].text)), -1)
    if article >= 0:
        article_text = join_lines(line.text for line in lines[article : min(body_end, article + 4)])
        plan_match = _PLAN_IN_ARTICLE.search(article_text)
        if plan_match:
            plan.container = {
                "doc_type": "QĐ",
                "number": plan.number,
                "issue_date": plan.issue_date,
                "title": None,
            }
            if decision_index >= 0:
                plan.container["title"] = (
                    collapse(lines[decision_index + 1].text) if decision_index + 1 < body_end else None
                )
            if title is None or title_index < article:
                inner = plan_match.group(1).split(". Điều")[0]
                inner = re.split(r"\.\s", inner)[0].rstrip(" .")
                title = inner[:1].upper() + inner[1:]
    for i in range(min(body_end, 120)):
        parent = _PARENT_LINE.match(lines[i].text)
        if parent and "Quyết định" in parent.group(1):
            ref = _DECISION_REF.search(normalize_symbol_text(parent.group(1)))
            if ref:
                number = parse_number("Số: " + ref.group(1))
                date = None
                if ref.group(2):
                    from cchc.ingest.normalize.citations import parse_date

                    date = parse_date(ref.group(2), ref.group(3), ref.group(4))
                plan.container = plan.container or {"doc_type": "QĐ", "title": None}
                plan.container.update(
                    {
                        "number": number or plan.container.get("number"),
                        "issue_date": date or plan.container.get("issue_date"),
                    }
                )
                plan.number = plan.number or number
                plan.issue_date = plan.issue_date or date
            break

    plan.title = title

    # Sections and the body.
    body_start = after_title if title_index >= 0 else 0
    sections, positions = parse_sections(lines, body_start, body_end)
    plan.sections = sections
    span = section_span(positions, _RESPONSIBILITY_TITLE, body_end)
    if span:
        plan.responsibilities = parse_responsibilities(lines, span[0], span[1])
    plan.funding = funding_text(lines, positions, body_end)

    # Signer: the last signature block of the body (for a Quyết định, the decision's).
    signer, signer_at = find_signer(lines, body_start, body_end)
    if signer is None and body_start > 0:
        signer, _ = find_signer(lines, 0, title_index if title_index > 0 else body_start)
    plan.signer = signer

    # Citations: the opening "Căn cứ / Thực hiện" sentences are the bases, the rest references.
    open_start, open_end = _opening_span(
        lines, body_start if decision_index < 0 else decision_index, body_end
    )
    citations: list[Citation] = []
    if open_start >= 0:
        citations += _citations(lines, open_start, open_end, "basis")
        citations += _citations(lines, body_start, open_start, "content_reference")
        rest_start = open_end
    else:
        rest_start = body_start
    body_stop = signer_at if signer_at > rest_start else body_end
    citations += _citations(lines, rest_start, body_stop, "content_reference")

    # Appendix: title, parent-plan line, and the task table.
    appendix_parent = None
    if appendix >= 0:
        for i in range(appendix + 1, min(len(lines), appendix + 8)):
            text = lines[i].text
            parent = _PARENT_LINE.match(text)
            if parent:
                appendix_parent = parent.group(1)
                break
        if plan.title is None:
            heading = next(
                (
                    lines[i].text
                    for i in range(appendix + 1, min(len(lines), appendix + 4))
                    if is_upper_text(lines[i].text)
                ),
                None,
            )
            if heading:
                plan.title = sentence_case(heading)
    tasks: list[Task] = []
    explicit_breaks = source.source_format not in ("pdf", "ocr", "image")
    for table in tables:
        found = tasks_from_table(table, explicit_breaks=explicit_breaks)
        if found:
            tasks += found
    if not tasks:
        for table in pipe_tables(lines, appendix if appendix >= 0 else body_start):
            tasks += tasks_from_table(table) or []
    if not tasks:
        search_from = appendix if appendix >= 0 else body_start
        located = find_text_table(lines, search_from, len(lines))
        if located:
            header_index, columns, first_row = located
            tasks, _ = tasks_from_text_table(lines, header_index, columns, first_row)
    if not tasks:
        tasks = tasks_from_numbered_list(lines, appendix if appendix >= 0 else body_start, len(lines))
    if not tasks and appendix >= 0:
        # A scanned appendix whose table the OCR flattened: rows anchored on their STT, cells by vocabulary.
        from cchc.ingest.parse.scanned_table import tasks_from_scanned_table

        tasks = tasks_from_scanned_table(lines, appendix + 1)
    if appendix >= 0:
        citations += _citations(lines, appendix + 1, len(lines), "content_reference")
    plan.tasks = tasks
    plan.has_appendix = bool(tasks) or (appendix >= 0 and len(lines) - appendix > 3)
    plan.legal_bases = merge_citations(citations)

    # What the header did not say: from the parent line of the appendix, the body, the signer.
    if appendix_parent:
        plan.number = plan.number or parse_number(
            "Số " + appendix_parent.split("số", 1)[-1] if "số" in appendix_parent else ""
        )
        parent_date = re.search(r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", appendix_parent)
        if parent_date and plan.issue_date is None:
            from cchc.ingest.normalize.citations import parse_date

            plan.issue_date = parse_date(*parent_date.groups())
    full_text = " ".join(line.text for line in lines[: min(len(lines), 4000)])
    province = province_from(full_text)
    if plan.issuer is None:
        opening_text = join_lines(line.text for line in lines[body_start : min(body_end, body_start + 40)])
        body_issuer = issuer_from_body(opening_text)
        if body_issuer:
            plan.issuer = with_territory(body_issuer, province)
    if plan.issuer is None and appendix_parent:
        issuer = _ISSUER_OF.search(appendix_parent)
        if issuer:
            plan.issuer = with_territory(expand_abbreviations(issuer.group(1).rstrip(") ")), province)
    if plan.issuer is None and signer and signer.block:
        body = re.sub(r"^(?:TM|KT|TL|TUQ|Q)\.\s*", "", signer.block.split(" / ")[0])
        if any(word in body.upper() for word in ("ỦY BAN", "UỶ BAN", "SỞ", "BAN ")):
            from cchc.ingest.parse.header import agency_case

            plan.issuer = with_territory(agency_case(body), province)
    if plan.title is None:
        plan.title = title_from_body(
            join_lines(line.text for line in lines[body_start : min(body_end, body_start + 40)])
        )
    if plan.title and plan.issuer:
        plan.title = _restore_name_case(plan.title, plan.issuer)
    plan.plan_year = plan_year_from(plan.title, plan.container.get("title") if plan.container else None)
    if plan.plan_year is None and plan.issue_date:
        plan.plan_year = int(plan.issue_date[:4])

    normalize = _timeframe_normalizer()
    year = plan.plan_year
    # The registry is read as of the plan's date; without a legible day, 1 January of its year
    # (else a 2024 plan's "Sở Thông tin và Truyền thông" resolves to today's successor).
    on = plan.issue_date or (f"{year:04d}-01-01" if year else None)
    for task in plan.tasks:
        if normalize is not None and task.timeframe:
            try:
                task.schedule = normalize(task.timeframe, year)
            except Exception as exc:  # the normalizer is another module's; its failure must not lose the plan
                plan.warnings.append(f"Không chuẩn hóa được thời gian '{task.timeframe}': {exc}")
        task.lead_refs = agency_refs(task.lead, resolver, on=on, issuer=plan.issuer)
        task.coordinator_refs = agency_refs(task.coordinators, resolver, on=on, issuer=plan.issuer)
    if not plan.title and not plan.tasks and not plan.sections:
        plan.warnings.append("Không nhận ra cấu trúc kế hoạch (không có tiêu đề, mục hay bảng nhiệm vụ).")
    return plan
