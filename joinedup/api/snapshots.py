"""Short-lived snapshots of a list's ordered ids, so paging a large directory stays cheap.

Counting and OFFSET-paging 100,000 published services costs a scan of every row on each
request (the published check joins organisations). Instead the first request for a list (one
set of filters) reads its ordered ids once, and the following pages slice that snapshot and
load only their own rows, re-checked against the live query so nothing unpublished or deleted
is ever served. A snapshot is rebuilt when any service's `last_modified` moves (an import or
an edit) and at the latest after JOINEDUP_FEED_SNAPSHOT_SECONDS (default 30). Between those a
page may be one record short, or `total_items` a little behind. Per process, a few lists only.
"""

from __future__ import annotations

import datetime
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from joinedup.directory.models import Service

MAX_SNAPSHOTS = 16
# A search's list is at most a thousand ids (MAX_SEARCH_RESULTS) and searches are many: as many
# are kept as the engine keeps rankings (search/rankings.py), apart from the whole lists.
MAX_SEARCHED = 128
_lock = threading.Lock()
_snapshots: OrderedDict[str, Snapshot] = OrderedDict()
_searched: OrderedDict[str, Snapshot] = OrderedDict()


@dataclass(frozen=True)
class Snapshot:
    taken: float
    version: Any
    # The ids in list order: a whole list's packed, 16 bytes each (up to a directory's worth);
    # a search's list (at most a thousand) as the UUIDs its pages are read by.
    packed: bytes = b""
    listed: tuple[uuid.UUID, ...] | None = None

    @property
    def total(self) -> int:
        return len(self.listed) if self.listed is not None else len(self.packed) // 16

    def ids(self, start: int, stop: int) -> list[uuid.UUID]:
        if self.listed is not None:
            return list(self.listed[start:stop])
        stop = min(stop, self.total)
        return [uuid.UUID(bytes=self.packed[i * 16 : i * 16 + 16]) for i in range(start, stop)]


def directory_version() -> datetime.datetime | None:
    """Moves whenever a service is imported, created or edited (an indexed MAX). Plain SQL:
    this runs on every page, and the ORM's query building costs more than the query."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(last_modified) FROM {Service._meta.db_table}")  # noqa: S608
        version: datetime.datetime | None = cursor.fetchone()[0]
        return version


def snapshot(key: str, ids: Callable[[], QuerySet[Any]]) -> Snapshot:
    """The ordered ids of `ids()` (a values_list of pks), fresh or from a recent snapshot.
    A callable, so a page served from a snapshot builds no QuerySet at all."""

    def read(now: float, version: Any) -> Snapshot:
        packed = b"".join(pk.bytes for pk in ids().iterator(chunk_size=5000))
        return Snapshot(now, version, packed=packed)

    return _kept(_snapshots, MAX_SNAPSHOTS, key, (), read)


def snapshot_of_ranked(
    key: str, ranked: list[uuid.UUID], ids: Callable[[], list[uuid.UUID]]
) -> list[uuid.UUID]:
    """The ids `ids()` keeps of a search's ranked services (the feed's list conditions on
    them, in the list's order), fresh or from a recent snapshot taken of the same ranking
    (ADR 20, thirteenth session): a consumer harvesting the same search, or paging through
    it, is answered without the conditions read again for every page."""

    def read(now: float, version: Any) -> Snapshot:
        return Snapshot(now, version, listed=tuple(ids()))

    taken = _kept(_searched, MAX_SEARCHED, key, tuple(ranked), read)
    return taken.ids(0, taken.total)


def _kept(
    store: OrderedDict[str, Snapshot],
    size: int,
    key: str,
    among: tuple[uuid.UUID, ...],
    read: Callable[[float, Any], Snapshot],
) -> Snapshot:
    """The snapshot kept under `key` while the directory and `among` (a search's ranking) are
    as they were and it is younger than JOINEDUP_FEED_SNAPSHOT_SECONDS; else `read`'s, kept."""
    ttl = settings.JOINEDUP_FEED_SNAPSHOT_SECONDS
    version = (directory_version(), among)
    now = time.monotonic()
    with _lock:
        found = store.get(key)
        if found and found.version == version and now - found.taken < ttl:
            store.move_to_end(key)
            return found
    fresh = read(now, version)
    with _lock:
        store[key] = fresh
        store.move_to_end(key)
        while len(store) > size:
            store.popitem(last=False)
    return fresh
