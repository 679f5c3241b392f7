"""Round trip: a plan rendered to DOCX, PDF (ruled and borderless tables) and Markdown
parses back to the same structure. PDF rendering needs LibreOffice (`soffice`)."""

from __future__ import annotations

import pytest
from render import render_docx, render_markdown, render_pdf, sample_plan, soffice

from cchc.ingest.pipeline import parse_file

FORMATS = ["docx", "markdown", "pdf", "pdf-borderless"]


@pytest.fixture(scope="module")
def plan():
    return sample_plan(task_count=6)


@pytest.fixture(scope="module")
def parsed(plan, tmp_path_factory):
    directory = tmp_path_factory.mktemp("roundtrip")
    results = {}

    def parse(kind):
        if kind not in results:
            if kind == "docx":
                path = render_docx(plan, directory / "plan.docx")
            elif kind == "markdown":
                path = render_markdown(plan, directory / "plan.md")
            else:
                if soffice() is None:
                    pytest.skip("LibreOffice (soffice) is not installed; CI installs it")
                path = render_pdf(plan, directory, kind, ruled=(kind == "pdf"), page_numbers=True)
            results[kind] = parse_file(path)
        return results[kind]

    return parse


@pytest.mark.parametrize("kind", FORMATS)
def test_the_header_survives_the_round_trip(kind, plan, parsed):
    document = parsed(kind)
    day, month, year = plan["date"]
    assert document.number == plan["number"]
    assert document.issuer == plan["issuer_full"]
    assert document.issue_date == f"{year:04d}-{month:02d}-{day:02d}"
    assert document.place == plan["place"]
    assert document.title == plan["title"]
    assert document.plan_year == year


@pytest.mark.parametrize("kind", FORMATS)
def test_the_legal_bases_survive_the_round_trip(kind, plan, parsed):
    document = parsed(kind)
    assert [basis.number for basis in document.legal_bases if basis.role == "basis"] == [
        basis["number"] for basis in plan["bases"]
    ]


@pytest.mark.parametrize("kind", FORMATS)
def test_the_sections_survive_the_round_trip(kind, plan, parsed):
    assert parsed(kind).to_dict()["sections"] == [section["heading"] for section in plan["sections"]]


@pytest.mark.parametrize("kind", FORMATS)
def test_every_task_cell_survives_the_round_trip(kind, plan, parsed):
    document = parsed(kind)
    assert document.has_appendix
    got = [
        {
            "stt": t.stt,
            "task": t.task,
            "products": t.products,
            "lead": t.lead,
            "coordinators": t.coordinators,
            "timeframe": t.timeframe,
        }
        for t in document.tasks
    ]
    expected = [
        {key: task[key] for key in ("stt", "task", "products", "lead", "coordinators", "timeframe")}
        for task in plan["appendix"]["tasks"]
    ]
    assert got == expected


@pytest.mark.parametrize("kind", FORMATS)
def test_the_timeframes_are_normalized_after_the_round_trip(kind, parsed):
    kinds = [t.schedule.kind if t.schedule else None for t in parsed(kind).tasks]
    assert kinds[:4] == ["continuous", "periods", "periods", "periods"]


@pytest.mark.parametrize("kind", FORMATS)
def test_the_signer_survives_the_round_trip(kind, plan, parsed):
    signer = parsed(kind).signer
    assert signer is not None
    assert signer.name == plan["signer"]["name"]
    assert signer.authority == "TM."


@pytest.mark.parametrize("kind", FORMATS)
def test_the_source_format_is_recorded(kind, parsed):
    assert parsed(kind).source_format == kind.split("-")[0]
