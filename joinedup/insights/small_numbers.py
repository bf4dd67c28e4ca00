"""Small numbers never identify anyone (issue 15, item 3): the health checks' suppression rule,
applied to counts.

The rule is `joinedup.partnerships.scoring.breakdown`'s, and so is the default threshold: a
count from 1 to threshold - 1 is not shown; when exactly one count of a table is hidden, the
next smallest shown one is hidden too, so the hidden one cannot be worked out from the total.
Zero is shown: it identifies nobody. `breakdown` works on lists of answers and computes their
spread; counts of tens of thousands of referrals need only the sizes, so the rule is applied
to the sizes here (a test checks both agree).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

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
    hidden = {k for k, n in counts.items() if 0 < n < threshold} | set(hidden_already)
    shown = [k for k, n in counts.items() if k not in hidden and n > 0]
    if len(hidden) == 1 and shown:
        hidden.add(min(shown, key=lambda k: (counts[k], str(k))))
    return {k: (None if k in hidden else n) for k, n in counts.items()}


def shown(value: int, threshold: int = SUPPRESSION_THRESHOLD) -> int | None:
    """A lone count (a total, one cell with no table around it): hidden if small."""
    return None if 0 < value < threshold else value
