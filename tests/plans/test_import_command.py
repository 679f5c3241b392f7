"""`cchc import` on the corpus documents, and end to end: task counts match the ground truth."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cchc.plans.models import ImportItem, ItemStatus, LegalDocument, Plan, PlanTask

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
SEEDS = ("000_f1a7b9000bdab8e2", "002_d366fdf39405f5f1")

pytestmark = pytest.mark.django_db

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "docs").is_dir(), reason=f"corpus not found at {CORPUS} (../shared/corpus beside the repo)"
)


def run_import(*args) -> list[dict]:
    out = io.StringIO()
    call_command("import", *map(str, args), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def truth(seed: str) -> dict:
    return json.loads((CORPUS / "truth" / f"{seed}.json").read_text(encoding="utf-8"))


@needs_corpus
@pytest.mark.corpus
def test_it_imports_and_confirms_corpus_plans_with_every_task(personas):
    rows = run_import(*(CORPUS / "docs" / f"{seed}.txt" for seed in SEEDS), "--confirm")
    assert [r["status"] for r in rows] == [ItemStatus.CONFIRMED, ItemStatus.CONFIRMED]
    for seed, row in zip(SEEDS, rows, strict=True):
        plan = Plan.objects.get(pk=row["plan"])
        assert plan.current_version.tasks.count() == len(truth(seed)["tasks"]), seed
        assert plan.issuer == truth(seed)["issuer"]
        assert plan.plan_year == truth(seed)["plan_year"]


@needs_corpus
@pytest.mark.corpus
def test_importing_corpus_plans_again_creates_no_duplicates(personas):
    paths = [CORPUS / "docs" / f"{seed}.txt" for seed in SEEDS]
    run_import(*paths, "--confirm")
    tasks_before = PlanTask.objects.count()
    again = run_import(*paths, "--confirm")
    assert [r["status"] for r in again] == [ItemStatus.DUPLICATE, ItemStatus.DUPLICATE]
    assert Plan.objects.count() == 2
    assert PlanTask.objects.count() == tasks_before


@needs_corpus
@pytest.mark.corpus
def test_documents_cited_by_both_corpus_plans_are_one_registry_entry(personas):
    run_import(*(CORPUS / "docs" / f"{seed}.txt" for seed in SEEDS), "--confirm")
    numbers = [{b["number"] for b in truth(seed)["legal_bases"] if b.get("number")} for seed in SEEDS]
    shared = numbers[0] & numbers[1]
    assert shared
    for number in shared:
        document = LegalDocument.objects.get(number=number)
        assert document.citations.values("version__plan").distinct().count() == 2


@needs_corpus
@pytest.mark.corpus
def test_without_confirm_the_documents_wait_for_review(personas):
    [row] = run_import(CORPUS / "docs" / f"{SEEDS[1]}.txt")
    assert row["status"] == ItemStatus.REVIEW
    assert row["tasks"] == len(truth(SEEDS[1])["tasks"])
    assert Plan.objects.count() == 0


def test_it_reports_a_missing_file_clearly(personas, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run_import(tmp_path / "khong-co.txt")
    assert ImportItem.objects.count() == 0


def test_it_fails_with_a_message_for_a_corrupt_file(personas, tmp_path):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really a docx")
    with pytest.raises(CommandError, match="1/1"):
        run_import(broken)
    item = ImportItem.objects.get()
    assert item.status == ItemStatus.FAILED and item.message
    assert Plan.objects.count() == 0


def test_it_refuses_to_run_without_an_administrator_account(db, tmp_path):
    document = tmp_path / "a.txt"
    document.write_text("KẾ HOẠCH\n", encoding="utf-8")
    with pytest.raises(CommandError, match="quản trị"):
        run_import(document)


def test_it_rejects_an_unknown_unit(personas, tmp_path):
    document = tmp_path / "a.txt"
    document.write_text("KẾ HOẠCH\n", encoding="utf-8")
    with pytest.raises(CommandError, match="ID 999999"):
        run_import(document, "--unit", "999999")
