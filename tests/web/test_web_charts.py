"""The shared SVG charts (cchc.web.charts) that the dashboard and the public results page draw
with: geometry proportional to the values, axes that reach the largest value, and markup that
is accessible, escaped, well-formed and free of style attributes (the CSP forbids them)."""

from __future__ import annotations

from xml.etree import ElementTree

from cchc.web import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_bar_lengths_are_proportional_and_clamped():
    chart = charts.hbar_chart([("A", 50, "50%"), ("B", 100, "100%"), ("C", 130, "?"), ("D", -5, "?")])
    widths = [bar.width for bar in chart.bars]
    assert widths == [charts.PLOT_WIDTH / 2, charts.PLOT_WIDTH, charts.PLOT_WIDTH, 0]
    assert [bar.tone for bar in chart.bars] == ["warn", "ok", "ok", "bad"]
    assert chart.bars[1].y > chart.bars[0].y  # one row under the other
    assert chart.height > chart.bars[-1].y + chart.bars[-1].height


def test_bars_without_a_tone_are_drawn_in_the_plain_colour():
    chart = charts.hbar_chart([("A", 20, "20"), ("B", 95, "95")], tone=None)
    assert [bar.tone for bar in chart.bars] == ["", ""]
    svg = charts.hbar_svg(chart, chart_id="c", title="T", desc="D")
    assert svg.count('class="chart__bar"') == 2 and "chart__bar--" not in svg


def test_hbar_markup_is_accessible_escaped_and_without_style():
    chart = charts.hbar_chart([("Sở <Nội> & vụ", 75, "75% (3/4)"), ("Sở Tư pháp", 30, "30% (3/10)")])
    svg = charts.hbar_svg(chart, chart_id="chart-units", title="Tỷ lệ", desc="Bảng bên cạnh")
    root = ElementTree.fromstring(svg)  # well-formed, in the SVG namespace
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("class") == "chart chart--hbar"
    assert root.get("aria-labelledby") == "chart-units-title chart-units-desc"
    assert root.find(f"{SVG}title").text == "Tỷ lệ" and root.find(f"{SVG}desc").text == "Bảng bên cạnh"
    assert "<Nội>" not in svg and "style=" not in svg
    bars = [r for r in root.iter(f"{SVG}rect") if "chart__bar" in r.get("class")]
    assert [b.get("class") for b in bars] == ["chart__bar chart__bar--warn", "chart__bar chart__bar--bad"]
    assert bars[0].find(f"{SVG}title").text == "Sở <Nội> & vụ: 75% (3/4)"  # a tooltip per bar
    assert [float(b.get("width")) for b in bars] == [charts.PLOT_WIDTH * 0.75, charts.PLOT_WIDTH * 0.3]
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart__tick"]
    assert ticks == ["0%", "25%", "50%", "75%", "100%"]


def test_an_empty_hbar_chart_says_so_only_when_asked():
    chart = charts.hbar_chart([])
    assert chart.bars == [] and chart.height > 24  # one row's room for the line
    assert "chart__empty" not in charts.hbar_svg(chart, chart_id="c", title="T", desc="D")
    svg = charts.hbar_svg(chart, chart_id="c", title="T", desc="D", empty="Chưa có <số liệu>")
    assert ElementTree.fromstring(svg).find(f"{SVG}text[@class='chart__empty']").text == "Chưa có <số liệu>"


def test_columns_fit_under_a_round_top_value():
    chart = charts.column_chart([("Q1", 0), ("Q2", 12), ("Q3", 37), ("Q4", 37)])
    tallest = max(chart.columns, key=lambda c: c.value)
    top = int(chart.gridlines[-1][1].replace(".", ""))
    assert top >= 37 and top % 4 == 0
    assert abs(tallest.height - 200 * 37 / top) < 0.1
    assert chart.columns[0].height == 0
    assert all(c.y + c.height == chart.baseline for c in chart.columns)


def test_column_and_grid_markup_is_well_formed_and_escaped():
    columns = charts.columns_svg(
        charts.column_chart([("Q1", 1234), ("<Q2>", 5)]), chart_id="cols", title="T", desc="D"
    )
    root = ElementTree.fromstring(columns)
    assert root.get("class") == "chart chart--columns" and "1.234" in columns and "<Q2>" not in columns
    grid = charts.grid_svg(
        charts.grid_chart(["A & B"], ["Q1"], [[("late", "Q1: Muộn")]]), chart_id="g", title="T", desc="D"
    )
    root = ElementTree.fromstring(grid)
    cell = root.find(f".//{SVG}g[@class='chart__cell chart__cell--late']")
    assert cell.find(f"{SVG}title").text == "A & B – Q1: Muộn" and "style=" not in grid


def test_nice_ceiling_gives_four_whole_steps():
    for value in (0, 1, 5, 9, 17, 100, 999, 12_345, 1_000_000):
        top = charts._nice_ceiling(value)
        assert top >= value and top % 4 == 0


def test_grid_cells_carry_a_symbol_besides_the_colour():
    grid = charts.grid_chart(
        ["A", "B"], ["Q1", "Q2"], [[("on_time", "x"), ("late", "x")], [("missing", "x"), ("pending", "x")]]
    )
    assert [[c.symbol for c in row.cells] for row in grid.rows] == [["✓", "!"], ["✗", "·"]]
    assert grid.width > grid.rows[0].cells[-1].x + grid.cell


def test_long_labels_are_shortened():
    assert charts.short_label("Ủy ban nhân dân xã An Bình (demo)") == "UBND xã An Bình (demo)"
    assert len(charts.short_label("x" * 100, 20)) == 20


def test_every_chart_class_the_stylesheets_colour_is_drawn():
    import re
    from pathlib import Path

    import cchc

    package = Path(cchc.__file__).resolve().parent
    css = "".join(
        (package / path).read_text(encoding="utf-8")
        for path in ("reports/static/dashboard/dashboard.css", "portal/static/portal/portal.css")
    )
    styled = set(re.findall(r"\.(chart(?:__[a-z_]+|--[a-z_]+)+)", css))
    assert {"chart__bar", "chart__bar--ok", "chart__track", "chart--grid", "chart__cell--late"} <= styled
    markup = "".join(
        [
            charts.hbar_svg(
                charts.hbar_chart([("a", 90, "x"), ("b", 60, "x"), ("c", 10, "x")]),
                chart_id="a",
                title="T",
                desc="D",
            ),
            charts.hbar_svg(
                charts.hbar_chart([("a", 90, "x")], tone=None), chart_id="b", title="T", desc="D"
            ),
            charts.columns_svg(charts.column_chart([("Q1", 3)]), chart_id="c", title="T", desc="D"),
            charts.grid_svg(
                charts.grid_chart(["u"], list("1234"), [[(s, s) for s in charts.SYMBOLS]]),
                chart_id="d",
                title="T",
                desc="D",
            ),
        ]
    )
    drawn = {name for value in re.findall(r'class="([^"]+)"', markup) for name in value.split()}
    assert styled <= drawn, styled - drawn
