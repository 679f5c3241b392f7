"""Uploaded news images: checked, resized and re-encoded with Pillow.

Re-encoding drops whatever the file carried besides pixels (EXIF with GPS positions, embedded
scripts in odd formats), and a bounded size keeps pages light on a phone. No Django here.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "GIF"}
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # about 8000 × 5000: more is a decompression bomb, not a photo
MIN_SIDE = 200
FULL_SIZE = (1600, 1600)
THUMB_SIZE = (480, 320)
JPEG_QUALITY = 85


class ImageRejected(ValueError):
    """The upload is not an image we take; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class ProcessedImage:
    full: bytes
    thumbnail: bytes
    width: int
    height: int
    extension: str = ".jpg"


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency, and a transparent logo on black is unreadable."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def process_image(data: bytes) -> ProcessedImage:
    """Check `data` and return a resized JPEG and a thumbnail, or raise ImageRejected."""
    if len(data) > MAX_BYTES:
        raise ImageRejected(f"Ảnh quá lớn: tối đa {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            kind = probe.format
            width, height = probe.size
            if kind not in ACCEPTED_FORMATS:
                raise ImageRejected("Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF.")
            if width * height > MAX_PIXELS:
                raise ImageRejected("Ảnh có quá nhiều điểm ảnh (tối đa 40 triệu).")
            if min(width, height) < MIN_SIDE:
                raise ImageRejected(f"Ảnh quá nhỏ: cạnh ngắn cần ít nhất {MIN_SIDE} điểm ảnh.")
            probe.verify()  # a truncated or corrupt file fails here, before decoding
            image = Image.open(io.BytesIO(data))
            image.seek(0)  # the first frame of an animation
            image.load()
    except ImageRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("Tệp không phải ảnh hợp lệ hoặc quá lớn để xử lý.") from None
    except (OSError, SyntaxError, ValueError):
        raise ImageRejected("Tệp ảnh bị hỏng, không đọc được.") from None

    image = _flatten(ImageOps.exif_transpose(image))
    full = image.copy()
    full.thumbnail(FULL_SIZE, Image.Resampling.LANCZOS)
    thumb = ImageOps.fit(image, THUMB_SIZE, Image.Resampling.LANCZOS)
    return ProcessedImage(full=_encode(full), thumbnail=_encode(thumb), width=full.width, height=full.height)
