"""Any input ends in a PlanDocument or a clear error (ReaderError / ParseError), never a
crash; on the command line that is exit code 2 and one line on stderr."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from render import render_docx, render_text, sample_plan

from cchc.ingest.model import PlanDocument
from cchc.ingest.parse import ParseError
from cchc.ingest.pipeline import parse_file
from cchc.ingest.readers.base import ReaderError

REPO = Path(__file__).resolve().parents[2]


def parse_or_clear_error(path):
    """The contract under test: a result, or an error whose message a user can act on."""
    try:
        return parse_file(path)
    except (ReaderError, ParseError) as exc:
        message = str(exc)
        assert message.strip(), "an error must say what is wrong"
        assert "Traceback" not in message
        return exc


def run_cli(*args, timeout=120):
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.run(
        [sys.executable, "-m", "cchc", "parse", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=REPO,
    )


@pytest.fixture(scope="module")
def plan_docx(tmp_path_factory):
    return render_docx(sample_plan(), tmp_path_factory.mktemp("docx") / "plan.docx")


@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx", ".pdf", ""])
def test_an_empty_file_gives_a_clear_error(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    assert isinstance(parse_or_clear_error(path), ReaderError | ParseError)


@pytest.mark.parametrize("seed", range(5))
def test_binary_garbage_gives_a_clear_error(tmp_path, seed):
    data = random.Random(seed).randbytes(64 * 1024)
    path = tmp_path / "garbage.bin"
    path.write_bytes(data)
    assert isinstance(parse_or_clear_error(path), ReaderError | ParseError)


def to_cp1258(text: str) -> bytes:
    """Windows-1258 has some precomposed letters (ê, ơ, ư, â, ă, đ) plus combining tone
    marks: compose as far as it allows, then spell the tone as a combining mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        # Keep the vowel-shaping marks (circumflex, breve, horn) on the base where cp1258 can.
        for mark in list(marks):
            candidate = unicodedata.normalize("NFC", base + mark)
            if len(candidate) == 1 and candidate.encode("cp1258", errors="replace") != b"?":
                base, marks = candidate, marks.replace(mark, "", 1)
        out += (base + marks).encode("cp1258")
    return bytes(out)


def test_a_plan_in_windows_1258_is_read(tmp_path):
    path = tmp_path / "plan-cp1258.txt"
    path.write_bytes(to_cp1258(render_text(sample_plan())))
    result = parse_or_clear_error(path)
    assert isinstance(result, PlanDocument)
    assert result.number == "45/KH-UBND"
    assert result.title == sample_plan()["title"]


def test_a_plan_in_utf16_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "plan-utf16.txt"
    path.write_bytes(render_text(sample_plan()).encode("utf-16"))
    result = parse_or_clear_error(path)
    assert isinstance(result, PlanDocument)
    assert result.title == sample_plan()["title"]


def test_utf16_without_a_byte_order_mark_gives_a_clear_error(tmp_path):
    path = tmp_path / "plan-utf16le.txt"
    path.write_bytes(render_text(sample_plan()).encode("utf-16-le"))
    assert isinstance(parse_or_clear_error(path), ReaderError)


def test_latin1_mojibake_ends_in_a_result_or_a_clear_error(tmp_path):
    garbled = render_text(sample_plan()).encode("utf-8").decode("latin-1")
    path = tmp_path / "mojibake.txt"
    path.write_text(garbled, encoding="utf-8")
    parse_or_clear_error(path)


