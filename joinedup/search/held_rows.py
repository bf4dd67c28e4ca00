"""A search's candidate rows from the process's copy of the index, not the database (ADR 20).

A search with words reads every candidate's `engine.FIELDS` (500 to 700 services for common words
on the 100,000-service bench directory): from SQLite that is a random read of each wide row
(the embedding is stored in it), the largest part of a search after the words statement. The
column store (`columns`) already holds, per process, most of those fields of every published
entry and evaluates the engine's filters exactly as the database does; this module keeps
beside it the text it does not hold (name, organisation, category names), read in one
statement and used only while it is the same snapshot of the index as the store (the same
`MAX(id)` and `COUNT(*)`, see `columns`). Rows come out in id order, as SQLite returns the
candidates it reads by id (and as the database path now asks for them).

When the store cannot answer (switched off, inside a transaction with a stale store, a filter it
does not evaluate), `rows` returns None and the engine reads the rows from the database.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from django.db import connection

from joinedup.search import columns
from joinedup.search.models import SearchEntry

_TABLE = SearchEntry._meta.db_table
TEXTS = ("name", "organisation", "terms")


@dataclasses.dataclass(frozen=True)
class Texts:
    """The published entries' name, organisation and category names, in id order, for the
    column store of the same `version`, with the store's row of each."""

    version: tuple[int | None, int]
    store: columns.Store
    ids: np.ndarray  # published entry ids, ascending
    rows: np.ndarray  # each id's row in the store
    starts: np.ndarray  # where each store row's places begin in `store.points`
    values: dict[str, list[str]]


def _load(store: columns.Store) -> Texts | None:
    """The texts of the index as it is now, if that is the store's snapshot."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, published, {', '.join(TEXTS)} FROM {_TABLE} ORDER BY id"  # noqa: S608
        )
        read = cursor.fetchall()
    version = (read[-1][0] if read else None, len(read))
    published = [r for r in read if r[1]]
    del read
    ids = np.asarray([r[0] for r in published], dtype=np.int64)
    order = np.argsort(store.ids, kind="stable")
    if version != store.version or not np.array_equal(store.ids[order], ids):
        return None
    shared: dict[str, str] = {}  # many services share an organisation's or categories' text
    values = {
        name: [shared.setdefault(r[n], r[n]) for r in published]
        for n, name in enumerate(TEXTS, start=2)
    }
    starts = np.concatenate([[0], np.cumsum(store.point_counts)[:-1]]).astype(np.int64)
    return Texts(version, store, ids, order, starts, values)


class _Held:
    """The process's texts, read again when the column store is."""

    def __init__(self) -> None:
        self.texts: Texts | None = None
        self.tried: columns.Store | None = None  # the store whose snapshot the texts missed
        self.lock = threading.Lock()

    def forget(self) -> None:
        with self.lock:
            self.texts = self.tried = None

    def current(self) -> Texts | None:
        """The texts of the column store's snapshot (read again when the store is), or None:
        no store, or a store read from another snapshot than the texts (the index changed
        between the two reads; the next search reads both again)."""
        store = columns.held.current()
        if store is None:
            return None
        with self.lock:
            if self.texts is not None and self.texts.store is store:
                return self.texts
            if connection.in_atomic_block or self.tried is store:
                return None
            self.texts = _load(store)
            self.tried = store
            return self.texts


held = _Held()


def rows(
    fields: Sequence[str],
    entry_ids: Iterable[int],
    conditions: dict[str, Any],
    *,
    age: int | None,
    area: str,
    among: Iterable[int] | None,
) -> list[dict[str, Any]] | None:
    """The `fields` of those of these entries that are published and pass the filters (as
    `columns.Store.select` takes them), in id order, as the database gives them to the
    engine (`engine._rows`); None when the process's copy cannot answer."""
    texts = held.current()
    if texts is None:
        return None
    store = texts.store
    try:
        passing = store.select(conditions, age=age, area=area, among=among)
    except columns.Unsupported:
        return None
    wanted = np.unique(np.fromiter(entry_ids, dtype=np.int64))
    at = np.searchsorted(texts.ids, wanted)
    known = at < len(texts.ids)
    known[known] = texts.ids[at[known]] == wanted[known]
    at = at[known]
    keep = np.zeros(len(store), dtype=bool)
    keep[passing] = True
    at = at[keep[texts.rows[at]]]
    return _dicts(fields, texts, at)


def _dicts(fields: Sequence[str], texts: Texts, at: np.ndarray) -> list[dict[str, Any]]:
    store = texts.store
    chosen = texts.rows[at]
    index = at.tolist()
    by_field: dict[str, list[Any]] = {"id": texts.ids[at].tolist()}
    for name, values in texts.values.items():
        by_field[name] = [values[i] for i in index]
    for name, flags in store.booleans.items():
        by_field[name] = flags[chosen].tolist()
    for name, coded in store.texts.items():
        by_field[name] = [coded.values[c] for c in coded.codes[chosen].tolist()]
    for name in ("minimum_age", "maximum_age"):
        ages = getattr(store, name)[chosen].tolist()
        by_field[name] = [None if a != a else int(a) for a in ages]  # NaN: no age limit
    counts = store.point_counts[chosen]
    flat = store.points[np.repeat(texts.starts[chosen], counts) + _within(counts)].tolist()
    ends = np.cumsum(counts).tolist()
    by_field["points"] = [flat[end - n : end] for end, n in zip(ends, counts.tolist(), strict=True)]
    columns_read = [by_field[f] for f in fields]
    return [dict(zip(fields, values, strict=True)) for values in zip(*columns_read, strict=True)]


def _within(counts: np.ndarray) -> np.ndarray:
    """0, 1, … n-1 for each count n, one after another."""
    total = int(counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    found: np.ndarray = np.arange(total, dtype=np.int64) - starts
    return found
