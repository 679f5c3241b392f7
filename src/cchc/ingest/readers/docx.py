"""DOCX plans, read in body order: paragraphs and tables as they follow each other.

`doc.paragraphs` then `doc.tables` would put every table after all the text, so the
body XML is walked directly. Page headers and footers (running titles, page numbers)
are not part of the body and are never read.

The archive is checked before python-docx opens it: a DOCX is a zip of XML, and
both halves can be turned into weapons (a zip bomb; an XML entity bomb). A plan is
never more than a few megabytes of XML and never needs a DTD, so anything else is
refused with a message instead of being expanded.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError as XMLParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from cchc.ingest.encodings import encoding_for_font, is_capitals_font, to_unicode
from cchc.ingest.readers.base import Reader, ReaderError, SourceDocument, TableBlock, TextLine

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Tables narrower than this are page layout (the two-column header with the issuer
# and the national motto, the "Nơi nhận" / signer block), not data: their cells are
# read as ordinary lines so the header and signature reach the parser as text.
MIN_DATA_TABLE_COLUMNS = 3

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_PACKAGE_MARK = "EncryptedPackage".encode("utf-16-le")

_NUMBER_FORMATS = {
    "decimal": lambda n: str(n),
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": lambda n: _roman(n),
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": lambda n: _letter(n).upper(),
    "lowerLetter": lambda n: _letter(n),
}


def _roman(number: int) -> str:
    numerals = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    out = []
    for value, numeral in numerals:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


def _letter(number: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[(number - 1) % 26] * ((number - 1) // 26 + 1)


@dataclass(frozen=True)
class ArchiveLimits:
    max_total_uncompressed: int = 200 * 1024 * 1024
    max_members: int = 5000
    # Text XML compresses 5-30x; a member expanding hundreds of times is a bomb, not a plan.
    max_ratio: float = 100.0
    ratio_applies_above: int = 1024 * 1024


def check_archive(path: Path, limits: ArchiveLimits) -> None:
    """Refuse what python-docx should never be given to open."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > limits.max_members:
                raise ReaderError(
                    f"Tệp DOCX có quá nhiều thành phần ({len(members)}) / too many zip members: {name}"
                )
            total = 0
            for member in members:
                if member.flag_bits & 0x1:
                    raise ReaderError(
                        f"Tệp DOCX được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lại / password-protected: {name}"
                    )
                total += member.file_size
                if member.file_size > limits.ratio_applies_above and (
                    member.compress_size == 0 or member.file_size / member.compress_size > limits.max_ratio
                ):
                    raise ReaderError(
                        f"Tệp DOCX có tỉ lệ nén bất thường (nghi là bom nén) / suspicious compression ratio "
                        f"in {member.filename}: {name}"
                    )
            if total > limits.max_total_uncompressed:
                raise ReaderError(
                    f"Tệp DOCX giải nén quá lớn ({total // (1024 * 1024)} MB, tối đa "
                    f"{limits.max_total_uncompressed // (1024 * 1024)} MB) / uncompressed size too large: {name}"
                )
            names = {member.filename for member in members}
            if "word/document.xml" not in names:
                raise ReaderError(
                    f"Tệp không phải văn bản Word (thiếu word/document.xml) / not a DOCX document: {name}"
                )
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    _check_xml(archive.read(member), member.filename, name)
    except ReaderError:
        raise
    except zipfile.BadZipFile as exc:
        raise ReaderError(f"Tệp DOCX bị hỏng hoặc không đầy đủ / corrupt or truncated DOCX: {name}") from exc
    except (zlib.error, EOFError, NotImplementedError, RuntimeError, OSError, ValueError) as exc:
        raise ReaderError(
            f"Tệp DOCX bị hỏng, không giải nén được / cannot decompress DOCX {name}: {exc}"
        ) from exc


_DOCUMENT_CONTENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_MAIN_CONTENT_TYPES = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    b"application/vnd.ms-word.document.macroEnabled.main+xml",
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def _as_document_package(path: Path):
    """python-docx opens only the plain document content type. A template (.dotx) or a
    macro-enabled file (.docm) has the same body XML; relabel it in memory so its text
    can be read (macros are never run: nothing here executes them)."""
    with zipfile.ZipFile(path) as archive:
        content_types = archive.read("[Content_Types].xml")
        if not any(kind in content_types for kind in _OTHER_MAIN_CONTENT_TYPES):
            return str(path)
        for kind in _OTHER_MAIN_CONTENT_TYPES:
            content_types = content_types.replace(kind, _DOCUMENT_CONTENT_TYPE)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
            for member in archive.infolist():
                data = content_types if member.filename == "[Content_Types].xml" else archive.read(member)
                copy.writestr(member.filename, data)
    buffer.seek(0)
    return buffer


