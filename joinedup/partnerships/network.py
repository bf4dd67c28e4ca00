"""Network metrics of a partnership: pure functions over plain data (no database here).

Written by hand rather than with networkx (docs/adr/0005): the few measures we need are short,
exact, and testable on graphs small enough to work out on paper.

Definitions:
- An organisation *rates* a partner with a closeness from 0 (none) to 5 (collaboration). A
  rating of 1 or more is an arc rater -> partner. Two members are *tied* when either rates the
  other 1 or more (what one side reports is evidence enough that they work together).
- Density: ties / possible ties, n(n-1)/2.
- Degree centralisation (Freeman): sum over members of (highest degree - degree), divided by the
  largest that sum can be for n members, (n-1)(n-2): 1 for a star, 0 when all degrees are equal.
- Reciprocity: of the pairs where both members answered and at least one reported the tie, the
  share where both did. Pairs with a member who did not answer cannot be reciprocal, so they
  are left out rather than counted against the partnership.
- Betweenness (Brandes): for each member, the share of shortest paths between two other members
  that pass through it, normalised by (n-1)(n-2)/2 so 1 is the centre of a star. Members with
  betweenness above 0 are the brokers.
- Trust of a member: the mean, over the members that rated it, of each rater's mean of
  reliability, shared mission and openness (1-4). Value likewise from influence, involvement
  and resources. Shown only when at least `min_raters` rated it, so no single rater's view shows.
- Divergent pairs: both answered, and their closeness ratings of each other (0 when one did not
  rate the other) differ by `divergence` (2) or more.
"""

from __future__ import annotations

import statistics
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

MIN_RATERS = 3
DIVERGENCE = 2

Id = Hashable


@dataclass(frozen=True)
class Node:
    id: Id
    sector: str = ""
    responded: bool = True


@dataclass(frozen=True)
class Rating:
    rater: Id
    ratee: Id
    closeness: int
    frequency: int | None = None
    reliability: int | None = None
    shared_mission: int | None = None
    openness: int | None = None
    influence: int | None = None
    involvement: int | None = None
    resources: int | None = None

    @property
    def trust(self) -> float | None:
        return _mean_of(self.reliability, self.shared_mission, self.openness)

    @property
    def value(self) -> float | None:
        return _mean_of(self.influence, self.involvement, self.resources)


def _mean_of(*parts: int | None) -> float | None:
    given = [p for p in parts if p is not None]
    return statistics.fmean(given) if given else None


@dataclass
class MemberMetrics:
    id: Id
    sector: str
    degree: int = 0
    betweenness: float = 0.0
    trust: float | None = None
    value: float | None = None
    raters: int = 0


@dataclass(frozen=True)
class DivergentPair:
    a: Id
    b: Id
    a_rates_b: int
    b_rates_a: int

    @property
    def difference(self) -> int:
        return abs(self.a_rates_b - self.b_rates_a)


@dataclass
class NetworkMetrics:
    members: dict[Id, MemberMetrics]
    ties: set[frozenset[Id]]
    density: float | None
    centralisation: float | None
    reciprocity: float | None
    isolated: list[Id] = field(default_factory=list)
    brokers: list[Id] = field(default_factory=list)
    divergent_pairs: list[DivergentPair] = field(default_factory=list)


@dataclass(frozen=True)
class NetworkChange:
    density: float | None
    centralisation: float | None
    reciprocity: float | None
    new_ties: set[frozenset[Id]]
    lost_ties: set[frozenset[Id]]


def _r(value: float | None, places: int = 3) -> float | None:
    return None if value is None else round(value, places)


