"""Page images for OCR: opened safely, rasterized, turned upright, straightened, and
searched for the ruling lines of tables.

Only Pillow and pypdfium2 are used (no numpy): pixel work is done by letting Pillow
shrink the image so that one output pixel summarises a run of input pixels, and then
looking at the few thousand pixels that remain in Python.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from cchc.ingest.readers.base import ReaderError

DPI = 200
# A4 at 400 dpi is about 15 million pixels; a page ten times that is not a scan of a plan
# but a decompression bomb or a poster, and would need gigabytes to process.
MAX_PAGE_PIXELS = 60_000_000
MAX_PAGES = 300
# Scans without a resolution tag are assumed to be at the resolution we rasterize at.
DEFAULT_IMAGE_DPI = DPI
IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "TIFF": "TIFF", "MPO": "JPEG"}


def _too_big(pixels: int, name: str) -> ReaderError:
    return ReaderError(
        f"Ảnh {name} quá lớn ({pixels // 1_000_000} triệu điểm ảnh, tối đa {MAX_PAGE_PIXELS // 1_000_000} triệu); "
        "hãy quét lại ở độ phân giải 200-300 dpi / image too large"
    )


def open_image(path: Path) -> Image.Image:
    """Open a scan without decoding it yet, refusing decompression bombs by their header."""
    name = path.name
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; both are refusals here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(path)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise ReaderError(f"Ảnh {name} quá lớn, có thể là tệp độc hại / image too large: {exc}") from exc
        except FileNotFoundError as exc:
            raise ReaderError(f"Không tìm thấy tệp / file not found: {name}") from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise ReaderError(
                f"Tệp ảnh {name} bị hỏng hoặc không phải ảnh được hỗ trợ (PNG, JPEG, TIFF) / "
                "corrupt or unsupported image"
            ) from exc
    if image.format not in IMAGE_FORMATS:
        image.close()
        raise ReaderError(
            f"Định dạng ảnh {image.format} của {name} chưa được hỗ trợ; hãy dùng PNG, JPEG, TIFF hoặc PDF"
        )
    width, height = image.size
    if width * height > MAX_PAGE_PIXELS:
        image.close()
        raise _too_big(width * height, name)
    if width < 16 or height < 16:
        image.close()
        raise ReaderError(
            f"Ảnh {name} quá nhỏ ({width}x{height} điểm ảnh) để nhận dạng chữ / image too small"
        )
    return image


def image_pages(path: Path) -> tuple[int, Iterator[tuple[Image.Image, int]]]:
    """The number of pages (TIFF frames) and an iterator of (grayscale page, dpi)."""
    image = open_image(path)
    total = getattr(image, "n_frames", 1)
    if total > MAX_PAGES:
        image.close()
        raise ReaderError(f"Ảnh {path.name} có quá nhiều trang ({total}, tối đa {MAX_PAGES})")

    def pages() -> Iterator[tuple[Image.Image, int]]:
        try:
            for index in range(total):
                try:
                    image.seek(index)
                    if image.size[0] * image.size[1] > MAX_PAGE_PIXELS:
                        raise _too_big(image.size[0] * image.size[1], path.name)
                    frame = _grayscale(ImageOps.exif_transpose(image) if index == 0 else image.copy())
                except ReaderError:
                    raise
                except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
                    raise ReaderError(
                        f"Tệp ảnh {path.name} bị hỏng hoặc không đầy đủ (trang {index + 1}) / corrupt or truncated image"
                    ) from exc
                yield frame, _image_dpi(image)
        finally:
            image.close()

    return total, pages()


def _image_dpi(image: Image.Image) -> int:
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    return value if 70 <= value <= 1200 else DEFAULT_IMAGE_DPI


def _grayscale(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # Transparent pixels are paper: lay the image on white before dropping colour.
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    return image.convert("L")


def pdf_page_count(pdf) -> int:
    total = len(pdf)
    if total == 0:
        raise ReaderError("Tệp PDF không có trang nào / the PDF has no pages")
    if total > MAX_PAGES:
        raise ReaderError(f"PDF quá dài ({total} trang, tối đa {MAX_PAGES}) / too many pages")
    return total


def rasterize_pdf_page(pdf, index: int, dpi: int = DPI) -> tuple[Image.Image, int]:
    """One page of an open pypdfium2 document as a grayscale image at `dpi` (lower for huge
    pages, so that no page exceeds MAX_PAGE_PIXELS), and the dpi actually used."""
    page = pdf[index]
    try:
        width_points, height_points = page.get_size()
        pixels = (width_points * dpi / 72) * (height_points * dpi / 72)
        if pixels > MAX_PAGE_PIXELS:
            dpi = int(dpi * (MAX_PAGE_PIXELS / pixels) ** 0.5)
            if dpi < 100:
                raise _too_big(int(pixels), f"trang {index + 1}")
        bitmap = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True)
        try:
            image = bitmap.to_pil().convert("L")
        finally:
            bitmap.close()
    finally:
        page.close()
    return image, dpi


def rotate_upright(image: Image.Image, clockwise_degrees: int) -> Image.Image:
    if clockwise_degrees % 360 == 0:
        return image
    return image.rotate(-clockwise_degrees, expand=True, fillcolor=255)


# --- dust ----------------------------------------------------------------------------

# Share of pixels a 3x3 median filter must change before a page counts as dusty.
DUST_SHARE = 0.002


def despeckle(image: Image.Image) -> tuple[Image.Image, bool]:
    """A dusty scan (salt-and-pepper noise from a dirty glass or a bad fax) through a 3x3
    median filter, which removes the specks and keeps strokes; a clean page unchanged,
    since the filter also rounds thin strokes off."""
    from PIL import ImageChops, ImageFilter

    filtered = image.filter(ImageFilter.MedianFilter(3))
    changed = sum(ImageChops.difference(image, filtered).histogram()[128:])
    if changed > DUST_SHARE * image.width * image.height:
        return filtered, True
    return image, False


# --- skew -----------------------------------------------------------------------------

SKEW_STEP = 0.25
MAX_SKEW = 5.0
SKEW_SAMPLE_WIDTH = 600


def _ink(image: Image.Image) -> Image.Image:
    """Ink as bright pixels on black, so that shrinking sums ink."""
    return ImageOps.invert(image.point(lambda value: 0 if value < 160 else 255))


def estimate_skew(image: Image.Image) -> float:
    """The turn in degrees (counter-clockwise positive) that levels the page, from the angle
    at which the rows of ink are sharpest: text lines give a spiky row profile only when level."""
    scale = SKEW_SAMPLE_WIDTH / image.width
    if scale < 1:
        sample = image.resize((SKEW_SAMPLE_WIDTH, max(1, round(image.height * scale))), Image.Resampling.BOX)
    else:
        sample = image
    ink = _ink(sample)

    def sharpness(angle: float) -> float:
        turned = ink.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=0)
        profile = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
        return sum((b - a) ** 2 for a, b in zip(profile, profile[1:], strict=False))

    # Coarse to fine: whole degrees first, then quarter degrees around the best.
    scores = {0.0: sharpness(0.0)}

    def best_of(angles) -> float:
        for angle in angles:
            if angle not in scores:
                scores[angle] = sharpness(angle)
        level = scores[0.0]
        # A clear winner only: noise must not tilt a level page.
        candidates = [a for a in scores if a == 0.0 or scores[a] > level * 1.02]
        return max(candidates, key=lambda a: scores[a])

    if best_of([-0.5, 0.5]) == 0.0 and scores[0.0] > 1.1 * max(scores[-0.5], scores[0.5]):
        return 0.0  # level already, the usual case for pages printed to PDF and scanned flat
    coarse = best_of([float(d) for d in range(-int(MAX_SKEW), int(MAX_SKEW) + 1)])
    best_angle = best_of(
        [coarse + step * SKEW_STEP for step in range(-3, 4) if abs(coarse + step * SKEW_STEP) <= MAX_SKEW]
    )
    return best_angle


def deskew(image: Image.Image) -> tuple[Image.Image, float]:
    """The page levelled, and its tilt as scanned (degrees, counter-clockwise positive)."""
    angle = estimate_skew(image)
    if abs(angle) < SKEW_STEP:
        return image, 0.0
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255), -angle


# --- ruling lines ------------------------------------------------------------------------


@dataclass
class Rule:
    """A drawn line: horizontal when `horizontal`, spanning [start, end] along its length at
    `position` across it (pixels), `thickness` pixels thick."""

    horizontal: bool
    position: float
    start: float
    end: float
    thickness: float = 1.0


def find_rules(image: Image.Image, *, min_length: int | None = None) -> list[Rule]:
    """Horizontal and vertical ruling lines longer than `min_length` (default: 1/12 of the
    page width). Pillow shrinks the ink along one axis by a run length, so a pixel stays
    fully inked only where an unbroken line runs through it; letters never do."""
    ink = _ink(image)
    width, height = ink.size
    run = max(8, min(width, height) // 60)
    min_length = min_length or max(3 * run, width // 12)
    rules: list[Rule] = []
    horizontal = ink.resize((max(1, width // run), height), Image.Resampling.BOX)
    rules += _runs(horizontal, run, horizontal=True, min_length=min_length)
    vertical = ink.resize((width, max(1, height // run)), Image.Resampling.BOX)
    rules += _runs(vertical, run, horizontal=False, min_length=min_length)
    return rules


def _runs(shrunk: Image.Image, run: int, *, horizontal: bool, min_length: int) -> list[Rule]:
    width, height = shrunk.size
    pixels = shrunk.load()
    # (position across, start, end) of each inked stretch, one per pixel row (or column);
    # short ones too, since a line left slightly tilted is a staircase of short stretches.
    stretches: list[tuple[int, int, int]] = []
    across, along = (height, width) if horizontal else (width, height)
    for a in range(across):
        start = None
        for b in range(along + 1):
            inked = b < along and (pixels[b, a] if horizontal else pixels[a, b]) >= 180
            if inked and start is None:
                start = b
            elif not inked and start is not None:
                if b - start >= 2:
                    stretches.append((a, start * run, b * run))
                start = None
    # Stretches in neighbouring rows that overlap or continue one another are one line:
    # a thick line, or a tilted one.
    rules: list[Rule] = []
    first_row: dict[int, float] = {}
    for position, start, end in stretches:
        for rule in reversed(rules[-12:]):
            last = rule.position + rule.thickness / 2
            if 0 <= position - last <= 2.5 and start <= rule.end + run and end >= rule.start - run:
                first = first_row[id(rule)]
                rule.thickness = position - first + 1
                rule.position = first + rule.thickness / 2
                rule.start, rule.end = min(rule.start, start), max(rule.end, end)
                break
        else:
            rule = Rule(horizontal=horizontal, position=position + 0.5, start=start, end=end)
            first_row[id(rule)] = position
            rules.append(rule)
    rules = [rule for rule in rules if rule.end - rule.start >= min_length]
    # A shrunk pixel is inked only when most of the run under it is, so the real line
    # reaches up to one run further at each end.
    for rule in rules:
        rule.start = max(0, rule.start - run)
        rule.end = rule.end + run
    return rules


def has_ink(image: Image.Image, minimum: int = 12) -> bool:
    """Whether a region holds more than a speck of dust."""
    histogram = image.convert("L").histogram()
    return sum(histogram[:128]) >= minimum


def ink_box(image: Image.Image, minimum: int = 12) -> tuple[int, int, int, int] | None:
    """The box around the ink of a region (left, top, right, bottom), or None when blank."""
    if not has_ink(image, minimum):
        return None
    return _ink(image.convert("L")).getbbox()


def ink_bands(image: Image.Image, *, min_height: int, join_gap: int) -> list[tuple[int, int]]:
    """Horizontal bands (top, bottom) of a region that hold ink: its lines of text. Bands
    closer than `join_gap` merge (a tone mark above its letters); thinner than
    `min_height` are specks and are left out."""
    ink = _ink(image.convert("L"))
    # Averaged over 32-pixel pieces of each row, so that one small digit still counts.
    pieces = max(1, ink.width // 32)
    shrunk = ink.resize((pieces, ink.height), Image.Resampling.BOX).tobytes()
    bands: list[list[int]] = []
    for y in range(ink.height):
        if max(shrunk[y * pieces : (y + 1) * pieces]) >= 16:
            if bands and y - bands[-1][1] <= join_gap:
                bands[-1][1] = y + 1
            else:
                bands.append([y, y + 1])
    return [(top, bottom) for top, bottom in bands if bottom - top >= min_height]


def uncovered_ink(
    image: Image.Image,
    covered: list[tuple[int, int, int, int]],
    *,
    min_height: int,
    join_gap: int,
    min_ink: int = 40,
) -> list[tuple[int, int, int, int]]:
    """Boxes of ink outside the `covered` boxes (the words already recognised): text the
    page-wide pass missed, such as a lone digit in the STT column."""
    from PIL import ImageDraw

    residual = image.convert("L").copy()
    draw = ImageDraw.Draw(residual)
    for left, top, right, bottom in covered:
        draw.rectangle([left - 2, top - 2, right + 2, bottom + 2], fill=255)
    boxes = []
    for top, bottom in ink_bands(residual, min_height=min_height, join_gap=join_gap):
        strip = _ink(residual.crop((0, top, residual.width, bottom)))
        columns = strip.resize((strip.width, 1), Image.Resampling.BOX).tobytes()
        start = None
        last_inked = -10 * join_gap
        for x, value in enumerate([*columns, 0]):
            if value > 0 and x < len(columns):
                if start is None:
                    start = x
                last_inked = x
            elif start is not None and x - last_inked > 3 * join_gap:
                box = (start, top, last_inked + 1, bottom)
                piece = residual.crop(box)
                if sum(piece.histogram()[:128]) >= min_ink:
                    tight = _ink(piece).getbbox()
                    if tight and tight[3] - tight[1] >= min_height:
                        boxes.append((start + tight[0], top + tight[1], start + tight[2], top + tight[3]))
                start = None
    return boxes


def erase_rules(image: Image.Image, rules: list[Rule]) -> Image.Image:
    """The page with its ruling lines painted over: Tesseract reads cells far better without
    the borders, which it otherwise takes for letters (|, I, l) or joins to them."""
    from PIL import ImageDraw

    cleaned = image.copy()
    draw = ImageDraw.Draw(cleaned)
    for rule in rules:
        half = rule.thickness / 2 + 2
        if rule.horizontal:
            draw.rectangle([rule.start, rule.position - half, rule.end, rule.position + half], fill=255)
        else:
            draw.rectangle([rule.position - half, rule.start, rule.position + half, rule.end], fill=255)
    return cleaned


def leading_stems(word_image: Image.Image) -> int:
    """How many upright strokes the height of the word open it: 3 for "III." or "III/2031",
    1 for "IV". Tesseract's Vietnamese model often reads a bold serif "III" as "II" (the
    serifs join the strokes), yet the strokes are plain to count: a stroke column is inked
    over most of the height; a serif column only near the top and the bottom; a column
    inked across the middle but not the full height (a slash, a V, a digit) ends the count."""
    ink = word_image.convert("L").point(lambda value: 255 if value < 140 else 0)
    bbox = ink.getbbox()
    if bbox is None:
        return 0
    ink = ink.crop(bbox)
    width, height = ink.size
    if height < 8:
        return 0
    pixels = ink.load()
    band = max(1, height // 4)
    stems = 0
    # A run of neighbouring columns inked across the middle is one stroke; it is a stem when
    # one of its columns is inked over most of the height (its edges are fainter).
    cluster_longest = -1
    for x in range(width + 1):
        longest = run = 0
        middle = False
        for y in range(height if x < width else 0):
            if pixels[x, y]:
                run += 1
                longest = max(longest, run)
                if band <= y < height - band:
                    middle = True
            else:
                run = 0
        if middle:
            cluster_longest = max(cluster_longest, longest)
            continue
        if cluster_longest >= 0:
            if cluster_longest < 0.8 * height:
                break  # a stroke across the middle that is not a stem: the numeral has ended
            stems += 1
            cluster_longest = -1
    return stems
