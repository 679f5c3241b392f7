"""Build the shipped repair model (`data/model.bin`) from its training material.

Run by hand; the result is committed. The build is deterministic: the same inputs
give a byte-identical model.

    python -m cchc.ingest.repair.build_model [--underthesea WHEEL] [--pyvi WHEEL] [--no-running-text]
                                             [--cross-validate]

Inputs (see data/SOURCES.md for provenance and licences):
  * data/train/*.txt — administrative Vietnamese written for this project; one
    paragraph a line. This is the in-domain text and weighs most.
  * optionally the underthesea wheel (its code is Apache-2.0): its Viet74K word list and
    the running text of the POS-tagger test output it ships. That text is VLSP 2013 data,
    whose own terms the wheel does not state (data/SOURCES.md); `--no-running-text`
    builds without it;
  * optionally the pyvi wheel (MIT): its word list.
Get the wheels with `pip download --no-deps underthesea==9.5.0 pyvi==0.1.1`.
Nothing from the project's test corpus (`shared/corpus`) is ever read here.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import unicodedata
import zipfile
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from cchc.ingest.repair.lm import (
    ID_BITS,
    MODEL_PATH,
    NUM,
    SENTENCE_END,
    SENTENCE_START,
    LanguageModel,
    lm_tokens,
)
from cchc.ingest.repair.syllables import has_marks, strip_marks

TRAIN_DIR = Path(__file__).with_name("data") / "train"

# How much one occurrence counts, by source: the project's own in-domain text
# outweighs general news text, which outweighs a bare dictionary entry.
OWN_TEXT_WEIGHT = 2
GENERAL_TEXT_WEIGHT = 1
WORD_LIST_WEIGHT = 1

DISCOUNT = 0.9
UNIGRAM_FLOOR = 0.5  # pseudo-count so that every vocabulary entry keeps some mass

UNDERTHESEA_TEXT = "underthesea/pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"
UNDERTHESEA_WORDS = "underthesea/corpus/data/Viet74K.txt"
PYVI_WORDS = "pyvi/models/words.txt"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def tagged_corpus_sentences(text: str) -> Iterator[list[str]]:
    """Sentences of a CoNLL-style file: first column is a word, blank line ends a sentence."""
    sentence: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            if sentence:
                yield sentence
            sentence = []
            continue
        word = line.split("\t", 1)[0].replace("_", " ")
        sentence.extend(lm_tokens(nfc(word)))
    if sentence:
        yield sentence


def word_list_entries(text: str) -> Iterator[list[str]]:
    for line in text.splitlines():
        tokens = lm_tokens(nfc(line.strip().replace("-", " ")))
        if tokens and all(t != NUM for t in tokens):
            yield tokens


def abbreviations_in(lines: Iterable[str]) -> dict[str, str]:
    """Upper-case abbreviations that carry a mark (HĐND, QĐ): their unmarked form -> the marked one."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for line in lines:
        for word in line.replace("-", " ").replace("/", " ").split():
            word = word.strip(".,;:()\"'")
            if len(word) >= 2 and word.isupper() and word.isalpha() and has_marks(word):
                seen[strip_marks(word)][word] += 1
    return {k: forms.most_common(1)[0][0] for k, forms in sorted(seen.items())}


class Counts:
    def __init__(self) -> None:
        self.c1: Counter = Counter()
        self.c2: Counter = Counter()
        self.c3: Counter = Counter()

    def add_sentence(self, tokens: list[str], weight: int, bounded: bool = True) -> None:
        """Count one sentence; a bare word-list entry is `bounded=False`: no sentence edges."""
        seq = [SENTENCE_START, SENTENCE_START, *tokens, SENTENCE_END] if bounded else tokens
        for i in range(2 if bounded else 0, len(seq)):
            self.c1[seq[i]] += weight
            if i >= 1:
                self.c2[(seq[i - 1], seq[i])] += weight
            if i >= 2:
                self.c3[(seq[i - 2], seq[i - 1], seq[i])] += weight


