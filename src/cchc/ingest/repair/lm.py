"""The syllable trigram language model: storage, loading and scoring.

The model is an interpolated Kneser–Ney-style trigram stored in back-off form
(as ARPA files do): a log-probability for every n-gram seen in training and a
back-off weight for every history, so that scoring an unseen trigram costs two
or three dictionary look-ups and no arithmetic over the whole vocabulary.

Tokens are lower-cased marked syllables, lower-cased abbreviations, the class
token NUM for anything with a digit, and single punctuation characters.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from array import array
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("data") / "model.bin"
MAGIC = b"CCHCLM01"

SENTENCE_START = "<s>"
SENTENCE_END = "</s>"
NUM = "<num>"

URL = "<url>"

# Web and e-mail addresses, words, numbers (with their inner separators) and single punctuation marks.
TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)|[^\W\d_]+|\d+(?:[.,/]\d+)*|[^\w\s]",
    re.UNICODE,
)
PUNCT_KEPT = set(",.;:()-/\"'?!&%")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def lm_token(token: str) -> str | None:
    """The model's token for one surface token (None for symbols the model ignores)."""
    if token[0].isdigit():
        return NUM
    if WORD.fullmatch(token):
        return token.lower()
    return token if token in PUNCT_KEPT else None


def lm_tokens(text: str) -> list[str]:
    out = []
    for match in TOKEN.finditer(text):
        if match.lastgroup == "url":
            out.append(URL)
            continue
        token = lm_token(match.group())
        if token is not None:
            out.append(token)
    return out


# Key packing: ids fit in 21 bits, so a trigram is one Python int.
ID_BITS = 21
ID_MASK = (1 << ID_BITS) - 1


def pack2(a: int, b: int) -> int:
    return (a << ID_BITS) | b


def pack3(a: int, b: int, c: int) -> int:
    return (((a << ID_BITS) | b) << ID_BITS) | c


class LanguageModel:
    """Log-probabilities (natural log) over token ids."""

    def __init__(
        self,
        vocab: list[str],
        unigram: array,
        unigram_backoff: array,
        bigrams: dict[int, float],
        bigram_backoff: dict[int, float],
        trigrams: dict[int, float],
        abbreviations: dict[str, str],
    ) -> None:
        self.vocab = vocab
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.unigram = unigram
        self.unigram_backoff = unigram_backoff
        self.bigrams = bigrams
        self.bigram_backoff = bigram_backoff
        self.trigrams = trigrams
        self.abbreviations = abbreviations
        self.unknown_id = self.ids["<unk>"]
        self.start_id = self.ids[SENTENCE_START]
        self.end_id = self.ids[SENTENCE_END]

    def bigram(self, v: int, w: int) -> float:
        p = self.bigrams.get((v << ID_BITS) | w)
        if p is not None:
            return p
        return self.unigram_backoff[v] + self.unigram[w]

    def trigram(self, u: int, v: int, w: int) -> float:
        uv = (u << ID_BITS) | v
        p = self.trigrams.get((uv << ID_BITS) | w)
        if p is not None:
            return p
        p = self.bigrams.get((v << ID_BITS) | w)
        if p is None:
            p = self.unigram_backoff[v] + self.unigram[w]
        return self.bigram_backoff.get(uv, 0.0) + p

    def id_of(self, token: str) -> int:
        return self.ids.get(token, self.unknown_id)

    # --- storage -------------------------------------------------------------------------

    def save(self, path: Path) -> None:
        header = json.dumps(
            {"vocab": self.vocab, "abbreviations": self.abbreviations},
            ensure_ascii=False,
            sort_keys=True,
        ).encode("utf-8")
        parts = [
            array("f", self.unigram).tobytes(),
            array("f", self.unigram_backoff).tobytes(),
            *_dict_bytes(self.bigrams),
            *_dict_bytes(self.bigram_backoff),
            *_dict_bytes(self.trigrams),
        ]
        body = bytearray(struct.pack("<I", len(header)) + header)
        for part in parts:
            body += struct.pack("<Q", len(part)) + part
        path.write_bytes(MAGIC + zlib.compress(bytes(body), 9))

    @classmethod
    def load(cls, path: Path) -> LanguageModel:
        raw = path.read_bytes()
        if not raw.startswith(MAGIC):
            raise ValueError(f"{path} is not a repair model")
        body = zlib.decompress(raw[len(MAGIC) :])
        (header_len,) = struct.unpack_from("<I", body, 0)
        header = json.loads(body[4 : 4 + header_len].decode("utf-8"))
        offset = 4 + header_len
        parts = []
        while offset < len(body):
            (size,) = struct.unpack_from("<Q", body, offset)
            offset += 8
            parts.append(body[offset : offset + size])
            offset += size
        unigram = array("f")
        unigram.frombytes(parts[0])
        unigram_backoff = array("f")
        unigram_backoff.frombytes(parts[1])
        return cls(
            header["vocab"],
            unigram,
            unigram_backoff,
            _bytes_dict(parts[2], parts[3]),
            _bytes_dict(parts[4], parts[5]),
            _bytes_dict(parts[6], parts[7]),
            header["abbreviations"],
        )


def _dict_bytes(table: dict[int, float]) -> tuple[bytes, bytes]:
    keys = sorted(table)
    return array("Q", keys).tobytes(), array("f", [table[k] for k in keys]).tobytes()


def _bytes_dict(key_bytes: bytes, value_bytes: bytes) -> dict[int, float]:
    keys = array("Q")
    keys.frombytes(key_bytes)
    values = array("f")
    values.frombytes(value_bytes)
    return dict(zip(keys, values, strict=True))


@lru_cache(maxsize=1)
def default_model() -> LanguageModel:
    """The shipped model, loaded once per process."""
    return LanguageModel.load(MODEL_PATH)
