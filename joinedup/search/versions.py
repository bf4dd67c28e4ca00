"""The index's version: one number the database moves on whenever an index row changes.

Triggers (migration search.0009) change `IndexVersion.changes` in the same transaction as any
insert, update or delete of a SearchEntry, so a process's copies of the index (`columns`,
`words`: ADR 20) read it in the same snapshot as their rows and are used only while it is
unchanged. One primary-key read a search; the `MAX(id)` and `COUNT(*)` it replaces grew with
the index (2 to 20 ms at 100,000 services).
"""

from __future__ import annotations

import time
from typing import Any

from joinedup.search.models import IndexVersion

_TABLE = IndexVersion._meta.db_table


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
