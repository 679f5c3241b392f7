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
from dataclasses import dataclass

_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ı": "i"}
_WORD = re.compile(r"[0-9a-z]+")
# Longest query accepted; anything past it is ignored rather than refused.
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12


def fold_char(char: str) -> str:
    """One character folded: lower case, no marks, đ → d. May be empty (a lone combining mark)."""
    if char in _SPECIAL:
        return _SPECIAL[char]
    decomposed = unicodedata.normalize("NFD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPECIAL.get(base, base).lower()


def fold(text: str) -> str:
    """`text` lower-cased, without diacritics, đ → d; punctuation and spacing kept."""
    text = unicodedata.normalize("NFC", text or "")
    return "".join(fold_char(c) for c in text)


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
    origin: list[int]  # origin[i] = index in the original text of folded character i


def _fold_with_map(text: str) -> _Folded:
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        folded = fold_char(char)
        out.append(folded)
        origin.extend([i] * len(folded))
    return _Folded("".join(out), origin)


def _matches(folded: _Folded, original: str, wanted: list[str]) -> list[tuple[int, int]]:
    """(start, end) spans in the original text of words that begin with a wanted term."""
    spans = []
    for match in _WORD.finditer(folded.text):
        word = match.group()
        for term in wanted:
            if word.startswith(term):
                start = folded.origin[match.start()]
                end = folded.origin[match.start() + len(term) - 1] + 1
                # A term that covers the whole word covers its trailing combining marks too.
                while end < len(original) and unicodedata.combining(original[end]):
                    end += 1
                spans.append((start, end))
                break
    return spans


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


def snippet(text: str, query_or_terms: str | list[str], width: int = 240) -> str:
    """About `width` characters of `text` around the densest cluster of matches, HTML-escaped,
    matches in <mark>, "…" where text was cut. Without a match: the beginning of the text."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    wanted = query_terms(query_or_terms) if isinstance(query_or_terms, str) else query_or_terms
    spans = _matches(_fold_with_map(text), text, wanted)
    if len(text) <= width:
        return _marked(text, spans)
    start = 0
    if spans:
        # The window that holds the most distinct matched words wins; the earliest on ties.
        best, best_score = 0, -1
        for first, _end in spans:
            window_start = max(0, first - width // 4)
            inside = {text[s:e].lower() for s, e in spans if s >= window_start and e <= window_start + width}
            if len(inside) > best_score:
                best, best_score = window_start, len(inside)
        start = best
    end = min(len(text), start + width)
    # Cut on spaces, not inside a word.
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    inner = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    return ("…" if start > 0 else "") + _marked(text[start:end], inner) + ("…" if end < len(text) else "")
