"""The public results page's chart: each unit's published score (PAR Index, SIPAS) as one
horizontal bar, drawn by the site's shared chart code (cchc.web.charts) in a single colour,
since a score is not the dashboard's good/middling/poor judgement, and written with a
Vietnamese decimal comma. portal.css colours the chart's classes; the page puts the same
figures in a table beside it. No Django here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cchc.web import charts


@dataclass(frozen=True)
class Bar:
    """One unit's score, on a scale from 0 to the chart's `maximum`."""

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
    """Horizontal bars, one row per unit: the name above its bar, the score after it.
    `id_prefix` keeps ids unique when a page shows several charts."""
    rows = [
        (bar.label, 100 * float(bar.value) / maximum if maximum else 0.0, _number(bar.value)) for bar in bars
    ]
    return charts.hbar_svg(
        charts.hbar_chart(rows, tone=None),
        chart_id=id_prefix,
        title=title,
        desc=description or title,
        empty="Chưa có số liệu",
    )
