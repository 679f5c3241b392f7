"""Cells of table rows that an OCR flattened without column separators.

A scanned table read line by line gives, on each text line, pieces of several
cells one after the other, with no '|' between them and with stray marks from
the rules ("Xây dựng kế hoạch A , s Sở Nội vụ Các cơ quan liên quan Thường").
Each cell is centred in its row, so the STT stands on a middle line and a tall
cell starts above it. `split_band` takes the lines of one row (a band) and gives
every piece of every line a column, in the header's column order:

* noise (single letters, symbols, consonant clusters left by the table rules) is
  dropped and counts as a likely gap between columns;
* on each line the pieces are cut into spans, one column per span, columns
  increasing from left to right (a line may skip columns);
* a span that opens a cell is scored by what cells of that column start with:
  agency names (a general vocabulary, tolerant of a garbled first word), timeframe
  words, product words; a span that continues a cell is scored by how well its
  first word follows the cell's last word (the repair model's bigrams) and by the
  vocabulary phrases the two complete ("Thường" + "xuyên", "Sở Kế hoạch" + "và
  Đầu tư");
* keeping together two words the language joins costs, cutting where it does not
  pays; a column whose spans run much wider than its measured width pays too.

Each line is solved exactly (a small dynamic programme over token cuts and
columns), top to bottom, so later lines see the cells earlier lines opened.
Only the text of a table whose rows could not be read any other way comes here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cchc.ingest.layout.vocab import (
    AGENCY_PHRASES,
    DANGLING_WORDS,
    PRODUCT_START,
    TIME_PHRASES,
    TIME_START,
)
from cchc.ingest.normalize.agencies import GROUP_HEADS, starts_with_agency
from cchc.ingest.repair.syllables import is_syllable_shaped, strip_marks

DEFAULT_COLUMNS = ("task", "products", "lead", "coord", "time")
MAX_TOKENS = 60
MAX_SPAN_TOKENS = 20  # words of one cell on one printed line, at most
NEG = float("-inf")

_EDGE_PUNCT = " \t.,;:!?'\"“”‘’`()[]{}<>|_-–—•*"
_DATE_LIKE = re.compile(r"^\d{1,2}/\d{1,2}(?:/\d{2,4})?$|^\d{1,2}/\d{4}$|^\d{3,}$")
_WORD_FOLD = re.compile(r"[a-z][a-z0-9&]*")


def fold(text: str) -> str:
    """Lower case, no diacritics (đ -> d)."""
    return strip_marks(text).lower()


@lru_cache(maxsize=16384)
def fold_words(text: str) -> tuple[str, ...]:
    """The folded words of a text, edge punctuation dropped; a number becomes '<num>' and
    a word the scan garbled ("Ẹo:m") '<?>', which matches nothing."""
    words = []
    for token in text.split():
        core = fold(token.strip(_EDGE_PUNCT))
        if not core:
            continue
        if core[0].isdigit():
            words.append("<num>")
        elif _WORD_FOLD.fullmatch(core):
            words.append(core)
        else:
            words.append("<?>")
    return tuple(words)


def _phrase_table(phrases) -> tuple[tuple[str, ...], ...]:
    return tuple(fold_words(p) for p in phrases)


_AGENCY_WORDS = _phrase_table(AGENCY_PHRASES)
_TIME_WORDS = _phrase_table(TIME_PHRASES)
_TIME_FOLD = re.compile(strip_marks(TIME_START.pattern), re.IGNORECASE)
_PRODUCT_FOLD = re.compile(strip_marks(PRODUCT_START.pattern), re.IGNORECASE)


# --- tokens -----------------------------------------------------------------------------


@dataclass
class Token:
    text: str
    hard_before: bool = False  # a '|' or a run of noise stood between it and the previous token


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha())


@lru_cache(maxsize=16384)
def _noise_kind(token: str) -> bool:
    """True when a token is a mark left by the scan (a rule, a stain), not a word."""
    core = token.strip(_EDGE_PUNCT)
    if not core:
        return True
    letters = _letters(core)
    if not letters:
        return not _DATE_LIKE.match(core)
    if len(letters) == 1 and len(core) <= 2:
        return True  # single letters: decided again below when words surround them
    if letters.islower() and letters == core.strip(".,;:") and not is_syllable_shaped(fold(letters)):
        # "pano" and "video" are words; "gnk" and "cavagg" are not.
        return len(letters) < 3 or not _known_word(letters)
    return False


def _known_word(word: str) -> bool:
    model = _model()
    return model is not None and model.id_of(word.lower()) != model.unknown_id


def tokenize(line: str) -> list[Token]:
    """The words of one line with noise dropped; `hard_before` marks where a '|' or noise was."""
    raw = line.replace("|", " | ").split()[:MAX_TOKENS]
    noise = [tok == "|" or _noise_kind(tok) for tok in raw]
    # A lone letter between two words is a word ("Sở Y tế"); next to noise it is noise too.
    for i, tok in enumerate(raw):
        if noise[i] and tok != "|" and len(_letters(tok)) == 1 and tok.strip(_EDGE_PUNCT) == tok:
            before = i > 0 and not noise[i - 1] and is_syllable_shaped(fold(_letters(raw[i - 1])))
            after = (
                i + 1 < len(raw)
                and not noise[i + 1]
                and len(_letters(raw[i + 1])) > 1
                and is_syllable_shaped(fold(_letters(raw[i + 1])))
            )
            if before and after:
                noise[i] = False
    out: list[Token] = []
    pending = False
    for tok, is_noise in zip(raw, noise, strict=True):
        if is_noise:
            pending = True
            continue
        out.append(Token(tok, hard_before=pending and bool(out)))
        pending = False
    return out


# --- vocabulary ---------------------------------------------------------------------------


def _matches_at(words: tuple[str, ...], phrase: tuple[str, ...], at: int) -> bool:
    return phrase[at : at + len(words)] == words


@lru_cache(maxsize=4096)
def agency_opening(text: str) -> float:
    """How surely a span opens an agency name: a known head word, or the words of a
    known name with at most its first word garbled by the scan ("S& Nội vụ")."""
    if starts_with_agency(text):
        return 1.0
    words = fold_words(text)
    if len(words) >= 3:
        for phrase in _AGENCY_WORDS:
            if len(phrase) >= 3 and _matches_at(words[1:3], phrase, 1):
                return 0.8
    return 0.0


@lru_cache(maxsize=4096)
def time_opening(text: str) -> float:
    if TIME_START.match(text) or _TIME_FOLD.match(fold(text)):
        return 1.0
    words = fold_words(text)
    if words and any(len(p) >= 2 and p[: len(words)] == words for p in _TIME_WORDS):
        return 0.6  # the first word(s) of a timeframe whose rest is on the next line
    return 0.0


@lru_cache(maxsize=4096)
def product_opening(text: str) -> bool:
    return bool(PRODUCT_START.match(text) or _PRODUCT_FOLD.match(fold(text)))


def _ngrams(table: tuple[tuple[str, ...], ...]) -> frozenset[tuple[str, ...]]:
    return frozenset(p[a:b] for p in table for a in range(len(p)) for b in range(a + 2, len(p) + 1))


_NGRAMS = {"agency": _ngrams(_AGENCY_WORDS), "time": _ngrams(_TIME_WORDS)}


def completes_phrase(kind: str, before: str, after: str) -> int:
    """How many words of a vocabulary phrase of the column the join of a cell's end and a
    span's start spells (0: none, or not across the join)."""
    table = "agency" if kind in ("lead", "coord") else "time" if kind == "time" else None
    if table is None:
        return 0
    return _completes(table, fold_words(before)[-3:], fold_words(after)[:3])


