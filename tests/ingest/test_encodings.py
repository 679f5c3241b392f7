"""Legacy Vietnamese encodings (TCVN3, VNI, VISCII, decomposed Windows-1258) are detected
and converted to NFC Unicode; Unicode and non-Vietnamese text are left as they are."""

from __future__ import annotations

import unicodedata

import pytest

from cchc.ingest.encodings import (
    LEGACY_ENCODINGS,
    detect_legacy_encoding,
    encode_legacy,
    encoding_for_font,
    is_capitals_font,
    to_unicode,
)

# Our own sentence, with every vowel family, both đ cases and tones on capitals.
SENTENCE = (
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2031; "
    "người dân được hướng dẫn thủ tục trực tuyến, quyền và nghĩa vụ ưu tiên, khuyến khích "
    "doanh nghiệp gửi hồ sơ qua bưu điện. ĐỘC LẬP - TỰ DO - HẠNH PHÚC. Đoàn thanh niên ủng hộ."
)


def tcvn3_expected(text: str) -> str:
    """TCVN3 has no capitals with tones (a .VnTimeH font draws lowercase bytes as capitals)."""
    return "".join(
        c.lower() if unicodedata.normalize("NFD", c) != c and c.isupper() and c not in "ĂÂÊÔƠƯĐ" else c
        for c in text
    )


@pytest.mark.parametrize("encoding", ["vni", "viscii", "cp1258"])
def test_it_converts_each_legacy_encoding_back_to_the_same_unicode(encoding):
    assert to_unicode(encode_legacy(SENTENCE, encoding)) == SENTENCE


def test_it_converts_tcvn3_back_with_capitals_lowered_as_the_bytes_say():
    assert to_unicode(encode_legacy(SENTENCE, "tcvn3")) == tcvn3_expected(SENTENCE)


def test_it_restores_capitals_for_tcvn3_text_set_in_a_capitals_font():
    capitals = "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"
    assert to_unicode(encode_legacy(capitals, "tcvn3"), "tcvn3", uppercase=True) == capitals


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_it_detects_each_legacy_encoding_from_bytes(encoding):
    assert detect_legacy_encoding(encode_legacy(SENTENCE, encoding)) == encoding


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_it_detects_legacy_text_kept_as_windows_1252_characters_in_a_docx(encoding):
    as_docx_keeps_it = encode_legacy(SENTENCE, encoding).decode("cp1252", errors="replace")
    assert detect_legacy_encoding(as_docx_keeps_it) == encoding
    assert unicodedata.is_normalized("NFC", to_unicode(as_docx_keeps_it))


def test_it_composes_decomposed_tones_into_nfc():
    decomposed = encode_legacy(SENTENCE, "cp1258").decode("cp1258")
    assert decomposed != SENTENCE
    assert detect_legacy_encoding(decomposed) == "cp1258"
    assert to_unicode(decomposed) == SENTENCE


def test_it_reads_a_well_known_tcvn3_phrase():
    # "Uû ban nh©n d©n tØnh" is how .VnTime text looks when the font is missing.
    assert to_unicode(b"U\xfb ban nh\xa9n d\xa9n t\xd8nh") == "Uỷ ban nhân dân tỉnh"


def test_it_reads_a_well_known_vni_phrase():
    assert to_unicode("UÛy ban nhaân daân tænh Höng Yeân") == "Ủy ban nhân dân tỉnh Hưng Yên"


@pytest.mark.parametrize(
    "text",
    [
        SENTENCE,
        "The quick brown fox jumps over the lazy dog.",
        "café, naïve, résumé, Ångström",
        "",
        "12/KH-UBND",
    ],
)
def test_it_leaves_unicode_and_foreign_text_unchanged(text):
    assert detect_legacy_encoding(text) is None
    assert to_unicode(text) == text


def test_it_leaves_utf8_bytes_as_their_text():
    assert detect_legacy_encoding(SENTENCE.encode("utf-8")) is None
    assert to_unicode(SENTENCE.encode("utf-8")) == SENTENCE


def test_it_rejects_an_unknown_encoding_name():
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        to_unicode("abc", "koi8-r")


def test_it_recognises_tcvn3_capitals_fonts_by_name():
    assert is_capitals_font(".VnTimeH")
    assert not is_capitals_font(".VnTime")
    assert not is_capitals_font("Times New Roman")


@pytest.mark.parametrize(
    ("font_name", "encoding"),
    [
        (".VnTime", "tcvn3"),
        (".VnArialH", "tcvn3"),
        ("VNI-Times", "vni"),
        ("VISCII Times", "viscii"),
        ("Times New Roman", None),
        (None, None),
    ],
)
def test_it_tells_the_legacy_encoding_from_a_font_name(font_name, encoding):
    assert encoding_for_font(font_name) == encoding
