"""Scanned PDFs: pages that are pictures, with no text layer, read by OCR.

This reader comes before the text-layer PDF reader in `READER_MODULES` and takes only
the PDFs that reader cannot read: no page has decodable text. Sniffing stops at the
first page with text, so an ordinary PDF costs one page of pdfium's character count.
A PDF whose fonts lack a Unicode map (its "text" is glyph numbers) is a scan for this
purpose too. A PDF mixing text pages and scanned pages stays with the PDF reader, which
names the pages without text in a warning.
"""

from __future__ import annotations

from pathlib import Path

from cchc.ingest.ocr import ProgressCallback
from cchc.ingest.readers.base import Reader, ReaderError, SourceDocument
from cchc.ingest.readers.image import ocr_pages
from cchc.ingest.readers.pdf import open_pdf

# A page with this many real letters has a text layer: even a page holding only a short
# line is the PDF reader's. (A scan stamped with "Trang 1" therefore goes to the PDF
# reader too, which then reports the pages it finds without text.)
MIN_TEXT_LETTERS = 3
SCAN_CONTEXT = "PDF không có lớp văn bản (bản quét) nên được đọc bằng nhận dạng ký tự (OCR). "


def _letters(page) -> int:
    text_page = page.get_textpage()
    try:
        count = text_page.count_chars()
        text = text_page.get_text_range(0, count) if count > 0 else ""
    finally:
        text_page.close()
    # Private-use code points are glyph numbers of fonts without a Unicode map, not letters.
    return sum(
        1 for char in text if char.isalpha() and not 0xE000 <= ord(char) < 0xF900 and ord(char) < 0xF0000
    )


def has_text_layer(pdf) -> bool:
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            if _letters(page) >= MIN_TEXT_LETTERS:
                return True
        finally:
            page.close()
    return False


class ScannedPdfReader(Reader):
    source_format = "ocr"  # the parser reads wrapped cell lines as it does for PDFs
    extensions = (".pdf",)

    def sniff(self, head: bytes, path: Path) -> bool:
        if b"%PDF-" not in head[:1024]:
            return False
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(str(path))
        except Exception:  # damaged or locked: the PDF reader explains what is wrong
            return False
        try:
            return len(pdf) > 0 and not has_text_layer(pdf)
        except Exception:
            return False
        finally:
            pdf.close()

    def read(self, path: Path, progress: ProgressCallback | None = None) -> SourceDocument:
        from cchc.ingest.ocr import images, tesseract

        path = Path(path)
        try:
            tesseract.tesseract_binary()
        except ReaderError as exc:
            raise ReaderError(f"{SCAN_CONTEXT}{exc}") from exc
        pdf = open_pdf(path)
        try:
            total = images.pdf_page_count(pdf)

            def pages():
                for index in range(total):
                    try:
                        yield images.rasterize_pdf_page(pdf, index)
                    except ReaderError:
                        raise
                    except Exception as exc:  # pdfium reports damage inside a page in several ways
                        raise ReaderError(
                            f"Trang {index + 1} của {path.name} bị hỏng, không dựng được ảnh / corrupt PDF page"
                        ) from exc

            source = ocr_pages(path.name, self.source_format, total, pages(), progress, context=SCAN_CONTEXT)
        finally:
            pdf.close()
        source.meta["scanned"] = True
        return source


READER = ScannedPdfReader()
