"""Bad scans end in a clear `ReaderError` (or unchanged text), never a crash: huge images
(decompression bombs), corrupt PNGs, truncated TIFFs, PDFs of blank pages, English text."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from scan_images import text_page

from cchc.ingest.ocr import tesseract
from cchc.ingest.readers import read_document
from cchc.ingest.readers.base import ReaderError

needs_tesseract = pytest.mark.skipif(
    not tesseract.is_available(),
    reason="Tesseract OCR with Vietnamese data is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)",
)


def png_claiming_size(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge size, with a tiny compressed body: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def assert_clear_error(path) -> str:
    with pytest.raises(ReaderError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.strip() and "Traceback" not in message
    return message


@pytest.mark.parametrize("size", [(30_000, 30_000), (9_000, 9_000)])
def test_it_refuses_a_huge_image_before_decoding_it(tmp_path, size):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_claiming_size(*size))
    assert "quá lớn" in assert_clear_error(path)


@needs_tesseract
def test_it_refuses_a_pdf_page_too_large_to_rasterize(tmp_path):
    import pypdfium2 as pdfium

    path = tmp_path / "poster.pdf"
    document = pdfium.PdfDocument.new()
    document.new_page(14_400, 14_400)  # the largest page PDF allows: 5 m square
    document.save(str(path))
    document.close()
    assert "quá lớn" in assert_clear_error(path)


def test_it_reports_a_corrupt_png(tmp_path):
    path = tmp_path / "corrupt.png"
    buffer = io.BytesIO()
    text_page(["Kế hoạch"]).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    data[100:400] = b"\xff" * 300
    path.write_bytes(bytes(data))
    assert "hỏng" in assert_clear_error(path)


def test_it_reports_a_png_that_is_only_its_signature(tmp_path):
    path = tmp_path / "empty.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert "hỏng" in assert_clear_error(path)


def test_it_reports_a_truncated_tiff(tmp_path):
    buffer = io.BytesIO()
    text_page(["Kế hoạch tuyên truyền"]).save(buffer, format="TIFF")
    path = tmp_path / "truncated.tif"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 3])
    assert "hỏng" in assert_clear_error(path)


@needs_tesseract
def test_it_reports_a_pdf_of_blank_pages(tmp_path):
    path = tmp_path / "blank.pdf"
    blank = Image.new("L", (1654, 2339), 255)
    blank.save(path, save_all=True, append_images=[blank.copy()], resolution=200)
    assert "Không nhận dạng được chữ" in assert_clear_error(path)


@needs_tesseract
def test_it_reads_english_text_without_changing_it(tmp_path):
    path = tmp_path / "english.png"
    lines = ["The quick brown fox jumps over the lazy dog", "Annual report of the harbour board"]
    text_page(lines).save(path, dpi=(200, 200))
    got = read_document(path).text_lines()
    assert [line.lower() for line in got] == [line.lower() for line in lines]


def test_a_scan_of_a_missing_engine_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract on this PATH
    path = tmp_path / "page.png"
    text_page(["Kế hoạch"]).save(path)
    message = assert_clear_error(path)
    assert "tesseract-ocr-vie" in message
