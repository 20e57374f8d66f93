"""Small server-rendered SVG charts: no chart library, no script, nothing fetched.

Each function returns markup to put inline in a page. Colours come from CSS classes (see
static/css/review.css), so the strict Content-Security-Policy needs no inline style. Every chart
carries role="img" and a text label, so a screen reader gets the numbers too.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape


def format_percent(value: float | None, decimals: int = 1) -> str:
    """85.714 -> "85,7 %" (Indonesian decimal comma); None -> "—"."""
    if value is None:
        return "—"
    return f"{value:.{decimals}f}".replace(".", ",") + " %"


def _n(value: float) -> str:
    """A coordinate with at most one decimal, so the markup stays short and stable."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def zone_bars(counts: Sequence[tuple[str, str, int]], kind: str = "zone",
              label: str = "Jumlah peserta per zona") -> Markup:
    """Horizontal bars, one per (key, label, count), coloured by the CSS class `kind-key`."""
    row_h, label_w, bar_w = 26, 96, 180
    total = max((c for _, _, c in counts), default=0) or 1
    parts = []
    for i, (key, name, count) in enumerate(counts):
        y = i * row_h
        width = bar_w * count / total
        parts.append(
            f'<text class="chart-label" x="0" y="{y + 17}">{escape(name)}</text>'
            f'<rect class="bar {kind}-{escape(key)}" x="{label_w}" y="{y + 5}" '
            f'width="{_n(max(width, 1.5 if count else 0))}" height="16" rx="3"/>'
            f'<text class="chart-value" x="{_n(label_w + width + 6)}" y="{y + 18}">{count}</text>')
    summary = ", ".join(f"{name} {count}" for _, name, count in counts)
    height = row_h * len(counts) + 4
    return Markup(f'<svg class="chart chart-zones" viewBox="0 0 320 {height}" role="img" '
                  f'aria-label="{escape(label)}: {escape(summary)}">'
                  + "".join(parts) + "</svg>")


def trend_chart(points: Sequence[tuple[str, float | None]], green: float | None = None,
                yellow: float | None = None, label: str = "Kehadiran per minggu") -> Markup:
    """Percent per period as a line over 0–100 %, each point labelled with its whole percent,
    with the zone thresholds (when given) as dashed lines; a None value breaks the line."""
    width, height, left, right, top, bottom = 320, 170, 34, 20, 10, 26
    plot_w, plot_h = width - left - right, height - top - bottom

    def y_of(percent: float) -> float:
        return top + plot_h * (1 - percent / 100)

    step = plot_w / max(len(points) - 1, 1)

    def x_of(i: int) -> float:
        return left + (step * i if len(points) > 1 else plot_w / 2)

    parts = _percent_grid(left, width - right, y_of)
    for key, value in (("hijau", green), ("kuning", yellow)):
        if value is None:
            continue
        parts.append(f'<line class="threshold zone-{key}" x1="{left}" x2="{width - right}" '
                     f'y1="{_n(y_of(value))}" y2="{_n(y_of(value))}"/>')
    segment: list[str] = []
    segments = []
    for i, (_, value) in enumerate(points):
        if value is None:
            segments.append(segment)
            segment = []
        else:
            segment.append(f"{_n(x_of(i))},{_n(y_of(value))}")
    segments.append(segment)
    parts += [f'<polyline class="trend" points="{" ".join(s)}"/>' for s in segments if len(s) > 1]
    for i, (name, value) in enumerate(points):
        x = x_of(i)
        parts.append(f'<text class="chart-axis" x="{_n(x)}" y="{height - 8}" '
                     f'text-anchor="middle">{escape(name)}</text>')
        if value is not None:
            y = y_of(value)
            parts.append(f'<circle class="trend-point" cx="{_n(x)}" cy="{_n(y)}" r="3.5">'
                         f'<title>{escape(name)}: {format_percent(value)}</title></circle>')
            # The value itself, whole percent so eight labels fit a phone; above the point,
            # or below it near the top so it stays inside the chart.
            label_y = y + 16 if value > 85 else y - 8
            parts.append(f'<text class="chart-point" x="{_n(x)}" y="{_n(label_y)}" '
                         f'text-anchor="middle">{value:.0f}</text>')
    summary = "; ".join(f"{name} {format_percent(value)}" for name, value in points)
    return Markup(f'<svg class="chart chart-trend" viewBox="0 0 {width} {height}" role="img" '
                  f'aria-label="{escape(label)}: {escape(summary or "belum ada")}">'
                  + "".join(parts) + "</svg>")


