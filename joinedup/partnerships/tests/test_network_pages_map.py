"""The network map's drawing: deterministic, clusters apart, colour never the only cue."""

from __future__ import annotations

import itertools
import math
import re

from joinedup.directory.models import Sector
from joinedup.partnerships import network_map
from joinedup.partnerships.network_map import MapMember


def _members(counts: dict[str, int]) -> list[MapMember]:
    out = []
    for sector, count in counts.items():
        for n in range(count):
            out.append(MapMember(f"{sector}-{n}", f"{sector} member {n}", sector, n % 4, 0))
    return out


def test_every_sector_has_its_own_colour_and_shape():
    colours = [style[0] for style in network_map.SECTOR_STYLE.values()]
    shapes = [style[1] for style in network_map.SECTOR_STYLE.values()]
    assert len(set(colours)) == len(colours) == len(Sector.choices)
    assert len(set(shapes)) == len(shapes)


def test_layout_is_deterministic_and_clusters_do_not_overlap():
    members = _members({"nhs": 40, "vcs": 120, "council": 3, "police": 1, "business": 20})
    first = network_map.layout(members)
    again = network_map.layout(list(reversed(members)))
    assert {k: (p.x, p.y, p.r) for k, p in first.members.items()} == {
        k: (p.x, p.y, p.r) for k, p in again.members.items()
    }
    for a, b in itertools.combinations(first.clusters, 2):
        assert math.dist((a.x, a.y), (b.x, b.y)) > a.radius + b.radius, (a.sector, b.sector)
    for placed in first.members.values():
        assert 0 <= placed.x <= first.width and 0 <= placed.y <= first.height


def test_best_connected_member_sits_at_the_centre_of_its_cluster_and_is_biggest():
    members = [
        MapMember("a", "A", "vcs", 1),
        MapMember("b", "B", "vcs", 9),
        MapMember("c", "C", "vcs", 0),
    ]
    placed = network_map.layout(members)
    cluster = placed.clusters[0]
    assert (placed.members["b"].x, placed.members["b"].y) == (cluster.x, cluster.y)
    assert placed.members["b"].r > placed.members["a"].r > placed.members["c"].r


def test_svg_is_an_image_with_a_title_description_and_escaped_names():
    members = [
        MapMember(1, "Cats & <Dogs>", "vcs", 1, 1),
        MapMember(2, "Council", "council", 1, 2),
    ]
    svg = network_map.render_svg(
        network_map.layout(members),
        [frozenset({1, 2})],
        title="Map of <us>",
        description="Two members & one tie",
    )
    assert 'role="img"' in svg and 'aria-labelledby="network-map-title network-map-desc"' in svg
    assert '<title id="network-map-title">Map of &lt;us&gt;</title>' in svg
    assert "Cats &amp; &lt;Dogs&gt;" in svg and "<Dogs>" not in svg
    assert len(re.findall(r"<line ", svg)) == 1
    assert "Voluntary and community (1)" in svg and "Council (1)" in svg
