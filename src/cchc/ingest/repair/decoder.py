"""Choose the marked syllables: a lattice of candidates per token, decoded by Viterbi.

Each word of the input becomes a column of candidates (every marked syllable whose
unmarked form matches, or is a likely OCR misreading of, the word) with a channel
score: how plausible it is that this candidate was written and the observed form
came out. The trigram model scores the sequence; a beam keeps the search linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cchc.ingest.repair.lm import ID_BITS, ID_MASK, NUM, PUNCT_KEPT, URL, LanguageModel
from cchc.ingest.repair.ocr import ocr_variants
from cchc.ingest.repair.syllables import MAX_SYLLABLE_LEN, has_marks, is_syllable_shaped, key_of

# Surface pieces: URLs and e-mail addresses (kept whole), words, numbers, whitespace, any other character.
PIECE = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<mixed>(?:[^\W\d_]+\d|\d+[^\W\d_])[^\W_]*)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<num>\d+(?:[.,/]\d+)*)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.UNICODE | re.DOTALL,
)
# Characters that glue a word into a document symbol (184/KH-UBND, KH&CN).
SYMBOL_GLUE = set("/-&_")

BEAM = 8
# States scoring this far (natural log) below the best are dropped.
BEAM_WIDTH = 7.0
MAX_CANDIDATES = 12
# log-penalty for choosing a syllable other than the marked one the text shows
# (OCR does misplace marks, but a mark it printed is still evidence).
MARK_DISAGREEMENT = 4.0
# Cached transition rows kept before the caches are emptied (bounds memory on huge inputs).
ROW_CACHE_LIMIT = 200_000
# log-penalty per OCR letter confusion undone (ctia -> của).
OCR_EDIT = 5.0


@dataclass(slots=True)
class Slot:
    """One lattice column: the surface word and the candidates the model may choose from."""

    start: int
    end: int
    surface: str
    candidates: tuple[tuple[int, float], ...]  # (token id, channel log-score)
    editable: bool  # False: kept exactly as written, only context for its neighbours
    key: object  # equal keys have equal candidates: lets the search reuse its arithmetic


class Decoder:
    def __init__(self, model: LanguageModel) -> None:
        self.model = model
        by_key: dict[str, list[int]] = {}
        for token_id, token in enumerate(model.vocab):
            if token.isalpha():
                by_key.setdefault(key_of(token), []).append(token_id)
        unigram = model.unigram
        self.by_key = {
            k: sorted(ids, key=lambda i: -unigram[i])[:MAX_CANDIDATES] for k, ids in by_key.items()
        }
        self.num_id = model.id_of(NUM)
        # Seen trigrams grouped by their two-word history, for the search below.
        self.trigram_contexts: dict[int, dict[int, float]] = {}
        for packed, logp in model.trigrams.items():
            self.trigram_contexts.setdefault(packed >> ID_BITS, {})[packed & ID_MASK] = logp
        self._candidates = lru_cache(maxsize=65536)(self._candidates_uncached)
        self._bigram_rows: dict[tuple[int, object], list] = {}
        self._trigram_rows: dict[tuple[int, object], list] = {}

    # --- lattice --------------------------------------------------------------------------

    def _candidates_uncached(self, observed: str, ocr: bool) -> tuple[tuple[tuple[int, float], ...], bool]:
        """Candidates for a lower-cased observed word; the flag says whether it may change.

        Without `ocr` the letters are trusted and only marks are chosen. With it, the
        letters themselves may be misread, so OCR confusions are undone at a price."""
        model = self.model
        key = key_of(observed)
        found: dict[int, float] = {}
        own = model.ids.get(observed)
        if has_marks(observed) and own is not None:
            found[own] = 0.0
        exact_price = -MARK_DISAGREEMENT if has_marks(observed) else 0.0
        for i in self.by_key.get(key, ()):
            found.setdefault(i, exact_price)
        if ocr and len(key) <= MAX_SYLLABLE_LEN + 2:
            for variant, edits in ocr_variants(key):
                price = -OCR_EDIT * edits
                for i in self.by_key.get(variant, ()):
                    if price > found.get(i, -1e9):
                        found[i] = price
        if not found:
            return ((model.id_of(observed), 0.0),), False
        if own is not None and not is_syllable_shaped(key):
            found[own] = 0.0  # a known non-syllable (an abbreviation, a code) may stay as it is
        ranked = sorted(found.items(), key=lambda item: (-item[1], -model.unigram[item[0]], item[0]))
        return tuple(ranked[: MAX_CANDIDATES + 1]), True

    def lattice(self, text: str, *, ocr: bool = False) -> list[Slot]:
        slots: list[Slot] = []
        model = self.model
        for match in PIECE.finditer(text):
            kind = match.lastgroup
            piece = match.group()
            start, end = match.span()
            if kind == "space":
                continue
            if kind == "word":
                slots.append(self._word_slot(text, piece, start, end, ocr))
            elif kind == "mixed":
                if ocr:
                    lower = piece.lower()
                    cands, editable = self._candidates(lower, True)
                    slots.append(Slot(start, end, piece, cands, editable, "\0" + lower))
                else:
                    slots.append(self._fixed(start, end, piece, model.unknown_id))
            elif kind == "num":
                slots.append(self._fixed(start, end, piece, self.num_id))
            elif kind == "other" and piece in PUNCT_KEPT:
                slots.append(self._fixed(start, end, piece, model.id_of(piece)))
            elif kind == "url":
                slots.append(self._fixed(start, end, piece, model.id_of(URL)))
        return slots

    def _word_slot(self, text: str, word: str, start: int, end: int, ocr: bool) -> Slot:
        model = self.model
        lower = word.lower()
        if len(word) > 1 and word.isupper() and _glued(text, start, end):
            # Part of a document symbol (184/KH-UBND, 28-CT/TU): only known marked abbreviations change.
            marked = model.abbreviations.get(word)
            if marked is not None:
                return self._fixed(start, end, word, model.id_of(marked.lower()), editable=True)
            return self._fixed(start, end, word, model.id_of(lower))
        if not word.islower() and not word[:1].isupper() and not ocr:
            return self._fixed(start, end, word, model.id_of(lower))  # mixed case: a name or code
        key = "\0" + lower if ocr else lower
        cands, editable = self._candidates(lower, ocr)
        return Slot(start, end, word, cands, editable, key)

    @staticmethod
    def _fixed(start: int, end: int, surface: str, token_id: int, editable: bool = False) -> Slot:
        return Slot(start, end, surface, ((token_id, 0.0),), editable, token_id)

    # --- search ---------------------------------------------------------------------------

    def best_path(self, slots: list[Slot]) -> list[int]:
        """Token ids, one per slot, maximising channel + language-model score.

        Trigram Viterbi over (previous, current) states. The back-off part of every
        transition depends on the older word only through one weight, so it is
        maximised once per previous word; only histories with seen trigrams are then
        visited one by one. (A seen trigram never scores below its back-off value.)
        The per-(history, slot) arithmetic is cached: documents repeat their words."""
        model = self.model
        contexts = self.trigram_contexts
        bigram_rows = self._bigram_rows
        trigram_rows = self._trigram_rows
        if len(bigram_rows) > ROW_CACHE_LIMIT:
            bigram_rows.clear()
        if len(trigram_rows) > ROW_CACHE_LIMIT:
            trigram_rows.clear()
        bigrams = model.bigrams
        bigram_backoff = model.bigram_backoff
        unigram = model.unigram
        unigram_backoff = model.unigram_backoff
        start = model.start_id
        beam: dict[tuple[int, int], float] = {(start, start): 0.0}
        backs: list[dict[tuple[int, int], int]] = []
        for slot in slots:
            slot_key = slot.key
            best_by_previous: dict[int, tuple[float, int]] = {}
            with_trigrams = []
            for (u, v), base in beam.items():
                uv = (u << ID_BITS) | v
                backed_off = base + bigram_backoff.get(uv, 0.0)
                best = best_by_previous.get(v)
                if best is None or backed_off > best[0]:
                    best_by_previous[v] = (backed_off, u)
                if uv in contexts:
                    with_trigrams.append((u, uv, base))
            scored: dict[tuple[int, int], float] = {}
            back: dict[tuple[int, int], int] = {}
            for v, (backed_off, u) in best_by_previous.items():
                row = bigram_rows.get((v, slot_key))
                if row is None:
                    v_shift = v << ID_BITS
                    bo1 = unigram_backoff[v]
                    row = []
                    for w, channel in slot.candidates:
                        p = bigrams.get(v_shift | w)
                        if p is None:
                            p = bo1 + unigram[w]
                        row.append(((v, w), p + channel))
                    bigram_rows[(v, slot_key)] = row
                for state, partial in row:
                    scored[state] = backed_off + partial
                    back[state] = u
            for u, uv, base in with_trigrams:
                row = trigram_rows.get((uv, slot_key))
                if row is None:
                    seen = contexts[uv]
                    v = uv & ID_MASK
                    row = [((v, w), seen[w] + channel) for w, channel in slot.candidates if w in seen]
                    trigram_rows[(uv, slot_key)] = row
                for state, partial in row:
                    score = base + partial
                    if score > scored[state]:
                        scored[state] = score
                        back[state] = u
            if len(scored) > 1:
                floor = max(scored.values()) - BEAM_WIDTH
                kept = [state for state, score in scored.items() if score >= floor]
                if len(kept) > BEAM:
                    kept = sorted(kept, key=scored.__getitem__)[-BEAM:]
                scored = {state: scored[state] for state in kept}
                back = {state: back[state] for state in kept}  # memory stays linear in the input
            beam = scored
            backs.append(back)
        end = model.end_id
        best_state = max(beam, key=lambda s: beam[s] + model.trigram(s[0], s[1], end))
        path: list[int] = []
        state = best_state
        for back in reversed(backs):
            path.append(state[1])
            state = (back[state], state[0])
        path.reverse()
        return path


def _glued(text: str, start: int, end: int) -> bool:
    """True when the word touches a symbol character or a digit (184/KH-UBND, KH&CN)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before in SYMBOL_GLUE or after in SYMBOL_GLUE or before.isdigit() or after.isdigit()
