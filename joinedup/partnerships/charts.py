"""Charts of health-check results, drawn on the server: no JavaScript, same picture everywhere.

A chart is laid out once as plain shapes (rectangles, lines, text, in SVG coordinates: y grows
downwards). `to_svg` writes them into the results page with an accessible title and
description; the PDF report (report.py) draws the very same shapes with reportlab. The numbers
are always in a table beside the chart too: the chart is a picture of the table, not a
replacement for it.

Colour is never the only carrier of meaning: the band zones are labelled in words across the
top and every bar has its mean and band written beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

from joinedup.partnerships.scoring import DEFAULT_BANDS, Band, ItemResult, SectionResult

WIDTH = 500  # about the width of a half column, so 12-unit text shows at about 12px
LABEL_WIDTH = 92  # room for "Overall", "Statement 12"
VALUE_WIDTH = 118  # room for "3.95 Borderline" to the right of the plot
TOP = 30  # band labels
ROW = 28
BAR = 18
BOTTOM = 34  # axis numbers and caption

TEXT_COLOUR = "#0b0c0c"
AXIS_COLOUR = "#505a5f"
BAR_COLOUR = "#1d70b8"
OVERALL_COLOUR = "#003078"
# Light tints: dark text on them keeps well above 4.5:1 contrast.
ZONE_COLOURS = {"strength": "#cce2d8", "borderline": "#fff7bf", "concern": "#f4cdc6"}
OTHER_ZONE_COLOURS = ("#e8f1f8", "#f3f2f1", "#ede4f2")
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    anchor: str = "start"  # start, middle, end
    size: float = 13.0
    bold: bool = False
    fill: str = TEXT_COLOUR


Shape = Rect | Line | Text


@dataclass(frozen=True)
class Bar:
    label: str  # short, on the chart: "Overall", "Statement 3"
    mean: float | None
    band: str
    band_label: str
    overall: bool = False


@dataclass
class Chart:
    title: str
    description: str
    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)


def band_labels(bands: Sequence[Band]) -> dict[str, str]:
    return {b.key: b.label for b in bands}


def _zones(
    bands: Sequence[Band], scale_min: int, scale_max: int
) -> list[tuple[float, float, Band, str]]:
    """(low, high, band, colour) for each band, from the bottom of the scale up."""
    zones = []
    upper = float(scale_max)
    others = iter(OTHER_ZONE_COLOURS * 3)
    for band in bands:
        lower = float(scale_min) if band.minimum is None else max(band.minimum, scale_min)
        colour = ZONE_COLOURS.get(band.key) or next(others)
        if lower < upper:
            zones.append((lower, upper, band, colour))
        upper = lower
    return list(reversed(zones))


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"


def bar_chart(
    *,
    title: str,
    bars: Sequence[Bar],
    bands: Sequence[Band] = DEFAULT_BANDS,
    scale_min: int = 1,
    scale_max: int = 5,
) -> Chart:
    """Horizontal bars of means on the scale, over the band zones."""
    plot_left = LABEL_WIDTH
    plot_right = WIDTH - VALUE_WIDTH
    span = max(scale_max - scale_min, 1)

    def x_of(value: float) -> float:
        return plot_left + (value - scale_min) / span * (plot_right - plot_left)

    height = TOP + ROW * max(len(bars), 1) + BOTTOM
    plot_bottom = TOP + ROW * max(len(bars), 1)
    shapes: list[Shape] = []
    for low, high, band, colour in _zones(bands, scale_min, scale_max):
        shapes.append(Rect(x_of(low), TOP, x_of(high) - x_of(low), plot_bottom - TOP, colour))
        shapes.append(Text((x_of(low) + x_of(high)) / 2, TOP - 10, band.label, "middle", 12, True))
    for tick in range(scale_min, scale_max + 1):
        shapes.append(Line(x_of(tick), TOP, x_of(tick), plot_bottom + 4, AXIS_COLOUR, 0.5))
        shapes.append(Text(x_of(tick), plot_bottom + 17, str(tick), "middle", 12))
    shapes.append(
        Text(
            (plot_left + plot_right) / 2,
            plot_bottom + 31,
            f"Mean agreement ({scale_min} = strongly disagree, {scale_max} = strongly agree)",
            "middle",
            11,
            fill=AXIS_COLOUR,
        )
    )
    for index, bar in enumerate(bars):
        top = TOP + index * ROW + (ROW - BAR) / 2
        baseline = top + BAR - 4
        shapes.append(Text(plot_left - 8, baseline, bar.label, "end", 12, bar.overall))
        if bar.mean is None:
            shapes.append(
                Text(plot_left + 6, baseline, "No answers", "start", 12, fill=AXIS_COLOUR)
            )
            continue
        colour = OVERALL_COLOUR if bar.overall else BAR_COLOUR
        shapes.append(Rect(plot_left, top, max(x_of(bar.mean) - plot_left, 1.5), BAR, colour))
        shapes.append(
            Text(
                plot_right + 8,
                baseline,
                f"{bar.mean:.2f} {bar.band_label}",
                "start",
                12,
                bar.overall,
            )
        )
    shapes.append(Line(plot_left, TOP, plot_left, plot_bottom, TEXT_COLOUR, 1))
    described = "; ".join(
        f"{b.label}: {'no answers' if b.mean is None else f'{b.mean:.2f}, {b.band_label.lower()}'}"
        for b in bars
    )
    zones = ", ".join(
        f"{band.label.lower()} from {_number(low)}"
        for low, _, band, _ in _zones(bands, scale_min, scale_max)
    )
    description = (
        f"Bar chart of mean agreement on a scale of {scale_min} to {scale_max}, "
        f"with bands {zones}. {described}."
    )
    return Chart(title, description, WIDTH, height, shapes)


def section_chart(
    section: SectionResult,
    *,
    first_number: int = 1,
    bands: Sequence[Band] = DEFAULT_BANDS,
    scale_min: int = 1,
    scale_max: int = 5,
) -> Chart:
    """A section's chart: its overall mean, then each statement's, numbered as in the table."""
    labels = band_labels(bands)

    def bar(label: str, item: ItemResult, overall: bool = False) -> Bar:
        stats = item.stats
        return Bar(
            label,
            stats.mean if stats else None,
            stats.band if stats else "",
            labels.get(stats.band, stats.band) if stats else "",
            overall,
        )

    bars = [bar("Overall", section, overall=True)] + [
        bar(f"Statement {number}", statement)
        for number, statement in enumerate(section.statements, start=first_number)
    ]
    return bar_chart(
        title=f"{section.title}: mean agreement",
        bars=bars,
        bands=bands,
        scale_min=scale_min,
        scale_max=scale_max,
    )


_ANCHORS = {"start": "start", "middle": "middle", "end": "end"}


def to_svg(chart: Chart, *, id_prefix: str) -> SafeString:
    """The chart as inline SVG, named by its title and described by its description."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" '
        f'viewBox="0 0 {chart.width:g} {chart.height:g}" width="100%" role="img" '
        f'aria-labelledby="{id_prefix}-title" aria-describedby="{id_prefix}-desc" '
        f'focusable="false" font-family="{escape(FONT)}">',
        f'<title id="{id_prefix}-title">{escape(chart.title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(chart.description)}</desc>',
    ]
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
                f'text-anchor="{_ANCHORS[shape.anchor]}" fill="{shape.fill}"{weight}>'
                f"{escape(shape.text)}</text>"
            )
    parts.append("</svg>")
    # Every piece of text above went through escape(); the rest are numbers and our constants.
    return mark_safe("".join(parts))
