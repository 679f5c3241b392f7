"""Repair of Vietnamese text that lost its diacritics or went through an OCR that
did not know the language.

    >>> result = repair_text("Ke hoach tuyen truyen cai cach hanh chinh")
    >>> result.text
    'Kế hoạch tuyên truyền cải cách hành chính'

Text that is already clean comes back unchanged (`looks_damaged` decides). Pure
Python, no Django: the parser calls it on damaged input.
"""

from __future__ import annotations

import gc
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from cchc.ingest.readers.base import SourceDocument, TableBlock, TextLine
from cchc.ingest.repair.decoder import PIECE, Decoder
from cchc.ingest.repair.lm import default_model
from cchc.ingest.repair.ocr import clean_ocr_marks
from cchc.ingest.repair.syllables import MAX_SYLLABLE_LEN, has_marks, is_syllable_shaped, key_of

# A clean Vietnamese text has marks on roughly four syllables in five; text whose
# share of well-formed marked syllables falls below this is treated as damaged.
DAMAGE_THRESHOLD = 0.45
MIN_WORDS_TO_JUDGE = 3
# Share of marked words above which damaged text is taken for OCR output, not mere loss of marks.
OCR_MARKED_SHARE = 0.05


@dataclass(frozen=True)
class RepairResult:
    text: str
    changed_words: int
    damaged_score: float  # 0.0 clean … 1.0 no recognisable marked Vietnamese at all


@lru_cache(maxsize=1)
def _decoder() -> Decoder:
    decoder = Decoder(default_model())
    # The model is a few hundred thousand long-lived objects; keeping them out of the
    # cyclic collector's sweeps makes decoding about twice as fast.
    gc.freeze()
    return decoder


@lru_cache(maxsize=65536)
def _word_evidence(word: str) -> int:
    """-1: says nothing (abbreviation, long or foreign word); otherwise bit 1 set when the
    word carries a mark and bit 0 set when it is also a known marked syllable."""
    if len(word) > MAX_SYLLABLE_LEN or (len(word) > 1 and word.isupper()):
        return -1
    lower = word.lower()
    marked = has_marks(lower)
    if not marked and not is_syllable_shaped(key_of(lower)):
        return -1
    if not marked:
        return 0
    return 3 if lower in default_model().ids else 2  # bit 0: well-formed, bit 1: marked


def _census(text: str) -> tuple[int, int, int]:
    """(Vietnamese-looking words, well-formed marked syllables, words with any mark)."""
    words = marked_ok = marked_any = 0
    for match in PIECE.finditer(text):
        if match.lastgroup != "word":
            continue
        evidence = _word_evidence(match.group())
        if evidence >= 0:
            words += 1
            marked_ok += evidence & 1
            marked_any += evidence >> 1
    return words, marked_ok, marked_any


def damaged_score(text: str) -> float:
    """Share of Vietnamese-looking words that are not well-formed marked syllables, rescaled
    so that ordinary clean text scores near 0 and text without any marks scores 1."""
    return _score(*_census(text))


def _score(words: int, marked_ok: int, marked_any: int) -> float:
    if words < MIN_WORDS_TO_JUDGE:
        return 0.0
    # In clean text about 80 % of such words carry a mark.
    return max(0.0, min(1.0, 1.0 - (marked_ok / words) / 0.8))


def looks_damaged(text: str) -> bool:
    """True when the text reads as Vietnamese with its marks lost or garbled."""
    return damaged_score(text) >= DAMAGE_THRESHOLD


def repair_text(text: str, *, force: bool = False) -> RepairResult:
    """Restore marks and undo OCR letter confusions. Clean text is returned exactly as it
    came (not even normalised), unless `force` asks to decode it anyway; repaired text is NFC."""
    original = text
    text = unicodedata.normalize("NFC", text)
    words, marked_ok, marked_any = census = _census(text)
    score = _score(*census)
    if not force and score < DAMAGE_THRESHOLD:
        return RepairResult(original, 0, score)
    # Marks that are present but damaged mean an OCR pass: its letters are suspect too.
    # Text with no marks at all only lost them, and its letters are trusted.
    ocr = marked_any > OCR_MARKED_SHARE * max(words, 1)
    if ocr:
        text = clean_ocr_marks(text)
    changed, repaired = decode_text(_decoder(), text, ocr=ocr)
    return RepairResult(repaired, changed, score)