def estimate(counts: Counts, abbreviations: dict[str, str]) -> LanguageModel:
    vocab = sorted(set(counts.c1) | {SENTENCE_START, SENTENCE_END, "<unk>"})
    ids = {w: i for i, w in enumerate(vocab)}

    # Continuation counts for the lowest order (Kneser–Ney): in how many contexts a word appears.
    continuation: Counter = Counter()
    for (_, w), c in counts.c2.items():
        if c > 0:
            continuation[w] += 1
    total = sum(continuation.values()) + UNIGRAM_FLOOR * len(vocab)
    p1 = {w: (continuation[w] + UNIGRAM_FLOOR) / total for w in vocab}

    def order_stats(table: Counter, history_of) -> tuple[Counter, Counter]:
        mass: Counter = Counter()
        kinds: Counter = Counter()
        for gram, c in table.items():
            if c > 0:
                h = history_of(gram)
                mass[h] += c
                kinds[h] += 1
        return mass, kinds

    mass2, kinds2 = order_stats(counts.c2, lambda g: g[0])
    backoff1 = {v: DISCOUNT * kinds2[v] / mass2[v] for v in mass2}
    p2: dict[tuple[str, str], float] = {}
    for (v, w), c in counts.c2.items():
        if c > 0:
            p2[(v, w)] = max(c - DISCOUNT, 0) / mass2[v] + backoff1[v] * p1[w]

    mass3, kinds3 = order_stats(counts.c3, lambda g: (g[0], g[1]))
    backoff2 = {h: DISCOUNT * kinds3[h] / mass3[h] for h in mass3}
    p3: dict[tuple[str, str, str], float] = {}
    for (u, v, w), c in counts.c3.items():
        if c > 0:
            lower = p2.get((v, w)) or backoff1.get(v, 1.0) * p1[w]
            p3[(u, v, w)] = max(c - DISCOUNT, 0) / mass3[(u, v)] + backoff2[(u, v)] * lower

    unigram = array("f", [math.log(p1[w]) for w in vocab])
    unigram_backoff = array("f", [math.log(backoff1.get(w, 1.0)) for w in vocab])
    bigrams = {(ids[v] << ID_BITS) | ids[w]: math.log(p) for (v, w), p in p2.items()}
    bigram_backoff = {(ids[u] << ID_BITS) | ids[v]: math.log(b) for (u, v), b in backoff2.items()}
    trigrams = {
        (((ids[u] << ID_BITS) | ids[v]) << ID_BITS) | ids[w]: math.log(p) for (u, v, w), p in p3.items()
    }
    return LanguageModel(vocab, unigram, unigram_backoff, bigrams, bigram_backoff, trigrams, abbreviations)


def collect(
    underthesea: Path | None,
    pyvi: Path | None,
    exclude: Path | None = None,
    running_text: bool = True,
) -> tuple[Counts, dict[str, str]]:
    counts = Counts()
    own_lines = []
    for path in sorted(TRAIN_DIR.glob("*.txt")):
        if path != exclude:
            own_lines.extend(nfc(line) for line in path.read_text(encoding="utf-8").splitlines())
    for line in own_lines:
        tokens = lm_tokens(line)
        if tokens:
            counts.add_sentence(tokens, OWN_TEXT_WEIGHT)
    if underthesea is not None:
        with zipfile.ZipFile(underthesea) as wheel:
            if running_text:
                text = wheel.read(UNDERTHESEA_TEXT).decode("utf-8")
                for tokens in tagged_corpus_sentences(text):
                    counts.add_sentence(tokens, GENERAL_TEXT_WEIGHT)
            for tokens in word_list_entries(wheel.read(UNDERTHESEA_WORDS).decode("utf-8")):
                counts.add_sentence(tokens, WORD_LIST_WEIGHT, bounded=False)
    if pyvi is not None:
        with zipfile.ZipFile(pyvi) as wheel:
            for tokens in word_list_entries(wheel.read(PYVI_WORDS).decode("utf-8")):
                counts.add_sentence(tokens, WORD_LIST_WEIGHT, bounded=False)
    return counts, abbreviations_in(own_lines)


def cross_validate(underthesea: Path | None, pyvi: Path | None, running_text: bool = True) -> float:
    """Leave one training file out, build without it, restore its marks: the share of words
    restored exactly (as `score_repair.py` counts them) over all files. An estimate of the
    accuracy on administrative text the model has not seen."""
    from cchc.ingest.repair import decode_text
    from cchc.ingest.repair.decoder import Decoder

    word = re.compile(r"[^\W\d_]+")
    right = total = 0
    for held_out in sorted(TRAIN_DIR.glob("*.txt")):
        counts, abbreviations = collect(underthesea, pyvi, exclude=held_out, running_text=running_text)
        decoder = Decoder(estimate(counts, abbreviations))
        clean = nfc(held_out.read_text(encoding="utf-8"))
        _, restored = decode_text(decoder, strip_marks(clean))
        expected, got = word.findall(clean), word.findall(restored)
        hits = sum(a == b for a, b in zip(expected, got, strict=True))
        print(
            f"{held_out.name:40} {len(expected):6d} words  restored {hits / len(expected):.3f}",
            file=sys.stderr,
        )
        right, total = right + hits, total + len(expected)
    print(f"cross-validated: {right / total:.3f} over {total} words", file=sys.stderr)
    return right / total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the diacritic-repair language model.")
    parser.add_argument("--underthesea", type=Path, help="path to underthesea-9.5.0-py3-none-any.whl")
    parser.add_argument("--pyvi", type=Path, help="path to pyvi-0.1.1-py2.py3-none-any.whl")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument(
        "--no-running-text",
        action="store_true",
        help="leave out the VLSP 2013 running text of the underthesea wheel (keep its word list)",
    )
    parser.add_argument(
        "--cross-validate", action="store_true", help="estimate accuracy leaving each training file out"
    )
    args = parser.parse_args(argv)
    running_text = not args.no_running_text
    if args.cross_validate:
        cross_validate(args.underthesea, args.pyvi, running_text=running_text)
        return 0
    counts, abbreviations = collect(args.underthesea, args.pyvi, running_text=running_text)
    model = estimate(counts, abbreviations)
    model.save(args.out)
    print(
        f"{args.out}: {len(model.vocab)} tokens, {len(model.bigrams)} bigrams, "
        f"{len(model.trigrams)} trigrams, {args.out.stat().st_size // 1024} KiB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
