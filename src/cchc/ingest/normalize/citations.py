"""Citations of other documents: "<loại> số <số/ký hiệu> ngày <ngày> của <cơ quan>".

Linear-time regexes only (no nested quantifiers over free text); the issuer clause
is cut by scanning words, not by backtracking."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from string import ascii_lowercase

from cchc.ingest.model import Citation
from cchc.ingest.text import collapse

DOC_TYPES = [
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Chỉ thị",
    "Kế hoạch",
    "Thông tư",
    "Công văn",
    "Văn bản",
    "Thông báo",
    "Hướng dẫn",
    "Chương trình",
    "Kết luận",
    "Đề án",
    "Luật",
    "Pháp lệnh",
    "Báo cáo",
    "Quy chế",
    "Quy định",
    "Lệnh",
]

# The type abbreviation a well-formed symbol carries for each type (ND 30/2020, Phụ lục I).
TYPE_CODES = {
    "Nghị quyết": "NQ",
    "Nghị định": "NĐ",
    "Quyết định": "QĐ",
    "Chỉ thị": "CT",
    "Kế hoạch": "KH",
    "Thông tư": "TT",
    "Thông báo": "TB",
    "Hướng dẫn": "HD",
    "Chương trình": "CTr",
    "Kết luận": "KL",
    "Đề án": "ĐA",
    "Báo cáo": "BC",
}

_TYPE_ALT = "|".join(re.escape(t) for t in DOC_TYPES)
_LETTER = "A-Za-zĐđ"
_SYMBOL = rf"\d{{1,5}}[{_LETTER}0-9/.&\-]{{0,40}}"
# No look-behind for "not inside a word" here: a pattern that opens with the type words
# lets the regex engine skip ahead by their first letters (several times faster);
# `_citation_matches` applies that check instead.
CITATION_RE = re.compile(rf"(?P<type>{_TYPE_ALT})\s+(?:(?:số|Số)\s*:?\s*)?(?P<number>{_SYMBOL})")
_WORD_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzĐđ")


def _citation_matches(text: str) -> Iterator[re.Match[str]]:
    """CITATION_RE's matches that do not start inside a word, as finditer would give them."""
    position = 0
    search = CITATION_RE.search
    while (match := search(text, position)) is not None:
        start = match.start()
        if start > 0 and text[start - 1] in _WORD_LETTERS:
            position = start + 1
            continue
        yield match
        position = match.end()


