"""Chart geometry: lengths proportional to the values, axes that reach the largest value."""

from __future__ import annotations

from cchc.reports import dashboard_charts as charts


def test_bar_lengths_are_proportional_and_clamped():
    chart = charts.hbar_chart([("A", 50, "50%"), ("B", 100, "100%"), ("C", 130, "?"), ("D", -5, "?")])
    widths = [bar.width for bar in chart.bars]
    assert widths == [charts.PLOT_WIDTH / 2, charts.PLOT_WIDTH, charts.PLOT_WIDTH, 0]
    assert [bar.tone for bar in chart.bars] == ["warn", "ok", "ok", "bad"]
    assert chart.bars[1].y > chart.bars[0].y  # one row under the other
    assert chart.height > chart.bars[-1].y + chart.bars[-1].height


def test_columns_fit_under_a_round_top_value():
    chart = charts.column_chart([("Q1", 0), ("Q2", 12), ("Q3", 37), ("Q4", 37)])
    tallest = max(chart.columns, key=lambda c: c.value)
    top = int(chart.gridlines[-1][1].replace(".", ""))
    assert top >= 37 and top % 4 == 0
    assert abs(tallest.height - 200 * 37 / top) < 0.1
    assert chart.columns[0].height == 0
    assert all(c.y + c.height == chart.baseline for c in chart.columns)


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
