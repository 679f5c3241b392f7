"""Vietnamese text in the legacy 8-bit encodings, detected and converted to NFC Unicode.

Plans typed before Unicode took over (and many still typed on old machines) use font
encodings: the letters are right only in their font. Four are common:

- TCVN3 (ABC), fonts .VnTime/.VnArial: one byte per lowercase letter with its tone; the
  capitals with tones come from separate fonts (.VnTimeH) that draw the same bytes as
  capitals, so the bytes alone say "lowercase" (`uppercase=True` restores a capitals font).
- VNI (VNI-Times): a base letter followed by one byte for its marks ("nhaân" = nhân).
- VISCII (RFC 1456): one byte for every letter, capitals too, six of them in C0 controls.
- Windows-1258 with decomposed tones: the base letter then a combining tone mark; only
  a matter of decoding as cp1258 and composing (NFC).

A DOCX keeps such text as the Windows-1252 characters of the bytes ("Uû ban nh©n d©n"),
so text (str) is turned back into those bytes before mapping.

Detection converts the text every way and keeps the reading with the most well-formed
Vietnamese syllables; text that is already right, or not Vietnamese, is left unchanged.
"""

from __future__ import annotations

import re
import unicodedata

TCVN3 = "tcvn3"
VNI = "vni"
VISCII = "viscii"
CP1258 = "cp1258"
LEGACY_ENCODINGS = (TCVN3, VNI, VISCII, CP1258)

# --- TCVN3 (TCVN 5712:1993, VN3 / ABC) ----------------------------------------------------
_TCVN3_BYTES = {
    0xA1: "Ă",
    0xA2: "Â",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
    0xA7: "Đ",
    0xA8: "ă",
    0xA9: "â",
    0xAA: "ê",
    0xAB: "ô",
    0xAC: "ơ",
    0xAD: "ư",
    0xAE: "đ",
    0xB5: "à",
    0xB6: "ả",
    0xB7: "ã",
    0xB8: "á",
    0xB9: "ạ",
    0xBB: "ằ",
    0xBC: "ẳ",
    0xBD: "ẵ",
    0xBE: "ắ",
    0xC6: "ặ",
    0xC7: "ầ",
    0xC8: "ẩ",
    0xC9: "ẫ",
    0xCA: "ấ",
    0xCB: "ậ",
    0xCC: "è",
    0xCE: "ẻ",
    0xCF: "ẽ",
    0xD0: "é",
    0xD1: "ẹ",
    0xD2: "ề",
    0xD3: "ể",
    0xD4: "ễ",
    0xD5: "ế",
    0xD6: "ệ",
    0xD7: "ì",
    0xD8: "ỉ",
    0xDC: "ĩ",
    0xDD: "í",
    0xDE: "ị",
    0xDF: "ò",
    0xE1: "ỏ",
    0xE2: "õ",
    0xE3: "ó",
    0xE4: "ọ",
    0xE5: "ồ",
    0xE6: "ổ",
    0xE7: "ỗ",
    0xE8: "ố",
    0xE9: "ộ",
    0xEA: "ờ",
    0xEB: "ở",
    0xEC: "ỡ",
    0xED: "ớ",
    0xEE: "ợ",
    0xEF: "ù",
    0xF1: "ủ",
    0xF2: "ũ",
    0xF3: "ú",
    0xF4: "ụ",
    0xF5: "ừ",
    0xF6: "ử",
    0xF7: "ữ",
    0xF8: "ứ",
    0xF9: "ự",
    0xFA: "ỳ",
    0xFB: "ỷ",
    0xFC: "ỹ",
    0xFD: "ý",
    0xFE: "ỵ",
}

# --- VISCII (RFC 1456) -------------------------------------------------------------------
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ"  # 0x80
    "ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"  # 0x90
    "Õắằặấầẩậẽẹếềểễệố"  # 0xA0
    "ồổỗỠƠộờởịỰỨỪỬơớƯ"  # 0xB0
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ"  # 0xC0
    "ĐứÒÓÔạỷừửÙÚỹỵÝỡư"  # 0xD0
    "àáâãảăữẫèéêẻìíĩỉ"  # 0xE0
    "đựòóôõỏọụùúũủýợỮ"  # 0xF0
)
_VISCII_BYTES = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}
_VISCII_BYTES.update({0x80 + index: char for index, char in enumerate(_VISCII_HIGH)})

