"""Vietnamese text folding, query parsing and highlighting. Pure Python, no Django, so the
same rules serve both database backends, the command line and the tests.

Folding drops the tone and vowel marks ("cải cách" → "cai cach") and turns đ/Đ into d:
đ is a letter of its own, not a letter with a mark, so Unicode decomposition leaves it alone
and it has to be mapped explicitly ("đường" → "duong").
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ı": "i"}
_WORD = re.compile(r"[0-9a-z]+")
# Longest query accepted; anything past it is ignored rather than refused.
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12
# A snippet is taken from the beginning of a text, this long at most.
SNIPPET_SCAN_CHARS = 20_000


def _fold_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    decomposed = unicodedata.normalize("NFD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPECIAL.get(base, base).lower()


class _FoldTable(dict):
    """code point → folded string, filled on first use, for str.translate (which runs in C).
    `irregular` holds the characters that do not fold to exactly one character (combining
    marks fold to nothing, a few letters to two): text without them folds position by position."""

    def __init__(self):
        super().__init__()
        self.irregular: set[str] = set()
        self.irregular_pattern = re.compile("(?!)")  # matches nothing until one is seen

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _fold_char(char)
        if len(folded) != 1:
            self.irregular.add(char)
            self.irregular_pattern = re.compile("[" + "".join(map(re.escape, sorted(self.irregular))) + "]")
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold_char(char: str) -> str:
    """One character folded: lower case, no marks, đ → d. May be empty (a lone combining mark)."""
    return _TABLE[ord(char)]


def fold(text: str) -> str:
    """`text` lower-cased, without diacritics, đ → d; punctuation and spacing kept."""
    return unicodedata.normalize("NFC", text or "").translate(_TABLE)


def terms(text: str) -> list[str]:
    """The folded words of `text` (letters and digits only), in order."""
    return _WORD.findall(fold(text))


def index_text(text: str) -> str:
    """What the index stores: the folded words separated by single spaces. Both SQLite's
    unicode61 tokenizer and PostgreSQL's 'simple' parser split it into exactly these words,
    so "76/NQ-CP" is the same three words everywhere."""
    return " ".join(terms(text))


def query_terms(query: str) -> list[str]:
    """The distinct folded words of a query, in order, at most MAX_QUERY_TERMS."""
    seen: list[str] = []
    for term in terms((query or "")[:MAX_QUERY_CHARS]):
        if term not in seen:
            seen.append(term)
    return seen[:MAX_QUERY_TERMS]


def query_words(query: str) -> list[str]:
    """The words of a query lower-cased but NOT folded, for PostgreSQL to fold with unaccent.
    Only words that fold to plain letters and digits are kept, so none can carry tsquery syntax."""
    text = unicodedata.normalize("NFC", (query or "")[:MAX_QUERY_CHARS]).lower()
    words: list[str] = []
    for word in re.findall(r"[^\W_]+", text):
        if word not in words and re.fullmatch(r"[0-9a-z]+", fold(word)):
            words.append(word)
    return words[:MAX_QUERY_TERMS]


# --- highlighting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Folded:
    text: str  # folded text
    origin: Sequence[int]  # origin[i] = index in the original text of folded character i


def _fold_with_map(text: str) -> _Folded:
    folded = text.translate(_TABLE)
    if _TABLE.irregular_pattern.search(text) is None:
        # Every character folded to exactly one: positions are the same in both texts.
        return _Folded(folded, range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        piece = _TABLE[ord(char)]
        out.append(piece)
        origin.extend([i] * len(piece))
    return _Folded("".join(out), origin)


@lru_cache(maxsize=256)
def _term_pattern(wanted: tuple[str, ...]) -> re.Pattern:
    # A term matches at the start of a folded word; on a word that starts with several terms
    # the first in query order wins (alternation tries them in order). Group n is term n-1.
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(f"({re.escape(term)})" for term in wanted) + ")")


def _term_spans(folded: _Folded, original: str, wanted: list[str]) -> Iterator[tuple[int, int, int]]:
    """(start, end, term number) in the original text of each word that begins with a term,
    in order, found as they are asked for."""
    wanted = tuple(dict.fromkeys(term for term in wanted if term))
    if not wanted:
        return
    origin, length = folded.origin, len(original)
    for match in _term_pattern(wanted).finditer(folded.text):
        start = origin[match.start()]
        end = origin[match.end() - 1] + 1
        # A term that covers the whole word covers its trailing combining marks too.
        while end < length and unicodedata.combining(original[end]):
            end += 1
        yield start, end, match.lastindex - 1


def _matches(folded: _Folded, original: str, wanted: list[str]) -> list[tuple[int, int]]:
    """(start, end) spans in the original text of words that begin with a wanted term."""
    return [(start, end) for start, end, _term in _term_spans(folded, original, wanted)]


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in spans:
        if start < last:
            continue
        out.append(html.escape(text[last:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def highlight(text: str, query_or_terms: str | list[str]) -> str:
    """The whole `text`, HTML-escaped, with the words matching the query in <mark>."""
    text = unicodedata.normalize("NFC", text or "")
    wanted = query_terms(query_or_terms) if isinstance(query_or_terms, str) else query_or_terms
    return _marked(text, _matches(_fold_with_map(text), text, wanted))


def _window(found: Iterator[tuple[int, int, int]], terms: int, width: int) -> tuple[int, list]:
    """Where the window of `width` characters that holds the most distinct query terms starts,
    and the matches read so far (at least those up to the window's end). Each candidate window
    begins a quarter width before a match; the earliest wins ties, and the first one holding
    all `terms` ends the search, so a text full of matches is not read to its end. Spans are
    ordered and do not overlap: both edges of the window only move forward."""
    spans: list[tuple[int, int, int]] = []

    def have(index: int) -> bool:
        while len(spans) <= index:
            nxt = next(found, None)
            if nxt is None:
                return False
            spans.append(nxt)
        return True

    inside = [0] * terms
    counted: list[bool] = []
    covered, best, best_score = 0, 0, -1
    low = high = current = 0
    while have(current):
        window_start = max(0, spans[current][0] - width // 4)
        window_end = window_start + width
        while have(high) and spans[high][1] <= window_end:
            counted.append(spans[high][0] >= window_start)
            if counted[high]:
                term = spans[high][2]
                inside[term] += 1
                covered += inside[term] == 1
            high += 1
        while low < high and spans[low][0] < window_start:
            if counted[low]:
                term = spans[low][2]
                inside[term] -= 1
                covered -= inside[term] == 0
            low += 1
        if covered > best_score:
            best, best_score = window_start, covered
            if covered == terms:
                break
        current += 1
    have(high)  # one past the window: everything that can show in it is read
    return best, spans


def snippet(text: str, query_or_terms: str | list[str], width: int = 240) -> str:
    """About `width` characters of `text` around the matches (the first stretch holding the
    most of the query's words), HTML-escaped, matches in <mark>, "…" where text was cut.
    Without a match: the beginning of the text. Only the first SNIPPET_SCAN_CHARS characters
    are looked at, so a long plan costs no more than a short one."""
    source = text or ""
    cut = len(source) > SNIPPET_SCAN_CHARS
    text = " ".join(unicodedata.normalize("NFC", source[:SNIPPET_SCAN_CHARS]).split())
    wanted = query_terms(query_or_terms) if isinstance(query_or_terms, str) else query_or_terms
    wanted = list(dict.fromkeys(term for term in wanted if term))
    found = _term_spans(_fold_with_map(text), text, wanted)
    if len(text) <= width and not cut:
        return _marked(text, [(s, e) for s, e, _term in found])
    start, spans = _window(found, len(wanted), width)
    end = min(len(text), start + width)
    # Cut on spaces, not inside a word.
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    inner = [(s - start, e - start) for s, e, _term in spans if s >= start and e <= end]
    more = end < len(text) or cut
    return ("…" if start > 0 else "") + _marked(text[start:end], inner) + ("…" if more else "")
