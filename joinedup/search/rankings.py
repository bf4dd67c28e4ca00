"""The rankings a process keeps: a search asked again (the next page, the same words from the
same place, a feed harvested on a schedule) reads the order it had, while the index is unchanged.

Like Solr's query result cache, what is kept is the engine's whole ranking (`engine._Ranking`:
every result in order, with its scores, distances and needs met; once made, its filters'
counts and each page's hits for a day), not an answer: the cards (each service's capacity and
today's hours, read from the directory), the crisis panel and the recording of unmet need are
made again for every search. A search without words, which the column store ranks a page at
a time, keeps its page (with its total and counts) the same way. A ranking is kept under

- the index's version (`versions`), read before anything the ranking reads: every copy of the
  index is used only at that version, so a ranking made at a version is the one the database
  gives at it, and a version once passed is never current again;
- the query without its page, and everything the engine understood of it before looking at a
  service (`engine._Asked`: the place, the needs read, the spelling corrections), so a change
  of the managers' phrases or of the spelling's word list, which follow the database on their
  own clocks, asks afresh;
- the database and the switches the ranking depends on.

Never kept inside a transaction (its writes could be rolled back, and the version with them),
nor with a category filter (the categories' tree is read from its own table, which the
version does not follow). At most `SIZE` rankings (a few hundred results each, their rows
shared with the copy of the index: about 50 KB each), the least recently asked dropped
first (ADR 20, thirteenth session). `JOINEDUP_KEEP_RANKINGS=false` ranks every search.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.conf import settings
from django.db import connection

from joinedup.search import versions

SIZE = 128
# A ranking of more results than this is not kept (a search with words ranks its candidates,
# a few hundred to a few thousand; one without, ranked here only when the column store cannot
# answer, every service the filters let through).
RESULTS_KEPT = 5_000
ENABLED = True


class Kept:
    """The last `size` rankings asked for, by key."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.found: OrderedDict[Hashable, Any] = OrderedDict()

    def forget(self) -> None:
        with self.lock:
            self.found.clear()

    def get(
        self, key: Hashable | None, make: Callable[[], Any], *, worth: Callable[[Any], bool]
    ) -> Any:
        """The ranking kept under `key`, or `make()`'s, kept if `worth` keeping (None: made
        and not kept)."""
        if key is None:
            return make()
        with self.lock:
            if (found := self.found.get(key)) is not None:
                self.found.move_to_end(key)
                return found
        made = make()
        if not worth(made):
            return made
        with self.lock:
            self.found[key] = made
            self.found.move_to_end(key)
            while len(self.found) > self.size:
                self.found.popitem(last=False)
        return made


kept = Kept()


def version_key() -> tuple[Hashable, ...] | None:
    """The part of a key that says which index a ranking is of: None when none may be kept."""
    if not (ENABLED and settings.JOINEDUP_KEEP_RANKINGS) or connection.in_atomic_block:
        return None
    with connection.cursor() as cursor:
        version = versions.read(cursor)
    if version is None:  # emptied, and unchanged since: nothing to tell indexes apart by
        return None
    return (connection.vendor, str(connection.settings_dict.get("NAME")), version)
