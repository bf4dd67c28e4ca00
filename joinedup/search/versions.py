"""The index's version: one number the database moves on whenever an index row changes.

Triggers (migration search.0009) change `IndexVersion.changes` in the same transaction as any
insert, update or delete of a SearchEntry, so a process's copies of the index (`columns`,
`words`: ADR 20) read it in the same snapshot as their rows and are used only while it is
unchanged. One primary-key read a search; the `MAX(id)` and `COUNT(*)` it replaces grew with
the index (2 to 20 ms at 100,000 services).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from django.db import DatabaseError, connection

from joinedup.search.models import IndexVersion

_TABLE = IndexVersion._meta.db_table
log = logging.getLogger(__name__)


def read(cursor: Any) -> int | None:
    """The version now (None: the table was emptied and nothing has changed since)."""
    cursor.execute(f"SELECT changes FROM {_TABLE} WHERE id = 1")  # noqa: S608 (a constant)
    row = cursor.fetchone()
    return None if row is None else int(row[0])


# A copy older than the index is read again only once the new version has stood this long:
# while an import or a rebuild changes the index many times a second, the database answers
# (the same results) instead of every search reading the whole index again. A process with no
# copy yet reads one at once.
SETTLE_SECONDS = 2.0


class Settling:
    """When a process first saw the index's current version."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.since = 0.0

    def settled(self, version: int) -> bool:
        """Whether the version has stood SETTLE_SECONDS since this process first saw it."""
        now = time.monotonic()
        if version != self.version:
            self.version, self.since = version, now
        return now - self.since >= SETTLE_SECONDS


# A copy older than the index is read again in a thread of its own while searches go on
# (answered by the database meanwhile), so no search waits for it; off, the search that finds
# it old reads it (tests, for their determinism, and `joinedup` commands).
BACKGROUND = True


class HasVersion(Protocol):
    @property
    def version(self) -> int | None: ...


C = TypeVar("C", bound=HasVersion)


class Held(Generic[C]):
    """A process's copy of the index (`load` reads one: it must read the version first, then
    its rows, so a copy is never labelled newer than what it holds), used only while the
    index's version is the copy's.

    - A process with no copy reads one at once (at start, `warm.warm_up` does, before the
      workers fork).
    - A copy older than the index is read again once the new version has settled
      (SETTLE_SECONDS), in the background (BACKGROUND); until then the database answers.
    - Inside a transaction a copy is never read (it could hold rows that are rolled back), and
      with `outside_transactions` not used either.
    """

    def __init__(
        self,
        load: Callable[[], C | None],
        *,
        vendors: tuple[str, ...],
        outside_transactions: bool = False,
        enabled: Callable[[], bool] = lambda: True,
    ) -> None:
        self.load = load
        self.enabled = enabled
        self.vendors = vendors
        self.outside_transactions = outside_transactions
        self.copy: C | None = None
        self.settling = Settling()
        self.lock = threading.Lock()
        self.loading: threading.Thread | None = None

    def forget(self) -> None:
        with self.lock:
            self.copy = None

    def current(self) -> C | None:
        """The copy, if it is the index as it is now; None when the database must answer."""
        if not self.enabled() or connection.vendor not in self.vendors:
            return None
        if self.outside_transactions and connection.in_atomic_block:
            return None
        with connection.cursor() as cursor:
            version = read(cursor)
        if version is None:  # emptied, and unchanged since: nothing to tell copies apart by
            return None
        copy = self.copy
        if copy is not None and copy.version == version:
            return copy
        if connection.in_atomic_block:
            return None
        if copy is not None and not self.settling.settled(version):
            return None  # changing: the database answers until it settles
        if copy is not None and BACKGROUND:
            self._read_in_background()
            return None
        with self.lock:
            if self.copy is None or self.copy.version != version:
                self.copy = self.load()
            found = self.copy
        # Changed again since the check: this search is answered by the database.
        return found if found is not None and found.version == version else None

    def _read_in_background(self) -> None:
        with self.lock:
            if self.loading is not None and self.loading.is_alive():
                return
            self.loading = threading.Thread(target=self._read, name="search-copy", daemon=True)
            self.loading.start()

    def _read(self) -> None:
        try:
            found = self.load()
            with self.lock:
                self.copy = found
        except DatabaseError:
            log.exception("Reading a copy of the search index failed; the database answers")
        finally:
            connection.close()  # this thread's own connection
