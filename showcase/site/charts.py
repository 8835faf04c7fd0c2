"""Build-time SVG charts: pure functions from numbers to inline SVG markup.

No JavaScript, no CSS dependency (colours are attributes, so WeasyPrint and Word converters
render them too), every label escaped, and every value repeated in `<title>`/`aria-label`
so the numbers are in the page text for search, screen readers and tests.

Public API (also used by `showcase.packets`):

    line_chart(metric, points, *, title=None, derived=(), width=480, height=220) -> str
    bar_chart(metric, bars, *, title=None, width=480) -> str
    chart_summary(metric, points, *, derived=()) -> str
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from html import escape

from showcase.core.metrics import format_value
from showcase.core.model import Metric

OUT_OF_RANGE = "超出合理区间"
"""The visible flag text shown next to a value outside its metric's reasonable range."""

# Colours chosen to stay distinguishable when printed in greyscale: the line is dark,
# the band is a light tint, and out-of-range points are hollow red diamonds, not just red.
LINE = "#8c1c13"
POINT = "#8c1c13"
BAND = "#e8f3e8"
BAND_EDGE = "#9cc79c"
BAD = "#d32f2f"
AXIS = "#757575"
TEXT = "#424242"
BAR = "#c0392b"


def out_of_range(metric: Metric, value: float) -> bool:
    """True when the metric has a reasonable range and the value lies outside it."""
    if metric.range is None:
        return False
    low, high = metric.range
    return not (low <= value <= high)


def chart_summary(metric: Metric, points: Sequence[tuple[int, float]], *, derived: Collection[int] = ()) -> str:
    """One line of text with every value, e.g. `结案率：2022 年 78.50%（超出合理区间）；2023 年 88.60%`."""
    parts = []
    for year, value in points:
        note = []
        if year in derived:
            note.append("计算值")
        if out_of_range(metric, value):
            note.append(OUT_OF_RANGE)
        parts.append(f"{year} 年 {format_value(metric, value)}" + (f"（{'，'.join(note)}）" if note else ""))
    text = f"{metric.label}：" + "；".join(parts)
    if metric.range is not None:
        text += f"。合理区间 {_number(metric, metric.range[0])}–{format_value(metric, metric.range[1])}"
    return text