@lru_cache(maxsize=8192)
def _completes(table: str, tail: tuple[str, ...], head: tuple[str, ...]) -> int:
    grams = _NGRAMS[table]
    best = 0
    for left in range(1, len(tail) + 1):
        for right in range(len(head), 0, -1):
            if left + right > best and tail[-left:] + head[:right] in grams:
                best = left + right
                break
    return best


# --- the language model -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _model():
    try:
        from cchc.ingest.repair.lm import default_model

        return default_model()
    except Exception:  # no model: the vocabulary cues still work
        return None


def association(left: str, right: str) -> float:
    """log P(first word of right | last words of left) - log P(that word): above 0 when
    the language joins the two (the repair model's trigrams)."""
    words = left.split()
    if not words or words[-1].endswith((";", ":")):
        return 0.0  # after a clause mark anything may follow
    return _word_association(" ".join(words[-2:]), right.split(" ", 1)[0] if right else "")


@lru_cache(maxsize=16384)
def _word_association(left: str, first: str) -> float:
    model = _model()
    if model is None:
        return 0.0
    from cchc.ingest.repair.lm import lm_tokens

    first = first.strip(_EDGE_PUNCT)
    if not first or not (first.isalpha() or first.isdigit()):
        return 0.0  # a word the scan garbled ("Ẹo:m") says nothing either way
    a = lm_tokens(left)
    b = lm_tokens(first)
    if not a or not b:
        return 0.0
    return _association(tuple(a[-2:]), b[0])


