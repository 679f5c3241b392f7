"""Markdown plans (a DOCX saved through pandoc, a plan typed into a wiki).

Only what plans use is understood: headings, paragraphs, bullet and numbered items,
block quotes, and tables in the three forms pandoc writes (pipe, grid, HTML). Markup is removed so the parser sees the words a reader
sees; numbering the author typed ("1. Mục đích") is words, not markup, and stays.
Lines are not re-wrapped: the parser already joins wrapped lines for plain text.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from cchc.ingest.readers.base import Reader, ReaderError, SourceDocument, TableBlock, TextLine

_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT_UNDERLINE_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE_RE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_BULLET_RE = re.compile(r"^\s*[-*+]\s+(.*)$")
_QUOTE_RE = re.compile(r"^\s{0,3}>\s?(.*)$")
_FENCE_RE = re.compile(r"^\s{0,3}(```|~~~)")
_TABLE_DELIMITER_RE = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK_RE = re.compile(r"<(https?://[^>]+)>")
_BREAK_TAG_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS_STAR_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_EMPHASIS_UNDERSCORE_RE = re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
_STRIKE_RE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE_RE = re.compile(r"`+([^`]*)`+")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_UNESCAPED_PIPE_RE = re.compile(r"(?<!\\)\|")


def strip_inline_markup(text: str) -> str:
    """Emphasis, links, code spans, inline HTML → their plain words."""
    text = _IMAGE_RE.sub(r"\1", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = _CODE_RE.sub(r"\1", text)
    text = _BREAK_TAG_RE.sub("\n", text)
    text = _HTML_TAG_RE.sub("", text)
    # Nested emphasis ("***x***") unwraps one layer per pass; two passes cover what plans use.
    for _ in range(2):
        text = _STRONG_RE.sub(r"\2", text)
        text = _STRIKE_RE.sub(r"\1", text)
        text = _EMPHASIS_STAR_RE.sub(r"\1", text)
        text = _EMPHASIS_UNDERSCORE_RE.sub(r"\1", text)
    text = _ESCAPE_RE.sub(r"\1", text)
    return text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReaderError(f"Tệp Markdown UTF-16 bị hỏng / corrupt UTF-16 Markdown file: {name}") from exc
    if b"\x00" in data:
        raise ReaderError(
            f"Tệp {name} chứa dữ liệu nhị phân, không phải Markdown / binary data, not Markdown"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReaderError(
            f"Tệp Markdown {name} không phải UTF-8; hãy lưu lại với mã UTF-8 / "
            f"not UTF-8 (byte {exc.start}); save it as UTF-8"
        ) from exc


def _split_row(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = _UNESCAPED_PIPE_RE.split(body)
    return [_clean_cell(cell) for cell in cells]


def _clean_cell(cell: str) -> str:
    text = strip_inline_markup(cell.replace("\\|", "|"))
    return "\n".join(" ".join(part.split()) for part in text.split("\n")).strip()


_GRID_BORDER_RE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_HTML_TABLE_START_RE = re.compile(r"^\s*<table\b", re.IGNORECASE)
_HTML_TABLE_END_RE = re.compile(r"</table\s*>", re.IGNORECASE)


def _grid_table(lines: list[str], index: int) -> tuple[list[list[str]], int]:
    """A pandoc grid table ("+---+---+" borders, cells that wrap over several lines)."""
    border = lines[index]
    edges = [position for position, char in enumerate(border) if char == "+"]
    rows: list[list[str]] = []
    pending: list[list[str]] = [[] for _ in edges[1:]]
    index += 1
    while index < len(lines):
        line = lines[index]
        if _GRID_BORDER_RE.match(line):
            if any(pending):
                rows.append(
                    ["\n".join(_clean_cell(part) for part in cell if part.strip()) for cell in pending]
                )
            pending = [[] for _ in edges[1:]]
            index += 1
            continue
        if not line.strip().startswith("|"):
            break
        for column, (left, right) in enumerate(zip(edges, edges[1:], strict=False)):
            pending[column].append(line[left + 1 : right] if len(line) > left else "")
        index += 1
    return rows, index


class _HtmlTable(HTMLParser):
    """An HTML <table> (pandoc writes one for tables with merged cells). A spanned cell's
    text appears once, in its first position; the positions it covers stay empty."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._covered: dict[tuple[int, int], bool] = {}
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table":
            self._depth += 1
        elif self._depth == 1 and tag == "tr":
            self.rows.append([])
        elif self._depth == 1 and tag in ("td", "th") and self.rows:
            self._cell = []
            self._span = (_span(attributes.get("rowspan")), _span(attributes.get("colspan")))
        elif self._cell is not None and tag in ("br", "p", "div", "li"):
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "table":
            self._depth -= 1
        elif self._depth == 1 and tag in ("td", "th") and self._cell is not None and self.rows:
            row_index = len(self.rows) - 1
            row = self.rows[-1]
            while self._covered.get((row_index, len(row))):
                row.append("")
            rowspan, colspan = self._span
            column = len(row)
            row.append(_clean_cell("".join(self._cell)))
            row.extend([""] * (colspan - 1))
            for extra_row in range(1, rowspan):
                for extra_column in range(colspan):
                    self._covered[(row_index + extra_row, column + extra_column)] = True
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def finish(self) -> list[list[str]]:
        for row_index, row in enumerate(self.rows):
            while self._covered.get((row_index, len(row))):
                row.append("")
        return [row for row in self.rows if any(cell.strip() for cell in row)]


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 50))
    except ValueError:
        return 1


