"""Who sees which board, and the figures they may see of it (issue 15, items 2 and 3).

- A partnership's managers see its whole board, every figure suppressed (they are not a party
  to any referral).
- A member organisation's people see the same board with their organisation's own figures
  unsuppressed (they know their own referrals) and everyone else's suppressed.
- Anyone else gets nothing: the partnership is not found for them (404).

The raw figures are cached for up to `INSIGHTS_CACHE_SECONDS` (5 minutes: the issue allows
figures that stale), keyed by partnership, period and filters; suppression is applied per
viewer after the cache, so a member's unsuppressed figures are never served to anyone else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from joinedup.insights import figures
from joinedup.insights.periods import Filters, Period
from joinedup.insights.tables import Shown, present_all
from joinedup.partnerships.models import Partnership

if TYPE_CHECKING:
    from joinedup.core.models import User

CACHE_VERSION = 1


def boards_for(user: User) -> QuerySet[Partnership]:
    """The partnerships whose board `user` may read: those they manage, and those their
    organisation is a member of."""
    return Partnership.objects.visible_to(user)


@dataclass(frozen=True)
class Viewer:
    partnership: Partnership
    manager: bool
    # The viewer's organisations in this partnership: their own figures are not suppressed.
    own: frozenset[Any] = field(default_factory=frozenset)

    @property
    def threshold(self) -> int:
        return int(self.partnership.suppression_threshold)


def viewer_of(user: User, partnership: Partnership) -> Viewer:
    """How `user` sees a partnership's board (call with one from `boards_for`)."""
    own = frozenset(partnership.organizations_of(user).values_list("pk", flat=True))
    return Viewer(partnership, partnership.is_managed_by(user), own)


def raw_figures(partnership: Partnership, period: Period, filters: Filters) -> figures.Figures:
    """The board's figures before suppression, cached for a few minutes."""
    seconds = int(getattr(settings, "INSIGHTS_CACHE_SECONDS", 300))
    if seconds <= 0:
        return figures.compute(partnership, period, filters)
    key = f"insights:{CACHE_VERSION}:{partnership.pk}:{period.key()}:{period.kind}:{filters.key()}"
    found = cache.get(key)
    if found is None:
        found = figures.compute(partnership, period, filters)
        cache.set(key, found, seconds)
    return found  # type: ignore[no-any-return]


@dataclass
class Board:
    viewer: Viewer
    period: Period
    previous: Period
    filters: Filters
    tables: dict[str, Shown]
    response_days: int

    def __getitem__(self, key: str) -> Shown:
        return self.tables[key]


def board(viewer: Viewer, period: Period, filters: Filters) -> Board:
    """What this viewer may see of the board for a period.

    Suppression across every table of a region's board takes seconds, so its result is cached
    too, for as long as the figures, under a key that holds everything it depends on: the
    figures' key, the threshold and the viewer's own organisations (whose cells they see in
    full). Two viewers share an entry only when they would see exactly the same cells."""
    seconds = int(getattr(settings, "INSIGHTS_CACHE_SECONDS", 300))
    own = ",".join(str(pk) for pk in sorted(viewer.own))
    key = (
        f"insights-shown:{CACHE_VERSION}:{viewer.partnership.pk}:{period.key()}:{period.kind}:"
        f"{filters.key()}:{viewer.threshold}:{hashlib.sha256(own.encode()).hexdigest()}"
    )
    found = cache.get(key) if seconds > 0 else None
    if found is None:
        # The raw figures are read only when this viewer's cells are not cached already.
        raw = raw_figures(viewer.partnership, period, filters)
        shown = present_all(raw.tables, threshold=viewer.threshold, own=viewer.own)
        found = (raw.period, raw.previous, shown, raw.response_days)
        if seconds > 0:
            cache.set(key, found, seconds)
    chosen, previous, shown, response_days = found
    return Board(viewer, chosen, previous, filters, shown, response_days)
