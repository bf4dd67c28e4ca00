"""Who sees which board, and the figures they may see of it (issue 15, items 2 and 3).

- A partnership's managers see its whole board, every figure suppressed (they are not a party
  to any referral).
- A member organisation's people see the same board with their organisation's own figures
  unsuppressed (they know their own referrals) and everyone else's suppressed.
- Anyone else gets nothing: the partnership is not found for them (404).

The raw figures are cached for up to `INSIGHTS_CACHE_SECONDS` (5 minutes: the issue allows
figures that stale), keyed by partnership, period and filters; suppression is applied per
viewer after the cache, so a member's unsuppressed figures are never served to anyone else.

What a viewer may see is cached too (ADR 37), in small pieces a warm page reads only some of:
a header (the period, the table keys, when the figures were computed) and each table on its
own, every piece keyed by everything it depends on. Nothing derived from figures outlives them:
each piece, and any page fragment rendered from it (`Board.fragment`), expires when the
figures it came from turn `INSIGHTS_CACHE_SECONDS` old. `refresh` recomputes a partnership's
default board ahead of that, for the scheduled job (`refresh_insights`).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet

from joinedup.insights import figures
from joinedup.insights.periods import Filters, Period, current_quarter
from joinedup.insights.tables import Shown, no_collection_pauses, present_all
from joinedup.partnerships.models import Partnership

if TYPE_CHECKING:
    from joinedup.core.models import User

CACHE_VERSION = 2
_T = TypeVar("_T")


def cache_seconds() -> int:
    return int(getattr(settings, "INSIGHTS_CACHE_SECONDS", 300))


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


def _figures_key(partnership: Partnership, period: Period, filters: Filters) -> str:
    return f"insights:{CACHE_VERSION}:{partnership.pk}:{period.key()}:{period.kind}:{filters.key()}"


def _left(computed_at: float) -> int:
    """Seconds until figures computed at `computed_at` (a time.time()) are too old to show."""
    return int(computed_at + cache_seconds() - time.time())


def _raw(
    partnership: Partnership, period: Period, filters: Filters, *, fresh: bool = False
) -> tuple[float, figures.Figures]:
    """(when computed, the board's figures before suppression), cached for a few minutes.
    `fresh`: compute them again whatever the cache holds (the scheduled refresh)."""
    if cache_seconds() <= 0:
        return time.time(), figures.compute(partnership, period, filters)
    key = _figures_key(partnership, period, filters)
    with no_collection_pauses():  # a region's figures are a million objects to read back
        found = None if fresh else cache.get(key)
    if found is None or _left(found[0]) <= 0:
        computed_at = time.time()
        found = (computed_at, figures.compute(partnership, period, filters))
        if _left(computed_at) > 0:
            cache.set(key, found, _left(computed_at))
    return found


def raw_figures(partnership: Partnership, period: Period, filters: Filters) -> figures.Figures:
    """The board's figures before suppression, cached for a few minutes."""
    return _raw(partnership, period, filters)[1]


@dataclass(frozen=True)
class Header:
    """The small part of a viewer's board: enough for a page whose fragments are cached."""

    key: str  # the viewer's board's cache key: every piece of it starts with this
    computed_at: float  # when the figures were computed (time.time())
    period: Period
    previous: Period
    response_days: int
    table_keys: tuple[str, ...]


class Tables(Mapping[str, Shown]):
    """A board's tables by key, each read from the cache when first asked for (a page reads
    two or three of thirteen; the CSV one). Should one have been evicted before the rest, the
    board is computed again, and every table is then read from that one computation."""

    def __init__(
        self,
        header: Header,
        loaded: dict[str, Shown] | None = None,
        *,
        again: Callable[[], tuple[Header, dict[str, Shown]]],
    ) -> None:
        self.header = header
        self.loaded: dict[str, Shown] = dict(loaded or {})
        self.again = again

    def __getitem__(self, key: str) -> Shown:
        if key not in self.header.table_keys:
            raise KeyError(key)
        if key not in self.loaded:
            found = cache.get(f"{self.header.key}:t:{key}")
            if found is None:
                self.header, self.loaded = self.again()
                return self.loaded[key]
            self.loaded[key] = found
        return self.loaded[key]

    def __contains__(self, key: object) -> bool:
        return key in self.header.table_keys  # without reading the table

    def __iter__(self) -> Iterator[str]:
        return iter(self.header.table_keys)

    def __len__(self) -> int:
        return len(self.header.table_keys)


@dataclass
class Board:
    viewer: Viewer
    filters: Filters
    tables: Tables

    @property
    def header(self) -> Header:
        return self.tables.header

    @property
    def period(self) -> Period:
        return self.header.period

    @property
    def previous(self) -> Period:
        return self.header.previous

    @property
    def response_days(self) -> int:
        return self.header.response_days

    def __getitem__(self, key: str) -> Shown:
        return self.tables[key]

    def seconds_left(self) -> int:
        """How long anything rendered from these figures may be kept."""
        return _left(self.header.computed_at)

    def fragment(self, name: str, render: Callable[[], _T]) -> _T:
        """A piece of a page rendered from this board (`name` says which, and everything else
        it depends on), cached until the figures it shows are too old."""
        digest = hashlib.sha256(name.encode()).hexdigest()[:32]
        key = f"{self.header.key}:f:{digest}"
        found = cache.get(key) if self.seconds_left() > 0 else None
        if found is None:
            found = render()
            if self.seconds_left() > 0:
                cache.set(key, found, self.seconds_left())
        return found


def _board_key(viewer: Viewer, period: Period, filters: Filters) -> str:
    own = ",".join(sorted(str(pk) for pk in viewer.own))
    return (
        f"insights-shown:{CACHE_VERSION}:{viewer.partnership.pk}:{period.key()}:{period.kind}:"
        f"{hashlib.sha256(filters.key().encode()).hexdigest()[:16]}:{viewer.threshold}:"
        f"{hashlib.sha256(own.encode()).hexdigest()[:32]}"
    )


def board(viewer: Viewer, period: Period, filters: Filters, *, fresh: bool = False) -> Board:
    """What this viewer may see of the board for a period.

    Suppression across every table of a region's board takes seconds, so its result is cached
    too, for as long as the figures, under a key that holds everything it depends on: the
    figures' key, the threshold and the viewer's own organisations (whose cells they see in
    full). Two viewers share an entry only when they would see exactly the same cells.
    `fresh`: compute the figures again whatever the cache holds."""
    key = _board_key(viewer, period, filters)

    def again() -> tuple[Header, dict[str, Shown]]:
        return _compute(viewer, period, filters, key, fresh=False)

    header = None
    if cache_seconds() > 0 and viewer.own:
        # A member organisation's view: noted (read in the same round trip as the header) for
        # the refresh to keep warm.
        found = cache.get_many([key, _seen_key(viewer.partnership)])
        _note_seen(viewer, found.get(_seen_key(viewer.partnership)) or {})
        header = None if fresh else found.get(key)
    elif cache_seconds() > 0 and not fresh:
        header = cache.get(key)
    if header is not None and _left(header.computed_at) > 0:
        return Board(viewer, filters, Tables(header, again=again))
    header, tables = _compute(viewer, period, filters, key, fresh=fresh)
    return Board(viewer, filters, Tables(header, tables, again=again))


def _compute(
    viewer: Viewer,
    period: Period,
    filters: Filters,
    key: str,
    *,
    fresh: bool,
    raw: tuple[float, figures.Figures] | None = None,
) -> tuple[Header, dict[str, Shown]]:
    """Suppress the figures for this viewer and cache the result: the tables first, then the
    header that leads to them (a reader who finds the header finds the tables). `raw`: the
    figures and when they were computed, if the caller has them already."""
    computed_at, figures_ = raw or _raw(viewer.partnership, period, filters, fresh=fresh)
    with no_collection_pauses():
        shown = present_all(figures_.tables, threshold=viewer.threshold, own=viewer.own)
        header = Header(
            key=f"{key}:{computed_at!r}",
            computed_at=computed_at,
            period=figures_.period,
            previous=figures_.previous,
            response_days=figures_.response_days,
            table_keys=tuple(shown),
        )
        compact = {k: v.compact(viewer.own) for k, v in shown.items()}
        left = _left(computed_at)
        if cache_seconds() > 0 and left > 0:
            cache.set_many({f"{header.key}:t:{k}": v for k, v in compact.items()}, left)
            cache.set(key, header, left)
        return header, compact


# --- the member organisations' views the refresh keeps warm ---------------------------------
#
# A member organisation's view is its own suppression of the figures (its cells in full), which
# takes seconds on a region. Computing all of them every few minutes would be one per member
# organisation (1,000 on a region); so the refresh computes those asked for lately, the most
# recent first, up to `INSIGHTS_REFRESH_MEMBER_VIEWS` a partnership. Each partnership keeps one
# small cache entry: the own organisations of each view asked for, and when.

# A view asked for within this long is kept warm.
SEEN_FOR = 24 * 3600
# When a view was asked for is written again only once this long has passed (most requests
# then only read the entry, in the same round trip as the board's header).
SEEN_EVERY = 3600
# At most this many views are remembered a partnership (the oldest forgotten first).
SEEN_LIMIT = 200


def _seen_key(partnership: Partnership) -> str:
    return f"insights-seen:{CACHE_VERSION}:{partnership.pk}"


def _note_seen(viewer: Viewer, seen: dict[frozenset[Any], float]) -> None:
    """Note that `viewer` (a member organisation's view) was asked for now. Two processes
    noting at once may lose one of the two notes: that view is noted at its next request."""
    now = time.time()
    if now - seen.get(viewer.own, float("-inf")) < SEEN_EVERY:
        return
    seen = {**seen, viewer.own: now}
    kept = sorted(seen.items(), key=lambda item: item[1], reverse=True)[:SEEN_LIMIT]
    cache.set(_seen_key(viewer.partnership), dict(kept), SEEN_FOR)


def recent_viewers(partnership: Partnership, *, limit: int) -> list[Viewer]:
    """The member organisations' views of this partnership's board asked for in the last
    `SEEN_FOR` seconds, the most recent first, at most `limit`."""
    seen: dict[frozenset[Any], float] = cache.get(_seen_key(partnership)) or {}
    since = time.time() - SEEN_FOR
    recent = sorted((own for own, at in seen.items() if at >= since), key=seen.__getitem__)
    if not recent or limit <= 0:
        return []
    # An organisation that has left the partnership since sees none of it.
    members = set(partnership.members.values_list("organization_id", flat=True))
    return [Viewer(partnership, False, own) for own in reversed(recent) if own <= members][:limit]


def refresh_member_views() -> int:
    return int(getattr(settings, "INSIGHTS_REFRESH_MEMBER_VIEWS", 5))


def refresh(partnership: Partnership, *, today: Any = None) -> list[Board]:
    """Compute a partnership's default board (the current quarter, no filters) again, so nobody's
    request pays for it: as its managers see it (first), then as each member organisation that
    asked for it lately sees it (`recent_viewers`), all from one computation of the figures. For
    the scheduled `refresh_insights`."""
    period, filters = current_quarter(today), Filters()
    raw = _raw(partnership, period, filters, fresh=True)
    boards = []
    for viewer in [
        Viewer(partnership, True, frozenset()),
        *recent_viewers(partnership, limit=refresh_member_views()),
    ]:
        key = _board_key(viewer, period, filters)

        def again(viewer: Viewer = viewer, key: str = key) -> tuple[Header, dict[str, Shown]]:
            return _compute(viewer, period, filters, key, fresh=False)

        header, tables = _compute(viewer, period, filters, key, fresh=False, raw=raw)
        boards.append(Board(viewer, filters, Tables(header, tables, again=again)))
    return boards