def test_a_50_mb_text_file_ends_in_reasonable_time(tmp_path):
    chunk = (
        "Tuyên truyền cải cách hành chính, nâng cao nhận thức của người dân tỉnh Lam Sơn.\n" * 1000
    ).encode()
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        for _ in range(50 * 1024 * 1024 // len(chunk) + 1):
            handle.write(chunk)
    started = time.perf_counter()
    parse_or_clear_error(path)
    # A robustness bound, not a benchmark: it must not hang or go quadratic.
    assert time.perf_counter() - started < 120


def test_a_truncated_docx_gives_a_clear_error(tmp_path, plan_docx):
    data = plan_docx.read_bytes()
    for fraction in (0.1, 0.5, 0.9):
        path = tmp_path / f"cut-{fraction}.docx"
        path.write_bytes(data[: int(len(data) * fraction)])
        assert isinstance(parse_or_clear_error(path), ReaderError)


def test_a_truncated_pdf_ends_in_a_result_or_a_clear_error(tmp_path):
    document = pdfium.PdfDocument.new()
    page = document.new_page(595, 842)
    font = pdfium.raw.FPDFText_LoadStandardFont(document.raw, b"Helvetica")
    text = pdfium.raw.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", 12.0)
    message = "Ke hoach tuyen truyen\0".encode("utf-16-le")
    pdfium.raw.FPDFText_SetText(text, (pdfium.raw.FPDF_WCHAR * (len(message) // 2)).from_buffer_copy(message))
    pdfium.raw.FPDFPageObj_Transform(text, 1, 0, 0, 1, 72, 700)
    pdfium.raw.FPDFPage_InsertObject(page.raw, text)
    pdfium.raw.FPDFPage_GenerateContent(page.raw)
    del font
    whole = tmp_path / "whole.pdf"
    document.save(str(whole))
    data = whole.read_bytes()
    for fraction in (0.2, 0.5, 0.8, 0.95):
        path = tmp_path / f"cut-{fraction}.pdf"
        path.write_bytes(data[: int(len(data) * fraction)])
        parse_or_clear_error(path)


def test_a_docx_zip_bomb_is_refused_before_it_is_expanded(tmp_path, plan_docx):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(plan_docx) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            copy.writestr(info, original.read(info))
        # 16 MB of zeros deflates to ~16 KB: a ratio of ~1000, where XML gives 5-30.
        copy.writestr("word/media/image1.png", b"\0" * (16 * 1024 * 1024))
    result = parse_or_clear_error(bomb)
    assert isinstance(result, ReaderError)
    assert "bom nén" in str(result)


def test_a_billion_laughs_document_xml_is_refused(tmp_path, plan_docx):
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    laughs = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "ha">{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
    )
    bomb = tmp_path / "laughs.docx"
    with zipfile.ZipFile(plan_docx) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            data = laughs.encode() if info.filename == "word/document.xml" else original.read(info)
            copy.writestr(info, data)
    started = time.perf_counter()
    result = parse_or_clear_error(bomb)
    assert isinstance(result, ReaderError)
    assert time.perf_counter() - started < 5


def test_a_pdf_without_a_text_layer_is_reported_as_needing_ocr(tmp_path):
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    path = tmp_path / "scan.pdf"
    document.save(str(path))
    result = parse_or_clear_error(path)
    assert isinstance(result, ReaderError)
    assert "OCR" in str(result)


def test_a_missing_file_and_a_folder_give_clear_errors(tmp_path):
    assert isinstance(parse_or_clear_error(tmp_path / "khong-co.txt"), ReaderError)
    assert isinstance(parse_or_clear_error(tmp_path), ReaderError)


@pytest.mark.parametrize(
    "name, content",
    [
        ("empty.txt", b""),
        ("garbage.bin", bytes(range(256)) * 64),
        ("broken.docx", b"PK\x03\x04" + b"\0" * 100),
        ("broken.pdf", b"%PDF-1.7\n" + b"\xff" * 500),
    ],
)
def test_the_cli_answers_bad_input_with_exit_code_2_and_one_line(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    completed = run_cli(path)
    assert completed.returncode == 2
    assert completed.stdout == ""
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert "Traceback" not in completed.stderr


def test_the_cli_refuses_a_zip_bomb_with_exit_code_2(tmp_path, plan_docx):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(plan_docx) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            copy.writestr(info, original.read(info))
        copy.writestr("word/media/big.bin", b"\0" * (16 * 1024 * 1024))
    completed = run_cli(bomb)
    assert completed.returncode == 2
    assert "bom nén" in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1