def _percent_grid(left: float, right: float, y_of) -> list[str]:
    """Grid lines at 0, 50 and 100 % with their labels left of the plot."""
    return [f'<line class="grid" x1="{left}" x2="{right}" y1="{_n(y_of(value))}" '
            f'y2="{_n(y_of(value))}"/><text class="chart-axis" x="{left - 4}" '
            f'y="{_n(y_of(value) + 4)}" text-anchor="end">{value}</text>' for value in (0, 50, 100)]


def survival_chart(series: Sequence[tuple[str, Sequence[float | None]]],
                   marked: Sequence[int] = (3, 6, 12),
                   label: str = "Proyek yang masih dipakai per bulan sejak diluncurkan") -> Markup:
    """One line per (name, percent for months 0, 1, 2, ...): the share still used m months
    after launch. None (no project old enough yet: censored) ends the line there. The
    `marked` months carry their whole percent; CSS classes series-0, series-1, ... colour
    the lines, matched by the page's legend."""
    width, height, left, right, top, bottom = 320, 190, 34, 14, 12, 38
    plot_w, plot_h = width - left - right, height - top - bottom
    months = max((len(values) for _, values in series), default=1)
    step = plot_w / max(months - 1, 1)

    def y_of(percent: float) -> float:
        return top + plot_h * (1 - percent / 100)

    parts = _percent_grid(left, width - right, y_of)
    for m in range(0, months, 3):
        parts.append(f'<text class="chart-axis" x="{_n(left + step * m)}" y="{height - 22}" '
                     f'text-anchor="middle">{m}</text>')
    parts.append(f'<text class="chart-axis" x="{_n(left + plot_w / 2)}" y="{height - 4}" '
                 f'text-anchor="middle">bulan sejak diluncurkan</text>')
    for i, (name, values) in enumerate(series):
        points = [(left + step * m, y_of(v), m, v) for m, v in enumerate(values) if v is not None]
        shown = [f"{_n(x)},{_n(y)}" for x, y, _, _ in points]
        if len(shown) > 1:
            parts.append(f'<polyline class="survival series-{i}" points="{" ".join(shown)}"/>')
        for x, y, m, v in points:
            parts.append(f'<circle class="survival-point series-{i}" cx="{_n(x)}" cy="{_n(y)}" '
                         f'r="3"><title>{escape(name)}, bulan {m}: {format_percent(v)}</title>'
                         '</circle>')
            if m in marked:
                parts.append(f'<text class="chart-point series-{i}" x="{_n(x)}" '
                             f'y="{_n(y + 16 if v > 85 else y - 7)}" text-anchor="middle">'
                             f'{v:.0f}</text>')
    summary = "; ".join(
        f"{name}: " + ", ".join(f"bulan {m} {format_percent(values[m])}" for m in marked
                                if m < len(values))
        for name, values in series)
    return Markup(f'<svg class="chart chart-survival" viewBox="0 0 {width} {height}" role="img" '
                  f'aria-label="{escape(label)}. {escape(summary or "belum ada")}">'
                  + "".join(parts) + "</svg>")


def sparkline(values: Sequence[int | None], max_value: int = 5) -> Markup:
    """Tiny bars, one per value; None (not yet) leaves a gap, 0 a flat tick."""
    bar, gap, height = 6, 2, 20
    parts = []
    for i, value in enumerate(values):
        x = i * (bar + gap)
        if value is None:
            continue
        h = max(1.5, height * min(value, max_value) / max_value) if value else 1.5
        css = "spark" if value else "spark spark-zero"
        parts.append(f'<rect class="{css}" x="{x}" y="{_n(height - h)}" width="{bar}" '
                     f'height="{_n(h)}"/>')
    width = len(values) * (bar + gap) - gap
    label = ", ".join("–" if v is None else str(v) for v in values)
    return Markup(f'<svg class="sparkline" viewBox="0 0 {max(width, 1)} {height}" width="{width}" '
                  f'height="{height}" role="img" aria-label="Hari absen per minggu: {label}">'
                  + "".join(parts) + "</svg>")
