"""The one place that runs Tesseract.

The engine runs as a subprocess (`tesseract stdin stdout -l vie ... tsv`): no Python
binding to pin, and a page that hangs the engine is killed by a timeout instead of
hanging the server. The page goes in as an uncompressed PGM on stdin, because
encoding a PNG of an A4 page at 200 dpi costs more than Tesseract's own start-up.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from cchc.ingest.readers.base import ReaderError

LANGUAGE = "vie"
PAGE_TIMEOUT_SECONDS = 120
ORIENTATION_TIMEOUT_SECONDS = 30

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"


@dataclass
class Word:
    """One recognised word, with its box in page pixels and Tesseract's confidence (0-100).
    `block`, `paragraph` and `line` are Tesseract's own reading-order numbers."""

    text: str
    confidence: float
    left: int
    top: int
    right: int
    bottom: int
    block: int = 0
    paragraph: int = 0
    line: int = 0

    @property
    def height(self) -> int:
        return max(1, self.bottom - self.top)

    @property
    def centre_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def centre_y(self) -> float:
        return (self.top + self.bottom) / 2


@functools.lru_cache(maxsize=1)
def _installed_languages(binary: str) -> tuple[str, ...]:
    try:
        result = subprocess.run(
            [binary, "--list-langs"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    # The first line is a heading ("List of available languages in ..."); the rest are codes.
    return tuple(line.strip() for line in result.stdout.splitlines()[1:] if line.strip())


def tesseract_binary() -> str:
    """The engine's path, or a `ReaderError` saying which Debian packages to install."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise ReaderError(
            "Chưa cài đặt Tesseract OCR nên không đọc được bản quét; quản trị viên cần cài gói Debian "
            f"`tesseract-ocr` và `tesseract-ocr-vie` ({INSTALL_HINT}) / Tesseract OCR is not installed"
        )
    if LANGUAGE not in _installed_languages(binary):
        raise ReaderError(
            "Tesseract OCR chưa có dữ liệu tiếng Việt; quản trị viên cần cài gói Debian "
            f"`tesseract-ocr-vie` ({INSTALL_HINT}) / Tesseract has no Vietnamese data (vie)"
        )
    return binary


def is_available() -> bool:
    try:
        tesseract_binary()
    except ReaderError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def engine_version() -> str:
    try:
        result = subprocess.run([tesseract_binary(), "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "tesseract"
    first = (result.stdout or result.stderr).splitlines()
    return first[0].strip() if first else "tesseract"


def _pgm(image) -> bytes:
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PPM")
    return buffer.getvalue()


def _run(arguments: list[str], image, timeout: int, single_thread: bool) -> str:
    binary = tesseract_binary()
    environment = dict(os.environ)
    if single_thread:
        # Pages are recognised side by side, one per core; Tesseract's own OpenMP threads
        # on top of that only contend for the same cores.
        environment["OMP_THREAD_LIMIT"] = "1"
    try:
        result = subprocess.run(
            [binary, "stdin", "stdout", *arguments],
            input=_pgm(image),
            capture_output=True,
            timeout=timeout,
            env=environment,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ReaderError(
            f"Nhận dạng ký tự (OCR) một trang mất quá {timeout} giây nên đã dừng / OCR timed out"
        ) from exc
    except OSError as exc:
        raise ReaderError(f"Không chạy được Tesseract OCR / cannot run tesseract: {exc.strerror}") from exc
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReaderError(
            "Tesseract OCR không nhận dạng được trang này / tesseract failed"
            + (f": {detail[-1][:200]}" if detail else "")
        )
    return result.stdout.decode("utf-8", "replace")


def recognize(
    image, *, dpi: int = 200, timeout: int = PAGE_TIMEOUT_SECONDS, single_thread: bool = False
) -> list[Word]:
    """The words of one page image, in Tesseract's reading order (automatic page segmentation)."""
    tsv = _run(["-l", LANGUAGE, "--psm", "3", "--dpi", str(dpi), "tsv"], image, timeout, single_thread)
    return parse_tsv(tsv)


def parse_tsv(tsv: str) -> list[Word]:
    """Word rows (level 5) of Tesseract's TSV output; empty words are layout, not text."""
    words = []
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5":
            continue
        text = fields[11].strip()
        if not text:
            continue
        try:
            block, paragraph, line = int(fields[2]), int(fields[3]), int(fields[4])
            left, top, width, height = (int(value) for value in fields[6:10])
            confidence = float(fields[10])
        except ValueError:
            continue
        words.append(
            Word(
                text=text,
                confidence=confidence,
                left=left,
                top=top,
                right=left + width,
                bottom=top + height,
                block=block,
                paragraph=paragraph,
                line=line,
            )
        )
    return words


_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.MULTILINE)
_ORIENTATION_CONFIDENCE = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.MULTILINE)


