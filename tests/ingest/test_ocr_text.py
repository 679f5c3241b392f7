"""Plans read by an OCR engine that did not know Vietnamese: stray marks inside words,
heading numerals read as letters, a signature block broken up by the recipients list,
and an issuer that the body names only by its level."""

from __future__ import annotations

from pathlib import Path

from cchc.ingest.pipeline import parse_file
from cchc.ingest.repair.ocr import clean_ocr_marks

FIXTURES = Path(__file__).parent / "fixtures" / "text"


def test_it_drops_an_apostrophe_the_engine_put_inside_a_word():
    assert clean_ocr_marks("TO CHUC THU'C HIEN") == "TO CHUC THUC HIEN"


def test_it_drops_an_apostrophe_left_after_a_word_before_a_space():
    assert clean_ocr_marks("4. So' Noi vu chu tri") == "4. So Noi vu chu tri"


def test_it_keeps_quotes_that_are_not_inside_words():
    text = "Chuyen muc 'Cai cach hanh chinh' tren bao"
    assert clean_ocr_marks(text) == text


def test_it_reads_a_heading_numeral_whose_last_letter_came_out_as_l():
    assert clean_ocr_marks("IL POI TUONG TUYEN TRUYEN") == "II. POI TUONG TUYEN TRUYEN"


def test_it_leaves_a_sentence_starting_with_a_numeral_like_word_alone():
    text = "Il y a des mots etrangers dans cette ligne"
    assert clean_ocr_marks(text) == text


def test_it_keeps_the_line_breaks_one_to_one():
    text = "I. MUC DICH\nIL NOI DUNG\nIII. TO CHU'C"
    assert clean_ocr_marks(text).count("\n") == text.count("\n")


def test_it_finds_every_roman_heading_of_an_ocr_plan_with_marks_restored():
    plan = parse_file(FIXTURES / "ocr_headings_marks.txt")
    assert [s.heading for s in plan.sections if s.level == 1] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. ĐỐI TƯỢNG, NỘI DUNG TUYÊN TRUYỀN",
        "III. TỔ CHỨC THỰC HIỆN",
        "IV. KINH PHÍ THỰC HIỆN",
    ]


def test_it_finds_the_signer_name_after_the_recipients_list():
    plan = parse_file(FIXTURES / "ocr_signer_after_recipients.txt")
    assert plan.signer is not None
    assert plan.signer.name == "Trần Minh Khoa"
    assert plan.signer.authority == "TM."


def test_it_completes_an_issuer_named_only_by_its_level_with_the_province():
    plan = parse_file(FIXTURES / "ocr_issuer_level_only.txt")
    assert plan.issuer == "Ủy ban nhân dân tỉnh Hòa Phong"
