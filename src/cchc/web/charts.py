"""The site's charts, drawn on the server as inline SVG: horizontal bars (the dashboard's
completion by unit and by task, the public page's PAR Index and SIPAS scores), columns over
time and a units × periods grid. First the geometry as plain values (`hbar_chart`,
`column_chart`, `grid_chart`), then the markup (`hbar_svg`, `columns_svg`, `grid_svg`).

No Django and no chart library: pages are served under a CSP without inline scripts or
styles, so charts carry only attributes (x, y, width, height) and CSS classes (`chart`,
`chart--<kind>`, `chart__bar`, `chart__track`, ...) that each page's stylesheet colours
(reports/static/dashboard/dashboard.css, portal/static/portal/portal.css). Each chart has a
<title> and <desc>, is marked role="img", and sits beside a data table with the same
numbers, which is what screen readers use and what a reader copies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

BAR_HEIGHT = 18
BAR_GAP = 8
PLOT_WIDTH = 480
AXIS_TICKS = (0, 25, 50, 75, 100)


@dataclass
class Bar:
    label: str
    value: float  # what the bar's length shows (0–100 for percents)
    text: str  # the value as written next to the bar
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = BAR_HEIGHT
    label_y: float = 0
    value_y: float = 0
    tone: str = "ok"  # CSS modifier: ok | warn | bad, or "" for the plain bar colour


@dataclass
class HBarChart:
    """Horizontal bars of percentages, one per row, label above each bar."""

    bars: list[Bar]
    width: int = PLOT_WIDTH + 150  # room for "100% (1.234/1.234)" after the longest bar
    height: int = 0
    ticks: list[tuple[float, str]] = field(default_factory=list)
    plot_width: int = PLOT_WIDTH
    value_x: int = PLOT_WIDTH + 6
    grid_bottom: float = 0
    tick_y: float = 0


def tone_for(percent: float) -> str:
    if percent >= 80:
        return "ok"
    if percent >= 50:
        return "warn"
    return "bad"


def hbar_chart(
    rows: list[tuple[str, float, str]], *, tone: Callable[[float], str] | None = tone_for
) -> HBarChart:
    """rows: (label, percent 0–100, value text). `tone` gives each bar's colour class from its
    percent (completion: good, middling, poor); None draws every bar in the plain colour, for
    figures that are not a judgement such as published index scores. With no rows the chart
    keeps one row's room, for a "no data" line (see hbar_svg)."""
    bars: list[Bar] = []
    row_height = BAR_HEIGHT + BAR_GAP + 14
    for index, (label, percent, text) in enumerate(rows):
        top = index * row_height + 14
        clamped = max(0.0, min(100.0, float(percent)))
        bars.append(
            Bar(
                label=label,
                value=clamped,
                text=text,
                x=0,
                y=top,
                width=round(PLOT_WIDTH * clamped / 100, 1),
                label_y=top - 3,
                value_y=top + BAR_HEIGHT - 5,
                tone=tone(clamped) if tone else "",
            )
        )
    height = max(len(rows), 1) * row_height + 24
    ticks = [(round(PLOT_WIDTH * t / 100, 1), f"{t}%") for t in AXIS_TICKS]
    return HBarChart(bars=bars, height=height, ticks=ticks, grid_bottom=height - 16, tick_y=height - 3)


@dataclass
class Column:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    value_y: float
    center: float
    label_y: float


@dataclass
class ColumnChart:
    columns: list[Column]
    width: int
    height: int
    baseline: float
    gridlines: list[tuple[float, str]]


def column_chart(
    points: list[tuple[str, int]], *, plot_height: int = 200, column_width: int = 56
) -> ColumnChart:
    """Vertical columns of counts over time (periods on the x axis)."""
    top_margin, bottom_margin, left_margin, gap = 20, 28, 56, 24
    peak = max((value for _, value in points), default=0)
    scale_top = _nice_ceiling(peak)
    columns = []
    for index, (label, value) in enumerate(points):
        height = plot_height * value / scale_top if scale_top else 0
        x = left_margin + gap + index * (column_width + gap)
        y = top_margin + plot_height - height
        columns.append(
            Column(
                label=label,
                value=value,
                x=x,
                y=round(y, 1),
                width=column_width,
                height=round(height, 1),
                value_y=round(y - 4, 1),
                center=x + column_width / 2,
                label_y=top_margin + plot_height + 18,
            )
        )
    gridlines = []
    for step in range(5):
        value = scale_top * step / 4
        y = round(top_margin + plot_height - plot_height * step / 4, 1)
        gridlines.append((y, f"{int(value):,}".replace(",", ".")))
    width = left_margin + gap + len(points) * (column_width + gap)
    return ColumnChart(
        columns=columns,
        width=max(width, 200),
        height=top_margin + plot_height + bottom_margin,
        baseline=top_margin + plot_height,
        gridlines=gridlines,
    )