@lru_cache(maxsize=16384)
def _association(history: tuple[str, ...], word: str) -> float:
    model = _model()
    ids = [model.id_of(token) for token in history]
    w = model.id_of(word)
    if w == model.unknown_id or ids[-1] == model.unknown_id:
        return 0.0
    if len(ids) == 2 and ids[0] != model.unknown_id:
        value = model.trigram(ids[0], ids[1], w)
    else:
        value = model.bigram(ids[-1], w)
    return max(-3.0, min(4.0, value - model.unigram[w]))


def _last_word(text: str) -> str:
    parts = text.split()
    return parts[-1] if parts else ""


# --- scoring --------------------------------------------------------------------------------


def _starts_lower(text: str) -> bool:
    for char in text:
        if char.isalpha():
            return char.islower()
        if char.isdigit():
            return False
    return False


def cell_score(kind: str, text: str, before: str) -> float:
    """Score of `text` as the next piece of a cell of `kind` whose text so far is `before`
    (only its last words count, so the score is cached on them)."""
    return _cell_score(kind, text, " ".join(before.split()[-6:]))


@lru_cache(maxsize=65536)
def _cell_score(kind: str, text: str, before: str) -> float:
    lower = _starts_lower(text)
    agency = agency_opening(text)
    timeframe = time_opening(text)
    product = product_opening(text)
    if not before:
        if kind == "task":
            score = -1.5 if lower else 0.5
            if product or agency or timeframe:
                score -= 0.3
            return score
        if kind == "products":
            score = -2.0 if lower else 1.0 if product else 0.0
            if agency and not product:
                score -= 0.8
            if timeframe and not product:
                score -= 1.0
            return score
        if kind in ("lead", "coord"):
            if agency and not lower:
                score = 1.5 * agency
                if kind == "coord" and text.split(" ", 1)[0] in GROUP_HEADS:
                    score += 0.3  # "Các cơ quan …" is most often a coordinator
                elif kind == "lead":
                    score += 0.2  # a row nearly always names its lead; coordinators may be none
                return score - (1.0 if timeframe else 0.0)
            return -4.0 if lower else -3.0
        if kind == "time":
            return 2.0 * timeframe if timeframe and not lower else -4.0
        return -1.0 if lower else 0.0  # an extra column (Kinh phí, Ghi chú)
    last = _last_word(before)
    score = 0.6 * association(before, text)
    own = {"products": product, "lead": agency, "coord": agency, "time": timeframe}.get(kind, False)
    listed = before.rstrip().endswith((";", ","))
    if lower:
        score += 0.3
        if last.lower() in DANGLING_WORDS or before.endswith(","):
            score += 0.5
    else:
        opens_other = {
            "task": product or agency or timeframe,
            "products": agency or timeframe,
            "lead": product or timeframe,
            "coord": product or timeframe,
            "time": product or agency,
        }.get(kind, False)
        if own and kind == "time":
            score += 1.0  # "Quý" / "III/2025"
        elif own and listed:
            score += 0.5  # the next item of a list ("Sở Nội vụ; Báo …")
        elif opens_other:
            score -= 1.0
        elif own and kind in ("lead", "coord"):
            score -= 0.8  # two agencies with nothing between them: more likely two columns
    phrase = completes_phrase(kind, before, text)
    if phrase >= 2:
        score += min(2.5, 1.0 + 0.5 * (phrase - 2))
    elif kind == "time" and not own and not text[:1].isdigit():
        score -= 1.0  # a timeframe goes on only with more of a timeframe
    return score


