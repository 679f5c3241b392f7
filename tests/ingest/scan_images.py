"""Test helper: pages drawn with Pillow in a TrueType font with Vietnamese glyphs, the way
a scanner would deliver them (grayscale, 200 dpi)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
A4_200_DPI = (1654, 2339)


BOLD_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
)


def font(size: int = 34, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    for candidate in (BOLD_FONT_CANDIDATES if bold else ()) + FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    pytest.skip("no TrueType font with Vietnamese glyphs (fonts-dejavu or fonts-liberation) is installed")


def text_page(lines: list[str], size: int = 34) -> Image.Image:
    page = Image.new("L", A4_200_DPI, 255)
    draw = ImageDraw.Draw(page)
    face = font(size)
    y = 160
    for line in lines:
        draw.text((160, y), line, font=face, fill=0)
        y += int(size * 1.8)
    return page


def table_page(heading: str, rows: list[list[str]], widths: list[int], size: int = 30) -> Image.Image:
    """A heading and a ruled table, one line of text per cell."""
    page = Image.new("L", A4_200_DPI, 255)
    draw = ImageDraw.Draw(page)
    face = font(size)
    draw.text((160, 160), heading, font=face, fill=0)
    left, top, row_height = 120, 300, int(size * 2.6)
    right = left + sum(widths)
    for index, row in enumerate(rows):
        y = top + index * row_height
        x = left
        for width, cell in zip(widths, row, strict=True):
            draw.text((x + 14, y + row_height // 3), cell, font=face, fill=0)
            x += width
    bottom = top + len(rows) * row_height
    for index in range(len(rows) + 1):
        y = top + index * row_height
        draw.line([(left, y), (right, y)], fill=0, width=3)
    x = left
    for width in [0, *widths]:
        x += width
        draw.line([(x, top), (x, bottom)], fill=0, width=3)
    return page
