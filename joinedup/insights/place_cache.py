"""The place pages' figures, cached (ADR 37): the reads behind unmet need, referrals by area and
a line's districts, each kept for up to `INSIGHTS_CACHE_SECONDS` as plain rows, so a warm page
is a few cache reads, the suppression (quick: hundreds of cells) and its render.

What is cached is the raw counts, before suppression: every viewer of a place page sees the
same suppressed figures (nobody's own are shown in full here), and suppression runs on every
request with the partnership's threshold of the moment. `refresh` recomputes a partnership's
default period ahead of expiry, for the scheduled job (`refresh_insights`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache

from joinedup.insights import areas, unmet
from joinedup.insights.dashboard import cache_seconds
from joinedup.insights.place_periods import Period, period_from
from joinedup.partnerships.models import Partnership

CACHE_VERSION = 1
_T = TypeVar("_T")


def _period_key(period: Period) -> str:
    return f"{period.kind}:{period.start.isoformat()}:{period.end.isoformat()}"


def cached(name: str, parts: tuple[Any, ...], compute: Callable[[], _T], *, fresh: bool) -> _T:
    """`compute()`, kept under `name` and `parts` for as long as figures may be stale (counted
    from when the computing began). `fresh`: compute again whatever the cache holds."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"insights-place:{CACHE_VERSION}:{name}:{digest}"
    found = None if fresh else cache.get(key)
    if found is None:
        started = time.time()
        found = (compute(),)  # wrapped: an empty result is kept too
        left = int(started + seconds - time.time())
        if left > 0:
            cache.set(key, found, left)
    return found[0]  # type: ignore[no-any-return]


def referrals_by_district(
    partnership: Partnership, period: Period, *, fresh: bool = False
) -> dict[str, int]:
    return cached(
        "districts",
        (partnership.pk, _period_key(period)),
        lambda: areas.referrals_by_district(partnership, period),
        fresh=fresh,
    )


def declines_in(
    partnership: Partnership, period: Period, *, fresh: bool = False
) -> list[tuple[str, str, int]]:
    return cached(
        "declines",
        (partnership.pk, _period_key(period)),
        lambda: unmet.declines_in(partnership, period),
        fresh=fresh,
    )


def waiting_lists_in(
    partnership: Partnership, period: Period, *, fresh: bool = False
) -> list[unmet.WaitingPoint]:
    return cached(
        "waiting",
        (partnership.pk, _period_key(period)),
        lambda: unmet.waiting_lists_in(partnership, period),
        fresh=fresh,
    )


def searches_by(field: str, period: Period, *, fresh: bool = False) -> list[tuple[str, str, int]]:
    """The whole place's search counts (a search belongs to no partnership): one entry for
    every partnership."""
    return cached(
        "searches",
        (field, _period_key(period)),
        lambda: unmet.searches_by(field, period),
        fresh=fresh,
    )


def refresh(partnership: Partnership) -> None:
    """Compute the place pages' figures for the default period (and the one before, which
    they show beside it) again."""
    period = period_from({})
    for chosen in (period, period.previous()):
        referrals_by_district(partnership, chosen, fresh=True)
        searches_by("theme", chosen, fresh=True)
    searches_by("area", period, fresh=True)
    declines_in(partnership, period, fresh=True)
    waiting_lists_in(partnership, period, fresh=True)
