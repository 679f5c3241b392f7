"""Uploaded images are checked, resized and re-encoded as JPEG with a thumbnail."""

import io

import pytest
from PIL import Image

from cchc.portal.images import FULL_SIZE, MAX_BYTES, THUMB_SIZE, ImageRejected, process_image


def encoded(size, fmt="PNG", mode="RGB", colour=(10, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour if mode == "RGB" else (*colour, 0)).save(buffer, fmt)
    return buffer.getvalue()


def test_it_resizes_a_large_photo_and_keeps_a_thumbnail():
    result = process_image(encoded((3200, 2000), "JPEG"))
    full = Image.open(io.BytesIO(result.full))
    thumb = Image.open(io.BytesIO(result.thumbnail))
    assert full.format == "JPEG" and max(full.size) == FULL_SIZE[0]
    assert thumb.size == THUMB_SIZE


def test_it_flattens_transparency_on_white():
    result = process_image(encoded((400, 300), "PNG", mode="RGBA"))
    pixel = Image.open(io.BytesIO(result.full)).convert("RGB").getpixel((10, 10))
    assert min(pixel) > 240


def test_it_drops_exif_metadata():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "May anh bi mat"  # Make
    Image.new("RGB", (800, 600)).save(buffer, "JPEG", exif=exif)
    result = process_image(buffer.getvalue())
    assert b"May anh bi mat" not in result.full


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.4 not an image", "không phải ảnh"),
        (encoded((100, 80)), "quá nhỏ"),
        (encoded((400, 300), "BMP"), "Chỉ nhận"),
        (encoded((400, 300), "JPEG")[:200], "hỏng"),
    ],
    ids=["pdf", "tiny", "bmp", "truncated"],
)
def test_it_rejects_what_is_not_a_usable_image(data, reason):
    with pytest.raises(ImageRejected, match=reason):
        process_image(data)


def test_it_rejects_files_over_the_size_limit_before_decoding():
    with pytest.raises(ImageRejected, match="quá lớn"):
        process_image(b"\xff\xd8" + b"0" * MAX_BYTES)


def test_it_rejects_a_decompression_bomb_by_its_declared_size():
    # A PNG that declares 10000 × 10000 pixels but is tiny on disk.
    bomb = encoded((10000, 10000), "PNG", mode="RGB", colour=(0, 0, 0))
    assert len(bomb) < MAX_BYTES
    with pytest.raises(ImageRejected, match="điểm ảnh|quá lớn"):
        process_image(bomb)
