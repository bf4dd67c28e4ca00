"""The place pages' pictures, drawn on the server as SVG: a map of postcode districts and a
chart of an indicator along a line.

No tiles, no network, no script and no style attribute (a strict Content Security Policy is
coming): shapes carry SVG presentation attributes and classes only. Every picture has a title
and a description, and the page puts its numbers in a table beside it: colour is never the
only carrier of meaning (series differ by dash and marker too, and bands have their value
written in them).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from joinedup.core import postcodes

TEXT = "#0b0c0c"
AXIS = "#505a5f"
GRID = "#b1b4b6"
FILL = "#1d70b8"
HIDDEN = "#6f777b"
# Dark enough against white for lines and markers (3:1 for graphics); told apart by dash too.
SERIES = (("#912b88", ""), ("#1d70b8", "6 4"), ("#00703c", "2 3"), ("#d4351c", "10 3 2 3"))
MARKERS = ("circle", "square", "diamond", "triangle")
BAND_FILLS = ("#f3f2f1", "#dee0e2", "#c8cbce", "#b1b4b6", "#9ea3a6")


def _svg(width: float, height: float, title: str, desc: str, body: list[str], ident: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'class="app-chart" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif" '
        f'font-size="12" fill="{TEXT}" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def district_map(
    counts: Mapping[str, int | None], *, title: str, ident: str = "district-map"
) -> SafeString:
    """Each district with referrals as a circle at its centroid, its area by the count; a
    suppressed count as a small hollow ring. Districts the table lacks are left out (the
    table beside the map lists them)."""
    known = postcodes.districts()
    placed = {d: n for d, n in counts.items() if d in known}
    if not placed:
        return mark_safe("")
    width, pad = 600.0, 50.0
    lats = [known[d].latitude for d in placed]
    mid = math.radians((min(lats) + max(lats)) / 2)
    xs = {d: known[d].longitude * math.cos(mid) for d in placed}
    ys = {d: -known[d].latitude for d in placed}
    span_x = max(xs.values()) - min(xs.values()) or 0.01
    span_y = max(ys.values()) - min(ys.values()) or 0.01
    scale = (width - 2 * pad) / max(span_x, span_y)
    height = span_y * scale + 2 * pad
    width_used = span_x * scale + 2 * pad + 60  # room for the last labels
    biggest = max((n or 0 for n in placed.values()), default=0) or 1
    body: list[str] = []
    for d in sorted(placed, key=lambda k: -(placed[k] or 0)):
        x = pad + (xs[d] - min(xs.values())) * scale
        y = pad + (ys[d] - min(ys.values())) * scale
        n = placed[d]
        label = escape(d)
        if n is None:
            r = 8.0
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="none" stroke="{HIDDEN}" '
                f'stroke-width="1.5" stroke-dasharray="3 2"/>'
            )
        else:
            r = 4 + 26 * math.sqrt(n / biggest)
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{FILL}" '
                f'fill-opacity="0.35" stroke="{FILL}" stroke-width="1.5"/>'
            )
        # The name and figure beside the circle, never over another's centre.
        shown = "not shown" if n is None else str(n)
        body.append(
            f'<text x="{x + r + 3:.1f}" y="{y - 1:.1f}" font-weight="bold">{label}</text>'
            f'<text x="{x + r + 3:.1f}" y="{y + 12:.1f}" font-size="11">{escape(shown)}</text>'
        )
    desc = (
        f"{len(placed)} postcode districts drawn at their centres, each circle's area by its "
        "count; a dashed ring marks a count too small to show. The table gives every figure."
    )
    return mark_safe(_svg(max(width_used, 200), max(height, 120), title, desc, body, ident))


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if kind == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'


def _nice_range(values: Sequence[float]) -> tuple[float, float, float]:
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    raw = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


@dataclass(frozen=True)
class Frame:
    """Where a line chart's plot sits and how values map onto it."""

    left: float
    top: float
    step_x: float
    plot_h: float
    low: float
    high: float

    def x(self, i: int) -> float:
        return self.left + self.step_x / 4 + i * self.step_x

    def y(self, v: float) -> float:
        return self.top + self.plot_h - (v - self.low) / (self.high - self.low) * self.plot_h