# --- VNI (VNI-Windows fonts) -------------------------------------------------------------
_TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc, huyền, hỏi, ngã, nặng
_VNI_TONE = ("ùøûõï", "ÙØÛÕÏ")
_VNI_CIRCUMFLEX = ("â", "Â")
_VNI_CIRCUMFLEX_TONE = ("áàåãä", "ÁÀÅÃÄ")
_VNI_BREVE = ("ê", "Ê")
_VNI_BREVE_TONE = ("éèúüë", "ÉÈÚÜË")
_VNI_SINGLE = {
    "ô": "ơ",
    "Ô": "Ơ",
    "ö": "ư",
    "Ö": "Ư",
    "ñ": "đ",
    "Ñ": "Đ",
    "æ": "ỉ",
    "Æ": "Ỉ",
    "ó": "ĩ",
    "Ó": "Ĩ",
    "ò": "ị",
    "Ò": "Ị",
    "î": "ỵ",
    "Î": "Ỵ",
}


def _compose(base: str, *marks: str) -> str:
    return unicodedata.normalize("NFC", base + "".join(marks))


def _vni_sequences() -> dict[str, str]:
    sequences: dict[str, str] = {}
    for base_lower in "aeiouy":
        for base in (base_lower, base_lower.upper()):
            for case in (0, 1):
                for tone, mark in zip(_VNI_TONE[case], _TONES, strict=True):
                    sequences[base + tone] = _compose(base, mark)
    for vni_base, letter in (("ô", "ơ"), ("Ô", "Ơ"), ("ö", "ư"), ("Ö", "Ư")):
        for case in (0, 1):
            for tone, mark in zip(_VNI_TONE[case], _TONES, strict=True):
                sequences[vni_base + tone] = _compose(letter, mark)
    for base_lower in "aeo":
        for base in (base_lower, base_lower.upper()):
            for case in (0, 1):
                sequences[base + _VNI_CIRCUMFLEX[case]] = _compose(base, "\u0302")
                for tone, mark in zip(_VNI_CIRCUMFLEX_TONE[case], _TONES, strict=True):
                    sequences[base + tone] = _compose(base, "\u0302", mark)
    for base in ("a", "A"):
        for case in (0, 1):
            sequences[base + _VNI_BREVE[case]] = _compose(base, "\u0306")
            for tone, mark in zip(_VNI_BREVE_TONE[case], _TONES, strict=True):
                sequences[base + tone] = _compose(base, "\u0306", mark)
    # Single characters last, so that longer sequences are preferred ("ôù" before "ô").
    sequences.update(_VNI_SINGLE)
    return sequences


_VNI_MAP = _vni_sequences()
_VNI_PATTERN = re.compile("|".join(re.escape(key) for key in sorted(_VNI_MAP, key=len, reverse=True)))

# Windows-1252 characters that fonts with 8-bit encodings show for bytes 0x80-0x9F.
_CP1252_HIGH = {
    bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def _as_bytes_text(text: str) -> str:
    """Text as the Latin-1 characters of its bytes (cp1252 letters back to their bytes)."""
    return "".join(chr(_CP1252_HIGH[c]) if c in _CP1252_HIGH else c for c in text)


def _map_bytes(text: str, table: dict[int, str]) -> str:
    return "".join(table.get(ord(c), c) if ord(c) < 256 else c for c in text)


def _convert(text: str, encoding: str, uppercase: bool = False) -> str:
    if encoding == CP1258:
        return unicodedata.normalize("NFC", text)
    raw = _as_bytes_text(text)
    if encoding == TCVN3:
        converted = _map_bytes(raw, _TCVN3_BYTES)
        if uppercase:
            converted = converted.upper()
    elif encoding == VISCII:
        converted = _map_bytes(raw, _VISCII_BYTES)
    elif encoding == VNI:
        converted = _VNI_PATTERN.sub(lambda match: _VNI_MAP[match.group(0)], raw)
    else:
        raise ValueError(f"unknown legacy encoding: {encoding}")
    return unicodedata.normalize("NFC", converted)


# --- detection ----------------------------------------------------------------------------

_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ "
    "ưa ưi ươ ưu uy uya uyê uyu yê iêu oai oay oeo uây uôi ươi ươu yêu uơ oao"
).split()
_FINAL = r"(?:ch|nh|ng|[cmnpt])?"
_SYLLABLE = re.compile(rf"^{_INITIAL}(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))}){_FINAL}$")
_WORD = re.compile(r"[^\W\d_]+")
_VIETNAMESE_LETTERS = set(
    "aăâbcdđeêghiklmnoôơpqrstuưvxy" + "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)


def _strip_tone(word: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONES)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES)), tones


