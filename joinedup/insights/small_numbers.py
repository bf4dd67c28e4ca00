"""Small numbers never identify anyone (issue 15, item 3): the health checks' suppression rule,
applied to counts.

The rule is the one the health checks use, `joinedup.core.suppression.hidden_cells`, with the
partnership's threshold: a count from 1 to threshold - 1 is not shown, and other counts are hidden
with it until no hidden count can be worked out from the total. Zero is shown: it identifies
nobody. Here it is applied to counts (a test checks it agrees with the health checks'
`breakdown` of lists of answers).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

from joinedup.core.suppression import hidden_cells
from joinedup.partnerships.models import Partnership
from joinedup.partnerships.scoring import SUPPRESSION_THRESHOLD

K = TypeVar("K", bound=Hashable)


def threshold_of(partnership: Partnership) -> int:
    """The partnership's threshold, or the health checks' default (5) where it sets none."""
    return int(getattr(partnership, "suppression_threshold", None) or SUPPRESSION_THRESHOLD)


def suppress(
    counts: Mapping[K, int],
    threshold: int = SUPPRESSION_THRESHOLD,
    hidden_already: Iterable[K] = (),
) -> dict[K, int | None]:
    """Each count, or None where it must not be shown (primary and secondary suppression).

    `hidden_already` are cells that must stay hidden whatever their size: a count that sums
    cells another table hides (a deprivation band of districts the district table hides) would
    otherwise give them away by subtraction."""
    hidden = hidden_cells(
        counts, [(None, list(counts))], threshold=threshold, hidden_already=hidden_already
    )
    return {k: (None if k in hidden else n) for k, n in counts.items()}


def shown(value: int, threshold: int = SUPPRESSION_THRESHOLD) -> int | None:
    """A lone count (a total, one cell with no table around it): hidden if small."""
    return None if 0 < value < threshold else value
