"""The network map: a server-side SVG of who works with whom, with a deterministic layout.

No JavaScript and no layout library: members are grouped by sector into clusters placed on a
ring, and inside each cluster laid out on a sunflower spiral with the best-connected member at
the centre. The same data always gives the same picture, so two surveys can be compared by eye,
and silos show as clusters with few lines between them.

Colour is never the only cue: each sector also has its own shape, every shape has a dark
outline (3:1 against the page whatever its fill) and each cluster carries its sector's name.
The page puts a table of the same data beside the map.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from joinedup.directory.models import Sector

# Okabe-Ito colours (told apart by most people with colour-blindness) and one shape each.
SECTOR_STYLE: dict[str, tuple[str, str]] = {
    Sector.NHS: ("#0072B2", "circle"),
    Sector.COUNCIL: ("#E69F00", "square"),
    Sector.VCS: ("#009E73", "triangle"),
    Sector.HOUSING: ("#CC79A7", "diamond"),
    Sector.POLICE: ("#56B4E9", "pentagon"),
    Sector.FIRE: ("#D55E00", "hexagon"),
    Sector.EDUCATION: ("#F0E442", "triangle-down"),
    Sector.BUSINESS: ("#999999", "star"),
    Sector.COMMUNITY: ("#FFFFFF", "cross"),
}
UNKNOWN_STYLE = ("#BBBBBB", "circle")
OUTLINE = "#0b0c0c"
SECTOR_ORDER = [value for value, _ in Sector.choices]
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPACING = 14.0  # distance unit between neighbours inside a cluster
ROOMY_SPACING = 22.0  # for small partnerships, whose markers carry their numbers
NUMBER_LIMIT = 99  # above this many members the numbers would crowd the map out
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


@dataclass(frozen=True)
class MapMember:
    id: Hashable
    name: str
    sector: str
    degree: int
    number: int = 0  # its row in the table beside the map (0: none)


@dataclass
class PlacedMember:
    member: MapMember
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class Cluster:
    sector: str
    label: str
    x: float
    y: float
    radius: float
    count: int


@dataclass
class MapLayout:
    width: float
    height: float
    members: dict[Hashable, PlacedMember]
    clusters: list[Cluster]


def sector_label(sector: str) -> str:
    return str(dict(Sector.choices).get(sector, sector or "Sector not known"))


def style_for(sector: str) -> tuple[str, str]:
    return SECTOR_STYLE.get(sector, UNKNOWN_STYLE)


def _sector_rank(sector: str) -> int:
    return SECTOR_ORDER.index(sector) if sector in SECTOR_ORDER else len(SECTOR_ORDER)


def layout(members: Sequence[MapMember]) -> MapLayout:
    """Place every member: clusters by sector on a ring, a sunflower spiral inside each."""
    by_sector: dict[str, list[MapMember]] = {}
    for member in members:
        by_sector.setdefault(member.sector, []).append(member)
    sectors = sorted(by_sector, key=_sector_rank)
    top_degree = max((m.degree for m in members), default=0) or 1
    spacing = ROOMY_SPACING if len(members) <= NUMBER_LIMIT else SPACING
    node_max = SPACING * 0.9
    node_min = SPACING * 0.3

    radii = {s: spacing * (math.sqrt(len(by_sector[s])) + 0.8) for s in sectors}
    # Each cluster gets a share of the ring as wide as it is, plus a gap for its label, so big
    # and small sectors sit side by side without overlapping.
    widths = {s: 2 * radii[s] + spacing * 3 for s in sectors}
    total = sum(widths.values())
    ring = 0.0 if len(sectors) <= 1 else 1.2 * total / (2 * math.pi)
    margin = spacing * 2 + max(radii.values(), default=spacing)
    size = 2 * (ring + margin)
    centre = size / 2

    placed: dict[Hashable, PlacedMember] = {}
    clusters: list[Cluster] = []
    start = -math.pi / 2
    for sector in sectors:
        share = 2 * math.pi * widths[sector] / total
        angle = start + share / 2
        start += share
        cx = centre + ring * math.cos(angle)
        cy = centre + ring * math.sin(angle)
        # Best connected first, so they sit at the heart of their cluster; name breaks ties.
        group = sorted(by_sector[sector], key=lambda m: (-m.degree, m.name, str(m.id)))
        for i, member in enumerate(group):
            distance = spacing * math.sqrt(i) * 1.05
            theta = i * GOLDEN_ANGLE
            r = node_min + (node_max - node_min) * member.degree / top_degree
            placed[member.id] = PlacedMember(
                member,
                round(cx + distance * math.cos(theta), 1),
                round(cy + distance * math.sin(theta), 1),
                round(r, 1),
            )
        clusters.append(
            Cluster(
                sector,
                sector_label(sector),
                round(cx, 1),
                round(cy, 1),
                round(radii[sector], 1),
                len(group),
            )
        )
    return MapLayout(round(size, 1), round(size, 1), placed, clusters)


def shape_svg(shape: str, x: float, y: float, r: float, fill: str) -> str:
    """One marker: the same area-ish for every shape, outlined so it shows on any background."""
    common = f'fill="{fill}" stroke="{OUTLINE}" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{x}" cy="{y}" r="{r}" {common}/>'
    if shape == "square":
        s = r * 0.9
        return (
            f'<rect x="{round(x - s, 1)}" y="{round(y - s, 1)}" width="{round(2 * s, 1)}" '
            f'height="{round(2 * s, 1)}" {common}/>'
        )
    sides, turn, inner = {
        "triangle": (3, -math.pi / 2, None),
        "triangle-down": (3, math.pi / 2, None),
        "diamond": (4, 0.0, None),
        "pentagon": (5, -math.pi / 2, None),
        "hexagon": (6, 0.0, None),
        "star": (5, -math.pi / 2, 0.45),
        "cross": (4, math.pi / 4, 0.4),
    }.get(shape, (12, 0.0, None))
    points: list[tuple[float, float]] = []
    if inner is None:
        scale = 1.25 if sides == 3 else 1.1
        for k in range(sides):
            a = turn + 2 * math.pi * k / sides
            points.append((x + r * scale * math.cos(a), y + r * scale * math.sin(a)))
    elif shape == "star":
        for k in range(2 * sides):
            a = turn + math.pi * k / sides
            radius = r * 1.25 if k % 2 == 0 else r * 1.25 * inner
            points.append((x + radius * math.cos(a), y + radius * math.sin(a)))
    else:  # a plus-shaped cross
        w = r * inner
        for px, py in (
            (-w, -r),
            (w, -r),
            (w, -w),
            (r, -w),
            (r, w),
            (w, w),
            (w, r),
            (-w, r),
            (-w, w),
            (-r, w),
            (-r, -w),
            (-w, -w),
        ):
            points.append((x + px, y + py))
    joined = " ".join(f"{round(px, 1)},{round(py, 1)}" for px, py in points)
    return f'<polygon points="{joined}" {common}/>'


def legend_swatch(sector: str, size: int = 20) -> SafeString:
    """A small picture of a sector's marker, for the legend beside the map (decorative)."""
    colour, shape = style_for(sector)
    half = size / 2
    return mark_safe(  # built from our own constants only
        f'<svg class="app-network-legend__swatch" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" aria-hidden="true" focusable="false">'
        f"{shape_svg(shape, half, half, half * 0.7, colour)}</svg>"
    )