def line_chart(
    metric: Metric,
    points: Sequence[tuple[int, float]],
    *,
    title: str | None = None,
    derived: Collection[int] = (),
    width: int = 480,
    height: int = 220,
) -> str:
    """Inline SVG line chart of one metric, one point per year.

    Args:
        metric: the registry entry; gives label, unit, decimals and the reasonable range.
        points: (year, value) pairs; sorted by year here, duplicates keep the last value.
        title: accessible title; defaults to the metric label.
        derived: years whose value was computed from a formula (marked 计算值 in the summary).
        width, height: the viewBox size; the SVG itself scales to 100% of its container.

    Returns:
        `<svg …>` markup (a string of trusted HTML). The reasonable range is drawn as a shaded
        band; points outside it are hollow red diamonds labelled with the value and “!”.
        The `<title>` and `aria-label` carry `chart_summary()`, so every value is in the text.
        Out-of-range points carry `data-out-of-range="true"` and the class `sc-chart__out`.
    """
    series = sorted(dict(points).items())
    label = escape(title or metric.label)
    summary = escape(chart_summary(metric, series, derived=derived))
    head = (
        f'<svg class="sc-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMidYMid meet" role="img" data-metric="{escape(metric.key)}" aria-label="{label}。{summary}">'
        f"<title>{label}。{summary}</title>"
    )
    if not series:
        return head + f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" fill="{TEXT}" font-size="14">暂无数据</text></svg>'

    left, right, top, bottom = 56, 16, 16, 32
    values = [v for _, v in series]
    low, high = min(values), max(values)
    if metric.range is not None:
        low, high = min(low, metric.range[0]), max(high, metric.range[1])
    elif low >= 0:
        low = 0.0  # counts read best from zero
    if high == low:
        high = low + 1
    pad = (high - low) * 0.08
    low, high = (low - pad if low != 0 else low), high + pad

    def y(value: float) -> float:
        return top + (high - value) / (high - low) * (height - top - bottom)

    def x(index: int) -> float:
        if len(series) == 1:
            return (left + width - right) / 2
        return left + 24 + index * (width - left - right - 48) / (len(series) - 1)

    parts = [head]
    if metric.range is not None:
        band_top, band_bottom = y(metric.range[1]), y(metric.range[0])
        parts.append(f'<rect class="sc-chart__band" x="{left}" y="{band_top:.1f}" width="{width - left - right}" height="{band_bottom - band_top:.1f}" fill="{BAND}" stroke="{BAND_EDGE}" stroke-dasharray="4 3"/>')
        parts.append(
            f'<text x="{width - right - 4}" y="{band_top + 13:.1f}" text-anchor="end" fill="#2e7d32" font-size="11">'
            f"合理区间 {escape(_number(metric, metric.range[0]))}–{escape(format_value(metric, metric.range[1]))}</text>"
        )
    # Axes with the domain ends as tick labels; the exact values are on the points themselves.
    base = height - bottom
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="{AXIS}"/>')
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="{AXIS}"/>')
    for tick in (low, high):
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="{AXIS}" font-size="11">{escape(_number(metric, tick))}</text>')
    coords = [(x(i), y(v)) for i, (_, v) in enumerate(series)]
    if len(coords) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for (year, value), (px, py) in zip(series, coords, strict=True):
        text = escape(format_value(metric, value))
        parts.append(f'<text x="{px:.1f}" y="{base + 18}" text-anchor="middle" fill="{TEXT}" font-size="12">{year}</text>')
        if out_of_range(metric, value):
            d = 7
            parts.append(
                f'<g class="sc-chart__out" data-out-of-range="true" data-year="{year}">'
                f'<polygon points="{px:.1f},{py - d:.1f} {px + d:.1f},{py:.1f} {px:.1f},{py + d:.1f} {px - d:.1f},{py:.1f}" fill="#fff" stroke="{BAD}" stroke-width="2.5"/>'
                f'<text x="{px:.1f}" y="{py - 12:.1f}" text-anchor="middle" fill="{BAD}" font-size="12" font-weight="bold">{text} !</text></g>'
            )
        else:
            parts.append(
                f'<g class="sc-chart__point" data-year="{year}"><circle cx="{px:.1f}" cy="{py:.1f}" r="4.5" fill="{POINT}"/>'
                f'<text x="{px:.1f}" y="{py - 10:.1f}" text-anchor="middle" fill="{TEXT}" font-size="12">{text}</text></g>'
            )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(metric: Metric, bars: Sequence[tuple[str, float]], *, title: str | None = None, width: int = 480) -> str:
    """Inline SVG horizontal bar chart: one bar per named entity (e.g. branches of a court).

    Args:
        metric: the registry entry (label, unit, decimals, range).
        bars: (name, value) pairs, drawn in the given order (sort them before calling).
        title: accessible title; defaults to the metric label.
        width: the viewBox width; the height grows with the number of bars.

    Returns:
        `<svg …>` markup; values outside the reasonable range are drawn red with “!”.
    """
    row, top, label_width = 26, 8, 150
    height = top * 2 + row * max(len(bars), 1)
    label = escape(title or metric.label)
    summary = escape(f"{metric.label}：" + "；".join(f"{name} {format_value(metric, value)}" for name, value in bars))
    parts = [
        f'<svg class="sc-chart sc-chart--bars" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" data-metric="{escape(metric.key)}" aria-label="{label}。{summary}"><title>{label}。{summary}</title>'
    ]
    high = max([v for _, v in bars] + ([metric.range[1]] if metric.range else []) + [0.0]) or 1.0
    span = width - label_width - 80
    for index, (name, value) in enumerate(bars):
        y = top + index * row
        bad = out_of_range(metric, value)
        length = max(span * value / high, 1)
        short = name if len(name) <= 11 else name[:10] + "…"
        parts.append(f'<text x="{label_width - 6}" y="{y + 17}" text-anchor="end" fill="{TEXT}" font-size="12">{escape(short)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="16" fill="{BAD if bad else BAR}" opacity="{1 if bad else 0.8}"/>')
        flag = " !" if bad else ""
        parts.append(f'<text x="{label_width + length + 6:.1f}" y="{y + 17}" fill="{BAD if bad else TEXT}" font-size="12">{escape(format_value(metric, value))}{flag}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _number(metric: Metric, value: float) -> str:
    """Axis tick text without the unit for percentages, so the band label reads 80–100%."""
    return f"{value:,.{metric.decimals}f}" if metric.decimals else f"{round(value):,}"
