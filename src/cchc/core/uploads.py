"""What an uploaded file really is, checked the same way wherever people send files.

A file's name and the content type a browser sends are whatever the sender says; the leading
bytes are what the file is. A program renamed ``bao-cao.pdf`` must not be stored and later
served to an officer as a PDF. This module owns the table of kinds we know and the checks;
each app keeps its own policy: which kinds it takes, how large, and how it words a refusal
(the wording was written per app and people have seen it, so it stays the app's).

The checks are cheap and read only the first ``HEAD_BYTES`` of a file, before anything stores
or parses it; the readers (pdfplumber, python-docx, Pillow) look deeper where an app needs it.
No Django models; ValidationError because every caller puts the refusal on a form or an API
answer through it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError

# Enough for every signature below and for a fair judgement of a text file's encoding.
HEAD_BYTES = 2048
# A UTF-8 character is at most 4 bytes: one cut by the end of the sample is not an error.
_UTF8_TAIL = 4

ZIP = (b"PK\x03\x04",)  # the Office Open XML formats are zip archives
OLE = (b"\xd0\xcf\x11\xe0",)  # the pre-2007 Office formats are OLE compound files
JPEG = (b"\xff\xd8\xff",)


@dataclass(frozen=True)
class UploadKind:
    extension: str
    content_type: str  # stored with the file and sent back when it is downloaded
    signatures: tuple[bytes, ...] | None  # the content starts with one of these; None: text

    @property
    def is_text(self) -> bool:
        return self.signatures is None


def _kinds(*rows: tuple[str, str, tuple[bytes, ...] | None]) -> dict[str, UploadKind]:
    return {ext: UploadKind(ext, content_type, signatures) for ext, content_type, signatures in rows}


KINDS: dict[str, UploadKind] = _kinds(
    # "%PDF-" and not just "%PDF": every PDF version header has the dash (ISO 32000, 7.5.2).
    (".pdf", "application/pdf", (b"%PDF-",)),
    (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    (".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    (".doc", "application/msword", OLE),
    (".xls", "application/vnd.ms-excel", OLE),
    (".jpg", "image/jpeg", JPEG),
    (".jpeg", "image/jpeg", JPEG),
    (".png", "image/png", (b"\x89PNG\r\n\x1a\n",)),
    # The first box's 32-bit length: a leading "ftyp" box is far shorter than 16 MB.
    (".mp4", "video/mp4", (b"\x00\x00\x00",)),
    # An ID3 tag, or straight into an MPEG-1/2 layer III frame.
    (".mp3", "audio/mpeg", (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    (".txt", "text/plain", None),
)


@dataclass(frozen=True)
class Wording:
    """How an app words each refusal, as (lazy) gettext templates. Each may use %(name)s (the
    file's name); ``not_allowed`` also %(types)s ("docx, pdf") or %(extensions)s (".docx,
    .pdf"), ``too_large`` %(mb)s, ``mismatch`` %(ext)s (".pdf")."""

    not_allowed: str
    too_large: str
    mismatch: str
    # None: a text file that is not UTF-8 gets the mismatch wording.
    not_text: str | None = None
    # None: no separate test for an empty file; its (missing) content is judged like any
    # other, so an empty .pdf is refused as not a PDF and an empty .txt is accepted.
    empty: str | None = None
    type_code: str | None = None  # ValidationError code of the type and content refusals
    size_code: str | None = None  # and of the empty and size refusals


def megabytes(max_bytes: int) -> int:
    return max_bytes // (1024 * 1024)


def read_head(upload, size: int = HEAD_BYTES) -> bytes:
    """The first `size` bytes, with the file left at its start for whoever stores it next."""
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def looks_like_text(head: bytes) -> bool:
    """UTF-8 without NUL bytes: a NUL never occurs in a text document and is the surest sign
    of a binary file (or a UTF-16 one without its byte-order mark) named .txt."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - _UTF8_TAIL:
            return False
    return True


def content_matches(kind: UploadKind, head: bytes) -> bool:
    if kind.is_text:
        return looks_like_text(head)
    return head.startswith(kind.signatures)


def allowed_kinds(allowed: Iterable[str]) -> dict[str, UploadKind]:
    """The table rows of an app's policy; a policy naming a kind we cannot check is a bug."""
    allowed = set(allowed)
    unknown = allowed - KINDS.keys()
    if unknown:
        raise ValueError(f"No signature known for {', '.join(sorted(unknown))}")
    return {ext: KINDS[ext] for ext in sorted(allowed)}


def check_upload(
    upload, *, allowed: Iterable[str], max_bytes: int, wording: Wording, name: str | None = None
) -> UploadKind:
    """The kind of an acceptable upload, or a ValidationError worded by the app.

    `allowed`: extensions (".pdf") the app takes; `name`: the name to show in a refusal (the
    app's cleaned name; the upload's own file name without folders when not given). Checks, in
    order: the extension, emptiness (only where the wording has a message for it), the size,
    then the leading bytes against the extension."""
    kinds = allowed_kinds(allowed)
    if name is None:
        name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower()
    params = {
        "name": name,
        "ext": extension,
        "types": ", ".join(sorted({ext.lstrip(".") for ext in kinds})),
        "extensions": ", ".join(kinds),
        "mb": megabytes(max_bytes),
    }

    def refuse(template, code):
        return ValidationError(str(template) % params, code=code)

    kind = kinds.get(extension)
    if kind is None:
        raise refuse(wording.not_allowed, wording.type_code)
    if wording.empty is not None and (upload.size is None or upload.size <= 0):
        raise refuse(wording.empty, wording.size_code)
    if (upload.size or 0) > max_bytes:
        raise refuse(wording.too_large, wording.size_code)
    if not content_matches(kind, read_head(upload)):
        template = wording.not_text if kind.is_text and wording.not_text else wording.mismatch
        raise refuse(template, wording.type_code)
    return kind