def detect_rotation(image, *, dpi: int = 200, timeout: int = ORIENTATION_TIMEOUT_SECONDS) -> int:
    """Degrees to turn the page clockwise so its text stands upright (0, 90, 180, 270), from
    Tesseract's orientation detection (`--psm 0`); 0 when it is unsure or finds no text."""
    try:
        output = _run(["--psm", "0", "--dpi", str(dpi)], image, timeout, single_thread=False)
    except ReaderError:
        return 0  # too little text to tell: leave the page as it is
    rotate = _ROTATE.search(output)
    confidence = _ORIENTATION_CONFIDENCE.search(output)
    if not rotate or not confidence or float(confidence.group(1)) < 1.0:
        return 0
    return int(rotate.group(1)) % 360


def recognize_lines(
    crops: list, *, dpi: int = 200, timeout: int = PAGE_TIMEOUT_SECONDS, single_thread: bool = False
) -> list[list[Word]]:
    """Each crop read as one line of text (`--psm 7`): a line-wide pass reads some words
    the page-wide pass doubts, and a cell's lone digit that page segmentation drops as
    noise. Boxes are relative to each crop."""
    return recognize_crops(crops, psm=7, dpi=dpi, timeout=timeout, single_thread=single_thread)


def recognize_crops(
    crops: list,
    *,
    psm: int = 6,
    dpi: int = 200,
    timeout: int = PAGE_TIMEOUT_SECONDS,
    single_thread: bool = False,
) -> list[list[Word]]:
    """Each crop read on its own (`--psm 6`: one block of text, as in a table cell), all in
    one Tesseract run: a list file of images, so the engine and its model load once.
    Boxes are relative to each crop; a crop that cannot be read gives no words."""
    import tempfile

    if not crops:
        return []
    binary = tesseract_binary()
    environment = dict(os.environ)
    if single_thread:
        environment["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory(prefix="cchc-ocr-") as directory:
        names = []
        for index, crop in enumerate(crops):
            name = os.path.join(directory, f"{index:04d}.pgm")
            crop.convert("L").save(name, format="PPM")
            names.append(name)
        listing = os.path.join(directory, "crops.txt")
        with open(listing, "w", encoding="utf-8") as handle:
            handle.write("\n".join(names) + "\n")
        try:
            result = subprocess.run(
                [binary, listing, "stdout", "-l", LANGUAGE, "--psm", str(psm), "--dpi", str(dpi), "tsv"],
                capture_output=True,
                timeout=timeout,
                env=environment,
                check=False,
            )
        except (subprocess.TimeoutExpired, OSError):
            return [[] for _ in crops]
    if result.returncode != 0:
        return [[] for _ in crops]
    by_crop: list[list[Word]] = [[] for _ in crops]
    for row in result.stdout.decode("utf-8", "replace").splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) >= 12 and fields[0] == "5" and fields[1].isdigit():
            words = parse_tsv("header\n" + row)
            index = int(fields[1]) - 1
            if words and 0 <= index < len(crops):
                by_crop[index].extend(words)
    return by_crop
