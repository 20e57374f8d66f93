"""The inline SVG charts: well-formed, escaped, no inline style, numbers in the label."""

import xml.etree.ElementTree as ET

from webapp.services.charts import format_percent, sparkline, trend_chart, zone_bars

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    # Inline SVG in HTML has no namespace declaration; add one so it parses as XML.
    return ET.fromstring(str(markup).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ',
                                             1))


def test_format_percent_uses_a_decimal_comma():
    assert format_percent(85.714) == "85,7 %"
    assert format_percent(80, 2) == "80,00 %"
    assert format_percent(None) == "—"


def test_zone_bars_are_proportional_and_labelled():
    svg = parse(zone_bars([("hijau", "Hijau", 10), ("kuning", "Kuning", 5), ("merah", "Merah", 0)]))
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert svg.get("role") == "img" and "Hijau 10, Kuning 5, Merah 0" in svg.get("aria-label")
    assert "style" not in str(zone_bars([("hijau", "Hijau", 1)]))


def test_chart_text_is_escaped():
    markup = str(zone_bars([("merah", "<script>alert(1)</script>", 1)]))
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_trend_chart_draws_a_point_per_value_and_breaks_the_line_at_gaps():
    svg = parse(trend_chart([("06/07", 90.0), ("13/07", None), ("20/07", 60.0), ("27/07", 50.0)],
                            80, 50))
    assert len(list(svg.iter(f"{SVG}circle"))) == 3
    lines = list(svg.iter(f"{SVG}polyline"))
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2  # 20/07 to 27/07
    assert len([x for x in svg.iter(f"{SVG}line") if "threshold" in x.get("class")]) == 2
    assert "06/07 90,0 %" in svg.get("aria-label")


def test_trend_chart_of_one_point_or_none_still_renders():
    assert len(list(parse(trend_chart([("06/07", 75.0)])).iter(f"{SVG}circle"))) == 1
    assert "belum ada" in parse(trend_chart([])).get("aria-label")


def test_sparkline_has_a_bar_per_started_week():
    svg = parse(sparkline([5, 0, 3, None, None]))
    rects = list(svg.iter(f"{SVG}rect"))
    assert len(rects) == 3
    assert float(rects[0].get("height")) > float(rects[2].get("height")) > \
        float(rects[1].get("height"))
    assert "spark-zero" in rects[1].get("class")


def test_trend_points_are_labelled_with_whole_percents_inside_the_chart():
    svg = parse(trend_chart([("06/07", 100.0), ("13/07", 71.43), ("20/07", None)]))
    labels = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-point"]
    assert [t.text for t in labels] == ["100", "71"]
    assert all(0 < float(t.get("y")) < 170 for t in labels)
