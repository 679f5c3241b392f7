"""A DOCX typed in a legacy Vietnamese font (.VnTime = TCVN3, VNI-Times = VNI) is read
back as Unicode: the run's font name says how its characters were meant."""

import pytest
from docx import Document

from cchc.ingest.encodings import TCVN3, VNI, encode_legacy
from cchc.ingest.readers import read_document

SENTENCE = "Kế hoạch tuyên truyền cải cách hành chính của huyện Lam Sơn"


@pytest.mark.parametrize(("font", "encoding"), [(".VnTime", TCVN3), ("VNI-Times", VNI)])
def test_it_reads_a_legacy_font_run_as_unicode(tmp_path, font, encoding):
    legacy_text = encode_legacy(SENTENCE, encoding).decode("latin-1")
    document = Document()
    paragraph = document.add_paragraph()
    run = paragraph.add_run(legacy_text)
    run.font.name = font
    document.add_paragraph("Dòng chữ Unicode bình thường.")
    path = tmp_path / "cu.docx"
    document.save(path)

    lines = read_document(path).text_lines()

    assert SENTENCE in lines
    assert "Dòng chữ Unicode bình thường." in lines