def betweenness(nodes: Sequence[Id], adjacency: dict[Id, set[Id]]) -> dict[Id, float]:
    """Raw betweenness of every node of an undirected, unweighted graph (Brandes 2001).

    Brandes' two passes, run from every source at once as matrix products (numpy): one
    breadth-first level per product counts the shortest paths, then the dependencies are
    summed back level by level. A 300-member network takes tens of milliseconds where a Python
    loop over every source took most of a second (bench/partnership_pages.py); memory grows as
    n squared, a few megabytes for a partnership of hundreds. Single precision: several times
    faster than double on a busy server, and path counts (exact to 16 million) and the
    normalised scores (shown to 3 places) need no more.
    """
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    adjacent = np.zeros((n, n), dtype=np.float32)
    for v in nodes:
        for w in adjacency[v]:
            adjacent[index[v], index[w]] = 1.0
            adjacent[index[w], index[v]] = 1.0
    # Row s: distances from source s (-1: not reached) and numbers of shortest paths.
    distance = np.full((n, n), -1, dtype=np.int64)
    np.fill_diagonal(distance, 0)
    paths = np.eye(n, dtype=np.float32)
    frontier = np.eye(n, dtype=np.float32)
    depth = 0
    while True:
        reach = frontier @ adjacent
        new = (reach > 0) & (distance < 0)
        if not new.any():
            break
        depth += 1
        distance[new] = depth
        frontier = np.where(new, reach, np.float32(0))
        paths += frontier
    dependency = np.zeros((n, n), dtype=np.float32)
    safe_paths = np.where(paths > 0, paths, np.float32(1))
    zero = np.float32(0)
    for level in range(depth, 0, -1):
        share = np.where(distance == level, (1 + dependency) / safe_paths, zero)
        back = (share @ adjacent) * paths
        dependency += np.where(distance == level - 1, back, zero)
    np.fill_diagonal(dependency, 0.0)  # a source is not between itself and others
    score = dependency.sum(axis=0, dtype=np.float64)
    # Each unordered pair was counted from both ends.
    return {v: float(score[i]) / 2 for v, i in index.items()}


def compute(
    nodes: Sequence[Node],
    ratings: Iterable[Rating],
    *,
    min_raters: int = MIN_RATERS,
    divergence: int = DIVERGENCE,
    with_betweenness: bool = True,
) -> NetworkMetrics:
    """Every network measure for one survey's members and ratings.

    `with_betweenness=False` leaves every member's betweenness at 0 and names no brokers: for
    an earlier survey that is only compared with (see `compare`), which never reads them.
    """
    ids = [n.id for n in nodes]
    responded = {n.id for n in nodes if n.responded}
    closeness, received = _between_members(ids, ratings)
    arcs = {pair for pair, c in closeness.items() if c >= 1}
    ties = {frozenset(pair) for pair in arcs}
    adjacency: dict[Id, set[Id]] = {i: set() for i in ids}
    for a, b in arcs:
        adjacency[a].add(b)
        adjacency[b].add(a)

    n = len(ids)
    members = {node.id: MemberMetrics(node.id, node.sector) for node in nodes}
    for i in ids:
        members[i].degree = len(adjacency[i])
    if n >= 3 and with_betweenness:
        raw = betweenness(ids, adjacency)
        for i in ids:
            members[i].betweenness = round(raw[i] / ((n - 1) * (n - 2) / 2), 3)
    for i in ids:
        _rate(members[i], received[i], min_raters)

    return NetworkMetrics(
        members=members,
        ties=ties,
        density=_r(len(ties) / (n * (n - 1) / 2) if n >= 2 else None),
        centralisation=_r(_centralisation(list(members.values()), n)),
        reciprocity=_r(_reciprocity(ties, arcs, responded)),
        isolated=[i for i in ids if members[i].degree == 0],
        brokers=sorted(
            (i for i in ids if members[i].betweenness > 0),
            key=lambda i: -members[i].betweenness,
        ),
        divergent_pairs=_divergent_pairs(ids, responded, closeness, divergence),
    )


