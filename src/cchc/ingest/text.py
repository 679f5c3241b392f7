"""Small text helpers shared by the readers and the parser (pure Python)."""

from __future__ import annotations

import re
import unicodedata

# Lines longer than this are cut before any regex sees them, so a pathological
# input (a megabyte on one line) cannot make a stage slow.
MAX_LINE_CHARS = 4000

# str.split() splits on exactly the characters re's \s matches; these two are not among them.
_INVISIBLE = ("\u200b", "\ufeff")
_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
_MD_MARKERS = re.compile(r"^\s*#{1,6}\s+|\*{1,3}|(?<!\w)_{2,3}|_{2,3}(?!\w)")

VIET_UPPER = "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴFJWZ"
VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    """One space between words, none at the ends."""
    # split/join is about three times faster than a regex substitution, and this runs on every line.
    if "\u200b" in text or "\ufeff" in text:
        for char in _INVISIBLE:
            text = text.replace(char, " ")
    return " ".join(text.split())


def guard(text: str) -> str:
    return text if len(text) <= MAX_LINE_CHARS else text[:MAX_LINE_CHARS]


_URL_FIRST = frozenset("hHwW")


def is_url_line(text: str) -> bool:
    # Every line is asked; most start with a letter no address starts with.
    stripped = text.lstrip()
    return stripped[:1] in _URL_FIRST and bool(_URL.match(stripped))


def strip_markdown(text: str) -> str:
    """Drop emphasis and heading markers that extraction to Markdown leaves behind."""
    if "*" not in text and "#" not in text and "__" not in text:
        return text
    return _MD_MARKERS.sub("", text)


def clean(text: str) -> str:
    return collapse(strip_markdown(guard(text)))


def is_upper_text(text: str, threshold: float = 0.85) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    return sum(1 for c in letters if c.isupper()) / len(letters) >= threshold


def starts_upper(text: str) -> bool:
    for char in text:
        if char.isalpha():
            return char.isupper()
        if char.isdigit():
            return True
        if char in '-–•+“"(':
            continue
        return False
    return False


def starts_lower(text: str) -> bool:
    text = text.lstrip()
    return bool(text) and text[0].isalpha() and text[0].islower()


def first_word(text: str) -> str:
    parts = text.split(None, 1)
    return parts[0] if parts else ""


def is_acronym(word: str) -> bool:
    """CCHC, UBND, KH&CN, TTHC: kept upper case when a heading is turned to sentence case."""
    core = word.strip('.,;:()“”"')
    if len(core) < 2 or not core.isupper():
        return False
    if "&" in core or "-" in core or any(ch.isdigit() for ch in core):
        return True
    lowered = core.lower()
    # A Vietnamese syllable is onset + vowel nucleus + coda; a run of consonants
    # (CCHC) or an impossible onset or coda (HĐND, UBND) marks an abbreviation.
    first_vowel = next((i for i, ch in enumerate(lowered) if ch in VOWELS), None)
    if first_vowel is None:
        return True
    last_vowel = max(i for i, ch in enumerate(lowered) if ch in VOWELS)
    onset, coda = lowered[:first_vowel], lowered[last_vowel + 1 :]
    return onset not in _ONSETS or coda not in _CODAS


_ONSETS = {
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gh",
    "gi",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "ngh",
    "nh",
    "p",
    "ph",
    "q",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
    "",
}
_CODAS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}


def sentence_case(text: str) -> str:
    """'TUYÊN TRUYỀN CCHC NĂM 2024' -> 'Tuyên truyền CCHC năm 2024' (only for all-caps input)."""
    if not is_upper_text(text):
        return text
    words = text.split()
    out = []
    for index, word in enumerate(words):
        if is_acronym(word):
            out.append(word)
        elif index == 0:
            out.append(word[:1].upper() + word[1:].lower())
        else:
            out.append(word.lower())
    return " ".join(out)


def title_word(word: str) -> str:
    return word[:1].upper() + word[1:].lower() if word else word
