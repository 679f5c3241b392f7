"""Parse speed: median time per corpus document (and MB/s), and the time to read a
generated 20-page PDF plan. Plain `python bench/bench_parse.py`; nothing here asserts.

Targets: ≤ 30 ms per corpus text document, ≤ 1 s for a 20-page PDF.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS_DOCS = REPO.parent / "shared" / "corpus" / "docs"
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests" / "ingest"))  # the plan renderer used by the tests

from cchc.ingest.pipeline import parse_file  # noqa: E402
from cchc.ingest.readers import read_document  # noqa: E402

TEXT_TARGET_MS = 30.0
PDF_TARGET_S = 1.0


def median_seconds(path: Path, repeat: int, function=parse_file) -> float:
    function(path)  # warm caches and lazy imports; the first call is not what users wait for
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function(path)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def bench_corpus(repeat: int) -> None:
    if not CORPUS_DOCS.is_dir():
        print(f"corpus not found at {CORPUS_DOCS}; skipped")
        return
    print(f"Corpus documents ({CORPUS_DOCS}), median of {repeat} runs, target ≤ {TEXT_TARGET_MS:.0f} ms:")
    for path in sorted(CORPUS_DOCS.glob("*.txt")):
        seconds = median_seconds(path, repeat)
        megabytes = path.stat().st_size / (1024 * 1024)
        verdict = "ok" if seconds * 1000 <= TEXT_TARGET_MS else "SLOW"
        print(f"  {path.name:32} {seconds * 1000:8.1f} ms  {megabytes / seconds:6.2f} MB/s  {verdict}")


def bench_pdf(pages: int, repeat: int) -> None:
    try:
        from render import render_pdf, sample_plan, soffice
    except ImportError as exc:
        print(f"renderer unavailable ({exc}); PDF benchmark skipped")
        return
    if soffice() is None:
        print("LibreOffice (soffice) is not installed; PDF benchmark skipped")
        return
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as directory:
        # About 5.5 task rows fit a page; add rows until the PDF reaches the page count.
        task_count = int(pages * 5.5)
        while True:
            pdf = render_pdf(
                sample_plan(task_count=task_count),
                Path(directory),
                f"plan-{task_count}",
                running_header="Kế hoạch tuyên truyền CCHC",
                page_numbers=True,
            )
            with pdfium.PdfDocument(str(pdf)) as document:
                page_count = len(document)
            if page_count >= pages or task_count > pages * 20:
                break
            task_count += max(1, int((pages - page_count) * 5))
        seconds = median_seconds(pdf, repeat)
        verdict = "ok" if seconds <= PDF_TARGET_S else "SLOW"
        megabytes = pdf.stat().st_size / (1024 * 1024)
        print(
            f"Generated PDF: {page_count} pages, {task_count} task rows, {megabytes:.2f} MB, target ≤ {PDF_TARGET_S:.0f} s:"
        )
        print(f"  parse_file  median {seconds:.3f} s  ({seconds / page_count * 1000:.0f} ms/page)  {verdict}")
        reading = median_seconds(pdf, repeat, read_document)
        print(f"  of which the PDF reader  {reading:.3f} s, the parser  {max(0.0, seconds - reading):.3f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    bench_corpus(args.repeat)
    bench_pdf(args.pages, max(3, args.repeat // 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
