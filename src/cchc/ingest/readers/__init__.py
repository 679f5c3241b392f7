"""Reader selection. Each format is one module exposing a `Reader` subclass; the
first reader whose `sniff` accepts the file reads it."""

from __future__ import annotations

import importlib
from pathlib import Path

from cchc.ingest.readers.base import Reader, ReaderError, SourceDocument

# Module paths, tried in order; content sniffing comes before extensions, so a
# PDF named .txt is still read as a PDF. Plain text is the fallback and comes last.
READER_MODULES = [
    # Before the text-layer PDF reader: takes only PDFs with no text layer (scans).
    "cchc.ingest.readers.scanned_pdf",
    "cchc.ingest.readers.pdf",
    "cchc.ingest.readers.docx",
    "cchc.ingest.readers.image",
    "cchc.ingest.readers.markdown",
    "cchc.ingest.readers.text",
]

MAX_INPUT_BYTES = 100 * 1024 * 1024


def available_readers() -> list[Reader]:
    readers = []
    for module_name in READER_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # that format is not written yet
                continue
            raise
        readers.append(module.READER)
    return readers


def read_document(path: str | Path) -> SourceDocument:
    path = Path(path)
    if not path.exists():
        raise ReaderError(f"Không tìm thấy tệp / file not found: {path}")
    if not path.is_file():
        raise ReaderError(f"Không phải là tệp / not a regular file: {path}")
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise ReaderError(
            f"Tệp quá lớn ({size // (1024 * 1024)} MB; tối đa {MAX_INPUT_BYTES // (1024 * 1024)} MB)"
        )
    with path.open("rb") as handle:
        head = handle.read(4096)
    for reader in available_readers():
        if reader.sniff(head, path):
            return reader.read(path)
    raise ReaderError(f"Không nhận ra định dạng tệp / unsupported file format: {path.name}")


__all__ = ["Reader", "ReaderError", "SourceDocument", "read_document", "available_readers"]
