"""Server-side SVG charts: accessible, escaped, no style attributes (the CSP forbids them)."""

from decimal import Decimal
from xml.etree import ElementTree

from cchc.portal.charts import Bar, bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_it_draws_one_bar_per_unit_scaled_to_100_percent():
    svg = bar_chart_svg(
        [Bar("Sở Nội vụ", Decimal("90.5")), Bar("Sở Tư pháp", 45)], title="PAR INDEX 2024", id_prefix="par"
    )
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "par-title par-desc"
    assert root.find(f"{SVG}title").text == "PAR INDEX 2024"
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    widths = [float(r.get("width")) for r in bars]
    assert widths[0] > widths[1] > 0
    assert abs(widths[0] / widths[1] - 90.5 / 45) < 0.01
    assert "90,50" in svg and "style=" not in svg


def test_it_escapes_names_and_clamps_values():
    svg = bar_chart_svg([Bar("<b>&</b>", 150)], title="T")
    root = ElementTree.fromstring(svg)  # still well-formed XML
    assert "<b>" not in svg
    track, bar = list(root.iter(f"{SVG}rect"))
    assert float(bar.get("width")) == float(track.get("width"))


def test_it_says_so_when_there_is_nothing_to_draw():
    assert "Chưa có số liệu" in bar_chart_svg([], title="T")
