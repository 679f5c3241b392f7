"""Vietnamese letters without their marks, and the shape of a token.

Restoration works on *keys*: a syllable lower-cased with every diacritic removed
(đ -> d), which is exactly what survives when marks are lost. Each key maps to the
marked syllables it may stand for; the language model chooses among them.
"""

from __future__ import annotations

import re
import unicodedata

_STRIP_TABLE = str.maketrans({"đ": "d", "Đ": "D"})

# Letters that may carry a Vietnamese tone or vowel mark once decomposed.
VIETNAMESE_LETTERS = set("abcdefghijklmnopqrstuvwxyzđ")

# A syllable is at most: onset (ngh) + glide + nucleus + coda (ng/nh/ch) — 7 letters ("nghiêng").
MAX_SYLLABLE_LEN = 7

_VALID_KEY = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?"
    r"(?:a|e|i|o|u|y|ai|ao|au|ay|eo|eu|ia|iu|oa|oe|oi|ua|ue|ui|uo|uu|uy|ya|oai|oay|oao|oeo|"
    r"uay|uoi|uou|uya|uye|uyu|ieu|yeu|ie|ye|uoi|uye|oo)"
    r"(?:ng|nh|ch|[cmnpt])?$"
)


def strip_marks(text: str) -> str:
    """Remove every Vietnamese diacritic, đ included, keeping case and everything else."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STRIP_TABLE))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def key_of(word: str) -> str:
    """The lookup key of a word: lower case, no marks."""
    return strip_marks(word).lower()


def has_marks(word: str) -> bool:
    return strip_marks(word) != word


def is_syllable_shaped(key: str) -> bool:
    """True when an unmarked key has the spelling shape of a Vietnamese syllable.

    Used to tell damaged Vietnamese from abbreviations and foreign words; the
    inventory of real syllables comes from the trained model, not from here."""
    return len(key) <= MAX_SYLLABLE_LEN and _VALID_KEY.match(key) is not None


def case_shape(word: str) -> str:
    """'lower', 'title', 'upper' or 'mixed' — how to put a restored syllable back."""
    if word.islower():
        return "lower"
    if word.isupper():
        return "upper" if len(word) > 1 else "title"
    if word[:1].isupper() and word[1:].islower():
        return "title"
    return "mixed"


def apply_case(syllable: str, shape: str) -> str:
    if shape == "upper":
        return syllable.upper()
    if shape == "title":
        return syllable[:1].upper() + syllable[1:]
    return syllable
