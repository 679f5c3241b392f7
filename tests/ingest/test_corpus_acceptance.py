"""The team's scorer run over the five seed plans, with the issue's targets.

The scorer (../shared/tools/score_extraction.py) runs `cchc parse` on each seed
document and compares its JSON with the hand-made truth."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.corpus

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus"
SCORER = SHARED / "tools" / "score_extraction.py"
OCR_SEED = "003"  # bad OCR without diacritics, parsed after automatic repair

if not (CORPUS.is_dir() and SCORER.is_file()):
    pytest.skip(
        f"team corpus not found at {CORPUS} (needs ../shared next to the checkout)", allow_module_level=True
    )


def _load_scorer():
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores() -> dict[str, dict]:
    scorer = _load_scorer()
    command = f"{sys.executable} -m cchc parse {{doc}} --format json"
    results = {}
    for truth_path in sorted((CORPUS / "truth").glob("*.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        (doc,) = [d for d in (CORPUS / "docs").glob(truth_path.stem + ".*") if d.suffix != ".json"]
        pred, error = scorer.run_parser(command, doc, timeout=60)
        assert pred is not None, f"{doc.name}: {error}"
        doc_scores, notes = scorer.score_document(pred, truth)
        present = [v for v in doc_scores.values() if v is not None]
        doc_scores["mean"] = sum(present) / len(present)
        results[truth_path.stem[:3]] = doc_scores
    return results


@pytest.mark.parametrize("seed", ["000", "002"])
def test_it_finds_the_appendix_rows_and_cells(scores, seed):
    assert scores[seed]["tasks"] >= 0.97
    assert scores[seed]["cells"] >= 0.95


@pytest.mark.parametrize("seed", ["001", "002", "004"])
def test_it_reads_header_bases_and_sections(scores, seed):
    for part in ("meta", "bases", "sections"):
        assert scores[seed][part] >= 0.95, (part, scores[seed])


def test_it_parses_every_seed_including_the_ocr_one(scores):
    assert set(scores) == {"000", "001", "002", "003", "004"}


def test_it_scores_at_least_095_on_the_documents_with_diacritics(scores):
    means = [s["mean"] for seed, s in scores.items() if seed != OCR_SEED]
    assert sum(means) / len(means) >= 0.95


def test_it_scores_at_least_095_over_all_five_seeds(scores):
    means = [s["mean"] for s in scores.values()]
    assert sum(means) / len(means) >= 0.95


def test_it_reads_header_bases_and_sections_of_the_ocr_seed_after_repair(scores):
    for part in ("meta", "bases", "sections"):
        assert scores[OCR_SEED][part] >= 0.95, (part, scores[OCR_SEED])


def test_it_reads_the_task_rows_of_the_ocr_seed_whose_table_lost_its_columns(scores):
    # Issue 4: the appendix of the scanned seed has no column separators and mixed cells
    # on each line; rows are anchored on their STT and cut by vocabulary.
    assert scores[OCR_SEED]["tasks"] >= 0.80, scores[OCR_SEED]
    assert scores[OCR_SEED]["mean"] >= 0.85, scores[OCR_SEED]


def test_the_ocr_seed_does_not_cost_the_other_seeds_their_scores(scores):
    for seed in ("000", "001", "002", "004"):
        assert scores[seed]["mean"] >= 0.999, (seed, scores[seed])
