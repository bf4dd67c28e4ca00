"""A search's candidate rows from the process's copy of the index, not the database (ADR 20).

A search with words reads every candidate's `engine.FIELDS` (500 to 700 services for common words
on the 100,000-service bench directory): from SQLite that is a random read of each wide row
(the embedding is stored in it), the largest part of a search after the words statement. The
column store (`columns`) holds, per process, those fields of every published entry (the name,
organisation and category names as they are, `columns.LABELS`) and evaluates the engine's
filters exactly as the database does; this module reads the candidates' rows from it. Rows
come out in id order, as SQLite returns the candidates it reads by id (and as the database
path now asks for them).

When the store cannot answer (switched off, inside a transaction with a stale store, a filter it
does not evaluate), `rows` returns None and the engine reads the rows from the database.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid
from collections.abc import Iterable, Sequence
from typing import Any, cast

import numpy as np

from joinedup.search import columns
from joinedup.search.models import SearchEntry

_TABLE = SearchEntry._meta.db_table
TEXTS = ("name", "organisation", "terms")


@dataclasses.dataclass(frozen=True)
class Texts:
    """The column store's published entries in id order: their ids, each one's row in the
    store, where its places begin in `store.points`, and its name, organisation and category
    names (read by the store in the same snapshot as its columns)."""

    store: columns.Store
    ids: np.ndarray  # published entry ids, ascending
    rows: np.ndarray  # each id's row in the store
    starts: np.ndarray  # where each store row's places begin in `store.points`
    values: dict[str, list[str]]
    # Rows built for earlier searches, by the fields asked for and the row's place in `ids`
    # (a copy's rows never change; the engine reads them and never changes them).
    built: dict[tuple[str, ...], dict[int, dict[str, Any]]] = dataclasses.field(
        default_factory=dict, compare=False
    )

    @classmethod
    def of(cls, store: columns.Store) -> Texts:
        order = np.argsort(store.ids, kind="stable")
        index = order.tolist()
        values = {name: [store.labels[name][i] for i in index] for name in TEXTS}
        starts = np.concatenate([[0], np.cumsum(store.point_counts)[:-1]]).astype(np.int64)
        return cls(store, store.ids[order], order, starts, values)


class _Held:
    """The texts of the process's column store, worked out once a store."""

    def __init__(self) -> None:
        self.texts: Texts | None = None
        self.lock = threading.Lock()

    def forget(self) -> None:
        with self.lock:
            self.texts = None

    def current(self) -> Texts | None:
        """The texts of the column store now in use, or None when there is none."""
        store = columns.held.current()
        if store is None:
            return None
        with self.lock:
            if self.texts is None or self.texts.store is not store:
                self.texts = Texts.of(store)
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


def service_ids(entry_ids: Sequence[int]) -> dict[int, uuid.UUID] | None:
    """Entry id → its service, for these entries, from the process's copy of the index (as
    `engine._read` reads them from the database); None when the copy cannot answer for every
    one of them (no current copy, or an entry it does not hold: the database then answers)."""
    texts = held.current()
    if texts is None:
        return None
    wanted = np.asarray(entry_ids, dtype=np.int64)
    at = np.searchsorted(texts.ids, wanted)
    at[at >= len(texts.ids)] = 0
    if len(wanted) and not (len(texts.ids) and (texts.ids[at] == wanted).all()):
        return None
    of_row = texts.store.service_ids
    rows = texts.rows[at].tolist()
    return {entry: of_row[row] for entry, row in zip(wanted.tolist(), rows, strict=True)}


# The rows a copy keeps built (`Texts.built`): the same services are candidates search after
# search. About 700 bytes each (measured); past this many, all are dropped.
ROWS_KEPT = 20_000


def _dicts(fields: Sequence[str], texts: Texts, at: np.ndarray) -> list[dict[str, Any]]:
    """The rows at these places of `texts.ids`, each built once a copy (safe to share between
    threads: a dropped row is built again)."""
    key = tuple(fields)
    places = at.tolist()
    built = texts.built.get(key, {})
    found = [built.get(place) for place in places]
    missing = [place for place, row in zip(places, found, strict=True) if row is None]
    if not missing:
        return cast(list[dict[str, Any]], found)
    fresh = dict(
        zip(missing, _build(fields, texts, np.asarray(missing, dtype=np.int64)), strict=True)
    )
    if sum(map(len, texts.built.values())) + len(fresh) > ROWS_KEPT:
        texts.built.clear()
    texts.built.setdefault(key, {}).update(fresh)
    return [fresh[place] if row is None else row for place, row in zip(places, found, strict=True)]


def _build(fields: Sequence[str], texts: Texts, at: np.ndarray) -> list[dict[str, Any]]:
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
