"""Repair speed in words per second. Plain `python bench/bench_repair.py`; nothing here asserts.

The input is the held-out corpus documents with every mark removed (the case
`score_repair.py` measures); without the shared corpus, the model's own training
text stripped of marks stands in. Model loading is timed apart: it happens once
per process. Target: ≥ 20,000 words/s.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS_DOCS = REPO.parent / "shared" / "corpus" / "docs"
sys.path.insert(0, str(REPO / "src"))

from cchc.ingest.repair import _decoder, repair_text  # noqa: E402
from cchc.ingest.repair.build_model import TRAIN_DIR  # noqa: E402
from cchc.ingest.repair.syllables import strip_marks  # noqa: E402

TARGET_WORDS_PER_SECOND = 20_000
WORD = re.compile(r"[^\W\d_]+")
CLEAN_CORPUS_DOCS = ("000", "001", "002", "004")


def inputs() -> tuple[str, list[str]]:
    if CORPUS_DOCS.is_dir():
        paths = [next(CORPUS_DOCS.glob(f"{n}_*.txt")) for n in CLEAN_CORPUS_DOCS]
        label = "held-out corpus documents, marks removed"
    else:
        paths = sorted(TRAIN_DIR.glob("*.txt"))
        label = "training text, marks removed (corpus not found)"
    return label, [strip_marks(p.read_text(encoding="utf-8")) for p in paths]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    _decoder()
    load_seconds = time.perf_counter() - started
    label, texts = inputs()
    words = sum(len(WORD.findall(t)) for t in texts)
    for text in texts:  # first pass fills the per-word caches, as any long-running process would
        repair_text(text)
    rates = []
    cpu_rates = []
    for _ in range(args.repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        for text in texts:
            repair_text(text)
        rates.append(words / (time.perf_counter() - started))
        cpu_rates.append(words / (time.process_time() - cpu_started))
    print(f"input: {label}, {words} words")
    print(f"model load: {load_seconds * 1000:.0f} ms (once per process)")
    # The best run is the one least disturbed by other processes (as `timeit` reports);
    # the median shows how much a busy machine costs.
    print(
        f"repair: {max(rates):,.0f} words/s best of {args.repeat}, {statistics.median(rates):,.0f} median "
        f"(target {TARGET_WORDS_PER_SECOND:,})"
    )
    print(f"repair, per CPU second: {statistics.median(cpu_rates):,.0f} words/s median")
    return 0


if __name__ == "__main__":
    sys.exit(main())
