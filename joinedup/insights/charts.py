"""The board's charts, drawn on the server as SVG: no JavaScript, the same picture on screen,
on paper and in the board pack.

Each chart is laid out as plain shapes (the health check's `Rect`, `Line`, `Text`, plus `Path`
for flows) and written by `to_svg` with a title and a description (role="img"). The figures are
always in a table beside the chart: the table is the accessible version, the chart a picture of
it. A suppressed figure is never drawn: a chart only shows what its table shows.

Colour never carries meaning alone: every series is named in a legend in words, and bars and
lines carry their numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from joinedup.partnerships.charts import FONT, Chart, Line, Rect, Text

TEXT = "#0b0c0c"
AXIS = "#505a5f"
# GOV.UK palette colours, distinct in grey scale too (dark to light), for stacked series.
SERIES = (
    "#1d70b8",
    "#003078",
    "#00703c",
    "#d4351c",
    "#f47738",
    "#4c2c92",
    "#85994b",
    "#912b88",
    "#28a197",
    "#5694ca",
)
WIDTH = 640
LABEL = 200  # room for an organisation's name (cut with an ellipsis beyond it)
ROW = 26
BAR = 16


@dataclass(frozen=True)
class Path:
    d: str
    fill: str
    opacity: float = 1.0
    stroke: str = "none"
    width: float = 0.0
    dash: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: not shown (suppressed)
    text: str = ""


NOT_SHOWN_FILL = "#dddddd"


@dataclass(frozen=True)
class Stack:
    label: str
    parts: tuple[float, ...]  # the shown parts, one per series, in order (0 if not shown)
    text: str = ""
    # What the hidden parts add up to (the shown total minus the shown parts: the table gives
    # it away already, and the rule keeps it at the threshold or more), drawn grey at the end.
    rest: float = 0.0
    complete: bool = True  # False: the total itself is not shown, so the stack is not drawn


def short(text: str, chars: int = 30) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _ticks(top: float) -> list[float]:
    if top <= 0:
        return [0.0]
    raw = top / 4
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    step = max(1, round(raw / magnitude)) * magnitude
    ticks, value = [], 0.0
    while value <= top + 1e-9:
        ticks.append(value)
        value += step
    return ticks


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def bar_chart(*, title: str, bars: Sequence[Bar], unit: str = "referrals") -> Chart:
    """Horizontal bars of counts; a bar whose figure is not shown says so in words."""
    plot_left, plot_right = LABEL, WIDTH - 70
    top = max([b.value for b in bars if b.value is not None] + [1])
    height = 10 + ROW * max(len(bars), 1) + 10
    shapes: list[Rect | Line | Text] = []
    for index, bar in enumerate(bars):
        y = 10 + index * ROW
        baseline = y + BAR - 3
        shapes.append(Text(plot_left - 8, baseline, short(bar.label, 27), "end", 12))
        if bar.value is None:
            shapes.append(
                Text(plot_left + 6, baseline, "Not shown (small number)", "start", 12, fill=AXIS)
            )
            continue
        width = (bar.value / top) * (plot_right - plot_left)
        shapes.append(Rect(plot_left, y, max(width, 1.5), BAR, SERIES[0]))
        shapes.append(
            Text(plot_left + width + 6, baseline, bar.text or _number(bar.value), "start", 12)
        )
    shapes.append(Line(plot_left, 6, plot_left, height - 6, TEXT, 1))
    described = "; ".join(
        f"{b.label}: {'not shown' if b.value is None else (b.text or _number(b.value))}"
        for b in bars
    )
    return Chart(title, f"Bar chart of {unit}. {described}.", WIDTH, height, list(shapes))


def stacked_chart(*, title: str, series: Sequence[str], stacks: Sequence[Stack]) -> Chart:
    """Horizontal stacked bars (each stack a row of the table), with a legend in words above."""
    plot_left, plot_right = LABEL, WIDTH - 60
    keys = [*series, "Not shown (small numbers)"] if any(s.rest > 0 for s in stacks) else series
    top_y = 8 + (len(keys) + 2) // 3 * 20 + 6
    shapes: list[Rect | Line | Text] = []
    for index, name in enumerate(keys):
        key_x = 8.0 + (index % 3) * 210
        key_y = 8.0 + (index // 3) * 20
        fill = SERIES[index % len(SERIES)] if index < len(series) else NOT_SHOWN_FILL
        shapes.append(Rect(key_x, key_y, 12, 12, fill))
        shapes.append(Text(key_x + 18, key_y + 11, short(name, 30), "start", 12))
    top = max([sum(s.parts) + s.rest for s in stacks if s.complete] + [1])
    for index, stack in enumerate(stacks):
        y = top_y + index * ROW
        baseline = y + BAR - 3
        shapes.append(Text(plot_left - 8, baseline, short(stack.label, 27), "end", 12))
        if not stack.complete:
            shapes.append(
                Text(
                    plot_left + 6,
                    baseline,
                    "Not drawn: the total is not shown",
                    "start",
                    12,
                    fill=AXIS,
                )
            )
            continue
        x = float(plot_left)
        for part_index, part in enumerate(stack.parts):
            width = part / top * (plot_right - plot_left)
            if width > 0:
                shapes.append(Rect(x, y, width, BAR, SERIES[part_index % len(SERIES)]))
            x += width
        if stack.rest > 0:
            width = stack.rest / top * (plot_right - plot_left)
            shapes.append(Rect(x, y, width, BAR, NOT_SHOWN_FILL))
            x += width
        shapes.append(
            Text(x + 6, baseline, stack.text or _number(sum(stack.parts) + stack.rest), "start", 12)
        )
    height = top_y + ROW * max(len(stacks), 1) + 8
    shapes.append(Line(plot_left, top_y - 4, plot_left, height - 6, TEXT, 1))
    described = "; ".join(
        f"{s.label}: "
        + (
            ", ".join(f"{name} {_number(v)}" for name, v in zip(series, s.parts, strict=False) if v)
            + (f", not shown {_number(s.rest)}" if s.rest else "")
            if s.complete
            else "total not shown"
        )
        for s in stacks
    )
    return Chart(title, f"Stacked bar chart. {described}.", WIDTH, height, list(shapes))


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # None: a gap (not shown)
    dash: str = ""


def line_chart(
    *, title: str, labels: Sequence[str], series: Sequence[Series], unit: str
) -> tuple[Chart, list[Path]]:
    """Lines over time (gaps where a figure is not shown), with a legend in words."""
    left, right, top_y, bottom = 56, WIDTH - 16, 34, 210
    values = [v for s in series for v in s.values if v is not None]
    top = max([*values, 1.0])
    ticks = _ticks(top)
    top = max(top, ticks[-1])
    shapes: list[Rect | Line | Text] = []
    paths: list[Path] = []
    for index, s in enumerate(series):
        x = left + index * 220
        colour = SERIES[index]
        paths.append(Path(f"M{x} 14 H{x + 28}", "none", 1, colour, 3, s.dash))
        shapes.append(Text(x + 34, 18, s.name, "start", 12))

    def x_of(i: int) -> float:
        return left + (right - left) * (i / max(len(labels) - 1, 1))

    def y_of(v: float) -> float:
        return bottom - (bottom - top_y) * (v / top)

    for tick in ticks:
        shapes.append(Line(left, y_of(tick), right, y_of(tick), "#b1b4b6", 0.5))
        shapes.append(Text(left - 6, y_of(tick) + 4, _number(tick), "end", 11, fill=AXIS))
    step = max(1, len(labels) // 6)
    for i, label in enumerate(labels):
        if i % step == 0:
            shapes.append(Text(x_of(i), bottom + 16, label, "middle", 11, fill=AXIS))
    shapes.append(Text(left, bottom + 34, unit, "start", 11, fill=AXIS))
    for index, s in enumerate(series):
        path, points = _polyline(s, SERIES[index], x_of, y_of)
        shapes.extend(points)
        if path is not None:
            paths.append(path)
    described = "; ".join(
        f"{s.name}: "
        + ", ".join(
            f"{label} {'not shown' if v is None else _number(v)}"
            for label, v in zip(labels, s.values, strict=True)
        )
        for s in series
    )
    return Chart(
        title, f"Line chart of {unit}. {described}.", WIDTH, bottom + 44, list(shapes)
    ), paths


def _polyline(
    series: Series, colour: str, x_of: Callable[[int], float], y_of: Callable[[float], float]
) -> tuple[Path | None, list[Rect]]:
    """One series as a line broken where a figure is not shown, with a square at each point."""
    d: list[str] = []
    points: list[Rect] = []
    pen = False
    for i, v in enumerate(series.values):
        if v is None:
            pen = False
            continue
        d.append(f"{'L' if pen else 'M'}{x_of(i):.1f} {y_of(v):.1f}")
        pen = True
        points.append(Rect(x_of(i) - 2.5, y_of(v) - 2.5, 5, 5, colour))
    return (Path(" ".join(d), "none", 1, colour, 2, series.dash) if d else None), points


@dataclass(frozen=True)
class Flow:
    source: str
    target: str
    value: float


def flow_chart(*, title: str, flows: Sequence[Flow], limit: int = 14) -> tuple[Chart, list[Path]]:
    """Who refers to whom: senders on the left, receivers on the right, each flow a band as
    wide as its count (the largest `limit` shown flows; the table has them all)."""
    chosen = sorted(flows, key=lambda f: (-f.value, f.source, f.target))[:limit]
    if not chosen:
        words = "No flow is large enough to draw: see the table."
        return Chart(title, words, WIDTH, 40, [Text(8, 24, words, "start", 13, fill=AXIS)]), []
    sources = sorted(
        {f.source for f in chosen}, key=lambda n: -sum(f.value for f in chosen if f.source == n)
    )
    targets = sorted(
        {f.target for f in chosen}, key=lambda n: -sum(f.value for f in chosen if f.target == n)
    )
    total = sum(f.value for f in chosen) or 1
    gap, node_w = 8.0, 10.0
    left_x, right_x = 190.0, WIDTH - 190.0
    span = max(320.0, 24.0 * max(len(sources), len(targets)))
    scale = (span - gap * max(len(sources), len(targets))) / total
    height = span + 40

    def layout(names: list[str], key: str) -> dict[str, float]:
        y, found = 30.0, {}
        for name in names:
            found[name] = y
            y += sum(f.value for f in chosen if getattr(f, key) == name) * scale + gap
        return found

    source_y, target_y = layout(sources, "source"), layout(targets, "target")
    shapes: list[Rect | Line | Text] = [
        Text(left_x, 16, "From", "end", 12, True),
        Text(right_x, 16, "To", "start", 12, True),
    ]
    paths: list[Path] = []
    out_offset = dict.fromkeys(sources, 0.0)
    in_offset = dict.fromkeys(targets, 0.0)
    for index, flow in enumerate(chosen):
        thick = flow.value * scale
        y0 = source_y[flow.source] + out_offset[flow.source]
        y1 = target_y[flow.target] + in_offset[flow.target]
        out_offset[flow.source] += thick
        in_offset[flow.target] += thick
        x0, x1 = left_x + node_w, right_x
        mid = (x0 + x1) / 2
        d = (
            f"M{x0:.1f} {y0:.1f} C{mid:.1f} {y0:.1f} {mid:.1f} {y1:.1f} {x1:.1f} {y1:.1f} "
            f"L{x1:.1f} {y1 + thick:.1f} C{mid:.1f} {y1 + thick:.1f} {mid:.1f} {y0 + thick:.1f} "
            f"{x0:.1f} {y0 + thick:.1f} Z"
        )
        paths.append(Path(d, SERIES[index % 6], 0.45, SERIES[index % 6], 0.5))
    for name in sources:
        size = sum(f.value for f in chosen if f.source == name)
        shapes.append(Rect(left_x, source_y[name], node_w, max(size * scale, 1), TEXT))
        shapes.append(
            Text(
                left_x - 6,
                source_y[name] + size * scale / 2 + 4,
                f"{short(name, 24)} ({_number(size)})",
                "end",
                11,
            )
        )
    for name in targets:
        size = sum(f.value for f in chosen if f.target == name)
        shapes.append(Rect(right_x, target_y[name], node_w, max(size * scale, 1), TEXT))
        shapes.append(
            Text(
                right_x + node_w + 6,
                target_y[name] + size * scale / 2 + 4,
                f"{short(name, 24)} ({_number(size)})",
                "start",
                11,
            )
        )
    described = "; ".join(f"{f.source} to {f.target}: {_number(f.value)}" for f in chosen)
    more = len(flows) - len(chosen)
    tail = f" {more} smaller flows are in the table only." if more > 0 else ""
    return Chart(
        title, f"Flow diagram of referrals. {described}.{tail}", WIDTH, height, list(shapes)
    ), paths


def to_svg(chart: Chart, *, id_prefix: str, paths: Sequence[Path] = ()) -> SafeString:
    """The chart as inline SVG (presentation attributes only: no style attribute, so a strict
    content security policy allows it), named by its title and described by its description."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" '
        f'viewBox="0 0 {chart.width:g} {chart.height:g}" width="100%" role="img" '
        f'aria-labelledby="{id_prefix}-title" aria-describedby="{id_prefix}-desc" '
        f'focusable="false" font-family="{escape(FONT)}">',
        f'<title id="{id_prefix}-title">{escape(chart.title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(chart.description)}</desc>',
    ]
    for path in paths:
        dash = f' stroke-dasharray="{path.dash}"' if path.dash else ""
        parts.append(
            f'<path d="{path.d}" fill="{path.fill}" fill-opacity="{path.opacity:g}" '
            f'stroke="{path.stroke}" stroke-width="{path.width:g}"{dash}/>'
        )
    for shape in chart.shapes:
        if isinstance(shape, Rect):
            parts.append(
                f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{shape.width:.1f}" '
                f'height="{shape.height:.1f}" fill="{shape.fill}"/>'
            )
        elif isinstance(shape, Line):
            parts.append(
                f'<line x1="{shape.x1:.1f}" y1="{shape.y1:.1f}" x2="{shape.x2:.1f}" '
                f'y2="{shape.y2:.1f}" stroke="{shape.stroke}" stroke-width="{shape.width:g}"/>'
            )
        else:
            weight = ' font-weight="bold"' if shape.bold else ""
            parts.append(
                f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size:g}" '
                f'text-anchor="{shape.anchor}" fill="{shape.fill}"{weight}>'
                f"{escape(shape.text)}</text>"
            )
    parts.append("</svg>")
    # All text went through escape(); paths are numbers we wrote; the rest are our constants.
    return mark_safe("".join(parts))
