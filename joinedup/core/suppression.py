"""Small numbers never identify anyone: primary and secondary suppression of counts.

Shared by the health checks (groups of respondents) and insights (counts of referrals), so the
two cannot disagree about what is safe to show (issue 15, item 3; ADR 0034).

A table is a set of cells (each a count) tied by *relations*: "these cells add up to that total"
(a row and its row total, a column and its column total, a breakdown and its overall figure).

- **Primary**: a cell with 1 to threshold - 1 is hidden. Zero is shown: it identifies nobody.
- **Secondary**: in every relation whose total is shown, the hidden cells must not be worked
  out by subtraction. So while a relation has exactly one hidden cell, or its hidden cells add
  up to fewer than the threshold (two hidden cells of 1 and 2 would show "3" by subtraction),
  the smallest shown cell is hidden too (the smallest non-zero one first: hiding a zero adds
  nothing to the hidden total). When no cell is left to hide, the total itself is hidden.
  Relations are checked again until nothing changes (hiding a cell in a column can expose it
  in a row).
- **Exempt** cells are never hidden: an organisation's own figures, which it knows anyway. They
  count as shown, so the cells around them are protected as if an outsider could see them.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

SUPPRESSION_THRESHOLD = 5

K = TypeVar("K", bound=Hashable)


def hidden_cells(
    cells: Mapping[K, int],
    relations: Iterable[tuple[K | None, Sequence[K]]] = (),
    *,
    threshold: int = SUPPRESSION_THRESHOLD,
    exempt: Iterable[K] = (),
    hidden_already: Iterable[K] = (),
) -> set[K]:
    """The keys of the cells to hide. A relation is (total key, part keys); a total of None is
    an overall figure that is always shown (the health check's overall mean). `hidden_already`
    are cells hidden whatever their size (another table hides what they are made of)."""
    exempt_keys = set(exempt)
    hidden = {k for k, n in cells.items() if 0 < n < threshold and k not in exempt_keys}
    hidden |= set(hidden_already)
    rules = list(relations)
    # A worklist: a relation is checked again only when one of its cells has just been hidden,
    # so a region's board (tens of thousands of relations) settles in one pass or so. Each
    # relation keeps how many of its parts are hidden and what they add up to, updated as cells
    # are hidden, so checking it costs the same whether it has three parts or a region's
    # hundred thousand (a table's total row is checked again each time a cell under it is).
    touching, concealed, concealed_sum = _index(cells, rules, hidden)
    queue = deque(range(len(rules)))
    queued = set(queue)
    while queue:
        index = queue.popleft()
        queued.discard(index)
        total, parts = rules[index]
        if total is not None and total in hidden:
            continue
        count, amount = concealed[index], concealed_sum[index]
        # It leaks while one hidden part could be worked out alone, or several add up to a
        # number under the threshold.
        if not count or (count > 1 and not 0 < amount < threshold):
            continue
        extra = _next_to_hide(cells, parts, hidden, exempt_keys)
        if extra is None and total is not None and total not in exempt_keys:
            extra = total
        if extra is None:
            continue
        hidden.add(extra)
        value = cells.get(extra, 0)
        again = [index]
        for other in touching.get(extra, ()):
            if other >= 0:  # a part of it
                concealed[other] += 1
                concealed_sum[other] += value
            again.append(other if other >= 0 else ~other)
        for other in again:
            if other not in queued:
                queue.append(other)
                queued.add(other)
    return hidden


def _index(
    cells: Mapping[K, int], rules: list[tuple[K | None, Sequence[K]]], hidden: set[K]
) -> tuple[dict[K, list[int]], list[int], list[int]]:
    """For each cell not hidden yet (only those can be hidden next), the relations it is in, in
    order: `i` where it is a part of relation i (once each time it is named), `~i` (negative)
    where it is its total. For each relation, how many of its parts are hidden (a part named
    twice counts twice) and what they add up to."""
    touching: dict[K, list[int]] = defaultdict(list)
    concealed = [0] * len(rules)
    concealed_sum = [0] * len(rules)
    for index, (total, parts) in enumerate(rules):
        found = []
        for key in parts:
            if key in hidden:
                found.append(cells.get(key, 0))
            else:
                touching[key].append(index)
        if total is not None and total not in hidden:
            touching[total].append(~index)
        if found:
            concealed[index] = len(found)
            concealed_sum[index] = sum(found)
    return touching, concealed, concealed_sum


def _next_to_hide(
    cells: Mapping[K, int], parts: Sequence[K], hidden: set[K], exempt: set[K]
) -> K | None:
    """The part to hide next: the smallest non-zero shown one (hiding a zero adds nothing to
    the hidden total), then the smallest zero; ties by key, as text."""
    best: list[K] = []
    best_rank: tuple[bool, int] | None = None
    for key in parts:
        if key in hidden or key in exempt:
            continue
        value = cells.get(key, 0)
        rank = (value == 0, value)
        if best_rank is None or rank < best_rank:
            best, best_rank = [key], rank
        elif rank == best_rank:
            best.append(key)
    # Keys as text only among the tied (a region's table total has thousands of parts).
    return min(best, key=str) if best else None


def hidden_groups(sizes: Mapping[K, int], *, threshold: int = SUPPRESSION_THRESHOLD) -> set[K]:
    """A breakdown beside an overall figure that is always shown: which groups to hide."""
    return hidden_cells(sizes, [(None, list(sizes))], threshold=threshold)
