"""The document as a list of `Line`s: cleaned text plus the spacing that preceded it."""

from __future__ import annotations

from dataclasses import dataclass

from cchc.ingest.readers.base import SourceDocument, TableBlock, TextLine
from cchc.ingest.text import clean, guard, is_url_line


@dataclass
class Line:
    index: int
    text: str  # cleaned: markdown markers dropped, whitespace collapsed
    raw: str
    gap: str  # "none" | "blank" | "ws": what separated it from the previous text line
    page: int | None = None
    table: TableBlock | None = None  # set for the placeholder line standing for a table


def to_lines(source: SourceDocument) -> list[Line]:
    lines: list[Line] = []
    gap = "blank"
    for block in source.blocks:
        if isinstance(block, TableBlock):
            lines.append(Line(len(lines), "", "", "blank", block.page, table=block))
            gap = "blank"
            continue
        if not isinstance(block, TextLine):
            continue
        raw = guard(block.text or "")
        if not raw.strip():
            if raw:
                gap = "ws"
            elif gap == "none":
                gap = "blank"
            continue
        if is_url_line(raw):
            continue
        text = clean(raw)
        if not text:
            continue
        lines.append(Line(len(lines), text, raw, gap, block.page))
        gap = "none"
    return lines
