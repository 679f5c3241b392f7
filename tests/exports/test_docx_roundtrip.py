"""Export, then read the DOCX back with the product's own parser: the structure must
survive (identity, signer, bases, headings, every task cell, the agencies in charge)."""

from __future__ import annotations

import re

import pytest
from export_plans import corpus_file, department_plan, provincial_plan

from cchc.exports.docx_plan import export_plan_docx
from cchc.ingest.model import PlanDocument
from cchc.ingest.pipeline import parse_file

_RESPONSIBILITY_TITLE = re.compile(r"TỔ CHỨC THỰC HIỆN|TRÁCH NHIỆM|PHÂN CÔNG", re.IGNORECASE)


def _round_trip(plan: PlanDocument, tmp_path) -> PlanDocument:
    name, _, content = export_plan_docx(plan)
    path = tmp_path / name
    path.write_bytes(content)
    return parse_file(path)


def _headings(sections) -> list[str]:
    """Every heading, except the children of the implementation section: the export
    writes the parsed responsibilities there, which are compared on their own."""
    out: list[str] = []
    for section in sections:
        out.append(section.heading)
        if not _RESPONSIBILITY_TITLE.search(section.title):
            out += _headings(section.children)
    return out


def _identity(plan: PlanDocument) -> dict:
    return {
        "number": plan.number,
        "issuer": plan.issuer,
        "parent_body": plan.parent_body,
        "issue_date": plan.issue_date,
        "place": plan.place,
        "title": plan.title,
        "plan_year": plan.plan_year,
    }


def _signer(plan: PlanDocument):
    if plan.signer is None:
        return None
    return plan.signer.name, plan.signer.authority, plan.signer.position


def _bases(plan: PlanDocument) -> list[str]:
    return [c.number for c in plan.legal_bases if c.role == "basis"]


def _task_cells(plan: PlanDocument) -> list[tuple]:
    return [(t.stt, t.task, t.products, t.lead, t.coordinators, t.timeframe) for t in plan.tasks]


def _agencies(plan: PlanDocument) -> list[str]:
    return [r.agency for r in plan.responsibilities]


@pytest.mark.parametrize("build", [provincial_plan, department_plan], ids=["provincial", "department"])
class TestFictionalPlans:
    def test_the_identity_survives(self, build, tmp_path):
        plan = build()
        assert _identity(_round_trip(plan, tmp_path)) == _identity(plan)

    def test_the_signer_survives(self, build, tmp_path):
        plan = build()
        assert _signer(_round_trip(plan, tmp_path)) == _signer(plan)

    def test_the_legal_bases_survive(self, build, tmp_path):
        plan = build()
        assert _bases(_round_trip(plan, tmp_path)) == _bases(plan)

    def test_the_section_headings_survive(self, build, tmp_path):
        plan = build()
        assert _headings(_round_trip(plan, tmp_path).sections) == _headings(plan.sections)

    def test_every_task_cell_survives(self, build, tmp_path):
        plan = build()
        assert _task_cells(_round_trip(plan, tmp_path)) == _task_cells(plan)

    def test_the_agencies_in_charge_survive(self, build, tmp_path):
        plan = build()
        assert _agencies(_round_trip(plan, tmp_path)) == _agencies(plan)

    def test_the_funding_survives(self, build, tmp_path):
        plan = build()
        assert _round_trip(plan, tmp_path).funding == plan.funding


@pytest.mark.corpus
@pytest.mark.parametrize("prefix", ["000", "002"])
class TestCorpusPlans:
    """Real plans: parse the shared text, export it, parse the export; both parses agree."""

    @pytest.fixture
    def pair(self, prefix, tmp_path):
        original = parse_file(corpus_file(prefix))
        return original, _round_trip(original, tmp_path)

    def test_the_identity_survives(self, pair):
        original, again = pair
        assert _identity(again) == _identity(original)

    def test_the_signer_survives(self, pair):
        original, again = pair
        assert _signer(again) == _signer(original)

    def test_the_legal_bases_survive(self, pair):
        original, again = pair
        assert _bases(again) == _bases(original)

    def test_the_section_headings_survive(self, pair):
        original, again = pair
        assert _headings(again.sections) == _headings(original.sections)

    def test_every_task_cell_survives(self, pair):
        original, again = pair
        assert original.tasks
        assert _task_cells(again) == _task_cells(original)

    def test_the_agencies_in_charge_survive(self, pair):
        original, again = pair
        assert _agencies(again) == _agencies(original)
