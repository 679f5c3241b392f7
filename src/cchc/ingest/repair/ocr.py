"""Letter confusions of an OCR engine that does not know Vietnamese.

An engine trained for English reads the marked vowels as the nearest shapes it
knows: "ủ" as "ti" or "li", "ứ" as "ir", "ố" as "6", "l" as "1", "ă" as "i".
Undoing one or two of those on an unknown word often lands on a real syllable;
the language model then decides whether that reading fits its neighbours.
"""

from __future__ import annotations

import re
from functools import lru_cache

# (what the engine printed, what the unmarked letters were), on lower-cased keys.
CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("ti", "u"),
    ("li", "u"),
    ("ii", "u"),
    ("ir", "u"),
    ("it", "u"),
    ("iro", "uo"),
    ("ud", "uo"),
    ("rig", "ng"),
    ("urd", "uo"),
    ("ug", "uo"),
    ("ea", "a"),
    ("tr", "u"),
    ("ur", "u"),
    ("ui", "u"),
    ("rn", "m"),
    ("t", "u"),
    ("y", "u"),
    ("w", "u"),
    ("i", "a"),
    ("i", "u"),
    ("d", "a"),
    ("d", "o"),
    ("b", "o"),
    ("e", "a"),
    ("e", "o"),
    ("e", "c"),
    ("d", "e"),
    ("j", "i"),
    ("g", "o"),
    ("m", "n"),
    ("p", "d"),
    ("1", "l"),
    ("l", "i"),
    ("0", "o"),
    ("q", "o"),
    ("6", "o"),
    ("4", "a"),
    ("5", "s"),
    ("8", "a"),
    ("¢", "c"),
)

MAX_EDITS = 2


@lru_cache(maxsize=32768)
def ocr_variants(key: str) -> tuple[tuple[str, int], ...]:
    """Strings reachable from `key` by undoing up to MAX_EDITS confusions, with the edit count."""
    found: dict[str, int] = {}
    frontier = {key}
    for edits in range(1, MAX_EDITS + 1):
        following = set()
        for word in frontier:
            for printed, meant in CONFUSIONS:
                start = word.find(printed)
                while start != -1:
                    variant = word[:start] + meant + word[start + len(printed) :]
                    if variant not in found and variant != key:
                        found[variant] = edits
                        following.add(variant)
                    start = word.find(printed, start + 1)
        frontier = following
    return tuple(sorted(found.items()))


# An apostrophe or backquote between letters is the engine's reading of a hook or dot it
# could not place: "THU'C" for "THỰC". Vietnamese never uses the apostrophe inside a word.
# After a final "o"/"u" it is the hook of "ơ"/"ư" ("So' " for "Sở "); after other letters
# it may close a quotation and stays.
_STRAY_MARK = re.compile(r"(?<=[^\W\d_])['’‘`](?=[^\W\d_])|(?<=[oOuU])['’`](?=[ \t])")
# A heading numeral whose last "I" came out as "L" or "l" and whose dot was lost:
# "IL TEXT" for "II. TEXT". Only accepted before an upper-case heading text.
_BROKEN_NUMERAL = re.compile(r"^(\s*)([IVX]{1,3}[Ll]|[IVX]{0,2}[Ll]I)(?=\s+[^\W\d_]{2,})(\s+)(.*)$")


def clean_ocr_marks(text: str) -> str:
    """Undo the engine's marks that no letter model can: stray apostrophes inside words and
    heading numerals read as letters. Line breaks are kept one to one."""
    text = _STRAY_MARK.sub("", text)
    return "\n".join(_fix_numeral(line) for line in text.split("\n"))


def _fix_numeral(line: str) -> str:
    match = _BROKEN_NUMERAL.match(line)
    if not match:
        return line
    rest = match.group(4)
    letters = [c for c in rest if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return line
    numeral = match.group(2).replace("L", "I").replace("l", "I")
    return f"{match.group(1)}{numeral}. {rest}"
