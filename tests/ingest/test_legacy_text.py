"""Plain-text plans saved in a legacy Vietnamese encoding are read as Unicode."""

import unicodedata

import pytest

from cchc.ingest.encodings import TCVN3, VISCII, VNI, encode_legacy
from cchc.ingest.readers import read_document

SENTENCE = "Ủy ban nhân dân huyện Lam Sơn ban hành kế hoạch tuyên truyền cải cách hành chính"


@pytest.mark.parametrize("encoding", [TCVN3, VNI, VISCII])
def test_it_reads_a_legacy_encoded_text_file(tmp_path, encoding):
    path = tmp_path / "cu.txt"
    path.write_bytes(encode_legacy(SENTENCE.lower(), encoding) + b"\n")
    assert [line for line in read_document(path).text_lines() if line] == [SENTENCE.lower()]


def test_it_composes_decomposed_tones_to_nfc(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_bytes(unicodedata.normalize("NFD", SENTENCE).encode("utf-8"))
    assert read_document(path).text_lines() == [SENTENCE]