def _score(text: str) -> int:
    """Well-formed Vietnamese syllables with a non-ASCII letter, less the malformed words
    and stray non-Vietnamese symbols: the right decoding maximises it."""
    score = 0
    for word in _WORD.findall(unicodedata.normalize("NFC", text)):
        if word.isascii():
            continue
        bare, tones = _strip_tone(word)
        if tones <= 1 and set(bare) <= _VIETNAMESE_LETTERS and _SYLLABLE.match(bare):
            score += 1
        else:
            score -= 1
    score -= sum(1 for c in text if 0x80 <= ord(c) < 0x100 and not c.isalpha() and c not in "\u00a0«»°±·×")
    score -= 2 * sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v")
    return score


SAMPLE_CHARACTERS = 6000


def _sample(text: str) -> str:
    """Enough of a long text to judge its encoding: the whole text costs time, not certainty."""
    if len(text) <= SAMPLE_CHARACTERS:
        return text
    cut = text.rfind(" ", 0, SAMPLE_CHARACTERS)
    return text[: cut if cut > 0 else SAMPLE_CHARACTERS]


def _mostly_unicode_letters(text: str) -> bool:
    beyond = latin1 = 0
    for char in text:
        code = ord(char)
        if code < 0x80 or not char.isalpha():
            continue
        if code > 0xFF and char not in _CP1252_HIGH:
            beyond += 1
        else:
            latin1 += 1
    return beyond > 0.2 * (beyond + latin1)


def _decode_bytes(data: bytes) -> tuple[str, bool]:
    """The bytes as text, and whether they were valid UTF-8 (then no 8-bit encoding applies)."""
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        return data.decode("latin-1"), False


def detect_legacy_encoding(text_or_bytes: str | bytes) -> str | None:
    """ "tcvn3", "vni", "viscii" or "cp1258" when the text is Vietnamese in that legacy form;
    None when it is already Unicode, or not Vietnamese, or too short to tell."""
    if isinstance(text_or_bytes, bytes):
        text, is_utf8 = _decode_bytes(text_or_bytes)
        if not is_utf8:
            text = _sample(text)
            cp1258 = text_or_bytes[: len(text)].decode("cp1258", errors="replace")
            if any(unicodedata.combining(c) for c in cp1258) and "\ufffd" not in cp1258:
                candidates = {CP1258: _score(unicodedata.normalize("NFC", cp1258))}
            else:
                candidates = {}
            candidates.update({name: _score(_convert(text, name)) for name in (TCVN3, VNI, VISCII)})
            # 8-bit bytes are not Unicode text; the best reading wins if it reads as Vietnamese.
            best = max(candidates, key=lambda name: candidates[name])
            return best if candidates[best] > 0 else None
    else:
        text = text_or_bytes
    text = _sample(text)
    if any(unicodedata.combining(c) for c in text) and unicodedata.normalize("NFC", text) != text:
        # Decomposed tones (cp1258 decoded without composing, or Unicode typed that way).
        if _score(unicodedata.normalize("NFC", text)) > 0:
            return CP1258
    if _mostly_unicode_letters(text):
        return None  # legacy text read as characters never goes past U+00FF (but cp1252's)
    as_is = _score(text)
    readings = {name: _score(_convert(text, name)) for name in (TCVN3, VNI, VISCII)}
    best = max(readings, key=lambda name: readings[name])
    if readings[best] >= max(3, as_is + 3) and readings[best] > 2 * max(as_is, 0):
        return best
    return None


