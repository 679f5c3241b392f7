"""`cchc export-plan`, `cchc derive` and `cchc conformance`, run as commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from derive_fixtures import department_text, make_science_department, province_text
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def science_department(personas):
    return make_science_department(personas)


CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(
    not (CORPUS / "docs").is_dir(), reason=f"corpus not found at {CORPUS} (../shared/corpus beside the repo)"
)


@pytest.fixture
def province_plan(confirmed_plan):
    return confirmed_plan(province_text(), name="tinh.txt")


def test_export_plan_writes_the_current_version_as_json(province_plan, tmp_path):
    target = tmp_path / "ke-hoach.json"
    call_command("export-plan", str(province_plan.pk), "--format", "json", "-o", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["number"] == province_plan.number


def test_export_plan_writes_a_docx(province_plan, tmp_path):
    target = tmp_path / "ke-hoach.docx"
    call_command("export-plan", str(province_plan.pk), "--format", "docx", "-o", str(target))
    assert target.read_bytes()[:2] == b"PK"


def test_export_plan_names_an_unknown_plan_in_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Không có kế hoạch có ID 999"):
        call_command("export-plan", "999", "-o", str(tmp_path / "x.docx"))


def test_derive_writes_the_draft_and_queues_it_for_review(province_plan, science_department, tmp_path):
    from cchc.plans.models import ImportItem, ItemStatus

    target = tmp_path / "du-thao.json"
    call_command(
        "derive", "--parent", str(province_plan.pk), "--unit", science_department.code, "-o", str(target)
    )
    assert len(json.loads(target.read_text(encoding="utf-8"))["tasks"]) == 2
    assert ImportItem.objects.filter(status=ItemStatus.REVIEW, batch__unit=science_department).exists()


def test_derive_names_an_unknown_unit_in_a_clear_error(province_plan, tmp_path):
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command(
            "derive", "--parent", str(province_plan.pk), "--unit", "khong-co", "-o", str(tmp_path / "x.docx")
        )


def test_conformance_prints_the_report_as_json(province_plan, confirmed_plan, science_department, capsys):
    child = confirmed_plan(department_text(), name="so.txt")
    call_command(
        "conformance", "--child", str(child.pk), "--parent", str(province_plan.pk), "--format", "json"
    )
    report = json.loads(capsys.readouterr().out)
    assert (report["child"]["id"], report["parent"]["id"]) == (child.pk, province_plan.pk)


def test_conformance_refuses_a_plan_compared_with_itself(province_plan):
    with pytest.raises(CommandError, match="hai kế hoạch khác nhau"):
        call_command("conformance", "--child", str(province_plan.pk), "--parent", str(province_plan.pk))


@needs_corpus
def test_the_corpus_department_plan_is_compared_with_the_province_plan(personas, tmp_path, capsys):
    from cchc.orgs.resolve import invalidate_index
    from cchc.orgs.services import load_shipped_registry
    from cchc.plans.models import Plan

    load_shipped_registry()
    invalidate_index()
    [child_path] = sorted((CORPUS / "docs").glob("002_*.txt"))
    [parent_path] = sorted((CORPUS / "docs").glob("003_*.txt"))
    call_command("import", str(parent_path), str(child_path), "--confirm", "--format", "json")
    imported = json.loads(capsys.readouterr().out)
    parent = Plan.objects.get(pk=imported[0]["plan"])
    child = Plan.objects.get(pk=imported[1]["plan"])
    call_command("conformance", "--child", str(child.pk), "--parent", str(parent.pk), "--format", "json")
    report = json.loads(capsys.readouterr().out)
    invalidate_index()
    assert "Khoa học" in child.issuer_unit.name
    assert report["child_task_count"] > 0
    assert report["on_time_explanation"]
    # The province plan's task table may not survive its OCR damage; then a note says so.
    assert report["parent_task_count"] > 0 or report["notes"]
