"""Scanned pages as image files (PNG, JPEG, TIFF with one page per frame), read by OCR.

`ocr_pages` is the OCR pipeline that scanned PDFs share: each page is straightened, its
ruling lines found and erased, dust removed, its words recognised by Tesseract (turned
upright and recognised again when the words make no sense), doubtful lines and missed
ink read again piece by piece, Roman numerals checked against their strokes, and the
words laid out into lines and tables. Pages are recognised in parallel, one Tesseract
per core.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cchc.ingest.ocr import ProgressCallback, current_progress
from cchc.ingest.readers.base import Reader, ReaderError, SourceDocument

# Below this mean word confidence a page is probably on its side or upside down.
UPRIGHT_CONFIDENCE = 55.0
LOW_CONFIDENCE = 60.0
MIN_WORDS_FOR_TEXT = 3

_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


@dataclass
class PageResult:
    number: int
    placed: list
    words: list
    rotation: int
    skew: float
    dpi: int


def _mean_confidence(words) -> float:
    scored = [w.confidence for w in words if w.confidence >= 0]
    return sum(scored) / len(scored) if scored else 0.0


def _sideways(words) -> bool:
    """Tesseract reads a page on its side as vertical lines, with confidence: the words of
    three letters or more are then taller than they are wide."""
    long_words = [w for w in words if len(w.text) >= 3]
    if not long_words:
        return False
    tall = sum(1 for w in long_words if w.bottom - w.top > w.right - w.left)
    return tall > len(long_words) / 2


def clean_page(image, rules):
    """The page as Tesseract should see it: ruling lines erased, then dust removed (after
    the lines, which a median filter would also take for dust)."""
    from cchc.ingest.ocr import images

    cleaned = images.erase_rules(image, rules) if rules else image
    return images.despeckle(cleaned)[0]


def _recognize_page(image, dpi: int, number: int, single_thread: bool) -> PageResult:
    from cchc.ingest.ocr import images, layout, tesseract

    def attempt(page_image):
        straight, skew = images.deskew(page_image)
        rules = images.find_rules(straight)
        cleaned = clean_page(straight, rules)
        words = tesseract.recognize(cleaned, dpi=dpi, single_thread=single_thread)
        return cleaned, skew, rules, words

    cleaned, skew, rules, words = attempt(image)
    rotation = 0
    if len(words) < MIN_WORDS_FOR_TEXT or _mean_confidence(words) < UPRIGHT_CONFIDENCE or _sideways(words):
        rotation = tesseract.detect_rotation(image, dpi=dpi)
        if rotation:
            turned = attempt(images.rotate_upright(image, rotation))
            upright_now = (
                _sideways(words) and not _sideways(turned[3]) and len(turned[3]) >= MIN_WORDS_FOR_TEXT
            )
            if upright_now or _mean_confidence(turned[3]) > _mean_confidence(words):
                cleaned, skew, rules, words = turned
            else:
                rotation = 0
    tolerance = layout.grid_tolerance(dpi)
    tables = layout.ruled_table_cells(rules, tolerance)
    if words:
        words = _second_pass(cleaned, words, tables, dpi, single_thread)
        words = layout.fix_roman_numerals(layout.drop_specks(words), cleaned)
    placed = layout.page_blocks(words, rules, page=number, page_height=cleaned.height, dpi=dpi, tables=tables)
    return PageResult(number=number, placed=placed, words=words, rotation=rotation, skew=skew, dpi=dpi)


RETRY_CONFIDENCE = 60.0
MISSED_TEXT_CONFIDENCE = 60.0
MAX_RETRIES_PER_PAGE = 40


def _second_pass(image, words, tables, dpi: int, single_thread: bool):
    """Read again, each on its own, the lines holding a doubtful word and the ink where no
    word was recognised; keep whichever reading Tesseract is surer of."""
    from cchc.ingest.ocr import images, layout, tesseract

    cells = [cell for table in tables for cell in table]

    def region(word) -> int:
        return next((i for i, cell in enumerate(cells) if layout.inside(word, cell)), -1)

    regions: dict[int, list] = {}
    for word in words:
        regions.setdefault(region(word), []).append(word)
    targets: list[tuple[tuple[int, int, int, int], list]] = []
    for grouped in regions.values():
        for line in layout.visual_lines(grouped):
            for segment in line.segments(min_gap=2 * line.height):
                if any(w.confidence < RETRY_CONFIDENCE for w in segment):
                    pad = max(6, line.height // 3)
                    box = (
                        min(w.left for w in segment) - pad,
                        min(w.top for w in segment) - pad,
                        max(w.right for w in segment) + pad,
                        max(w.bottom for w in segment) + pad,
                    )
                    targets.append((box, segment))
    # Ink where no word was recognised: page segmentation dropped it (a lone digit in the
    # STT column, the last word of a wrapped name). Each piece is read on its own, cropped
    # to its ink: a short line alone in a tall crop is misread.
    pad = max(6, dpi // 20)
    covered = [(w.left, w.top, w.right, w.bottom) for w in words]
    for left, top, right, bottom in images.uncovered_ink(
        image, covered, min_height=dpi // 20, join_gap=dpi // 25
    ):
        targets.append(((left - pad, top - pad, right + pad, bottom + pad), []))
    targets = targets[:MAX_RETRIES_PER_PAGE]
    if not targets:
        return words
    width, height = image.size
    boxes = [(max(0, b[0]), max(0, b[1]), min(width, b[2]), min(height, b[3])) for b, _ in targets]
    readings = tesseract.recognize_crops(
        [image.crop(box) for box in boxes], dpi=dpi, single_thread=single_thread
    )
    replaced: set[int] = set()
    added = []
    for (box, old), reading in zip(zip(boxes, (t[1] for t in targets), strict=True), readings, strict=True):
        reading = [w for w in reading if w.text.strip()]
        if not reading:
            continue
        if old:
            better = _mean_confidence(reading) > _mean_confidence(old)
        else:  # new text must be sure and hold a letter or digit: not a speck or a stamp
            better = _mean_confidence(reading) >= MISSED_TEXT_CONFIDENCE and any(
                c.isalnum() for w in reading for c in w.text
            )
        if not better:
            continue
        for w in reading:
            w.left, w.right, w.top, w.bottom = (
                w.left + box[0],
                w.right + box[0],
                w.top + box[1],
                w.bottom + box[1],
            )
            w.block, w.paragraph, w.line = (old[0].block, old[0].paragraph, old[0].line) if old else (0, 0, 0)
        replaced.update(id(w) for w in old)
        added.extend(reading)
    return [w for w in words if id(w) not in replaced] + added


def _workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def ocr_pages(
    name: str,
    source_format: str,
    total: int,
    pages: Iterator[tuple[object, int]],
    progress: ProgressCallback | None = None,
    *,
    context: str = "",
) -> SourceDocument:
    """OCR `total` page images (each with its dpi) into one SourceDocument. `context` opens
    the message when nothing can be read (what the input is, as the user knows it)."""
    from cchc.ingest.ocr import layout, tesseract

    tesseract.tesseract_binary()  # fail before any work when the engine is missing
    progress = progress or current_progress()
    workers = min(_workers(), total)
    results: list[PageResult] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: list[Future] = []

        def collect(future: Future) -> None:
            results.append(future.result())
            if progress is not None:
                progress(len(results), total)

        for number, (image, dpi) in enumerate(pages, start=1):
            pending.append(pool.submit(_recognize_page, image, dpi, number, workers > 1))
            # A bounded window: rasterized pages wait in memory only a little ahead of OCR.
            while len(pending) >= 2 * workers:
                collect(pending.pop(0))
        while pending:
            collect(pending.pop(0))

    source = SourceDocument(name=name, source_format=source_format)
    pages_placed = [result.placed for result in results]
    layout.drop_running_lines(pages_placed)
    source.blocks = layout.join_pages(pages_placed)
    empty = [r.number for r in results if len(r.words) < MIN_WORDS_FOR_TEXT]
    if len(empty) == total:
        raise ReaderError(
            f"{context}Không nhận dạng được chữ nào trong {name}: các trang trống hoặc ảnh quá mờ; "
            "hãy quét lại rõ hơn (200-300 dpi) / no text found by OCR"
        )
    if empty:
        source.warnings.append("OCR: không thấy chữ ở trang " + ", ".join(str(n) for n in empty))
    unsure = [
        r.number for r in results if r.number not in empty and _mean_confidence(r.words) < LOW_CONFIDENCE
    ]
    if unsure:
        source.warnings.append(
            "OCR: độ tin cậy thấp ở trang "
            + ", ".join(str(n) for n in unsure)
            + "; cần đối chiếu với bản gốc"
        )
    source.meta["ocr"] = {
        "engine": tesseract.engine_version(),
        "language": tesseract.LANGUAGE,
        "mean_confidence": round(_mean_confidence([w for r in results for w in r.words]), 1),
        "pages": [
            {
                "page": r.number,
                "dpi": r.dpi,
                "rotation": r.rotation,
                "skew": r.skew,
                "mean_confidence": round(_mean_confidence(r.words), 1),
                # Each word with its confidence (0-100) and box in page pixels.
                "words": [
                    [w.text, round(w.confidence, 1), w.left, w.top, w.right, w.bottom] for w in r.words
                ],
            }
            for r in results
        ],
    }
    source.meta["pages"] = total
    return source


class ImageReader(Reader):
    source_format = "image"
    extensions = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

    def sniff(self, head: bytes, path: Path) -> bool:
        return head.startswith(_MAGIC) or path.suffix.lower() in self.extensions

    def read(self, path: Path, progress: ProgressCallback | None = None) -> SourceDocument:
        from cchc.ingest.ocr import images, tesseract

        path = Path(path)
        tesseract.tesseract_binary()
        total, pages = images.image_pages(path)
        return ocr_pages(path.name, self.source_format, total, pages, progress)


READER = ImageReader()
