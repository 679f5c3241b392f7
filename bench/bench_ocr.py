"""OCR seconds per page: a plan rendered to PDF (LibreOffice), rasterized at 200 dpi,
saved as a scanned PDF and read back through the OCR reader.

    .venv/bin/python bench/bench_ocr.py [--tasks 30] [--cores 2]

Target: at most 3 s per A4 page at 200 dpi on 2 cores. `--cores` pins the process (and
the Tesseract processes it starts) to that many cores where the system allows it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "ingest"))  # the plan renderer the tests use


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tasks", type=int, default=30, help="task rows in the rendered plan (more rows, more pages)"
    )
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    if args.cores and hasattr(os, "sched_setaffinity"):
        available = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, available[: args.cores])

    import pypdfium2 as pdfium
    from render import render_pdf, sample_plan, soffice

    from cchc.ingest.ocr import tesseract
    from cchc.ingest.readers.scanned_pdf import READER

    if soffice() is None:
        print("LibreOffice (soffice) is not installed: cannot render the plan", file=sys.stderr)
        return 2
    if not tesseract.is_available():
        print(
            "Tesseract with Vietnamese data is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory() as directory:
        directory = Path(directory)
        pdf_path = render_pdf(
            sample_plan(task_count=args.tasks), directory, "plan", ruled=True, page_numbers=True
        )
        pdf = pdfium.PdfDocument(str(pdf_path))
        pages = [pdf[i].render(scale=200 / 72, grayscale=True).to_pil().convert("L") for i in range(len(pdf))]
        pdf.close()
        scan = directory / "scan.pdf"
        pages[0].save(scan, save_all=True, append_images=pages[1:], resolution=200)
        started = time.perf_counter()
        document = READER.read(
            scan, progress=lambda page, total: print(f"  trang {page}/{total}", file=sys.stderr)
        )
        elapsed = time.perf_counter() - started
    total = len(pages)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"OCR: {total} pages A4 at 200 dpi in {elapsed:.1f} s on {cores} cores: "
        f"{elapsed / total:.2f} s per page (target <= 3 s); "
        f"mean word confidence {document.meta['ocr']['mean_confidence']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