def _html_table(lines: list[str], index: int) -> tuple[list[list[str]], int]:
    end = index
    while end < len(lines) and not _HTML_TABLE_END_RE.search(lines[end]):
        end += 1
    parser = _HtmlTable()
    parser.feed("\n".join(lines[index : end + 1]))
    parser.close()
    return parser.finish(), end + 1


def _pad(rows: list[list[str]]) -> list[list[str]]:
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


def _is_table_start(lines: list[str], index: int) -> bool:
    return (
        "|" in lines[index]
        and index + 1 < len(lines)
        and _TABLE_DELIMITER_RE.match(lines[index + 1]) is not None
        and "-" in lines[index + 1]
    )


class MarkdownReader(Reader):
    source_format = "markdown"
    extensions = (".md", ".markdown")

    def sniff(self, head: bytes, path: Path) -> bool:
        # Markdown has no magic bytes; a binary head under a .md name is left to fail loudly here.
        return path.suffix.lower() in self.extensions

    def read(self, path: Path) -> SourceDocument:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReaderError(f"Không đọc được tệp / cannot read file {path.name}: {exc.strerror}") from exc
        text = unicodedata.normalize("NFC", _decode(data, path.name))
        document = SourceDocument(name=path.name, source_format=self.source_format)
        document.blocks = self._blocks(
            text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
        )
        return document

    def _blocks(self, lines: list[str]) -> list[TextLine | TableBlock]:
        blocks: list[TextLine | TableBlock] = []
        in_fence = False
        index = 0
        while index < len(lines):
            line = lines[index]
            if _FENCE_RE.match(line):
                in_fence = not in_fence
                index += 1
                continue
            if in_fence:
                if line.strip():
                    blocks.append(TextLine(text=line.rstrip()))
                index += 1
                continue
            quote = _QUOTE_RE.match(line)
            if quote:
                line = quote.group(1)
            if _GRID_BORDER_RE.match(line) or _HTML_TABLE_START_RE.match(line):
                reader = _grid_table if _GRID_BORDER_RE.match(line) else _html_table
                rows, index = reader(lines, index)
                if rows:
                    blocks.append(TableBlock(rows=_pad(rows)))
                continue
            if _is_table_start(lines, index):
                rows = [_split_row(line)]
                index += 2
                while index < len(lines) and "|" in lines[index] and lines[index].strip():
                    rows.append(_split_row(lines[index]))
                    index += 1
                blocks.append(TableBlock(rows=_pad(rows)))
                continue
            index += 1
            if not line.strip():
                continue
            # A setext underline ("Tiêu đề" over "=====") is markup; so is a lone rule.
            if _SETEXT_UNDERLINE_RE.match(line) and blocks and isinstance(blocks[-1], TextLine):
                previous = lines[index - 2].strip() if index >= 2 else ""
                if previous:
                    continue
            if _RULE_RE.match(line):
                continue
            heading = _HEADING_RE.match(line)
            if heading:
                line = heading.group(2)
            else:
                bullet = _BULLET_RE.match(line)
                if bullet:
                    # Plans write their own bullets as "- "; keep that one form.
                    line = "- " + bullet.group(1)
            # A trailing backslash or two spaces is a markdown hard break: not text.
            line = line.rstrip()
            if line.endswith("\\"):
                line = line[:-1].rstrip()
            for part in strip_inline_markup(line).split("\n"):
                part = " ".join(part.split())
                if part:
                    blocks.append(TextLine(text=part))
        return blocks


READER = MarkdownReader()
