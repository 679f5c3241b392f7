"""Diacritic and OCR repair (`cchc.ingest.repair`, `cchc repair`).

The sample sentences here are written for these tests; none of them is in the
model's training text. The held-out corpus documents are scored at the end."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.ingest.readers.base import SourceDocument, TableBlock, TextLine
from cchc.ingest.repair import looks_damaged, repair_source_document, repair_text
from cchc.ingest.repair.build_model import main as build_main
from cchc.ingest.repair.syllables import strip_marks
from cchc.ingest.repair_cli import repair_main

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
CORPUS_DOCS = SHARED / "corpus" / "docs"
SCORE_REPAIR = SHARED / "tools" / "score_repair.py"
CLEAN_CORPUS_DOCS = ("000", "001", "002", "004")  # 003 is the OCR-damaged one
# The figure measured on the four clean corpus documents (0.988 when last built); the
# test holds the repair to it with a small margin for model rebuilds.
CORPUS_ACCURACY = 0.98

CLEAN = (
    "Năm 2025, Ủy ban nhân dân huyện tiếp tục đẩy mạnh công tác tuyên truyền cải cách hành chính, "
    "tập trung hướng dẫn người dân nộp hồ sơ trực tuyến và theo dõi kết quả giải quyết thủ tục.\n"
    "Các phòng chuyên môn báo cáo kết quả thực hiện về Văn phòng trước ngày 20 hằng tháng.\n"
)


def corpus_doc(number: str) -> Path:
    if not CORPUS_DOCS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS_DOCS}")
    return next(CORPUS_DOCS.glob(f"{number}_*.txt"))


# --- clean text --------------------------------------------------------------------------


def test_it_returns_clean_text_unchanged():
    result = repair_text(CLEAN)
    assert result.text == CLEAN
    assert result.changed_words == 0


def test_it_does_not_judge_clean_text_damaged():
    assert not looks_damaged(CLEAN)


def test_it_judges_text_without_marks_damaged():
    assert looks_damaged(strip_marks(CLEAN))


def test_it_returns_empty_text_as_empty():
    assert repair_text("").text == ""


def test_it_leaves_a_text_too_short_to_judge_alone():
    assert repair_text("Tinh").text == "Tinh"


# --- restoring marks ---------------------------------------------------------------------


def test_it_restores_the_marks_of_a_plan_title():
    result = repair_text("Ke hoach tuyen truyen cai cach hanh chinh nam 2025")
    assert result.text == "Kế hoạch tuyên truyền cải cách hành chính năm 2025"
    assert result.changed_words == 9


def test_it_restores_most_words_of_a_paragraph_it_was_not_trained_on():
    restored = repair_text(strip_marks(CLEAN)).text
    words = re.findall(r"[^\W\d_]+", CLEAN)
    got = re.findall(r"[^\W\d_]+", restored)
    assert len(got) == len(words)
    right = sum(a == b for a, b in zip(words, got, strict=True))
    assert right / len(words) >= 0.9


def test_it_keeps_upper_case_headings_upper_case():
    assert repair_text("I. MUC DICH, YEU CAU\n1. Muc dich").text == "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích"


def test_it_only_adds_marks_to_text_that_had_none():
    text = strip_marks(CLEAN)
    assert strip_marks(repair_text(text).text) == text


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcdeghiklmnopqrstuvxyADGHKNTU0123456789 ,.;:/-()\n", max_size=120))
def test_it_never_changes_anything_but_marks_in_unmarked_input(text):
    repaired = repair_text(text).text
    assert strip_marks(repaired) == text


# --- what must survive -------------------------------------------------------------------


def test_it_preserves_document_symbols_and_dates():
    text = "Thuc hien Ke hoach so 184/KH-UBND ngay 07/12/2021 va Chi thi so 28-CT/TU cua Tinh uy"
    repaired = repair_text(text).text
    assert "184/KH-UBND" in repaired
    assert "07/12/2021" in repaired
    assert "28-CT/TU" in repaired
    assert repaired.startswith("Thực hiện Kế hoạch số 184/KH-UBND ngày 07/12/2021")


def test_it_restores_the_d_with_stroke_in_known_abbreviations_of_symbols():
    repaired = repair_text("Quyet dinh so 1520/QD-UBND cua Chu tich UBND tinh").text
    assert "1520/QĐ-UBND" in repaired


def test_it_preserves_abbreviations():
    repaired = repair_text("Tuyen truyen CCHC va chuyen doi so cua Bo KH&CN, UBND tinh va HDND tinh").text
    assert "CCHC" in repaired
    assert "KH&CN" in repaired
    assert "UBND" in repaired
    assert "HĐND" in repaired


def test_it_preserves_urls_and_email_addresses():
    text = "Nop ho so truc tuyen tai https://dichvucong.gov.vn/p/home hoac gui thu den vanthu@hoaan.gov.vn"
    repaired = repair_text(text).text
    assert "https://dichvucong.gov.vn/p/home" in repaired
    assert "vanthu@hoaan.gov.vn" in repaired
    assert repaired.startswith("Nộp hồ sơ trực tuyến tại")


def test_it_preserves_numbers_and_punctuation():
    text = "Ty le ho so dung han dat 99,5%; giam 1.200 gio cong (so voi nam 2023)."
    repaired = repair_text(text).text
    assert re.sub(r"[^\W\d_]+", "", repaired) == re.sub(r"[^\W\d_]+", "", text)


# --- OCR damage --------------------------------------------------------------------------


def test_it_repairs_an_ocr_title_with_wrong_marks():
    text = "KE HOACH\nTuyén truyén cai cich hanh chinh nim 2022 ctia UBND tinh"
    assert repair_text(text).text.endswith("Tuyên truyền cải cách hành chính năm 2022 của UBND tỉnh")


def test_it_repairs_a_digit_read_for_a_letter():
    text = "Nang cao nhén thirc, trach nhiém cta tap thé 1anh dao va cong chire"
    assert "tập thể lãnh đạo" in repair_text(text).text


def test_it_reports_a_high_damage_score_for_ocr_text():
    text = "Tuyén truyén cai cich hanh chinh nim 2022 ctia UBND tinh"
    assert repair_text(text).damaged_score > 0.5


# --- the command -------------------------------------------------------------------------


def test_the_command_prints_the_repaired_text(tmp_path, capsys):
    source = tmp_path / "plan.txt"
    source.write_text("Ke hoach tuyen truyen cai cach hanh chinh nam 2025\n", encoding="utf-8")
    assert repair_main([str(source)]) == 0
    assert capsys.readouterr().out == "Kế hoạch tuyên truyền cải cách hành chính năm 2025\n"


def test_the_command_prints_clean_text_unchanged(tmp_path, capsys):
    source = tmp_path / "clean.txt"
    source.write_text(CLEAN, encoding="utf-8")
    assert repair_main([str(source)]) == 0
    assert capsys.readouterr().out == CLEAN


def test_the_command_fails_clearly_on_a_missing_file(tmp_path, capsys):
    assert repair_main([str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cchc repair:")
    assert "Traceback" not in err


def test_the_command_fails_clearly_on_a_binary_file(tmp_path, capsys):
    source = tmp_path / "blob.txt"
    source.write_bytes(bytes(range(256)) * 4)
    assert repair_main([str(source)]) == 2
    assert capsys.readouterr().err.startswith("cchc repair:")


def test_the_command_fails_clearly_without_a_file_argument(capsys):
    assert repair_main([]) == 2
    assert "lỗi tham số" in capsys.readouterr().err


def test_the_console_script_runs_repair_without_django(tmp_path):
    source = tmp_path / "plan.txt"
    source.write_text("Ke hoach cai cach hanh chinh\n", encoding="utf-8")
    code = (
        "import sys; from cchc.cli import main; rc = main(['repair', sys.argv[1]]); "
        "assert 'django' not in sys.modules, 'repair imported Django'; sys.exit(rc)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(source)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "Kế hoạch cải cách hành chính\n"


# --- the model ---------------------------------------------------------------------------


def test_the_model_build_is_deterministic(tmp_path):
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    assert build_main(["--out", str(first)]) == 0
    assert build_main(["--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_the_shipped_model_is_small():
    model = REPO_ROOT / "src" / "cchc" / "ingest" / "repair" / "data" / "model.bin"
    assert model.stat().st_size < 4 * 1024 * 1024


# --- held-out corpus ---------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize("number", CLEAN_CORPUS_DOCS)
def test_it_leaves_a_clean_corpus_document_unchanged(number):
    text = corpus_doc(number).read_text(encoding="utf-8")
    assert repair_text(text).text == text


@pytest.mark.corpus
def test_it_restores_the_held_out_corpus_documents_to_the_measured_accuracy():
    docs = [str(corpus_doc(number)) for number in CLEAN_CORPUS_DOCS]
    if not SCORE_REPAIR.is_file():
        pytest.skip(f"the scoring tool is not at {SCORE_REPAIR}")
    command = f"{sys.executable} -m cchc.cli repair {{doc}}"
    out = subprocess.run(
        [sys.executable, str(SCORE_REPAIR), "--cmd", command, *docs],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    overall = float(re.search(r"overall restored ([0-9.]+)", out.stdout).group(1))
    assert overall >= CORPUS_ACCURACY, out.stdout


# --- the parser's entry point ------------------------------------------------------------


def _document(lines: list[str], table: list[list[str]] | None = None) -> SourceDocument:
    blocks: list = [TextLine(text=line) for line in lines]
    if table is not None:
        blocks.append(TableBlock(rows=table))
    return SourceDocument(name="plan.txt", source_format="text", blocks=blocks)


def test_the_parser_entry_point_repairs_lines_and_table_cells_and_records_it():
    document = _document(
        ["KE HOACH", "Tuyen truyen cai cach hanh chinh", "nam 2025 cua UBND tinh"],
        [["Nhiem vu", "Co quan chu tri"], ["Tuyen truyen ve dich vu cong truc tuyen", "So Noi vu"]],
    )
    result = repair_source_document(document)
    assert result is not None and result.changed_words > 0
    assert document.text_lines() == ["KẾ HOẠCH", "Tuyên truyền cải cách hành chính", "năm 2025 của UBND tỉnh"]
    assert document.blocks[-1].rows[1] == ["Tuyên truyền về dịch vụ công trực tuyến", "Sở Nội vụ"]
    assert document.meta["repair"]["changed_words"] == result.changed_words
    assert any("khôi phục" in warning for warning in document.warnings)


def test_the_parser_entry_point_leaves_a_clean_document_alone():
    document = _document(CLEAN.splitlines())
    assert repair_source_document(document) is None
    assert document.text_lines() == CLEAN.splitlines()
    assert "repair" not in document.meta
    assert document.warnings == []


def test_the_command_reads_a_docx_through_the_project_readers(tmp_path, capsys):
    from docx import Document

    document = Document()
    document.add_paragraph("KE HOACH")
    document.add_paragraph("Tuyen truyen cai cach hanh chinh nam 2025")
    path = tmp_path / "plan.docx"
    document.save(path)
    assert repair_main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "KẾ HOẠCH" in out
    assert "Tuyên truyền cải cách hành chính năm 2025" in out
