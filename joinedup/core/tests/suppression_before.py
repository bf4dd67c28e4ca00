"""The suppression rule as it was written before it kept running counts per relation (fifth
session, ADR 37): checking every relation's hidden parts afresh each time. Kept for the tests
to show that the faster `joinedup.core.suppression.hidden_cells` hides exactly the same cells."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def hidden_cells_before(
    cells: Mapping[K, int],
    relations: Iterable[tuple[K | None, Sequence[K]]] = (),
    *,
    threshold: int = 5,
    exempt: Iterable[K] = (),
    hidden_already: Iterable[K] = (),
) -> set[K]:
    exempt_keys = set(exempt)
    hidden = {k for k, n in cells.items() if 0 < n < threshold and k not in exempt_keys}
    hidden |= set(hidden_already)
    rules = [(total, list(parts)) for total, parts in relations]
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
