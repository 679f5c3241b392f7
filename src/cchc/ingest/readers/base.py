"""The reader interface: every input format becomes a `SourceDocument`, a flat
sequence of blocks (text lines and tables) in reading order. The parser only ever
sees a SourceDocument, so a new format (a scan through OCR, a legacy-encoded file)
is one more module here and nothing else changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class ReaderError(Exception):
    """The input cannot be read. The message is for the user: say what is wrong and what to do."""


@dataclass
class TextLine:
    text: str
    page: int | None = None


@dataclass
class TableBlock:
    """A table whose cells are already separated (DOCX tables, PDF tables recovered by geometry).
    Each cell's text keeps its own line breaks as "\n"."""

    rows: list[list[str]]
    page: int | None = None


Block = TextLine | TableBlock


@dataclass
class SourceDocument:
    name: str
    source_format: str  # "text" | "markdown" | "docx" | "pdf" | ...
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Per-word confidence and similar reader-specific facts (OCR) go here.
    meta: dict = field(default_factory=dict)

    def text_lines(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, TextLine)]


class Reader:
    """One input format. Subclasses set `formats` and `extensions` and implement `read`."""

    source_format: str = ""
    extensions: tuple[str, ...] = ()

    def sniff(self, head: bytes, path: Path) -> bool:
        """True when this reader recognises the file (by content first, then extension)."""
        return path.suffix.lower() in self.extensions

    def read(self, path: Path) -> SourceDocument:
        raise NotImplementedError
