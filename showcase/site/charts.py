"""Build-time SVG charts: pure functions from numbers to inline SVG markup.

No JavaScript, no CSS dependency (colours are attributes, so WeasyPrint and Word converters
render them too), every label escaped, and every value repeated in `<title>`/`aria-label`
so the numbers are in the page text for search, screen readers and tests.

Public API (also used by `showcase.packets`):

    line_chart(metric, points, *, title=None, derived=(), width=320, height=196) -> str
    bar_chart(metric, bars, *, title=None, width=320) -> str
    chart_summary(metric, points, *, derived=()) -> str
    range_text(metric) -> str          合理区间 80–100%, for captions
    nice_ticks(low, high, …) -> list   round axis ticks
    MIN_POINTS                         a line chart needs this many years; fewer: figure tiles
"""

from __future__ import annotations

import math
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
AXIS_TEXT = "#595959"  # 7∶1 on white
GRID = "#eeeeee"
TEXT = "#333333"
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
        text += "。" + range_text(metric)
    return text


FONT = 13
"""SVG text size in viewBox units. The site draws charts 100 % wide in boxes at least as wide as
the viewBox (see showcase.css: .sc-charts), so a label is never drawn under 12 CSS px; the
browser tests measure it at 375 and 1280 px."""
WIDTH, HEIGHT = 320, 196
MIN_POINTS = 2
"""A trend needs two years; one year of data is shown as a figure tile, not as a lone dot."""
_NICE = (1.0, 2.0, 5.0)
MAX_TICKS = 6


def is_rate(metric: Metric) -> bool:
    """A percentage: its axis stays within 0–100."""
    return metric.unit == "%"


def nice_ticks(low: float, high: float, *, rate: bool = False, from_zero: bool = False, integer: bool = False) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2 or 5 × 10ⁿ, at least three and at most
    six ticks; counts start at 0 and step by whole numbers, rates stay within 0–100."""
    if from_zero:
        low = min(0.0, low)
    if rate:
        low, high = max(0.0, low), min(100.0, high)
    if high <= low:
        high = low + (1.0 if low == 0 else abs(low) * 0.1)
    raw = (high - low) / (MAX_TICKS - 1)
    exponent = math.floor(math.log10(raw))
    for power in (exponent - 1, exponent, exponent + 1, exponent + 2):
        for base in _NICE:
            step = base * 10**power
            if integer and step < 1:
                continue
            first = math.floor(low / step + 1e-9) * step
            last = math.ceil(high / step - 1e-9) * step
            if rate:
                first, last = max(first, 0.0), min(last, 100.0)
            count = round((last - first) / step) + 1
            if 3 <= count <= MAX_TICKS or (count < 3 and (step >= raw or (integer and step == 1))):
                ticks = [round(first + i * step, 10) for i in range(count)]
                while len(ticks) < 3:  # a tiny span: pad with steps below (never under 0 for counts/rates)
                    below = round(ticks[0] - step, 10)
                    ticks = ([below] if below >= 0 or not (rate or from_zero) else []) + ticks
                    if len(ticks) < 3:
                        ticks.append(round(ticks[-1] + step, 10))
                return ticks
    return [low, (low + high) / 2, high]


def _tick_text(tick: float, step: float) -> str:
    """A tick as few decimals as its step needs: 0.1 → 0.3, 1000 → 3,000."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return f"{tick:,.{decimals}f}"


def text_width(text: str, size: float = FONT) -> float:
    """Estimated width of a label: CJK and full-width signs one em, digits and Latin about 0.6 em."""
    return sum(size if ord(char) > 0x2E80 else size * 0.62 for char in text)