_TIME_UNITS = {"quy", "thang", "nam", "ngay", "tuan"}
_TIME_NUMBER = re.compile(r"^(?:\d|[IVX]+(?![a-zà-ỹ]))")
SOFT_CUT = -0.8  # a cell boundary with nothing printed between the two cells
HARD_CUT = 1.0  # a '|' or a mark of the table rule stood there
AFTER_STT = 1.5  # text right after "3 |" is in the first column after STT
BEFORE_TASK = -6.0  # when a row came out without a task: its first words are the task


def _cut_score(tokens: list[Token], i: int) -> float:
    """Score of a cell boundary before tokens[i]."""
    if tokens[i].hard_before:
        return HARD_CUT
    word = tokens[i].text
    if fold(tokens[i - 1].text.strip(_EDGE_PUNCT)) in _TIME_UNITS and _TIME_NUMBER.match(word):
        return SOFT_CUT - 2.5  # "Quý" / "I/2025", "Tháng" / "10": one timeframe
    # A capitalised word after a lower-case one opens a new cell or a name ("Luật", "Cổng
    # …"): how often the words follow each other in lower case says less there.
    weight = 0.3 if word[:1].isupper() and word[1:2].islower() and _starts_lower(tokens[i - 1].text) else 0.6
    left = " ".join(t.text for t in tokens[max(0, i - 2) : i])
    return SOFT_CUT - weight * association(left, word)