_DATE_NUMERIC = re.compile(r"\s*(?:ngày|ngay)\s+(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_DATE_WORDS = re.compile(r"\s*(?:ngày|ngay)\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_ISSUER_START = re.compile(r"\s*,?\s*(?:của|do)\s+")
_SPACED_DASH = re.compile(rf"(/[{_LETTER}]{{1,12}})\s*-\s+([A-ZĐ])|(/[{_LETTER}]{{1,12}})\s+-\s*([A-ZĐ])")
_WELL_FORMED = re.compile(
    rf"\d{{1,5}}(?:/\d{{4}})?/[A-ZĐ][{_LETTER}&]*\d*(?:-[A-ZĐ][{_LETTER}&]*\d*)*|\d{{1,5}}-[A-ZĐ][{_LETTER}]*/[A-ZĐ][{_LETTER}]*"
)
_ISSUER_STOP_WORDS = {
    "về",
    "ban",
    "v/v",
    "quy",
    "hướng",
    "để",
    "đã",
    "được",
    "tại",
    "trong",
    "nhằm",
    "theo",
    "có",
    "với",
    "thực",
    "và",
    "số",
    "ngày",
    "là",
    "đến",
    "cho",
    "phê",
    "sửa",
    "giai",
    "năm",
}
_ISSUER_KEEP_AFTER_BAN = {
    "nhân",
    "mặt",
    "thường",
    "chấp",
    "chỉ",
    "quản",
    "tổ",
    "tuyên",
    "dân",
    "nội",
    "kinh",
    "văn",
    "an",
    "thi",
}
_PUNCT_STOP = set(';,.:()[]"“”')


def normalize_symbol_text(text: str) -> str:
    """'22/2020/QĐ - UBND' -> '22/2020/QĐ-UBND' (only inside a symbol)."""
    if " -" not in text and "- " not in text:
        return text
    return _SPACED_DASH.sub(lambda m: (m.group(1) or m.group(3)) + "-" + (m.group(2) or m.group(4)), text)


_BROKEN_SYMBOL_END = re.compile(rf"\d[{_LETTER}0-9/.&]*[/\-]$")


def join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines with one space, but a symbol broken at its hyphen or
    slash ('1521/QĐ-' + 'TTg') is joined without one."""
    # Pieces collected in a list and joined once: adding to one growing string is
    # quadratic on a long document. `tail` holds the end the broken-symbol check reads.
    pieces: list[str] = []
    tail = ""
    for line in lines:
        line = collapse(line)
        if not line:
            continue
        if not pieces:
            pieces.append(line)
            tail = line[-45:]
            continue
        if tail[-1] in "/-" and line[:1].isalnum() and _BROKEN_SYMBOL_END.search(tail):
            pieces.append(line)
            tail = (tail + line)[-45:]
        else:
            pieces.append(" ")
            pieces.append(line)
            tail = (tail + " " + line)[-45:]
    return "".join(pieces)


def parse_date(day: str, month: str, year: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _strip_symbol(symbol: str) -> str:
    return symbol.rstrip(".-/&")


def check_symbol(doc_type: str, number: str) -> tuple[bool, str | None]:
    """(malformed, suggested_number). A symbol is malformed when it does not follow
    '<số>[/<năm>]/<loại>-<cơ quan>' or '<số>-<loại>/<cơ quan>'."""
    code = TYPE_CODES.get(doc_type)
    if _WELL_FORMED.fullmatch(number):
        if code and "/" in number and not re.match(r"\d+-", number):
            segment = number.split("/")[-1].split("-")[0]
            if segment != code and segment.startswith(code) and "-" not in number.split("/")[-1]:
                rest = number.split("/")[-1][len(code) :]
                prefix = number[: len(number) - len(number.split("/")[-1])]
                return True, f"{prefix}{code}-{rest}"
        return False, None
    match = re.fullmatch(rf"(\d{{1,5}})([A-ZĐ][{_LETTER}&]*(?:-[A-ZĐ][{_LETTER}&]*)*)", number)
    if match:
        digits, rest = match.groups()
        # A dropped '/' is often read as a '1' by a typist or OCR ("7521QĐ" for "752/QĐ").
        if len(digits) >= 3 and digits.endswith("1"):
            return True, f"{digits[:-1]}/{rest}"
        return True, f"{digits}/{rest}"
    return True, None


ISSUER_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^thủ tướng", re.I), "Thủ tướng Chính phủ"),
    (re.compile(r"^chính phủ", re.I), "Chính phủ"),
    (re.compile(r"^quốc hội", re.I), "Quốc hội"),
    (re.compile(r"^ủy ban thường vụ quốc hội|^uỷ ban thường vụ quốc hội", re.I), "Ủy ban Thường vụ Quốc hội"),
    (re.compile(r"^ban thường vụ tỉnh\s*ủy|^ban thường vụ tỉnh\s*uỷ", re.I), "Ban Thường vụ Tỉnh ủy"),
    (re.compile(r"^ban thường vụ thành\s*ủy|^ban thường vụ thành\s*uỷ", re.I), "Ban Thường vụ Thành ủy"),
    (re.compile(r"^ban thường vụ huyện\s*ủy|^ban thường vụ huyện\s*uỷ", re.I), "Ban Thường vụ Huyện ủy"),
    (re.compile(r"^ban chấp hành đảng bộ (tỉnh|thành phố|huyện)", re.I), "Ban Chấp hành Đảng bộ {0}"),
    (re.compile(r"^ban chấp hành trung ương", re.I), "Ban Chấp hành Trung ương"),
    (re.compile(r"^bộ chính trị", re.I), "Bộ Chính trị"),
    (re.compile(r"^tỉnh\s*[uủ][ỷy]", re.I), "Tỉnh ủy"),
    (
        re.compile(
            r"^chủ tịch (?:ubnd|ủy ban nhân dân|uỷ ban nhân dân) (tỉnh|huyện|xã|thành phố|thị xã|thị trấn|quận|phường)",
            re.I,
        ),
        "Chủ tịch UBND {0}",
    ),
    (
        re.compile(
            r"^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân) (tỉnh|huyện|xã|thành phố|thị xã|thị trấn|quận|phường)",
            re.I,
        ),
        "UBND {0}",
    ),
    (
        re.compile(
            r"^(?:hđnd|hội đồng nhân dân) (tỉnh|huyện|xã|thành phố|thị xã|thị trấn|quận|phường)", re.I
        ),
        "HĐND {0}",
    ),
]

# Issuers implied by a symbol's last code when the text names none.
SYMBOL_ISSUERS = {"TTg": "Thủ tướng Chính phủ", "CP": "Chính phủ", "QH": "Quốc hội"}


def canonical_issuer(text: str | None) -> str | None:
    if not text:
        return None
    text = collapse(text)
    for pattern, label in ISSUER_RULES:
        match = pattern.search(text)
        if match:
            return label.format(*(g.lower() for g in match.groups()))
    return text


def issuer_from_symbol(number: str) -> str | None:
    code = re.split(r"[-/]", number)[-1]
    code = re.sub(r"\d+$", "", code)
    return SYMBOL_ISSUERS.get(code)


def _issuer_clause(text: str, start: int) -> tuple[str | None, int]:
    """The words after 'của' up to the subject ('về …', 'ban hành …') or punctuation."""
    match = _ISSUER_START.match(text, start, start + 12)
    if not match:
        return None, start
    pos = match.end()
    words: list[str] = []
    end = pos
    limit = min(len(text), pos + 120)
    index = pos
    while index < limit and len(words) < 12:
        while index < limit and text[index] == " ":
            index += 1
        word_start = index
        while index < limit and text[index] != " " and text[index] not in _PUNCT_STOP:
            index += 1
        word = text[word_start:index]
        if not word:
            break
        lowered = word.lower()
        if words and lowered in _ISSUER_STOP_WORDS:
            if (
                lowered == "ban"
                and text[index + 1 : index + 12].split(" ", 1)[0].lower() in _ISSUER_KEEP_AFTER_BAN
            ):
                pass
            else:
                break
        words.append(word)
        end = index
        if index < limit and text[index] in _PUNCT_STOP:
            break
    if not words:
        return None, start
    return " ".join(words), end


def find_citations(text: str, role: str = "basis", offset: int = 0) -> list[tuple[int, Citation]]:
    """Every numbered document cited in `text` (already joined and symbol-normalized)."""
    found: list[tuple[int, Citation]] = []
    for match in _citation_matches(text):
        doc_type = match.group("type")
        number = _strip_symbol(match.group("number"))
        if not re.search(rf"[{_LETTER}]", number) or re.fullmatch(
            r"\d{1,5}[/.\-]\d{1,2}[/.\-]\d{2,4}", number
        ):
            continue
        end = match.start("number") + len(number)
        date = None
        date_match = _DATE_NUMERIC.match(text, end) or _DATE_WORDS.match(text, end)
        if date_match:
            date = parse_date(*date_match.groups())
            end = date_match.end()
        issuer_text, issuer_end = _issuer_clause(text, end)
        if issuer_text:
            end = issuer_end
        raw = collapse(text[match.start() : end]).rstrip(",;:")
        malformed, suggestion = check_symbol(doc_type, number)
        issuer = canonical_issuer(issuer_text) if issuer_text else issuer_from_symbol(number)
        found.append(
            (
                offset + match.start(),
                Citation(
                    raw=raw,
                    doc_type=doc_type,
                    number=number,
                    date=date,
                    issuer=issuer,
                    role=role,
                    malformed=malformed,
                    suggested_number=suggestion,
                ),
            )
        )
    taken = [(start - offset, start - offset + len(c.raw)) for start, c in found]
    found += [(offset + start, c) for start, c in find_citations_plain(text, role, taken)]
    found.sort(key=lambda item: item[0])
    return found


_PLAIN_TYPES = {
    "ke hoach": "Kế hoạch",
    "quyet dinh": "Quyết định",
    "nghi quyet": "Nghị quyết",
    "nghi dinh": "Nghị định",
    "chi thi": "Chỉ thị",
    "thong tu": "Thông tư",
    "cong van": "Công văn",
    "thong bao": "Thông báo",
    "huong dan": "Hướng dẫn",
}
# A citation in unaccented lower-case text (see `_folding_table`).
_FOLDED_CITATION_RE = re.compile(
    r"(?<![A-Za-z])(?P<type>"
    + "|".join(_PLAIN_TYPES)
    + r")\s+(?:(?:so|s[0-9ob]?)\s*:?\s*)?(?P<number>"
    + _SYMBOL
    + ")"
)


def _deaccent_table() -> list[str]:
    """Indexed by code point up to the end of Latin Extended Additional. Every
    character in that span has an entry, even when it maps to itself: `str.translate`
    pays for an exception on each character its table lacks. Characters past the end
    raise IndexError, which `translate` reads as "unchanged"."""
    table = [chr(code) for code in range(0x1F00)]
    table[ord("đ")], table[ord("Đ")] = "d", "D"
    for code in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and len(base) == 1:
            table[code] = base
    return table


_DEACCENT = _deaccent_table()


def deaccent(text: str) -> str:
    """Same length as `text`, diacritics removed ('Kế hoạch' -> 'Ke hoach'), so positions carry over."""
    return text.translate(_DEACCENT)


@cache
def _folding_table() -> list[str]:
    """`_DEACCENT`, then every letter that the case-blind plain pattern reads as an ASCII
    letter turned into that letter in lower case ('Ế' -> 'e', the Kelvin sign -> 'k').
    Matching a case-sensitive pattern on text folded this way finds what a case-blind
    one finds on deaccented text, several times faster. Built on first use (a few
    milliseconds), not at import."""
    table = [_DEACCENT[code] if code < len(_DEACCENT) else chr(code) for code in range(0x2130)]
    for code, char in enumerate(table):
        if char.isascii():
            table[code] = char.lower()
        elif _ANY_ASCII_LETTER.fullmatch(char):  # the few such as 'ſ' and 'ı'
            table[code] = next(
                letter for letter in ascii_lowercase if re.fullmatch(letter, char, re.IGNORECASE)
            )
    return table


_ANY_ASCII_LETTER = re.compile(r"[a-z]", re.IGNORECASE)


def _ocr_symbol(number: str) -> str:
    """Text that lost its diacritics prints the type code QĐ as QD (and NĐ as ND)."""
    return re.sub(r"(?<=/)(Q|N)D(?=-|$)", lambda m: m.group(1) + "Đ", number)


def find_citations_plain(text: str, role: str, taken: list[tuple[int, int]]) -> list[tuple[int, Citation]]:
    """Citations in text whose diacritics were lost (OCR): matched on an unaccented copy."""
    found: list[tuple[int, Citation]] = []
    plain = None  # the deaccented text, made only when a date is to be read from it
    covered = bytearray(len(text) + 1)
    for start, end in taken:
        covered[max(0, start) : max(0, end)] = b"\x01" * (max(0, end) - max(0, start))
    for match in _FOLDED_CITATION_RE.finditer(text.translate(_folding_table())):
        if covered[match.start()]:
            continue
        number = _ocr_symbol(_strip_symbol(text[match.start("number") : match.end("number")]))
        if not re.search(rf"[{_LETTER}]", number) or "/" not in number and "-" not in number:
            continue
        end = match.start("number") + len(match.group("number").rstrip(".-/&"))
        date = None
        if plain is None:
            plain = deaccent(text)
        date_match = _DATE_NUMERIC.match(plain, end)
        if date_match:
            date = parse_date(*date_match.groups())
            end = date_match.end()
        doc_type = _PLAIN_TYPES[match.group("type")]
        malformed, suggestion = check_symbol(doc_type, number)
        found.append(
            (
                match.start(),
                Citation(
                    raw=collapse(text[match.start() : end]),
                    doc_type=doc_type,
                    number=number,
                    date=date,
                    issuer=issuer_from_symbol(number),
                    role=role,
                    malformed=malformed,
                    suggested_number=suggestion,
                ),
            )
        )
    return found


def number_key(number: str) -> str:
    return re.sub(r"\s+", "", number).casefold().replace("đ", "d")


def merge_citations(citations: Iterable[Citation]) -> list[Citation]:
    """De-duplicate by number in order of first appearance. A malformed symbol whose
    likely reading is cited correctly elsewhere gives way to the correct one."""
    citations = list(citations)
    good_keys = {number_key(c.number) for c in citations if c.number and not c.malformed}
    by_key: dict[str, Citation] = {}
    out: list[Citation] = []
    for citation in citations:
        if not citation.number:
            continue
        if (
            citation.malformed
            and citation.suggested_number
            and number_key(citation.suggested_number) in good_keys
        ):
            continue
        key = number_key(citation.number)
        existing = by_key.get(key)
        if existing is not None:
            existing.date = existing.date or citation.date
            existing.issuer = existing.issuer or citation.issuer
            continue
        by_key[key] = citation
        out.append(citation)
    return out
