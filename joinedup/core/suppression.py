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
    rules = [(total, list(parts)) for total, parts in relations]
    # A worklist: a relation is checked again only when one of its cells has just been hidden,
    # so a region's board (tens of thousands of relations) settles in one pass or so.
    touching: dict[K, list[int]] = defaultdict(list)
    for index, (total, parts) in enumerate(rules):
        for key in [*parts, *([total] if total is not None else [])]:
            touching[key].append(index)
    queue = deque(range(len(rules)))
    queued = set(queue)
    while queue:
        index = queue.popleft()
        queued.discard(index)
        total, parts = rules[index]
        if total is not None and total in hidden:
            continue
        if not _leaks(cells, parts, hidden, threshold):
            continue
        extra = _next_to_hide(cells, parts, hidden, exempt_keys)
        if extra is None and total is not None and total not in exempt_keys:
            extra = total
        if extra is None:
            continue
        hidden.add(extra)
        for other in [index, *touching.get(extra, ())]:
            if other not in queued:
                queue.append(other)
                queued.add(other)
    return hidden


def _leaks(cells: Mapping[K, int], parts: Sequence[K], hidden: set[K], threshold: int) -> bool:
    concealed = [k for k in parts if k in hidden]
    if not concealed:
        return False
    total = sum(cells.get(k, 0) for k in concealed)
    return len(concealed) == 1 or 0 < total < threshold


def _next_to_hide(
    cells: Mapping[K, int], parts: Sequence[K], hidden: set[K], exempt: set[K]
) -> K | None:
    shown = [k for k in parts if k not in hidden and k not in exempt]
    if not shown:
        return None
    return min(shown, key=lambda k: (cells.get(k, 0) == 0, cells.get(k, 0), str(k)))


def hidden_groups(sizes: Mapping[K, int], *, threshold: int = SUPPRESSION_THRESHOLD) -> set[K]:
    """A breakdown beside an overall figure that is always shown: which groups to hide."""
    return hidden_cells(sizes, [(None, list(sizes))], threshold=threshold)
