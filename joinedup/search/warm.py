"""Load, when an app server starts, what a process's first search would otherwise load while
a person waits (ADR 20): the sentence model, the crisis prototypes' vectors, the spelling
dictionary, the needs vocabulary, the meaning matrix of the index, the column store of its
filters (`columns`, for searches without words) with the texts beside it (`held_rows`, for the
candidates of searches with words) and the copy of its words (`words` on SQLite, `pg_words`
on PostgreSQL).

`joinedup.wsgi` calls `warm_up()` once per process, before the first request (with gunicorn's
`--preload`, once in the master, before the workers fork). It closes the database connection
it used, so no worker inherits it.
"""

from __future__ import annotations

import gc
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections

from joinedup.search import held_rows, needs, pg_words, safety, semantic, text, words

log = logging.getLogger(__name__)


def warm_up() -> float:
    """Load everything a search needs; the seconds it took. Never raises: a server that
    cannot warm up still serves, and its first search loads what is missing."""
    started = time.perf_counter()
    if not getattr(settings, "JOINEDUP_WARM_UP", True):
        return 0.0
    try:
        text.parse("warm up")
        needs.understand("warm up")
        safety.assess("warm up")  # loads the model and the prototypes' vectors
        if semantic.encoder() is not None:
            semantic.matrix.get()
        held_rows.held.current()  # the column store, and the texts beside it
        words.held.current()  # SQLite's copy of the words (ADR 20)
        pg_words.held.current()  # PostgreSQL's
    except (DatabaseError, OSError, ValueError) as error:
        log.warning("Search warm-up stopped (%s: %s)", type(error).__name__, error)
    finally:
        # A server warming up at start hands no open connection to the processes it forks;
        # a connection inside a transaction (a caller's, or a test's) is left alone.
        for connection in connections.all(initialized_only=True):
            if not connection.in_atomic_block:
                connection.close()
    seconds = time.perf_counter() - started
    log.info("Search warmed up in %.1f s", seconds)
    return seconds


def settle_collector() -> None:
    """Once a server process has loaded what it keeps (Django, the sentence model, the copies
    of the index), collect, then freeze what is left: Python's cyclic collector no longer
    walks it (a full collection walked every entry of the copies' lists and dicts, 0.1-0.3 s
    a time on a loaded machine, in about one search in fifty), and with gunicorn's `--preload`
    the workers' copies of those pages are not written by it. The youngest generation is then
    collected after JOINEDUP_GC_THRESHOLD new objects: most of a search's objects are freed
    before it runs. Neither changes an answer (ADR 39)."""
    threshold = int(getattr(settings, "JOINEDUP_GC_THRESHOLD", 0))
    if threshold > 0:
        gc.set_threshold(threshold, *gc.get_threshold()[1:])
    gc.collect()
    gc.freeze()