def _check_xml(data: bytes, member: str, name: str) -> None:
    try:
        SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ReaderError(
            f"Tệp DOCX chứa khai báo DTD/thực thể XML không được phép (có thể độc hại) / "
            f"XML DTD or entities refused in {member}: {name}"
        ) from exc
    except XMLParseError as exc:
        raise ReaderError(f"Tệp DOCX có XML hỏng ({member}) / malformed XML in {member}: {name}") from exc


class _Numbering:
    """Word's automatic numbering ("I.", "1.", "a)", bullets) is not in the text runs;
    render it so "I. MỤC ĐÍCH" reaches the parser the way a reader sees it."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.style_numbering: dict[str, tuple[str | None, int | None, str | None]] = {}
        self.counters: dict[str, list[int | None]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            numbering = None
        if numbering is not None:
            abstracts = {}
            for abstract in numbering.findall(f"{W}abstractNum"):
                levels = {}
                for level in abstract.findall(f"{W}lvl"):
                    ilvl = _int(level.get(f"{W}ilvl"), 0)
                    fmt = _val(level.find(f"{W}numFmt")) or "decimal"
                    text = _val(level.find(f"{W}lvlText")) or ""
                    start = _int(_val(level.find(f"{W}start")), 1)
                    levels[ilvl] = (fmt, text, start)
                abstracts[abstract.get(f"{W}abstractNumId")] = levels
            for num in numbering.findall(f"{W}num"):
                abstract_id = _val(num.find(f"{W}abstractNumId"))
                if abstract_id in abstracts:
                    self.levels[num.get(f"{W}numId")] = abstracts[abstract_id]
        try:
            styles = document.styles.element
        except (AttributeError, KeyError):
            styles = None
        if styles is not None:
            for style in styles.findall(f"{W}style"):
                num_pr = style.find(f"{W}pPr/{W}numPr")
                based_on = _val(style.find(f"{W}basedOn"))
                num_id = _val(num_pr.find(f"{W}numId")) if num_pr is not None else None
                ilvl = _val(num_pr.find(f"{W}ilvl")) if num_pr is not None else None
                self.style_numbering[style.get(f"{W}styleId")] = (
                    num_id,
                    _int(ilvl, 0) if ilvl is not None else None,
                    based_on,
                )

    def _from_style(self, style_id: str | None) -> tuple[str | None, int]:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            num_id, ilvl, based_on = self.style_numbering.get(style_id, (None, None, None))
            if num_id:
                return num_id, ilvl or 0
            style_id = based_on
        return None, 0

    def label(self, paragraph) -> str:
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        num_id, ilvl = None, 0
        if num_pr is not None:
            num_id = _val(num_pr.find(f"{W}numId"))
            ilvl = _int(_val(num_pr.find(f"{W}ilvl")), 0)
        if num_id is None:
            num_id, ilvl = self._from_style(_val(paragraph.find(f"{W}pPr/{W}pStyle")))
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, [None] * 10)
        ilvl = min(ilvl, 9)
        fmt, text, start = levels[ilvl]
        counters[ilvl] = start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = None
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""
        label = text
        for level in range(9, -1, -1):
            placeholder = f"%{level + 1}"
            if placeholder in label:
                level_fmt, _text, level_start = levels.get(level, ("decimal", "", 1))
                count = counters[level] if counters[level] is not None else level_start
                render = _NUMBER_FORMATS.get(level_fmt, _NUMBER_FORMATS["decimal"])
                label = label.replace(placeholder, render(max(count, 0)))
        return label.strip()


def _val(element) -> str | None:
    return None if element is None else element.get(f"{W}val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


_SKIPPED_TAGS = {
    f"{W}del",
    f"{W}moveFrom",
    f"{W}delText",
    f"{W}instrText",
    f"{W}rPr",
    f"{W}pPr",
    f"{MC}Fallback",
    f"{W}footnoteReference",
    f"{W}endnoteReference",
    f"{W}commentReference",
}


def _run_font(run) -> str | None:
    properties = run.find(f"{W}rPr")
    fonts = properties.find(f"{W}rFonts") if properties is not None else None
    if fonts is None:
        return None
    return fonts.get(f"{W}ascii") or fonts.get(f"{W}hAnsi")


def _collect_runs(element, out: list[str], text_boxes: list) -> None:
    for child in element:
        tag = child.tag
        if tag == f"{W}r":
            # Old documents set in .VnTime (TCVN3) or VNI-Times store legacy bytes as
            # Latin-1 characters: the font name says how to read them back.
            legacy = encoding_for_font(_run_font(child))
            if legacy:
                run_text: list[str] = []
                _collect_runs(child, run_text, text_boxes)
                font = _run_font(child)
                out.append(to_unicode("".join(run_text), legacy, uppercase=is_capitals_font(font)))
            else:
                _collect_runs(child, out, text_boxes)
        elif tag == f"{W}t":
            out.append(child.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            out.append(" ")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}txbxContent":
            text_boxes.append(child)
        elif tag in _SKIPPED_TAGS or not isinstance(tag, str):
            continue
        else:
            _collect_runs(child, out, text_boxes)


def _clean_lines(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text.replace("\u00a0", " ").replace("\u200b", ""))
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


class DocxReader(Reader):
    source_format = "docx"
    extensions = (".docx", ".docm", ".dotx")

    def __init__(self, limits: ArchiveLimits | None = None):
        self.limits = limits or ArchiveLimits()

    def sniff(self, head: bytes, path: Path) -> bool:
        suffix = path.suffix.lower()
        if head.startswith(ZIP_MAGIC):
            if suffix in self.extensions:
                return True
            try:
                with zipfile.ZipFile(path) as archive:
                    return "word/document.xml" in archive.namelist()
            except (zipfile.BadZipFile, OSError, ValueError, EOFError):
                return False
        # A Word file that is not a zip is either encrypted or the old binary format;
        # claiming it here gives the user that reason instead of "unsupported format".
        if head.startswith(OLE_MAGIC) and suffix in (".doc", ".dot", *self.extensions):
            return True
        return suffix in self.extensions

    def read(self, path: Path) -> SourceDocument:
        path = Path(path)
        try:
            with path.open("rb") as handle:
                head = handle.read(8)
        except OSError as exc:
            raise ReaderError(f"Không đọc được tệp / cannot read file {path.name}: {exc.strerror}") from exc
        if head.startswith(OLE_MAGIC):
            raise ReaderError(self._ole_message(path))
        if not head.startswith(ZIP_MAGIC):
            raise ReaderError(
                f"Tệp {path.name} không phải DOCX hợp lệ (hỏng hoặc sai phần mở rộng) / not a valid DOCX"
            )
        check_archive(path, self.limits)

        import docx  # python-docx is imported only once the archive is known to be safe

        try:
            document = docx.Document(_as_document_package(path))
        except Exception as exc:  # python-docx raises many kinds on damaged packages
            raise ReaderError(
                f"Không mở được tệp DOCX {path.name} (tệp hỏng?) / cannot open DOCX: {exc}"
            ) from exc
        numbering = _Numbering(document)
        source = SourceDocument(name=path.name, source_format=self.source_format)
        layout_tables = 0
        for block in self._body_blocks(document.element.body, numbering):
            if isinstance(block, TableBlock) and not _is_data_table(block):
                layout_tables += 1
                for row in block.rows:
                    for cell in row:
                        source.blocks.extend(TextLine(text=line) for line in cell.split("\n") if line)
            else:
                source.blocks.append(block)
        source.meta["layout_tables"] = layout_tables
        body = document.element.body
        if not source.blocks and (
            body.find(f".//{W}drawing") is not None or body.find(f".//{W}pict") is not None
        ):
            # Pages pasted in as pictures: a scan inside a Word file. Say so, so OCR can take over.
            raise ReaderError(
                f"Tệp DOCX chỉ có hình ảnh, không có chữ (bản quét?); cần nhận dạng ký tự (OCR) / "
                f"the DOCX holds only images, it needs OCR: {path.name}"
            )
        return source

    @staticmethod
    def _ole_message(path: Path) -> str:
        with path.open("rb") as handle:
            head = handle.read(1024 * 1024)
        if ENCRYPTED_PACKAGE_MARK in head:
            return f"Tệp DOCX được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lại / password-protected DOCX: {path.name}"
        return (
            f"Tệp Word định dạng cũ (.doc) chưa được hỗ trợ; hãy lưu lại thành .docx / "
            f"legacy .doc format, save as .docx: {path.name}"
        )

    def _body_blocks(self, container, numbering: _Numbering):
        for child in container:
            tag = child.tag
            if tag == f"{W}p":
                yield from (TextLine(text=line) for line in self._paragraph_lines(child, numbering))
            elif tag == f"{W}tbl":
                rows = self._table_rows(child, numbering)
                if rows:
                    yield TableBlock(rows=rows)
            elif tag in (f"{W}sdt", f"{W}customXml", f"{W}ins", f"{W}smartTag"):
                content = child.find(f"{W}sdtContent") if tag == f"{W}sdt" else child
                if content is not None:
                    yield from self._body_blocks(content, numbering)

    def _paragraph_lines(self, paragraph, numbering: _Numbering) -> list[str]:
        parts: list[str] = []
        text_boxes: list = []
        _collect_runs(paragraph, parts, text_boxes)
        lines = _clean_lines("".join(parts))
        label = numbering.label(paragraph)
        if lines and label:
            lines[0] = f"{label} {lines[0]}"
        for box in text_boxes:
            for block in self._body_blocks(box, numbering):
                if isinstance(block, TextLine):
                    lines.append(block.text)
                else:
                    lines.extend(
                        line for row in block.rows for cell in row for line in cell.split("\n") if line
                    )
        return lines

    def _cell_text(self, cell, numbering: _Numbering) -> str:
        lines: list[str] = []
        for child in self._cell_children(cell):
            if child.tag == f"{W}p":
                lines.extend(self._paragraph_lines(child, numbering))
            elif child.tag == f"{W}tbl":
                # A table inside a cell is flattened: one line per row, its cells in order.
                for row in self._table_rows(child, numbering):
                    line = " ".join(part.replace("\n", " ") for part in row if part)
                    if line:
                        lines.append(line)
        return "\n".join(lines)

    def _cell_children(self, cell):
        for child in cell:
            if child.tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
                if content is not None:
                    yield from self._cell_children(content)
            else:
                yield child

    def _row_elements(self, table):
        for child in table:
            if child.tag == f"{W}tr":
                yield child
            elif child.tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
                if content is not None:
                    yield from self._row_elements(content)

    def _row_cells(self, row):
        for child in row:
            if child.tag == f"{W}tc":
                yield child
            elif child.tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
                if content is not None:
                    yield from self._row_cells(content)

    def _table_rows(self, table, numbering: _Numbering) -> list[list[str]]:
        """Lay cells on the table grid. A merged cell's text appears once, in its first
        grid position; the positions it covers are empty, so a vertically merged STT or
        task cell reads as "same as above" rather than as a repeated task."""
        grid: list[list[str]] = []
        for row in self._row_elements(table):
            cells: list[str] = []
            row_pr = row.find(f"{W}trPr")
            before = _int(_val(row_pr.find(f"{W}gridBefore")), 0) if row_pr is not None else 0
            cells.extend([""] * max(0, min(before, 64)))
            for cell in self._row_cells(row):
                cell_pr = cell.find(f"{W}tcPr")
                span = 1
                continues_above = False
                if cell_pr is not None:
                    span = max(1, min(_int(_val(cell_pr.find(f"{W}gridSpan")), 1), 64))
                    merge = cell_pr.find(f"{W}vMerge")
                    continues_above = merge is not None and (_val(merge) or "continue") == "continue"
                text = "" if continues_above else self._cell_text(cell, numbering)
                cells.append(text)
                cells.extend([""] * (span - 1))
            grid.append(cells)
        width = max((len(row) for row in grid), default=0)
        rows = [row + [""] * (width - len(row)) for row in grid if any(cell.strip() for cell in row)]
        if not rows:
            return []
        # Columns that are empty in every row come from spans of the page layout, not data.
        keep = [index for index in range(width) if any(row[index] for row in rows)]
        return [[row[index] for index in keep] for row in rows]


def _is_data_table(table: TableBlock) -> bool:
    # A single row is a layout strip (e.g. recipients | signer), whatever its width.
    return len(table.rows) >= 2 and max((len(row) for row in table.rows), default=0) >= MIN_DATA_TABLE_COLUMNS


READER = DocxReader()
