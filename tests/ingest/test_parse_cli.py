"""`cchc parse`: JSON and text output, and one clear line with exit code 2 on any error.
Also the plain-text reader behind it (encodings, binary input)."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from cchc.ingest.cli import parse_main
from cchc.ingest.readers.base import ReaderError
from cchc.ingest.readers.text import READER

FIXTURES = Path(__file__).parent / "fixtures" / "text"
SAMPLE = "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2025\n\fI. MỤC ĐÍCH, YÊU CẦU\n"
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Windows-1258 writes the tone as a separate combining mark after the letter."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def test_it_prints_the_plan_as_json_with_the_truth_schema_keys(capsys):
    assert parse_main([str(FIXTURES / "plan_header_lines.txt"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in (
        "document",
        "doc_type",
        "number",
        "issuer",
        "issue_date",
        "place",
        "title",
        "plan_year",
        "signer",
        "legal_bases",
        "sections",
        "has_appendix",
        "tasks",
        "responsibilities",
    ):
        assert key in data
    assert data["sections"][0] == "I. MỤC ĐÍCH, YÊU CẦU"
    assert data["responsibilities"][1] == {
        "agency": "Sở Thông tin và Truyền thông",
        "duties_count": 3,
        "duties": data["responsibilities"][1]["duties"],
    }
    assert set(data["tasks"][0]) >= {"stt", "task", "products", "lead", "coordinators", "timeframe"}


def test_it_prints_a_readable_vietnamese_summary(capsys):
    assert parse_main([str(FIXTURES / "plan_header_lines.txt"), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "Cơ quan ban hành: Ủy ban nhân dân tỉnh Hòa Phong" in out
    assert "Nhiệm vụ (5):" in out


def test_it_reports_a_missing_file_in_one_line_with_exit_code_2(capsys, tmp_path):
    assert parse_main([str(tmp_path / "khong-co.txt")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Không tìm thấy tệp" in err


def test_it_reports_bad_arguments_without_a_traceback(capsys):
    assert parse_main(["--format", "xml"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("cchc parse:")


def test_it_rejects_binary_input_with_a_clear_message(capsys, tmp_path):
    binary = tmp_path / "anh.txt"
    binary.write_bytes(bytes(range(256)) * 8)  # no known file signature, NUL bytes inside
    assert parse_main([str(binary)]) == 2
    assert "NUL" in capsys.readouterr().err


def test_the_console_script_never_prints_a_traceback(tmp_path):
    empty = tmp_path / "rong.txt"
    empty.write_text("\n\n   \n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cchc", "parse", str(empty)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "trống" in done.stderr


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),
        windows_1258(SAMPLE),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "cp1258"],
)
def test_the_text_reader_decodes_common_encodings_to_nfc(tmp_path, data):
    path = tmp_path / "kh.txt"
    path.write_bytes(data)
    source = READER.read(path)
    texts = [line for line in source.text_lines() if line.strip()]
    assert texts[:3] == ["KẾ HOẠCH", "Tuyên truyền cải cách hành chính năm 2025", "I. MỤC ĐÍCH, YÊU CẦU"]


def test_the_text_reader_turns_form_feeds_into_pages(tmp_path):
    path = tmp_path / "kh.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    pages = [block.page for block in READER.read(path).blocks if block.text.strip()]
    assert pages == [1, 1, 2]


def test_the_text_reader_refuses_nul_bytes(tmp_path):
    path = tmp_path / "kh.txt"
    path.write_bytes(b"KE HOACH\x00\x00\x00")
    with pytest.raises(ReaderError, match="NUL"):
        READER.read(path)
