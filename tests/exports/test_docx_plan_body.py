"""The paragraphs under each heading (`Section.body`) travel into the official DOCX, and the
export read back gives the same paragraphs under the same headings."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from export_plans import corpus_file

from cchc.exports.docx_plan import render_plan_docx
from cchc.ingest.model import PlanDocument, Section
from cchc.ingest.pipeline import parse_file

_SKIPPED = re.compile(r"TỔ CHỨC THỰC HIỆN|TRÁCH NHIỆM|PHÂN CÔNG|KINH PHÍ", re.IGNORECASE)


def _bodies(sections: list[Section]) -> list[tuple[str, list[str]]]:
    """(heading, body) for every section, except where the export writes the parsed
    responsibilities or the funding paragraph in place of the text (compared elsewhere)."""
    out = []
    for section in sections:
        if _SKIPPED.search(section.title):
            continue
        out.append((section.heading, section.body))
        out += _bodies(section.children)
    return out


def _paragraphs(payload: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(payload)).paragraphs]


def test_a_headings_paragraphs_follow_it_in_the_docx():
    plan = PlanDocument(
        issuer="Sở Tư pháp tỉnh Hưng Yên",
        title="Tuyên truyền cải cách hành chính năm 2025",
        sections=[
            Section(
                number="I",
                title="MỤC ĐÍCH, YÊU CẦU",
                level=1,
                heading="I. MỤC ĐÍCH, YÊU CẦU",
                body=["Nâng cao nhận thức của cán bộ, công chức.", "- Bảo đảm thiết thực, hiệu quả."],
            )
        ],
    )
    texts = _paragraphs(render_plan_docx(plan))
    at = texts.index("I. MỤC ĐÍCH, YÊU CẦU")
    assert texts[at + 1 : at + 3] == [
        "Nâng cao nhận thức của cán bộ, công chức.",
        "- Bảo đảm thiết thực, hiệu quả.",
    ]


def test_a_lettered_item_longer_than_its_title_is_printed_whole():
    whole = "Tuyên truyền " + "về cải cách thủ tục hành chính, " * 6 + "trên địa bàn tỉnh."
    item = Section(number="a", title=whole[:120], level=3, heading=f"a) {whole[:120]}", body=[whole])
    second = Section(number="1", title="Nội dung", level=2, heading="1. Nội dung", children=[item])
    plan = PlanDocument(
        title="Kế hoạch thử",
        sections=[Section(number="I", title="NỘI DUNG", level=1, heading="I. NỘI DUNG", children=[second])],
    )
    texts = _paragraphs(render_plan_docx(plan))
    assert f"a) {whole}" in texts and texts.count(whole) == 0


@pytest.mark.corpus
@pytest.mark.parametrize("prefix", ["001", "002", "004"])
def test_the_corpus_bodies_survive_the_round_trip(prefix, tmp_path):
    original = parse_file(corpus_file(prefix))
    assert any(body for _heading, body in _bodies(original.sections))
    path = tmp_path / "plan.docx"
    path.write_bytes(render_plan_docx(original))
    again = parse_file(path)
    assert _bodies(again.sections) == _bodies(original.sections)
    texts = _paragraphs(path.read_bytes())
    for _heading, body in _bodies(original.sections):
        for paragraph in body:
            assert paragraph in texts or any(t.endswith(paragraph) for t in texts)
