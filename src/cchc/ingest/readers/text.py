"""Plain text: the fallback reader. Each line becomes a `TextLine`; blank lines
are kept because the spacing of extracted text is one of the cues the table
reconstruction reads. A form feed starts a new page."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from cchc.ingest.encodings import TCVN3, VISCII, VNI, detect_legacy_encoding, to_unicode
from cchc.ingest.readers.base import Reader, ReaderError, SourceDocument, TextLine

_UNICODE_VIETNAMESE = re.compile("[\u1ea0-\u1ef9ơưăđƠƯĂĐ]")


def decode_text(data: bytes, name: str = "") -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, the legacy Vietnamese encodings
    (TCVN3, VNI, VISCII) when detected, then Windows-1258 when it decodes cleanly."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", name)
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", name)
    if b"\x00" in data:
        raise ReaderError(
            f"Tệp {name} chứa byte NUL: đây không phải văn bản thuần (có thể là tệp nhị phân hoặc UTF-16 thiếu BOM)."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # Unicode Vietnamese shows its own letters at once (decomposed tones are composed
        # later, with the rest, to NFC); only text without them can be TCVN3/VNI pasted as
        # Latin letters, and only then is the slower legacy detection worth running.
        return text if _UNICODE_VIETNAMESE.search(text) else to_unicode(text)
    if detect_legacy_encoding(data) in (TCVN3, VNI, VISCII):
        return to_unicode(data)
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise ReaderError(f"Không giải mã được tệp {name}: không phải UTF-8 hay Windows-1258.") from exc
    if _looks_binary(text):
        raise ReaderError(f"Không giải mã được tệp {name}: nội dung giống tệp nhị phân.")
    return text


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ReaderError(
            f"Tệp {name} có BOM {encoding} nhưng nội dung không giải mã được (byte {exc.start})."
        ) from exc


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _looks_binary(text: str) -> bool:
    controls = 0
    for _ in _CONTROL.finditer(text):
        controls += 1
        if controls > max(2, len(text) // 1000):
            return True
    return False


def text_to_source(text: str, name: str, source_format: str = "text") -> SourceDocument:
    if _looks_binary(text):
        raise ReaderError(f"Tệp {name} chứa ký tự điều khiển: không phải văn bản thuần.")
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").replace("\v", " ")
    blocks = []
    page = 1
    paged = "\f" in text  # most files have no form feed: skip looking for one on every line
    for raw in text.split("\n"):
        if paged and "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        # A line of spaces is kept as one space: in extracted tables it marks an empty cell.
        blocks.append(TextLine(raw.rstrip() or (" " if raw else ""), page))
    return SourceDocument(name=name, source_format=source_format, blocks=blocks)


# A plan is tens of kilobytes; the longest real ones stay well under 1 MB. Beyond this
# a file is not a plan (a log, a dump), and refusing it at once beats parsing it for
# half a minute.
MAX_TEXT_BYTES = 16 * 1024 * 1024


class TextReader(Reader):
    source_format = "text"
    extensions = (".txt", ".text", "")

    def sniff(self, head: bytes, path: Path) -> bool:
        if path.suffix.lower() in self.extensions:
            return True
        return (
            head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            or b"\x00" not in head
        )

    def read(self, path: Path) -> SourceDocument:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise ReaderError(
                f"Văn bản quá dài ({size // (1024 * 1024)} MB; tối đa {MAX_TEXT_BYTES // (1024 * 1024)} MB) "
                "/ text too long for a plan"
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReaderError(f"Không đọc được tệp {path.name}: {exc.strerror or exc}") from exc
        return text_to_source(decode_text(data, path.name), path.name)


READER = TextReader()
