"""The corpus case of issue 5: the 2022 plan of Sở Khoa học và Công nghệ (corpus 002) checked
against the province's 2022 plan it implements (corpus 003, Kế hoạch 203/KH-UBND ngày 29/12/2021).

003 is a bad OCR scan: its number and day are illegible, so the reviewer types them in (as the
review screen allows; the values are in the corpus truth's `number_reconstructed`). 002 cites the
province plan as "203/KH-UBND ngày 29/12/2020": a wrong year the citation check must catch.

The task table of 003 is garbled. One test lets the reviewer correct it by hand (with the rows
transcribed in the corpus truth), the other relies on the parser alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

SHARED_CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not (SHARED_CORPUS / "docs").is_dir(), reason="needs the shared corpus"),
]


def _corpus(prefix: str) -> tuple[bytes, dict, str]:
    [doc] = sorted((SHARED_CORPUS / "docs").glob(f"{prefix}_*.txt"))
    [truth] = sorted((SHARED_CORPUS / "truth").glob(f"{prefix}_*.json"))
    return doc.read_bytes(), json.loads(truth.read_text(encoding="utf-8")), doc.name


@pytest.fixture
def registry(personas):
    from cchc.orgs.resolve import invalidate_index
    from cchc.orgs.services import load_shipped_registry

    load_shipped_registry()
    invalidate_index()
    yield
    invalidate_index()


@pytest.fixture
def imported(registry, personas, import_now):
    """`imported(prefix, corrections=None)` → the plan confirmed from that corpus document, after
    the reviewer's corrections (the fields of the review screen)."""
    from cchc.plans.services import import_confirm, import_update_review

    def run(prefix: str, corrections: dict | None = None):
        payload, _truth, name = _corpus(prefix)
        upload = SimpleUploadedFile(name, payload, content_type="text/plain")
        [item] = import_now([upload], personas.admin, personas.admin.unit)
        if corrections:
            item = import_update_review(item=item, data=corrections, actor=personas.admin)
        return import_confirm(item=item, actor=personas.admin)

    return run


def _reviewed_header() -> dict:
    _payload, truth, _name = _corpus("003")
    return {"number": truth["number_reconstructed"], "issue_date": truth["issue_date_reconstructed"]}


def _reviewed_tasks() -> list[dict]:
    _payload, truth, _name = _corpus("003")
    return [
        {k: t.get(k) for k in ("stt", "task", "products", "lead", "coordinators", "timeframe")}
        | {"timeframe": t.get("timeframe") or ""}
        for t in truth["tasks"]
    ]


def _by_stt(report) -> dict:
    return {c.parent_stt: c for c in report.checks}


def test_the_corpus_pair_is_what_the_issue_names():
    _p, child, _n = _corpus("002")
    _p, parent, _n = _corpus("003")
    assert (child["issuer"], child["plan_year"]) == ("Sở Khoa học và Công nghệ tỉnh Hưng Yên", 2022)
    assert (parent["issuer"], parent["plan_year"]) == ("Ủy ban nhân dân tỉnh Hưng Yên", 2022)
    assert any(b["number"] == "203/KH-UBND" for b in child["legal_bases"])


def test_the_department_plan_covers_the_province_tasks_given_to_all_departments(imported):
    from cchc.plans.conformance import check_conformance

    parent = imported("003", {**_reviewed_header(), "tasks": _reviewed_tasks()})
    child = imported("002")
    assert child.issuer_unit.code == "hy-so-khcn" and parent.issuer_unit.code == "hy-ubnd-tinh"
    report = check_conformance(child, parent)

    checks = _by_stt(report)
    # Sở KH&CN is named by no row of its own: the rows given to "các sở, ban, ngành" reach it,
    # read as of 2022; Sở TT&TT's row ("… Truyền thông") is not its task before the 2025 merger.
    assert set(checks) == {"2", "4", "5", "6"}
    assert all(c.via_group for c in checks.values())
    assert checks["4"].via_group == "Các sở, ban, ngành tỉnh và UBND cấp huyện"
    assert "1" not in checks
    # Its plan answers the province's legal-education row with its own legal-education task.
    legal = checks["6"]
    assert legal.covered and legal.matches[0].child_stt == "4"
    assert "chung các từ" in legal.matches[0].explanation and "phap" in legal.matches[0].explanation
    # Nothing in it keeps up the province's page on administrative reform (row 4): missing.
    assert not checks["4"].covered
    assert report.child_task_count == 9 and report.parent_task_count == 12
    assert len(report.extra) < report.child_task_count

    # 002 cites "Kế hoạch số 203/KH-UBND ngày 29/12/2020"; the province plan is of 29/12/2021.
    [mismatch] = [p for p in report.citation_problems if p.kind == "date_mismatch"]
    assert "203/KH-UBND" in mismatch.citation
    assert "29/12/2020" in mismatch.explanation and "29/12/2021" in mismatch.explanation
    # 002 prints no day of issue: timeliness cannot be judged, and the report says so.
    assert report.on_time is None and report.on_time_explanation.startswith("Không xác định")


def test_the_report_of_the_corpus_pair_exports_as_docx(imported):
    import io

    from docx import Document

    from cchc.plans.conformance import check_conformance, conformance_docx

    parent = imported("003", {**_reviewed_header(), "tasks": _reviewed_tasks()})
    child = imported("002")
    _name, _mime, payload = conformance_docx(check_conformance(child, parent), child)
    document = Document(io.BytesIO(payload))
    assert [p.text for p in document.tables[0].cell(0, 0).paragraphs if p.text] == [
        "UBND TỈNH HƯNG YÊN",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    ]
    rows = [[c.text for c in r.cells] for r in document.tables[1].rows]
    assert {r[0] for r in rows[1:] if r[0]} == {"2", "4", "5", "6"}
    assert any("Ngày không khớp" in p.text and "203/KH-UBND" in p.text for p in document.paragraphs)


def test_the_citation_check_holds_on_what_the_parser_reads(imported):
    from cchc.plans.conformance import check_conformance

    parent = imported("003", _reviewed_header())
    child = imported("002")
    report = check_conformance(child, parent)
    [mismatch] = [p for p in report.citation_problems if p.kind == "date_mismatch"]
    assert "203/KH-UBND" in mismatch.citation and "29/12/2021" in mismatch.explanation
    assert report.parent_task_count > 0


@pytest.mark.xfail(
    strict=False,
    reason="corpus 003: the parser reads the rows of the OCR-damaged table, but some agency cells "
    "stay garbled by the OCR (e.g. 'đoạn thé tính' for 'đoàn thể tỉnh'), so not every row reaches "
    "'các sở, ban, ngành'; the reviewed-table tests above cover the matching itself",
)
def test_the_province_tasks_read_by_the_parser_alone_reach_the_department(imported):
    """Without a hand-corrected table: what the parser makes of 003's OCR must still give the
    department several of the province's tasks (rows 2, 4, 5 and 6 go to all departments),
    matched to its own."""
    from cchc.plans.conformance import check_conformance

    parent = imported("003", _reviewed_header())
    child = imported("002")
    report = check_conformance(child, parent)
    assert len(report.checks) >= 3
    assert any(c.covered for c in report.checks)
