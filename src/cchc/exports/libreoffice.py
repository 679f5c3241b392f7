"""The one place the product talks to LibreOffice: DOCX (or any document it opens) -> PDF.

Each conversion gets its own user profile directory: two soffice processes sharing a
profile lock each other out, and a profile left by a crashed run can make the next one
hang. A timeout bounds a conversion that never returns.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

DEFAULT_TIMEOUT_S = 120


class ConversionError(RuntimeError):
    """LibreOffice is missing, failed, or took too long (message in Vietnamese, for the user)."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(source: str | Path, outdir: str | Path, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> Path:
    """Convert `source` into `outdir/<stem>.pdf` and return that path."""
    binary = soffice_path()
    if binary is None:
        raise ConversionError(
            "Không tìm thấy LibreOffice (lệnh soffice); cần cài LibreOffice để xuất PDF / soffice is not installed."
        )
    source = Path(source)
    if not source.is_file():
        raise ConversionError(f"Không tìm thấy tệp cần chuyển: {source}")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.gettempdir()) / f"lo-{os.getpid()}-{uuid.uuid4().hex}"
    command = [
        binary,
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        str(source),
        f"-env:UserInstallation={profile.as_uri()}",
    ]
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ConversionError(
            f"LibreOffice không chuyển xong {source.name} sang PDF trong {timeout_s:g} giây."
        ) from exc
    except OSError as exc:
        raise ConversionError(f"Không chạy được LibreOffice: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = outdir / f"{source.stem}.pdf"
    if completed.returncode != 0 or not pdf.is_file():
        detail = (completed.stderr or completed.stdout or "").strip().splitlines()
        reason = detail[-1] if detail else f"mã thoát {completed.returncode}"
        raise ConversionError(f"LibreOffice không tạo được PDF từ {source.name}: {reason}")
    return pdf


def docx_bytes_to_pdf(
    content: bytes, *, stem: str = "document", timeout_s: float = DEFAULT_TIMEOUT_S
) -> bytes:
    """The PDF of a DOCX given as bytes (working files are removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as work:
        source = Path(work) / f"{stem}.docx"
        source.write_bytes(content)
        return convert_to_pdf(source, Path(work) / "out", timeout_s=timeout_s).read_bytes()
