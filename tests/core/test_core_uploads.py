"""An upload is taken for what its leading bytes say, not for its name: one table and one check
shared by feedback attachments and tracking evidence, each app with its own policy and wording."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cchc.core import uploads
from cchc.feedback.services import ALLOWED_TYPES, ATTACHMENT_WORDING, MAX_ATTACHMENT_BYTES
from cchc.tracking.services import EVIDENCE_TYPES, EVIDENCE_WORDING, MAX_EVIDENCE_BYTES

MB = 1024 * 1024


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def office_zip(main_part: str) -> bytes:
    """A minimal Office Open XML package: a zip with its content-types part and a main part."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(main_part, '<?xml version="1.0"?><root/>')
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48


def feedback_check(name, content, **kwargs):
    kwargs = {"allowed": ALLOWED_TYPES, "max_bytes": MAX_ATTACHMENT_BYTES, **kwargs}
    return uploads.check_upload(SimpleUploadedFile(name, content), wording=ATTACHMENT_WORDING, **kwargs)


def evidence_check(name, content, **kwargs):
    kwargs = {"allowed": EVIDENCE_TYPES, "max_bytes": MAX_EVIDENCE_BYTES, **kwargs}
    return uploads.check_upload(SimpleUploadedFile(name, content), wording=EVIDENCE_WORDING, **kwargs)