def split_line(
    tokens: list[Token],
    columns: list[str],
    cells: dict[str, str],
    widths: dict[str, float] | None = None,
    after_separator: bool = False,
    task_first: bool = False,
) -> list[tuple[str, str]]:
    """The best cut of one line into (column, text) spans, columns left to right.
    `after_separator`: the line began with the STT and a '|', so its first words
    stand in the first column. `task_first`: the line's first words go to the first column."""
    m, k = len(tokens), len(columns)
    if not m:
        return []
    texts = [t.text for t in tokens]
    widths = widths or {}
    # A lower-case piece after a soft cut continues another column, so the line of the
    # column before it was wrapped at the column's edge: it should fill most of its width.
    short_before = [0 < j < m and not tokens[j].hard_before and _starts_lower(texts[j]) for j in range(m + 1)]
    cuts = [0.0] + [_cut_score(tokens, i) for i in range(1, m)]
    # spans[i]: for every end j, the text, the cost of the rule marks it runs over, and per column its score.
    spans: list[list[tuple[int, str, list[float]]]] = []
    longest = max(MAX_SPAN_TOKENS, -(-m // k))  # so that every line can be placed
    for i in range(m):
        row = []
        inside = 0.0
        for j in range(i + 1, min(m, i + longest) + 1):
            if j - 1 > i and tokens[j - 1].hard_before:
                inside -= 2.5 if "|" in texts[j - 1] else 1.0
            text = " ".join(texts[i:j])
            scores = []
            for c, kind in enumerate(columns):
                score = cell_score(kind, text, cells.get(kind, "")) + inside
                width = widths.get(kind)
                if width:
                    if len(text) > width * 1.15:
                        score -= (len(text) - width * 1.15) / 6
                    if short_before[j] and kind in ("task", "products"):
                        score -= max(0.0, 0.75 * width - len(text)) / 8
                if i == 0 and c == 0 and after_separator:
                    score += AFTER_STT
                if i == 0 and c > 0 and task_first:
                    score += BEFORE_TASK
                scores.append(score)
            row.append((j, text, scores))
        spans.append(row)
    # best[i][c]: best score with tokens[:i] placed and column c the last one used (c = k: none yet).
    best = [[NEG] * (k + 1) for _ in range(m + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (k + 1) for _ in range(m + 1)]
    best[0][k] = 0.0
    for i in range(m):
        for last in range(k + 1):
            here = best[i][last]
            if here == NEG:
                continue
            first_col = 0 if last == k else last + 1
            base = here + cuts[i]
            for j, _, scores in spans[i]:
                target, links = best[j], back[j]
                for c in range(first_col, k):
                    value = base + scores[c]
                    if value > target[c]:
                        target[c] = value
                        links[c] = (i, last)
    end_col = max(range(k), key=lambda c: best[m][c])
    spans: list[tuple[str, str]] = []
    j, c = m, end_col
    while j > 0:
        step = back[j][c]
        if step is None:
            break
        i, last = step
        spans.append((columns[c], " ".join(texts[i:j])))
        j, c = i, last
    spans.reverse()
    return spans


_STT_SEPARATOR = re.compile(r"^\s*\|")


def split_band(
    lines: list[str],
    columns: list[str] | tuple[str, ...] = DEFAULT_COLUMNS,
    widths: dict[str, float] | None = None,
) -> tuple[dict[str, list[str]], list[list[tuple[str, str]]]]:
    """Cells of one row from its lines (the STT already taken off its line, a '|' after it
    left in place): each column's pieces top to bottom, and the (column, text) spans of
    every line."""
    columns = list(columns)
    result = _split_band(lines, columns, widths, task_first=False)
    if columns[0] == "task" and not result[0]["task"] and any(result[1]):
        # Every row has a task: a row read without one gave its first words to another
        # column ("Đăng tải …" looks like a product); read it again with them as the task.
        result = _split_band(lines, columns, widths, task_first=True)
    return result


def _split_band(lines, columns, widths, task_first):
    pieces: dict[str, list[str]] = {kind: [] for kind in columns}
    joined: dict[str, str] = {}
    per_line: list[list[tuple[str, str]]] = []
    for line in lines:
        separated = bool(_STT_SEPARATOR.match(line))
        tokens = tokenize(line)
        first = task_first and bool(tokens) and not joined.get("task")
        spans = split_line(tokens, columns, joined, widths, after_separator=separated, task_first=first)
        per_line.append(spans)
        for kind, text in spans:
            pieces[kind].append(text)
            joined[kind] = (joined.get(kind, "") + " " + text).strip()
    return pieces, per_line


WRAPPED_COLUMNS = ("task", "products")  # running text, wrapped at the column's edge


def measure_widths(bands: list[list[tuple[str, str]]]) -> dict[str, float]:
    """Widths in characters of the columns of running text (agency names and timeframes are
    short and end where the name ends): a high quantile of the lengths of the spans each
    column received (short last lines of cells pull the median down)."""
    lengths: dict[str, list[int]] = {}
    for spans in bands:
        for kind, text in spans:
            if kind in WRAPPED_COLUMNS:
                lengths.setdefault(kind, []).append(len(text))
    widths: dict[str, float] = {}
    for kind, values in lengths.items():
        if len(values) >= 4:
            values.sort()
            widths[kind] = float(values[min(len(values) - 1, int(len(values) * 0.8))])
    return widths


def split_table(
    bands: list[list[str]], columns: list[str] | tuple[str, ...] = DEFAULT_COLUMNS
) -> list[dict[str, list[str]]]:
    """Cells of every row of a table: a first pass without widths measures the columns,
    a second cuts every row again knowing them."""
    first = [split_band(lines, columns) for lines in bands]
    widths = measure_widths([spans for _, per_line in first for spans in per_line])
    if not widths:
        return [cells for cells, _ in first]
    return [split_band(lines, columns, widths)[0] for lines in bands]


def _same_but_marks(text: str, phrases: tuple[str, ...]) -> str | None:
    """The one known phrase that `text` spells but for its diacritics ("Thương xuyên")."""
    folded = fold_words(text)
    found = [p for p in phrases if fold_words(p) == folded and "<num>" not in folded]
    if len(found) == 1 and found[0].lower() != text.strip(" .;,").lower():
        return found[0]
    return None


def restore_timeframe(text: str) -> str:
    """A timeframe cell that spells a known timeframe but for marks the repair got wrong."""
    return _same_but_marks(text, TIME_PHRASES) or text


def restore_agency_name(name: str) -> str:
    """An agency name with wrong marks ("Sở Thông tin và Truyền thống") or whose first word
    the scan garbled ("S& Nội vụ"), put back when it can only be one known name: the rest
    of it is exactly the rest of that name and the first letters agree."""
    fixed = _same_but_marks(name, AGENCY_PHRASES)
    if fixed:
        return fixed
    words = name.split()
    folded = fold_words(name)
    if len(words) < 3 or len(folded) != len(words):
        return name
    found = {
        phrase
        for phrase in _AGENCY_WORDS
        if len(phrase) == len(folded)
        and phrase[1:] == folded[1:]
        and phrase[0] != folded[0]
        and fold(words[0])[:1] == phrase[0][:1]
    }
    if len(found) != 1:
        return name
    (phrase,) = found
    head = next(p for p in AGENCY_PHRASES if fold_words(p) == phrase).split()[0]
    return " ".join([head, *words[1:]])