def _nice_ceiling(value: int) -> int:
    """Four gridline steps of a round size (1, 2 or 5 × 10^n) that reach at least value."""
    needed = max(1, -(-value // 4))
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude >= needed:
                return factor * magnitude * 4
        magnitude *= 10


@dataclass
class Cell:
    x: float
    y: float
    cx: float
    cy: float
    state: str  # on_time | late | missing | pending
    symbol: str  # a shape cue besides the colour: ✓ ! ✗ ·
    title: str


@dataclass
class GridRow:
    label: str
    y: float
    label_y: float
    cells: list[Cell]


@dataclass
class GridChart:
    rows: list[GridRow]
    columns: list[tuple[float, str]]
    width: int
    height: int
    cell: int
    label_width: int


SYMBOLS = {"on_time": "✓", "late": "!", "missing": "✗", "pending": "·"}


def grid_chart(
    row_labels: list[str], column_labels: list[str], states: list[list[tuple[str, str]]], *, cell: int = 26
) -> GridChart:
    """A units × periods grid; states[r][c] = (state, title)."""
    label_width, header = 260, 26
    rows = []
    for r, label in enumerate(row_labels):
        y = header + r * (cell + 4)
        cells = [
            Cell(
                x=label_width + c * (cell + 4),
                y=y,
                cx=label_width + c * (cell + 4) + cell / 2,
                cy=y + cell * 0.7,
                state=state,
                symbol=SYMBOLS[state],
                title=title,
            )
            for c, (state, title) in enumerate(states[r])
        ]
        rows.append(GridRow(label=label, y=y, label_y=y + cell * 0.65, cells=cells))
    columns = [(label_width + c * (cell + 4) + cell / 2, text) for c, text in enumerate(column_labels)]
    return GridChart(
        rows=rows,
        columns=columns,
        width=label_width + len(column_labels) * (cell + 4) + 8,
        height=header + len(row_labels) * (cell + 4) + 4,
        cell=cell,
        label_width=label_width,
    )


def short_label(text: str, limit: int = 38) -> str:
    text = text.replace("Ủy ban nhân dân", "UBND")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- SVG markup -----------------------------------------------------------------------------
# Built here rather than in templates: a province has a hundred units and a grid of seven
# hundred cells, which the template engine renders ten times slower than string joins. Every
# piece of text goes through `escape`; numbers are written with a dot whatever the language.


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(kind: str, width: float, height: float, chart_id: str, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="chart chart--{kind}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" focusable="false">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]


def hbar_svg(chart: HBarChart, *, chart_id: str, title: str, desc: str, empty: str = "") -> str:
    """`empty`: the line written instead of bars when there are none (nothing if blank)."""
    out = _open("hbar", chart.width, chart.height, chart_id, title, desc)
    for x, label in chart.ticks:
        out.append(
            f'<line class="chart__grid" x1="{_n(x)}" x2="{_n(x)}" y1="0" y2="{_n(chart.grid_bottom)}"></line>'
        )
        # The tick at the left edge is anchored at its start: centred, half of "0%" fell outside.
        anchor = "start" if x <= 0 else "middle"
        out.append(
            f'<text class="chart__tick" x="{_n(x)}" y="{_n(chart.tick_y)}" text-anchor="{anchor}">{escape(label)}</text>'
        )
    for bar in chart.bars:
        tone = f"chart__bar chart__bar--{bar.tone}" if bar.tone else "chart__bar"
        label = escape(bar.label)
        text = escape(bar.text)
        out.append(
            f'<g class="chart__row"><text class="chart__label" x="0" y="{_n(bar.label_y)}">{label}</text>'
            f'<rect class="chart__track" x="0" y="{_n(bar.y)}" width="{chart.plot_width}" height="{bar.height}"></rect>'
            f'<rect class="{tone}" x="0" y="{_n(bar.y)}" width="{_n(bar.width)}" '
            f'height="{bar.height}"><title>{label}: {text}</title></rect>'
            f'<text class="chart__value" x="{chart.value_x}" y="{_n(bar.value_y)}">{text}</text></g>'
        )
    if not chart.bars and empty:
        out.append(f'<text class="chart__empty" x="0" y="{_n(BAR_HEIGHT + 10)}">{escape(empty)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def columns_svg(chart: ColumnChart, *, chart_id: str, title: str, desc: str) -> str:
    out = _open("columns", chart.width, chart.height, chart_id, title, desc)
    for y, label in chart.gridlines:
        out.append(
            f'<line class="chart__grid" x1="52" x2="{_n(chart.width)}" y1="{_n(y)}" y2="{_n(y)}"></line>'
        )
        out.append(
            f'<text class="chart__tick" x="48" y="{_n(y + 4)}" text-anchor="end">{escape(label)}</text>'
        )
    for c in chart.columns:
        value = f"{c.value:,}".replace(",", ".")
        out.append(
            f'<g class="chart__row"><rect class="chart__column" x="{_n(c.x)}" y="{_n(c.y)}" width="{_n(c.width)}" '
            f'height="{_n(c.height)}"></rect>'
            f'<text class="chart__value" x="{_n(c.center)}" y="{_n(c.value_y)}" text-anchor="middle">{value}</text>'
            f'<text class="chart__tick" x="{_n(c.center)}" y="{_n(c.label_y)}" text-anchor="middle">{escape(c.label)}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)


def grid_svg(chart: GridChart, *, chart_id: str, title: str, desc: str) -> str:
    out = _open("grid", chart.width, chart.height, chart_id, title, desc)
    for x, label in chart.columns:
        out.append(
            f'<text class="chart__tick" x="{_n(x)}" y="16" text-anchor="middle">{escape(label)}</text>'
        )
    for row in chart.rows:
        out.append(
            f'<g class="chart__row"><text class="chart__label" x="0" y="{_n(row.label_y)}">{escape(row.label)}</text>'
        )
        for cell in row.cells:
            out.append(
                f'<g class="chart__cell chart__cell--{cell.state}"><title>{escape(row.label)} – {escape(cell.title)}</title>'
                f'<rect x="{_n(cell.x)}" y="{_n(cell.y)}" width="{chart.cell}" height="{chart.cell}" rx="3"></rect>'
                f'<text x="{_n(cell.cx)}" y="{_n(cell.cy)}" text-anchor="middle">{cell.symbol}</text></g>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