def line_chart(
    metric: Metric,
    points: Sequence[tuple[int, float]],
    *,
    title: str | None = None,
    derived: Collection[int] = (),
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """Inline SVG line chart of one metric, one point per year (for two years or more).

    Args:
        metric: the registry entry; gives label, unit, decimals and the reasonable range.
        points: (year, value) pairs; sorted by year here, duplicates keep the last value.
        title: accessible title; defaults to the metric label.
        derived: years whose value was computed from a formula (marked 计算值 in the summary).
        width, height: the viewBox size; the SVG itself scales to 100% of its container.

    Returns:
        `<svg …>` markup (a string of trusted HTML). The y axis has round ticks (rates within
        0–100, counts from 0); the reasonable range is drawn as a shaded band (its numbers are
        in the summary and in the caption the page writes under the chart); points outside it
        are hollow red diamonds with a bold red value. Value labels never overlap: when points
        stand close they alternate above and below the line, and when even that is too tight
        only the first, the last and the out-of-range values are labelled.
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
        return head + f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle" fill="{TEXT}" font-size="{FONT}">暂无数据</text></svg>'

    values = [v for _, v in series]
    low, high = min(values), max(values)
    if metric.range is not None:
        low, high = min(low, metric.range[0]), max(high, metric.range[1])
    counts = metric.range is None and low >= 0
    ticks = nice_ticks(low, high, rate=is_rate(metric), from_zero=counts, integer=counts and metric.decimals == 0)
    step = ticks[1] - ticks[0]
    tick_texts = [_tick_text(t, step) for t in ticks]
    left = 10 + max(text_width(t) for t in tick_texts)
    right, top, bottom = 8, 24, 26
    floor_, ceiling = ticks[0], ticks[-1]
    base = height - bottom

    def y(value: float) -> float:
        clamped = min(max(value, floor_), ceiling)
        return top + (ceiling - clamped) / (ceiling - floor_) * (base - top)

    value_texts = [format_value(metric, v) + (" !" if out_of_range(metric, v) else "") for v in values]
    inset = max(text_width(t) for t in value_texts) / 2 + 4
    plot_left, plot_right = left + inset, width - right - inset

    def x(index: int) -> float:
        if len(series) == 1:
            return (plot_left + plot_right) / 2
        return plot_left + index * (plot_right - plot_left) / (len(series) - 1)

    parts = [head]
    if metric.range is not None:
        band_top, band_bottom = y(metric.range[1]), y(metric.range[0])
        parts.append(f'<rect class="sc-chart__band" x="{left:.1f}" y="{band_top:.1f}" width="{width - left - right:.1f}" height="{max(band_bottom - band_top, 1):.1f}" fill="{BAND}" stroke="{BAND_EDGE}" stroke-dasharray="4 3"/>')
    for tick, text in zip(ticks, tick_texts, strict=True):
        ty = y(tick)
        parts.append(f'<line x1="{left:.1f}" y1="{ty:.1f}" x2="{width - right}" y2="{ty:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{left - 6:.1f}" y="{ty + FONT * 0.35:.1f}" text-anchor="end" fill="{AXIS_TEXT}" font-size="{FONT}">{escape(text)}</text>')
    parts.append(f'<line x1="{left:.1f}" y1="{top}" x2="{left:.1f}" y2="{base}" stroke="{AXIS}"/>')
    parts.append(f'<line x1="{left:.1f}" y1="{base}" x2="{width - right}" y2="{base}" stroke="{AXIS}"/>')
    coords = [(x(i), y(v)) for i, (_, v) in enumerate(series)]
    if len(coords) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    gap = (plot_right - plot_left) / (len(series) - 1) if len(series) > 1 else width
    widest = max(text_width(t) for t in value_texts) + 4
    alternate = gap < widest
    sparse = gap * 2 < widest
    year_gap = gap < text_width("2024") + 6
    for index, ((year, value), (px, py), text) in enumerate(zip(series, coords, value_texts, strict=True)):
        bad = out_of_range(metric, value)
        if not year_gap or index % 2 == 0 or index == len(series) - 1:
            parts.append(f'<text x="{px:.1f}" y="{base + FONT + 5}" text-anchor="middle" fill="{TEXT}" font-size="{FONT}">{year}</text>')
        shown = not sparse or bad or index in (0, len(series) - 1)
        below = alternate and index % 2 == 1
        ly = py + FONT + 8 if below else py - 9
        if ly > base - 3:  # no room under the point: above it
            ly = py - 9
        if ly - FONT < 2:  # no room above: under it
            ly = py + FONT + 8
        weight = ' font-weight="bold"' if bad else ""
        label_text = f'<text x="{px:.1f}" y="{ly:.1f}" text-anchor="middle" fill="{BAD if bad else TEXT}" font-size="{FONT}"{weight}>{escape(text)}</text>' if shown else ""
        if bad:
            d = 7
            parts.append(
                f'<g class="sc-chart__out" data-out-of-range="true" data-year="{year}">'
                f'<polygon points="{px:.1f},{py - d:.1f} {px + d:.1f},{py:.1f} {px:.1f},{py + d:.1f} {px - d:.1f},{py:.1f}" fill="#fff" stroke="{BAD}" stroke-width="2.5"/>'
                f"{label_text}</g>"
            )
        else:
            parts.append(f'<g class="sc-chart__point" data-year="{year}"><circle cx="{px:.1f}" cy="{py:.1f}" r="4.5" fill="{POINT}"/>{label_text}</g>')
    parts.append("</svg>")
    return "".join(parts)


def range_text(metric: Metric) -> str:
    """The reasonable range as a caption reads it: 合理区间 80–100%, or empty without one."""
    if metric.range is None:
        return ""
    low, high = (_bound(v) for v in metric.range)
    unit = metric.unit if metric.unit == "%" else (f" {metric.unit}" if metric.unit else "")
    return f"合理区间 {low}–{high}{unit}"


def _bound(value: float) -> str:
    """A range bound as the registry writes it: 80, 0.5, 1,000 (no padding to the metric's decimals)."""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text or "0"


def bar_chart(metric: Metric, bars: Sequence[tuple[str, float]], *, title: str | None = None, width: int = WIDTH) -> str:
    """Inline SVG horizontal bar chart: one bar per named entity (e.g. branches of a court).

    Args:
        metric: the registry entry (label, unit, decimals, range).
        bars: (name, value) pairs, drawn in the given order (sort them before calling).
        title: accessible title; defaults to the metric label.
        width: the viewBox width; the height grows with the number of bars.

    Returns:
        `<svg …>` markup. Each name stands on its own line above its bar, so names are never
        cut at phone width; values outside the reasonable range are drawn red with “!”.
    """
    row, top = FONT + 22, 4
    height = top * 2 + row * max(len(bars), 1)
    label = escape(title or metric.label)
    summary = escape(f"{metric.label}：" + "；".join(f"{name} {format_value(metric, value)}" for name, value in bars))
    parts = [
        f'<svg class="sc-chart sc-chart--bars" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" data-metric="{escape(metric.key)}" aria-label="{label}。{summary}"><title>{label}。{summary}</title>'
    ]
    texts = [format_value(metric, value) + (" !" if out_of_range(metric, value) else "") for _, value in bars]
    high = max([v for _, v in bars] + ([metric.range[1]] if metric.range else []) + [0.0]) or 1.0
    span = width - 2 - max([text_width(t) for t in texts] + [0]) - 8
    for index, ((name, value), text) in enumerate(zip(bars, texts, strict=True)):
        y = top + index * row
        bad = out_of_range(metric, value)
        length = max(span * value / high, 1)
        parts.append(f'<text x="2" y="{y + FONT}" fill="{TEXT}" font-size="{FONT}">{escape(name)}</text>')
        parts.append(f'<rect x="2" y="{y + FONT + 4}" width="{length:.1f}" height="12" fill="{BAD if bad else BAR}" opacity="{1 if bad else 0.8}"/>')
        weight = ' font-weight="bold"' if bad else ""
        parts.append(f'<text x="{length + 8:.1f}" y="{y + FONT + 15}" fill="{BAD if bad else TEXT}" font-size="{FONT}"{weight}>{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _number(metric: Metric, value: float) -> str:
    """Axis tick text without the unit for percentages, so the band label reads 80–100%."""
    return f"{value:,.{metric.decimals}f}" if metric.decimals else f"{round(value):,}"
