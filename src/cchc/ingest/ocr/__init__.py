"""Optical character recognition for scanned plans (Tesseract with its Vietnamese data).

`tesseract` is the only module that runs the engine; `images` prepares page images
(rasterizing, size limits, orientation, skew, ruling lines); `layout` turns word boxes
into text lines and tables. The readers `readers.image` and `readers.scanned_pdf` put
them together.

Progress: OCR takes seconds per page, so a caller can watch it page by page, either by
passing `progress=` to a reader's `read`, or, when the reader is reached through
`read_document`/`parse_file`, with the `ocr_progress` context manager:

    with ocr_progress(lambda page, total: print(f"OCR {page}/{total}", file=sys.stderr)):
        plan = parse_file("scan.pdf")
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator

ProgressCallback = Callable[[int, int], None]

_progress: contextvars.ContextVar[ProgressCallback | None] = contextvars.ContextVar(
    "cchc_ocr_progress", default=None
)


@contextlib.contextmanager
def ocr_progress(callback: ProgressCallback | None) -> Iterator[None]:
    """Report OCR progress as `callback(page, total)` for readers used inside the block."""
    token = _progress.set(callback)
    try:
        yield
    finally:
        _progress.reset(token)


def current_progress() -> ProgressCallback | None:
    return _progress.get()


__all__ = ["ProgressCallback", "ocr_progress", "current_progress"]