def decode_text(decoder: Decoder, text: str, *, ocr: bool = False) -> tuple[int, str]:
    """(words changed, text) after decoding NFC `text` with `decoder`, with no damage check.
    `repair_text` is the entry point; this one also serves the build's cross-validation."""
    vocab = decoder.model.vocab
    slots = decoder.lattice(text, ocr=ocr)
    path = decoder.best_path(slots) if slots else []
    pieces: list[str] = []
    position = 0
    changed = 0
    for slot, token_id in zip(slots, path, strict=True):
        if not slot.editable:
            continue
        chosen = vocab[token_id]
        if chosen == slot.surface or chosen == slot.surface.lower():
            continue
        pieces.append(text[position : slot.start])
        pieces.append(_with_case_of(chosen, slot.surface))
        position = slot.end
        changed += 1
    pieces.append(text[position:])
    return changed, "".join(pieces)


JUDGING_WINDOW = 2000
JUDGING_WINDOWS = 3


def _judging_sample(text: str) -> str:
    """A few windows spread over a long text. Damage comes from how a whole document was
    made (one OCR pass, one lost encoding), so a spread sample judges it as well as every
    word does, and every clean plan parsed pays for the check: keep it cheap."""
    if len(text) <= JUDGING_WINDOW * JUDGING_WINDOWS:
        return text
    step = (len(text) - JUDGING_WINDOW) // (JUDGING_WINDOWS - 1)
    return "\n".join(text[i * step : i * step + JUDGING_WINDOW] for i in range(JUDGING_WINDOWS))


def repair_source_document(document: SourceDocument) -> RepairResult | None:
    """Repair a read document in place when its text looks damaged; None when it does not.

    Text lines are repaired together (a sentence wraps across lines, and the model reads
    across the break); repair never adds or removes a line break, so the lines map back
    one to one. Table cells are repaired one by one. What was done is recorded in
    `document.meta["repair"]` and in a warning for the user."""
    lines = [block for block in document.blocks if isinstance(block, TextLine)]
    cells = [
        (block, r, c)
        for block in document.blocks
        if isinstance(block, TableBlock)
        for r, row in enumerate(block.rows)
        for c, _ in enumerate(row)
    ]
    everything = "\n".join([b.text for b in lines] + [t.rows[r][c] for t, r, c in cells])
    score = damaged_score(_judging_sample(everything))
    if score < DAMAGE_THRESHOLD:
        return None
    if any("\n" in b.text for b in lines):  # a reader kept breaks inside a line: no shared context
        repaired_lines = [repair_text(b.text, force=True) for b in lines]
        texts = [r.text for r in repaired_lines]
        result = RepairResult("\n".join(texts), sum(r.changed_words for r in repaired_lines), 1.0)
    else:
        result = repair_text("\n".join(b.text for b in lines), force=True)
        texts = result.text.split("\n")
    changed = result.changed_words
    for block, text in zip(lines, texts, strict=True):
        block.text = text
    for table, r, c in cells:
        cell = repair_text(table.rows[r][c], force=True)
        table.rows[r][c] = cell.text
        changed += cell.changed_words
    document.meta["repair"] = {"changed_words": changed, "damaged_score": round(score, 3)}
    document.warnings.append(
        f"Văn bản bị mất dấu hoặc lỗi nhận dạng ký tự: đã tự động khôi phục {changed} từ; cần đối chiếu với bản gốc."
    )
    return RepairResult(result.text, changed, score)


def _with_case_of(chosen: str, surface: str) -> str:
    if surface.islower():
        return chosen
    letters = [c for c in surface if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return chosen.upper()
    if surface[:1].isupper():
        return chosen[:1].upper() + chosen[1:]
    return chosen


__all__ = ["RepairResult", "repair_text", "repair_source_document", "looks_damaged", "damaged_score"]
