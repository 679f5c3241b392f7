"""Text keys for matching agency names.

Plans spell the same body many ways ("Sở TT&TT", "Sở Thông tin và Truyền thông tỉnh Hưng Yên",
"Đài Phát thanh - Truyền hình", "UỶ BAN"). A key expands the usual abbreviations, case-folds,
unifies old and new tone placement and drops punctuation and the connector "và", so that those
spellings meet on one string. A second, folded key also drops diacritics for OCR text.

Pure Python: the parser in cchc.ingest reuses these helpers without Django.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"

# Longest first, so "ĐVSNCL" is expanded before "SNCL" and "UBMTTQ" before "MTTQ".
ABBREVIATIONS: dict[str, str] = {
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "LĐ-TBXH": "Lao động - Thương binh và Xã hội",
    "LĐTB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTBXH": "Lao động - Thương binh và Xã hội",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "VH,TT&DL": "Văn hóa, Thể thao và Du lịch",
    "VHTT&DL": "Văn hóa, Thể thao và Du lịch",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "ĐVSNCL": "đơn vị sự nghiệp công lập",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "KSTTHC": "Kiểm soát thủ tục hành chính",
    "TT&TT": "Thông tin và Truyền thông",
    "KH&CN": "Khoa học và Công nghệ",
    "KH&ĐT": "Kế hoạch và Đầu tư",
    "PT-TH": "Phát thanh và Truyền hình",
    "PT&TH": "Phát thanh và Truyền hình",
    "TN&MT": "Tài nguyên và Môi trường",
    "NN&MT": "Nông nghiệp và Môi trường",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "CT-XH": "chính trị - xã hội",
    "HLHPN": "Hội Liên hiệp Phụ nữ",
    "PVHCC": "Phục vụ hành chính công",
    "TTTT": "Thông tin và Truyền thông",
    "KHCN": "Khoa học và Công nghệ",
    "KHĐT": "Kế hoạch và Đầu tư",
    "PTTH": "Phát thanh và Truyền hình",
    "TNMT": "Tài nguyên và Môi trường",
    "GDĐT": "Giáo dục và Đào tạo",
    "GTVT": "Giao thông vận tải",
    "SNCL": "sự nghiệp công lập",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "CCHC": "cải cách hành chính",
    "TTHC": "thủ tục hành chính",
    "LĐLĐ": "Liên đoàn Lao động",
    "CCB": "Cựu chiến binh",
    "TP.": "thành phố",
    "TP": "thành phố",
    "TX.": "thị xã",
    "TX": "thị xã",
}

_ABBREVIATION_RE = re.compile(
    r"(?<![\w&])("
    + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w&])",
    re.IGNORECASE,
)
_ABBREVIATION_LOOKUP = {a.casefold(): full for a, full in ABBREVIATIONS.items()}

# Old-style tone placement ("uỷ", "hoà") next to the modern one ("ủy", "hòa").
_TONE_PLACEMENT = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
# Only at the end of a syllable: "hoà" is "hòa", but "đoàn" and "toàn" are already right.
_TONE_RE = re.compile("(" + "|".join(_TONE_PLACEMENT) + r")(?![^\W\d_])")
_PUNCTUATION_RE = re.compile(r"[,;:.()\[\]\-–—&/\"'“”‘’*+]")
_SPACES_RE = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFC, one space between words, "..." as "…", trailing punctuation and leading dashes removed."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("...", ELLIPSIS)
    text = _SPACES_RE.sub(" ", text).strip()
    text = text.lstrip("-–—•+* ").rstrip(" .;:,")
    return text


def expand_abbreviations(text: str) -> tuple[str, bool]:
    """The text with known abbreviations written out, and whether anything was expanded."""
    expanded = False

    def _sub(match: re.Match) -> str:
        nonlocal expanded
        expanded = True
        return " " + _ABBREVIATION_LOOKUP[match.group(1).casefold()] + " "

    return _ABBREVIATION_RE.sub(_sub, text), expanded


def key(text: str) -> str:
    """The comparison key: abbreviations expanded, case-folded, no punctuation, no "và"."""
    return key_with_flag(text)[0]


def key_with_flag(text: str) -> tuple[str, bool]:
    text, expanded = expand_abbreviations(clean(text))
    text = unicodedata.normalize("NFC", text).casefold()
    text = _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group(0)], text)
    text = text.replace(ELLIPSIS, f" {ELLIPSIS} ")
    text = _PUNCTUATION_RE.sub(" ", text)
    words = [w for w in text.split() if w != "và"]
    return " ".join(words), expanded


def fold(text_key: str) -> str:
    """Diacritics removed (with đ→d, which Unicode does not decompose) for OCR-damaged text."""
    text_key = text_key.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text_key)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


_PROVINCE_SUFFIXES = (" tỉnh hưng yên", " hưng yên", " tỉnh")


def variants(text_key: str) -> set[str]:
    """The key and its forms without a trailing "tỉnh Hưng Yên" / "Hưng Yên" / "tỉnh".

    A suffix is only dropped when at least two words remain, so "Báo Hưng Yên" never
    shrinks to the bare word "báo"."""
    found = {text_key}
    for suffix in _PROVINCE_SUFFIXES:
        if text_key.endswith(suffix):
            rest = text_key[: -len(suffix)]
            if len(rest.split()) >= 2:
                found.add(rest)
    return found