def render_svg(
    layout_: MapLayout,
    ties: Iterable[frozenset[Hashable]],
    *,
    title: str,
    description: str,
    strengths: Mapping[frozenset[Hashable], float] | None = None,
    svg_id: str = "network-map",
) -> SafeString:
    """The map as inline SVG with role="img", a title and a description.

    With `strengths` (managers only: a line's weight says what two named members rated each
    other), lines are thicker the closer the work; without, every tie is drawn the same.
    """
    placed = layout_.members
    parts = [
        f'<svg id="{svg_id}" class="app-network-map" xmlns="http://www.w3.org/2000/svg" '
        f'role="img" aria-labelledby="{svg_id}-title {svg_id}-desc" '
        f'viewBox="0 0 {layout_.width} {layout_.height}" preserveAspectRatio="xMidYMid meet" '
        f'font-family="{FONT}">',
        f'<title id="{svg_id}-title">{escape(title)}</title>',
        f'<desc id="{svg_id}-desc">{escape(description)}</desc>',
    ]
    for cluster in layout_.clusters:
        parts.append(
            f'<circle cx="{cluster.x}" cy="{cluster.y}" r="{cluster.radius}" fill="#f3f2f1" '
            f'stroke="#b1b4b6" stroke-dasharray="4 3"/>'
        )
    lines = []
    for tie in sorted(ties, key=lambda t: sorted(str(i) for i in t)):
        ends = [placed[i] for i in tie if i in placed]
        if len(ends) != 2:
            continue
        a, b = ends
        width = 1.0
        if strengths is not None:
            width = 0.5 + 0.5 * strengths.get(tie, 1.0)
        lines.append(
            f'<line x1="{a.x}" y1="{a.y}" x2="{b.x}" y2="{b.y}" stroke-width="{round(width, 2)}"/>'
        )
    parts.append(f'<g stroke="#505a5f" stroke-opacity="0.45">{"".join(lines)}</g>')
    show_numbers = len(placed) <= NUMBER_LIMIT
    nodes = []
    for member in sorted(placed.values(), key=lambda p: str(p.member.id)):
        colour, shape = style_for(member.member.sector)
        nodes.append(
            "<g>"
            f"<title>{_numbered(member.member)}: {escape(sector_label(member.member.sector))}"
            f", {member.member.degree} working tie{'s' if member.member.degree != 1 else ''}"
            "</title>"
            f"{shape_svg(shape, member.x, member.y, member.r, colour)}"
            "</g>"
        )
        if show_numbers and member.member.number:
            nodes.append(
                f'<text x="{round(member.x + member.r + 1.5, 1)}" '
                f'y="{round(member.y - member.r * 0.4, 1)}" font-size="9" fill="{OUTLINE}">'
                f"{member.member.number}</text>"
            )
    parts.append("".join(nodes))
    for cluster in layout_.clusters:
        parts.append(
            f'<text x="{cluster.x}" y="{round(cluster.y - cluster.radius - 6, 1)}" '
            f'text-anchor="middle" font-size="12" font-weight="bold" fill="{OUTLINE}">'
            f"{escape(cluster.label)} ({cluster.count})</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


def _numbered(member: MapMember) -> str:
    name = escape(member.name)
    return f"{member.number}. {name}" if member.number else name