def _between_members(
    ids: list[Id], ratings: Iterable[Rating]
) -> tuple[dict[tuple[Id, Id], int], dict[Id, list[Rating]]]:
    """Closeness by (rater, ratee), and the ratings each member received; ratings of oneself
    or by or of someone outside the survey are left out."""
    known = set(ids)
    closeness: dict[tuple[Id, Id], int] = {}
    received: dict[Id, list[Rating]] = {i: [] for i in ids}
    for rating in ratings:
        if rating.rater == rating.ratee or rating.rater not in known or rating.ratee not in known:
            continue
        closeness[(rating.rater, rating.ratee)] = rating.closeness
        received[rating.ratee].append(rating)
    return closeness, received


def _centralisation(members: list[MemberMetrics], n: int) -> float | None:
    if n < 3:
        return None
    top = max(m.degree for m in members)
    return sum(top - m.degree for m in members) / ((n - 1) * (n - 2))


def _reciprocity(
    ties: set[frozenset[Id]], arcs: set[tuple[Id, Id]], responded: set[Id]
) -> float | None:
    answered_pairs = [t for t in ties if t <= responded]
    if not answered_pairs:
        return None
    mutual = 0
    for tie in answered_pairs:
        a, b = tuple(tie)
        mutual += (a, b) in arcs and (b, a) in arcs
    return mutual / len(answered_pairs)


def _rate(member: MemberMetrics, given: list[Rating], min_raters: int) -> None:
    """A member's trust and value, shown only when enough members rated it."""
    member.raters = len(given)
    if len(given) >= min_raters:
        trusts = [t for t in (r.trust for r in given) if t is not None]
        values = [v for v in (r.value for r in given) if v is not None]
        member.trust = _r(statistics.fmean(trusts), 2) if trusts else None
        member.value = _r(statistics.fmean(values), 2) if values else None


def _divergent_pairs(
    ids: list[Id],
    responded: set[Id],
    closeness: dict[tuple[Id, Id], int],
    divergence: int,
) -> list[DivergentPair]:
    position = {i: x for x, i in enumerate(ids)}
    if divergence > 0:
        # Two members that rated each other 0 (or not at all) cannot differ: only the pairs
        # with a rating need looking at, not every pair (45,000 of them for 300 members).
        candidates = {
            (a, b) if position[a] < position[b] else (b, a)
            for a, b in closeness
            if a in responded and b in responded
        }
    else:
        answered = [i for i in ids if i in responded]
        candidates = {(a, b) for x, a in enumerate(answered) for b in answered[x + 1 :]}
    divergent = []
    for a, b in sorted(candidates, key=lambda p: (position[p[0]], position[p[1]])):
        pair = DivergentPair(a, b, closeness.get((a, b), 0), closeness.get((b, a), 0))
        if pair.difference >= divergence:
            divergent.append(pair)
    return sorted(divergent, key=lambda p: -p.difference)


def tie_closeness(ratings: Iterable[Rating]) -> dict[frozenset[Id], float]:
    """Each tie's closeness: the mean of the ratings of 1 or more its two sides gave."""
    sides: dict[frozenset[Id], list[int]] = {}
    for rating in ratings:
        if rating.closeness >= 1 and rating.rater != rating.ratee:
            sides.setdefault(frozenset((rating.rater, rating.ratee)), []).append(rating.closeness)
    return {tie: statistics.fmean(values) for tie, values in sides.items()}


def _delta(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else round(now - before, 3)


def compare(current: NetworkMetrics, previous: NetworkMetrics) -> NetworkChange:
    """What changed since the previous survey. Ties count only between members of both surveys."""
    common = set(current.members) & set(previous.members)
    now = {t for t in current.ties if t <= common}
    before = {t for t in previous.ties if t <= common}
    return NetworkChange(
        density=_delta(current.density, previous.density),
        centralisation=_delta(current.centralisation, previous.centralisation),
        reciprocity=_delta(current.reciprocity, previous.reciprocity),
        new_ties=now - before,
        lost_ties=before - now,
    )
