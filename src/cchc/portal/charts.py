"""Charts drawn on the server as SVG: no script, nothing from another site, readable when
printed. Colours are presentation attributes (the CSP forbids style attributes).

Each chart carries a <title> and <desc> and is marked role="img"; the page puts the same
figures in a table beside it, which is what screen readers use. No Django here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

WIDTH = 640
ROW = 44
TOP = 8
LEFT = 4
BAR_HEIGHT = 16
VALUE_ROOM = 64
BAR_COLOUR = "#1d4f91"
TRACK_COLOUR = "#e4e9f0"
TEXT_COLOUR = "#1a1a1a"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | float | int


def _number(value) -> str:
    """Vietnamese decimal comma, two decimals at most: 87.5 → "87,50"."""
    return f"{Decimal(str(value)):.2f}".replace(".", ",")


def bar_chart_svg(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str = "",
    maximum: float = 100.0,
    id_prefix: str = "chart",
) -> str:
    """Horizontal bars, one row per unit: the name above its bar, the score at the bar's end.
    `id_prefix` keeps ids unique when a page shows several charts."""
    height = TOP * 2 + ROW * max(len(bars), 1)
    span = WIDTH - LEFT - VALUE_ROOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'preserveAspectRatio="xMinYMin meet" font-family="inherit" font-size="14">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description or title)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = TOP + index * ROW
        value = max(0.0, min(float(bar.value), maximum))
        length = round(span * value / maximum, 1) if maximum else 0
        parts.append(f'<text x="{LEFT}" y="{y + 13}" fill="{TEXT_COLOUR}">{escape(bar.label)}</text>')
        parts.append(
            f'<rect x="{LEFT}" y="{y + 20}" width="{span}" height="{BAR_HEIGHT}" fill="{TRACK_COLOUR}" rx="2"/>'
        )
        parts.append(
            f'<rect x="{LEFT}" y="{y + 20}" width="{length}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}" rx="2">'
            f"<title>{escape(bar.label)}: {_number(bar.value)}</title></rect>"
        )
        parts.append(
            f'<text x="{LEFT + span + 6}" y="{y + 33}" fill="{TEXT_COLOUR}" '
            f'font-weight="bold">{escape(_number(bar.value))}</text>'
        )
    if not bars:
        parts.append(
            f'<text x="{LEFT}" y="{TOP + 20}" fill="{TEXT_COLOUR}">{escape("Chưa có số liệu")}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