def refusal(check, name, content, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check(name, content, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("check", "name", "content", "content_type"),
    [
        (feedback_check, "anh.png", png_bytes(), "image/png"),
        (feedback_check, "bien-ban.pdf", PDF, "application/pdf"),
        (feedback_check, "BIEN-BAN.PDF", PDF, "application/pdf"),
        (
            feedback_check,
            "to-trinh.docx",
            office_zip("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (feedback_check, "ghi-chu.txt", "Nội dung phản ánh\n".encode(), "text/plain"),
        (
            evidence_check,
            "so-lieu.xlsx",
            office_zip("xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (evidence_check, "anh.png", png_bytes(), "image/png"),
        (evidence_check, "bao-cao.pdf", PDF, "application/pdf"),
    ],
    ids=["png", "pdf", "upper-case-extension", "docx", "txt", "xlsx", "evidence-png", "evidence-pdf"],
)
def test_it_accepts_a_file_whose_content_matches_its_extension(check, name, content, content_type):
    kind = check(name, content)
    assert kind.content_type == content_type


def test_it_leaves_the_file_at_its_start_for_whoever_stores_it():
    upload = SimpleUploadedFile("bien-ban.pdf", PDF)
    upload.read(5)  # a caller that already looked at it
    uploads.check_upload(upload, allowed={".pdf"}, max_bytes=MB, wording=ATTACHMENT_WORDING)
    assert upload.read() == PDF


def test_it_refuses_a_program_renamed_as_a_pdf_in_each_apps_words():
    feedback = refusal(feedback_check, "bao-cao.pdf", EXE)
    assert feedback.messages == ["Nội dung tệp bao-cao.pdf không khớp với phần mở rộng .pdf."]
    assert feedback.code == "attachment_type"
    evidence = refusal(evidence_check, "bao-cao.pdf", EXE)
    assert evidence.messages == ["Nội dung tệp bao-cao.pdf không đúng định dạng .pdf."]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.jpg", png_bytes()),  # a real image, under another image's extension
        ("to-trinh.pdf", office_zip("word/document.xml")),
        ("bien-ban.docx", PDF),
        ("anh.png", b"<html><script>alert(1)</script></html>"),
        ("bien-ban.pdf", b"%PDF"),  # the version header always has its dash
    ],
    ids=["png-as-jpg", "docx-as-pdf", "pdf-as-docx", "html-as-png", "pdf-without-dash"],
)
def test_it_refuses_content_that_is_not_what_the_extension_says(name, content):
    error = refusal(feedback_check, name, content)
    assert "không khớp với phần mở rộng" in error.messages[0]


def test_it_refuses_an_extension_the_app_does_not_take_listing_what_it_does():
    feedback = refusal(feedback_check, "virus.exe", EXE)
    assert feedback.messages == ["Tệp virus.exe không được nhận: chỉ nhận docx, jpeg, jpg, pdf, png, txt."]
    assert feedback.code == "attachment_type"
    evidence = refusal(evidence_check, "virus.exe", EXE)
    assert evidence.messages == [
        "Định dạng tệp virus.exe không được nhận "
        "(nhận: .doc, .docx, .jpeg, .jpg, .mp3, .mp4, .pdf, .png, .pptx, .xls, .xlsx)."
    ]
    # Each app keeps its own list: a spreadsheet is evidence, not a citizen's attachment.
    assert (
        "không được nhận"
        in refusal(feedback_check, "so-lieu.xlsx", office_zip("xl/workbook.xml")).messages[0]
    )
    assert "không được nhận" in refusal(evidence_check, "ghi-chu.txt", b"van ban").messages[0]
    assert "không được nhận" in refusal(feedback_check, "khong-duoi", PDF).messages[0]


def test_an_empty_file_is_refused_where_the_app_says_so_and_judged_by_content_elsewhere():
    assert refusal(evidence_check, "rong.pdf", b"").messages == ["Tệp rong.pdf rỗng."]
    # Feedback has no separate rule: an empty PDF is not a PDF, an empty text is a text.
    assert "không khớp" in refusal(feedback_check, "rong.pdf", b"").messages[0]
    assert feedback_check("rong.txt", b"").extension == ".txt"


def test_it_refuses_a_file_over_the_limit_and_takes_one_at_the_limit():
    at_limit = PDF + b"0" * (MB - len(PDF))
    assert feedback_check("vua.pdf", at_limit, max_bytes=MB).extension == ".pdf"
    over = refusal(feedback_check, "to.pdf", at_limit + b"0", max_bytes=MB)
    assert over.messages == ["Tệp to.pdf lớn hơn 1 MB."] and over.code == "attachment_size"
    # The size is judged before the content: a large program is refused for its size.
    assert (
        "vượt quá 1 MB"
        in refusal(evidence_check, "to.pdf", EXE * (MB // len(EXE) + 1), max_bytes=MB).messages[0]
    )


@pytest.mark.parametrize(
    "content",
    [
        b"noi dung\x00\x00\x00",  # a NUL never occurs in a text document
        "Nội dung".encode("utf-16-le"),  # UTF-16 without its byte-order mark: NULs between letters
        "Nội dung".encode("utf-16"),
        "Công dân phản ánh về thủ tục".encode("cp1258", errors="replace"),  # an old Windows code page
    ],
    ids=["nul", "utf16-no-bom", "utf16", "legacy-codepage"],
)
def test_it_refuses_a_text_file_that_is_not_utf8_text(content):
    assert refusal(feedback_check, "ghi-chu.txt", content).messages == [
        "Tệp ghi-chu.txt không phải văn bản UTF-8."
    ]


def test_a_character_cut_by_the_end_of_the_sample_is_not_an_error():
    text = "ệ".encode() * uploads.HEAD_BYTES  # 3 bytes each: the sample ends inside one
    assert uploads.HEAD_BYTES % 3 != 0
    assert feedback_check("dai.txt", text).content_type == "text/plain"


def test_a_policy_naming_a_kind_without_a_known_signature_is_a_bug():
    with pytest.raises(ValueError, match=".exe"):
        uploads.check_upload(
            SimpleUploadedFile("a.exe", EXE), allowed={".exe"}, max_bytes=MB, wording=EVIDENCE_WORDING
        )


def test_every_kind_an_app_takes_has_a_row_in_the_shared_table():
    assert set(ALLOWED_TYPES) | set(EVIDENCE_TYPES) <= set(uploads.KINDS)
    assert uploads.KINDS[".jpg"].content_type == uploads.KINDS[".jpeg"].content_type == "image/jpeg"
