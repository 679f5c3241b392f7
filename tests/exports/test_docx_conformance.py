"""The conformance report exporter on its own, without Django: a report dict in, a DOCX out."""

from __future__ import annotations

import io

import pytest
from docx import Document

from cchc.exports.docx_conformance import (
    COMPARISON_COLUMNS,
    comparison_rows,
    conformance_docx_filename,
    export_conformance_docx,
    render_conformance_docx,
)
from cchc.exports.docx_plan import DOCX_MIMETYPE, ExportError

REPORT = {
    "child": {
        "id": 7,
        "number": None,
        "issuer": "Sở Tư pháp tỉnh Hưng Yên",
        "issue_date": None,
        "title": "Tuyên truyền CCHC năm 2022",
        "plan_year": 2022,
    },
    "parent": {
        "id": 3,
        "number": "203/KH-UBND",
        "issuer": "Ủy ban nhân dân tỉnh Hưng Yên",
        "issue_date": "2021-12-29",
        "title": None,
        "plan_year": 2022,
    },
    "parent_task_count": 12,
    "child_task_count": 1,
    "checks": [
        {
            "parent_index": 4,
            "parent_stt": "5",
            "parent_task": "Tuyên truyền, phổ biến Quyết định số 1521/QĐ-TTg",
            "role": "lead",
            "via_group": None,
            "addressed_to": None,
            "matches": [
                {
                    "child_index": 0,
                    "child_stt": "1",
                    "child_task": "Phổ biến Quyết định 1521/QĐ-TTg",
                    "score": 81.4,
                    "explanation": "chung các từ: 1521, qd, ttg",
                },
                {
                    "child_index": 1,
                    "child_stt": "2",
                    "child_task": "Tọa đàm về pháp luật",
                    "score": 56.0,
                    "explanation": "độ tương đồng từ ngữ 60/100",
                },
            ],
        },
        {
            "parent_index": 5,
            "parent_stt": "6",
            "parent_task": "Phổ biến, giáo dục pháp luật",
            "role": "coordinator",
            "via_group": "Các sở, ban, ngành tỉnh",
            "addressed_to": None,
            "matches": [],
        },
    ],
    "extra": [],
    "on_time": None,
    "on_time_rule": "Quy tắc.",
    "on_time_explanation": "Không xác định: thiếu ngày ban hành.",
    "citation_problems": [],
    "notes": ["Một lưu ý."],
}


def test_each_parent_task_gets_its_matches_or_a_missing_row():
    rows = comparison_rows(REPORT)
    assert [r[0] for r in rows] == ["5", "", "6"]
    assert rows[0][3:6] == ("Có", "1. Phổ biến Quyết định 1521/QĐ-TTg", "81")
    assert rows[1][1] == "" and rows[1][4] == "2. Tọa đàm về pháp luật"
    assert rows[2][1].endswith("(qua nhóm «Các sở, ban, ngành tỉnh»)") and rows[2][3] == "Thiếu"


def test_the_document_reads_back_with_its_tables_and_notes():
    name, mimetype, payload = export_conformance_docx(REPORT, place="Hưng Yên", issued_on="2022-02-03")
    document = Document(io.BytesIO(payload))
    assert (name, mimetype) == ("BC-doi-chieu-ke-hoach-7-voi-203-KH-UBND.docx", DOCX_MIMETYPE)
    assert document.tables[0].cell(1, 1).text == "Hưng Yên, ngày 03 tháng 02 năm 2022"
    assert [c.text for c in document.tables[1].rows[0].cells] == list(COMPARISON_COLUMNS)
    assert len(document.tables) == 2  # no extra tasks, no second table
    texts = [p.text for p in document.paragraphs]
    assert "- Một lưu ý." in texts
    assert "3. Thời hạn ban hành: Không xác định: thiếu ngày ban hành." in texts
    assert "4. Trích dẫn văn bản: không phát hiện vấn đề." in texts


def test_a_report_without_checks_still_has_its_table():
    empty = {**REPORT, "checks": []}
    document = Document(io.BytesIO(render_conformance_docx(empty)))
    assert document.tables[1].rows[1].cells[0].text == "Không có nhiệm vụ nào để đối chiếu."


def test_the_file_name_is_ascii():
    assert conformance_docx_filename(REPORT).isascii()


def test_something_else_than_a_report_is_refused():
    with pytest.raises(ExportError):
        render_conformance_docx({"tasks": []})
