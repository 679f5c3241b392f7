"""The one place the product calls Poppler: PDF pages -> PNG images (`pdftoppm -png`).

Used for previews of an exported document and by tests that look at the printed pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

DEFAULT_RESOLUTION = 60
DEFAULT_TIMEOUT_S = 120


class RasterError(RuntimeError):
    """pdftoppm is missing, failed, or took too long (message in Vietnamese, for the user)."""


def pdftoppm_path() -> str | None:
    return shutil.which("pdftoppm")


def pdf_to_pngs(
    pdf: str | Path,
    outdir: str | Path,
    *,
    resolution: int = DEFAULT_RESOLUTION,
    prefix: str = "page",
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> list[Path]:
    """One PNG per page, in page order."""
    binary = pdftoppm_path()
    if binary is None:
        raise RasterError(
            "Không tìm thấy pdftoppm (gói poppler-utils) để tạo ảnh trang / pdftoppm is not installed."
        )
    pdf = Path(pdf)
    if not pdf.is_file():
        raise RasterError(f"Không tìm thấy tệp PDF: {pdf}")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    command = [binary, "-png", "-r", str(int(resolution)), str(pdf), str(outdir / prefix)]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired as exc:
        raise RasterError(f"pdftoppm không xử lý xong {pdf.name} trong {timeout_s:g} giây.") from exc
    except OSError as exc:
        raise RasterError(f"Không chạy được pdftoppm: {exc.strerror or exc}") from exc
    if completed.returncode != 0:
        detail = (completed.stderr or "").strip().splitlines()
        raise RasterError(
            f"pdftoppm không đọc được {pdf.name}: {detail[-1] if detail else completed.returncode}"
        )
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)\.png$")
    pages = [(int(m.group(1)), path) for path in outdir.iterdir() if (m := pattern.match(path.name))]
    return [path for _, path in sorted(pages)]


def png_size(path: str | Path) -> tuple[int, int]:
    """(width, height) in pixels, read from the PNG header (no imaging library needed)."""
    with Path(path).open("rb") as handle:
        head = handle.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise RasterError(f"Không phải tệp PNG hợp lệ: {path}")
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