def to_unicode(text_or_bytes: str | bytes, encoding: str | None = None, *, uppercase: bool = False) -> str:
    """The text in NFC Unicode: converted from `encoding` (detected when not given) or, when
    it is not legacy text, unchanged apart from composing. `uppercase` is for TCVN3 text
    set in a capitals font (.VnTimeH), whose bytes are those of lowercase letters."""
    if encoding is None:
        encoding = detect_legacy_encoding(text_or_bytes)
    if isinstance(text_or_bytes, bytes):
        if encoding == CP1258:
            return unicodedata.normalize("NFC", text_or_bytes.decode("cp1258", errors="replace"))
        text, is_utf8 = _decode_bytes(text_or_bytes)
        if encoding is None:
            return unicodedata.normalize(
                "NFC", text if is_utf8 else text_or_bytes.decode("cp1258", errors="replace")
            )
    else:
        text = text_or_bytes
    if encoding is None:
        return unicodedata.normalize("NFC", text)
    if encoding not in LEGACY_ENCODINGS:
        raise ValueError(f"unknown legacy encoding: {encoding}")
    return _convert(text, encoding, uppercase=uppercase)


def is_capitals_font(font_name: str | None) -> bool:
    """TCVN3 capitals fonts end in H: .VnTimeH, .VnArialH (the DOCX reader asks per run)."""
    return bool(font_name) and font_name.strip().startswith(".Vn") and font_name.strip().endswith("H")


def encoding_for_font(font_name: str | None) -> str | None:
    """The legacy encoding a font name implies: .VnTime, .VnArialH → TCVN3; VNI-Times →
    VNI; VISCII fonts → VISCII. A Unicode font (Times New Roman) implies none."""
    name = (font_name or "").strip().lower()
    if name.startswith(".vn"):
        return TCVN3
    if name.startswith(("vni-", "vni ")):
        return VNI
    if "viscii" in name:
        return VISCII
    return None


def encode_legacy(text: str, encoding: str) -> bytes:
    """Unicode text in a legacy encoding (for tests and for round trips); capitals with tones
    have no TCVN3 byte and are written as lowercase, as a .VnTimeH font would need."""
    text = unicodedata.normalize("NFC", text)
    if encoding == CP1258:
        out = bytearray()
        for char in text:
            try:
                out += char.encode("cp1258")
            except UnicodeEncodeError:
                # cp1258 has the letters with their vowel marks (â, ơ) but tones only as
                # combining marks: write the letter without its tone, then the tone.
                decomposed = unicodedata.normalize("NFD", char)
                tones = "".join(c for c in decomposed if c in _TONES)
                bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
                out += (bare + tones).encode("cp1258", errors="replace")
        return bytes(out)
    if encoding == TCVN3:
        reverse = {char: byte for byte, char in _TCVN3_BYTES.items()}
        return bytes(reverse.get(c, reverse.get(c.lower(), ord(c) if ord(c) < 128 else 0x3F)) for c in text)
    if encoding == VISCII:
        reverse = {char: byte for byte, char in _VISCII_BYTES.items()}
        return bytes(reverse.get(c, ord(c) if ord(c) < 128 else 0x3F) for c in text)
    if encoding == VNI:
        reverse: dict[str, str] = {}
        for sequence, char in _VNI_MAP.items():
            # Prefer the modifier in the base letter's own case ("AÙ", "aù").
            if char not in reverse or (
                sequence[-1].isupper() == char.isupper() and len(sequence) <= len(reverse[char])
            ):
                reverse[char] = sequence
        return "".join(reverse.get(c, c) for c in text).encode("latin-1", errors="replace")
    raise ValueError(f"unknown legacy encoding: {encoding}")


__all__ = [
    "detect_legacy_encoding",
    "to_unicode",
    "encode_legacy",
    "encoding_for_font",
    "is_capitals_font",
    "LEGACY_ENCODINGS",
]
