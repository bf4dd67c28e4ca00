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


class Reading:
    """The figures one page reads, and when the oldest of them was computed: what the page
    renders from them may be kept only as long as that one (`fragment`)."""

    def __init__(self) -> None:
        self.oldest = time.time()
        self.parts: list[str] = []

    def note(self, key: str, computed_at: float) -> None:
        self.oldest = min(self.oldest, computed_at)
        self.parts.append(f"{key}@{computed_at!r}")

    def seconds_left(self) -> int:
        return int(self.oldest + cache_seconds() - time.time())

    def fragment(self, name: str, render: Callable[[], str]) -> str:
        """HTML rendered from these figures (`name`: which, and all else it depends on),
        kept until the oldest of them is too old; figures computed again make a new one."""
        if self.seconds_left() <= 0:
            return render()
        digest = hashlib.sha256(repr((name, self.parts)).encode()).hexdigest()[:32]
        key = f"insights-place:{CACHE_VERSION}:html:{digest}"
        found: str | None = cache.get(key)
        if found is None:
            found = render()
            if self.seconds_left() > 0:
                cache.set(key, found, self.seconds_left())
        return found


def cached(
    name: str,
    parts: tuple[Any, ...],
    compute: Callable[[], _T],
    *,
    fresh: bool,
    reading: Reading | None = None,
) -> _T:
    """`compute()`, kept under `name` and `parts` for as long as figures may be stale (counted
    from when the computing began). `fresh`: compute again whatever the cache holds."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"insights-place:{CACHE_VERSION}:{name}:{digest}"
    found = None if fresh else cache.get(key)
    if found is None or int(found[0] + seconds - time.time()) <= 0:
        started = time.time()
        found = (started, compute())
        left = int(started + seconds - time.time())
        if left > 0:
            cache.set(key, found, left)
    if reading is not None:
        reading.note(key, found[0])
    return found[1]


def referrals_by_district(
    partnership: Partnership,
    period: Period,
    *,
    fresh: bool = False,
    reading: Reading | None = None,
) -> dict[str, int]:
    return cached(
        "districts",
        (partnership.pk, _period_key(period)),
        lambda: areas.referrals_by_district(partnership, period),
        fresh=fresh,
        reading=reading,
    )


def declines_in(
    partnership: Partnership,
    period: Period,
    *,
    fresh: bool = False,
    reading: Reading | None = None,
) -> list[tuple[str, str, int]]:
    return cached(
        "declines",
        (partnership.pk, _period_key(period)),
        lambda: unmet.declines_in(partnership, period),
        fresh=fresh,
        reading=reading,
    )


def waiting_lists_in(
    partnership: Partnership,
    period: Period,
    *,
    fresh: bool = False,
    reading: Reading | None = None,
) -> list[unmet.WaitingPoint]:
    return cached(
        "waiting",
        (partnership.pk, _period_key(period)),
        lambda: unmet.waiting_lists_in(partnership, period),
        fresh=fresh,
        reading=reading,
    )


def searches_by(
    field: str, period: Period, *, fresh: bool = False, reading: Reading | None = None
) -> list[tuple[str, str, int]]:
    """The whole place's search counts (a search belongs to no partnership): one entry for
    every partnership."""
    return cached(
        "searches",
        (field, _period_key(period)),
        lambda: unmet.searches_by(field, period),
        fresh=fresh,
        reading=reading,
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