def _grid(frame: Frame, tick: float, right_edge: float) -> list[str]:
    shapes = []
    t = frame.low
    while t <= frame.high + tick / 1000:
        y = frame.y(t)
        shapes.append(
            f'<line x1="{frame.left:.1f}" y1="{y:.1f}" x2="{right_edge:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="0.5"/>'
            f'<text x="{frame.left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end">{t:g}</text>'
        )
        t += tick
    bottom = frame.top + frame.plot_h
    shapes.append(
        f'<line x1="{frame.left:.1f}" y1="{frame.top:.1f}" x2="{frame.left:.1f}" '
        f'y2="{bottom:.1f}" stroke="{AXIS}"/>'
    )
    return shapes


def _series(frame: Frame, index: int, label: str, values: Sequence[float | None]) -> list[str]:
    colour, dash = SERIES[index % len(SERIES)]
    marker = MARKERS[index % len(MARKERS)]
    runs: list[list[str]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            runs.append([])  # no value at this stop: a gap, never a guess
        else:
            runs[-1].append(f"{frame.x(i):.1f},{frame.y(v):.1f}")
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    shapes = [
        f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
        f'stroke-width="2.5"{dashes}/>'
        for run in runs
        if len(run) > 1
    ]
    shapes.extend(
        _marker(marker, frame.x(i), frame.y(v), colour)
        for i, v in enumerate(values)
        if v is not None
    )
    lx = frame.left + index * 150
    shapes.append(
        _marker(marker, lx + 6, 14, colour)
        + f'<text x="{lx + 16:.1f}" y="18">{escape(label)}</text>'
    )
    return shapes


def _band(
    frame: Frame, top: float, height: float, label: str, values: Sequence[float | None]
) -> list[str]:
    numbers = [v for v in values if v is not None]
    lo, hi = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
    shapes = []
    for i, v in enumerate(values):
        if v is None:
            fill, text = "#ffffff", "no data"
        else:
            share = 0 if hi == lo else (v - lo) / (hi - lo)
            fill, text = BAND_FILLS[min(4, int(share * 4.999))], f"{v:g}"
        x = frame.x(i)
        shapes.append(
            f'<rect x="{x - frame.step_x / 2 + 1:.1f}" y="{top + 13:.1f}" '
            f'width="{frame.step_x - 2:.1f}" height="22" fill="{fill}" '
            f'stroke="{GRID}" stroke-width="0.5"/>'
            f'<text x="{x:.1f}" y="{top + 28:.1f}" text-anchor="middle">{text}</text>'
        )
    shapes.append(
        f'<text x="{frame.left:.1f}" y="{top + 9:.1f}" font-size="11">'
        f"Beneath: {escape(label)}</text>"
    )
    return shapes


def line_chart(
    stops: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    band: tuple[str, Sequence[float | None]] | None = None,
    ident: str = "line-chart",
) -> SafeString:
    """Stops along the x axis, a line per series (a gap where a stop has no value), and an
    optional band underneath (e.g. deprivation decile) with its value written in each cell."""
    values = [v for _, vs in series for v in vs if v is not None]
    if not stops or not values:
        return mark_safe("")
    # The plot keeps about the width of a column whatever the number of stops, so the chart is
    # drawn near its natural size (it scales to its column: no fixed width, no style).
    step_x = max(40.0, 540 / max(1, len(stops) - 1 + 0.5))
    low, high, tick = _nice_range(values)
    frame = Frame(left=56.0, top=34.0, step_x=step_x, plot_h=220.0, low=low, high=high)
    plot_right = frame.left + step_x * max(1, len(stops) - 1) + step_x / 2
    band_h = 40.0 if band else 0.0
    band_top = frame.top + frame.plot_h + 12
    width = plot_right + step_x / 4 + 10
    height = band_top + band_h + 110
    body = _grid(frame, tick, plot_right)
    for index, (label, vs) in enumerate(series):
        body.extend(_series(frame, index, label, vs))
    if band:
        body.extend(_band(frame, band_top, band_h, band[0], band[1]))
    label_y = band_top + band_h + 6
    for i, name in enumerate(stops):
        short = name if len(name) <= 18 else name[:17] + "…"
        x = frame.x(i)
        body.append(
            f'<text x="{x:.1f}" y="{label_y:.1f}" text-anchor="end" '
            f'transform="rotate(-45 {x:.1f} {label_y:.1f})">{escape(short)}</text>'
        )
    names = ", ".join(label for label, _ in series)
    desc = (
        f"{names} at each of {len(stops)} stops, from {stops[0]} to {stops[-1]}"
        + (f", with {band[0]} shown beneath" if band else "")
        + ". The table beside the chart gives every value."
    )
    return mark_safe(_svg(width, height, title, desc, body, ident))
