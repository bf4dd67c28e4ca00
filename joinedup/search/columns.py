"""Searches with no words, from a per-process column store of the published index (ADR 20).

A search with filters alone (free, in person, near BS5: about 50,000 services of the
100,000-service bench directory) ranks every published service its filters let through:
nearest first with a place, by name without one, and counts them all for the facets. Read
from the database, that is every matching row, each place's distance, the sort and the facet
counts in Python: seconds. This module keeps the published entries' filter columns, places
and category ids as numpy arrays, one copy a process, and answers with array arithmetic;
the engine reads only the page's rows from the database.

The database stays the one source of truth. A store is read from the index in one snapshot
with the index's version (`versions`: a number triggers move on whenever an index row is
inserted, updated or deleted) and used only while the version is unchanged, checked on every
search with one primary-key read. A search that finds the store out of date
reads a new one (outside a transaction only: a store read from rows that are not committed
could outlive them), so every app server follows an edit at its next search; until then, and
whenever the store cannot answer, the engine ranks in the database.

Every condition is the SQL one evaluated the database's way (SQLite's LIKE ignores the case
of ASCII letters, PostgreSQL's does not), and the order is the engine's: the score (computed
by the engine's own function on the same distances), then the name, then the id.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import json
import operator
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from django.db import connection, transaction

from joinedup.core import postcodes
from joinedup.search import versions
from joinedup.search.models import SearchEntry
from joinedup.search.query import ACCEPTING, ACCESSIBILITY, DAYS

# Off: every search ranks in the database (for measuring the difference).
ENABLED = True
VENDORS = ("sqlite", "postgresql")
BOOLEANS = ("is_free", "in_person", "online", "phone")
TEXTS = (
    "days",
    "capacity_status",
    "intake_mode",
    "languages",
    "accessibility",
    "term_ids",
    "outcodes",
)
# The facets count these columns' words (the others' whole values).
SPLIT = ("languages", "term_ids")
# Held as they are, for the candidate rows of searches with words (`held_rows`).
LABELS = ("name", "organisation", "terms")
_READ = (
    "id",
    "published",
    *LABELS,
    *BOOLEANS,
    *TEXTS,
    "minimum_age",
    "maximum_age",
    "points",
    "service_id",
)
_TABLE = SearchEntry._meta.db_table
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class Unsupported(Exception):
    """A condition the store cannot evaluate as the database would: rank in the database."""


def contains(vendor: str) -> Callable[[str, str], bool]:
    """Django's `contains` lookup as the database evaluates it: LIKE '%…%' (SQLite's LIKE
    folds the case of ASCII letters only; PostgreSQL's folds none)."""
    if vendor == "sqlite":
        return lambda value, part: part.translate(_ASCII_LOWER) in value.translate(_ASCII_LOWER)
    return lambda value, part: part in value


# A column's distinct values tested for one condition are kept for the next search; past
# this many conditions (a language is free text) the kept tests are dropped.
TESTS_KEPT = 256


@dataclasses.dataclass(frozen=True)
class Coded:
    """A text column as a code a row into its distinct values (most columns have few), and the
    words of each value (`token`: a word's number; `position`: where in its value)."""

    codes: np.ndarray
    values: tuple[str, ...]
    words: tuple[str, ...]
    word_value: np.ndarray  # for each (value, word) pair: the value's code
    word: np.ndarray  # the word's number
    position: np.ndarray  # its place among the value's words
    tested: dict[tuple[str, str], np.ndarray] = dataclasses.field(
        default_factory=dict, compare=False
    )

    @classmethod
    def of(cls, texts: Sequence[str], *, split: bool) -> Coded:
        index = {value: code for code, value in enumerate(dict.fromkeys(texts))}
        codes = np.fromiter(map(index.__getitem__, texts), dtype=np.int32, count=len(texts))
        numbers: dict[str, int] = {}
        pairs = [
            (code, numbers.setdefault(word, len(numbers)), position)
            for value, code in index.items()
            for position, word in enumerate(value.split() if split else [value])
        ]
        table = np.asarray(pairs, dtype=np.int64).reshape(-1, 3)
        return cls(codes, tuple(index), tuple(numbers), table[:, 0], table[:, 1], table[:, 2])

    def where(self, key: tuple[str, str], test: Callable[[str], bool]) -> np.ndarray:
        """Which rows' values pass the test (`key` names it), run once a distinct value."""
        passed = self.tested.get(key)
        if passed is None:
            if len(self.tested) >= TESTS_KEPT:
                self.tested.clear()
            passed = np.fromiter(map(test, self.values), dtype=bool, count=len(self.values))
            self.tested[key] = passed
        found: np.ndarray = passed[self.codes]
        return found

    def counts(self, rows: np.ndarray) -> np.ndarray:
        counted: np.ndarray = np.bincount(self.codes[rows], minlength=len(self.values))
        return counted

    def first_met(self, rows: np.ndarray, keys: np.ndarray) -> dict[str, int]:
        """`Counter` of the rows' words (of their whole values, unless `split`), its keys in
        the order a walk down the ranking (`keys`, least first) meets them, as the engine's
        Counter over the ranked rows has them: by the first row with the word, then by the
        word's place in that row's value."""
        codes = self.codes[rows]
        counts = np.bincount(codes, minlength=len(self.values))
        first = np.full(len(self.values), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(first, codes, keys)
        present = counts[self.word_value] > 0
        value, word, position = (
            self.word_value[present],
            self.word[present],
            self.position[present],
        )
        totals = np.bincount(word, weights=counts[value], minlength=len(self.words))
        # First row, then position: one number (positions are fewer than a value's length).
        met = first[value] * (int(self.position.max(initial=0)) + 1) + position
        earliest = np.full(len(self.words), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(earliest, word, met)
        seen = np.flatnonzero(totals > 0)
        seen = seen[np.argsort(earliest[seen], kind="stable")]
        return {self.words[w]: int(totals[w]) for w in seen.tolist()}


# The places whose distances a store keeps (each about 20 bytes a service: 2 MB at 100,000).
PLACES_KEPT = 8
# How close two estimated scores must be (in units in the last place) to be compared by the
# exact scores instead; an estimate must be within ESTIMATE_ULPS of the exact score.
TIE_ULPS = 1024
ESTIMATE_ULPS = 16
# The estimates checked against the exact scores, at most, when a place is first ranked.
ESTIMATES_CHECKED = 256


@dataclasses.dataclass(frozen=True)
class _Place:
    """Every row's distance from one point (NaN: no place) and, for each scoring, each row's
    score rank."""

    distances: np.ndarray
    ranks: dict[tuple[Any, Any], np.ndarray] = dataclasses.field(default_factory=dict)


def exact_ranks(
    values: np.ndarray,
    scores: Callable[[list[float | None]], list[float]],
    estimate: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    """Each value's rank among the distinct `scores` of all the values (best first, equal
    scores one rank), as ranking the exact scores gives it, with the exact scores computed
    only where the estimates are too close to tell apart.

    An estimate within ESTIMATE_ULPS of its exact score and more than TIE_ULPS from every
    other estimate compares with every other score as its exact score does (2 * 16 < 1024),
    so those keep their estimates; the rest (ties and near-ties) get their exact scores.
    The estimates are checked on a sample (and the ends) first; if one is off by more, every
    score is computed exactly."""
    if not len(values):
        return np.zeros(0, dtype=np.int64)

    def exactly(chosen: np.ndarray) -> np.ndarray:
        return np.asarray(
            scores([None if v != v else v for v in values[chosen].tolist()]), dtype=np.float64
        )

    rough = np.asarray(estimate(values), dtype=np.float64)
    step = max(1, len(values) // ESTIMATES_CHECKED)
    sample = np.unique(np.r_[np.arange(0, len(values), step), len(values) - 1])
    if np.any(
        np.abs(exactly(sample) - rough[sample]) > ESTIMATE_ULPS * np.spacing(np.abs(rough[sample]))
    ):
        hybrid = exactly(np.arange(len(values)))
    else:
        by_rough = np.argsort(rough, kind="stable")
        ordered = rough[by_rough]
        close_pairs = np.diff(ordered) <= TIE_ULPS * np.spacing(np.abs(ordered[1:]))
        close = np.zeros(len(values), dtype=bool)
        close[1:] |= close_pairs
        close[:-1] |= close_pairs
        chosen = by_rough[close]
        hybrid = rough.copy()
        hybrid[chosen] = exactly(chosen)
    _, ranks = np.unique(-hybrid, return_inverse=True)
    found: np.ndarray = ranks.astype(np.int64)
    return found


@dataclasses.dataclass(frozen=True)
class Found:
    """A search's answer from the store: the page's entries (with their scores and distances)
    and what the engine says of all the results."""

    total: int
    facets: dict[str, dict[str, int]]
    page: list[int]  # SearchEntry ids, in order
    scores: list[float]
    distances: list[float | None]  # metres to each page entry's nearest place


@dataclasses.dataclass(frozen=True)
class Store:
    """The published entries' filter columns, rows in the order of (name, id)."""

    version: int | None
    vendor: str
    ids: np.ndarray
    booleans: dict[str, np.ndarray]
    texts: dict[str, Coded]
    minimum_age: np.ndarray  # NaN: none
    maximum_age: np.ndarray
    points: np.ndarray  # (n, 2) latitude, longitude, grouped by row in row order
    point_counts: np.ndarray  # each row's number of places
    labels: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # LABELS, by row
    # Each row's service (what the public feed lists of a ranking: `held_rows.service_ids`).
    service_ids: list[uuid.UUID] = dataclasses.field(default_factory=list)
    # Each recent search place's distances (`_place`), dropped together past PLACES_KEPT.
    places: dict[tuple[float, float], _Place] = dataclasses.field(
        default_factory=dict, compare=False
    )

    def __len__(self) -> int:
        return len(self.ids)

    def select(
        self,
        conditions: dict[str, Any],
        *,
        age: int | None,
        area: str,
        among: Iterable[int] | None,
    ) -> np.ndarray:
        """The rows passing the filters: `conditions` as the engine gives them to `filter()`
        (one column each: equality, or `__contains`), the age, the postcode district's area
        check, and `among` (entry ids, e.g. those filed under a category; None: any)."""
        keep = np.ones(len(self), dtype=bool)
        like = contains(self.vendor)
        for lookup, wanted in conditions.items():
            column, _, how = lookup.partition("__")
            if column in self.booleans and not how and isinstance(wanted, bool):
                keep &= self.booleans[column] == wanted
            elif column in self.texts and not how and isinstance(wanted, str):
                keep &= self.texts[column].where(
                    ("=", wanted), functools.partial(operator.eq, wanted)
                )
            elif column in self.texts and how == "contains" and isinstance(wanted, str):
                keep &= self.texts[column].where(("contains", wanted), _containing(like, wanted))
            else:
                raise Unsupported(lookup)
        if age is not None:
            with np.errstate(invalid="ignore"):
                keep &= np.isnan(self.minimum_age) | (self.minimum_age <= age)
                keep &= np.isnan(self.maximum_age) | (self.maximum_age >= age)
        if area:
            inside = _containing(like, f" {area} ")
            keep &= self.texts["outcodes"].where(
                ("area", area), lambda value: value == "" or inside(value)
            )
        if among is not None:
            wanted_ids = np.fromiter(among, dtype=np.int64)
            keep &= np.isin(self.ids, wanted_ids)
        rows: np.ndarray = np.flatnonzero(keep)
        return rows

    def nearest(self, rows: np.ndarray, point: tuple[float, float] | None) -> np.ndarray:
        """Each row's distance in metres to its nearest place (NaN: no place, or no point),
        computed as the engine computes it (`postcodes.distances_m`, then the least)."""
        if point is None:
            return np.full(len(rows), np.nan)
        found: np.ndarray = self._place(point).distances[rows]
        return found

    def _place(self, point: tuple[float, float]) -> _Place:
        """Every row's distance from the point, kept for the next search from it (a search's
        place is a postcode's or a district's centre, so a place's searches share a few)."""
        place = self.places.get(point)
        if place is None:
            if len(self.places) >= PLACES_KEPT:
                self.places.clear()
            found = np.full(len(self), np.nan)
            if len(self.points):
                metres = postcodes.distances_m(point[0], point[1], self.points)
                placed = np.flatnonzero(self.point_counts)
                starts = np.concatenate([[0], np.cumsum(self.point_counts[placed])[:-1]])
                found[placed] = np.minimum.reduceat(metres, starts)
            place = self.places.setdefault(point, _Place(found))
        return place

    def _score_ranks(
        self,
        point: tuple[float, float],
        scores: Callable[[list[float | None]], list[float]],
        estimate: Callable[[np.ndarray], np.ndarray],
    ) -> np.ndarray:
        """Each row's place among every row's distinct scores from the point, best 0 (kept
        with the place). The same order as `scores` gives (see `exact_ranks`)."""
        place = self._place(point)
        key = (scores, estimate)
        ranks = place.ranks.get(key)
        if ranks is None:
            near, at = np.unique(place.distances, return_inverse=True)
            ranks = exact_ranks(near, scores, estimate)[at]
            place.ranks[key] = ranks
        return ranks

    def rank(
        self,
        rows: np.ndarray,
        point: tuple[float, float] | None,
        *,
        distance_km: float | None,
        scores: Callable[[list[float | None]], list[float]],
        estimate: Callable[[np.ndarray], np.ndarray],
        start: int,
        size: int,
    ) -> Found:
        """The filtered rows ranked as the engine ranks a search without words: with a point,
        by the `scores` of their distances (best first), then by name, then by id; without
        one, by name, then id. With the distance filter, and the facets of every ranked row.
        `estimate` is `scores` over an array (NaN: no place) to within a few units in the
        last place, used only to order the scores (`exact_ranks`)."""
        distances = self.nearest(rows, point)
        if distance_km is not None:
            # A row with no place (NaN) is never too far, as in the engine.
            kept = ~(distances > (distance_km or 0) * 1000)
            rows, distances = rows[kept], distances[kept]
        # A row's place in the ranking: its score's rank among the distinct scores, then its
        # row number (rows are in (name, id) order). Ranks among all rows order the chosen
        # rows as ranks among themselves would.
        if point is None:
            keys = rows.astype(np.int64)
        else:
            keys = self._score_ranks(point, scores, estimate)[rows] * len(self) + rows
        end = start + size
        if end < len(keys):
            first = np.argpartition(keys, end - 1)[:end]
            order = first[np.argsort(keys[first])]
        else:
            order = np.argsort(keys)
        page = order[start:end]
        page_distances = [None if d != d else d for d in distances[page].tolist()]
        return Found(
            total=len(rows),
            facets=self.facets(rows, keys),
            page=self.ids[rows[page]].tolist(),
            # The page's scores by the engine's own arithmetic.
            scores=scores(page_distances) if point is not None else [0.0] * len(page),
            distances=page_distances,
        )

    def facets(self, rows: np.ndarray, keys: np.ndarray) -> dict[str, dict[str, int]]:
        """The engine's facets (`engine._facets`) of these ranked rows (`keys`: their order)."""
        texts = self.texts
        days = texts["days"].counts(rows)
        accessibility = texts["accessibility"].counts(rows)
        facets: dict[str, dict[str, int]] = {
            "delivery": {
                m: int(self.booleans[m][rows].sum()) for m in ("in_person", "online", "phone")
            },
            "free": {"free": int(self.booleans["is_free"][rows].sum())},
            "accepting_referrals": {
                "accepting": _sum_where(
                    texts["capacity_status"],
                    texts["capacity_status"].counts(rows),
                    functools.partial(operator.eq, ACCEPTING),
                )
            },
            "open_on": {d: _sum_where(texts["days"], days, _has(d)) for d in DAYS},
            "intake_mode": texts["intake_mode"].first_met(rows, keys),
            "language": texts["languages"].first_met(rows, keys),
            "accessibility": {
                a: _sum_where(texts["accessibility"], accessibility, _has(f" {a} "))
                for a in ACCESSIBILITY
            },
        }
        facets["taxonomy_term"] = texts["term_ids"].first_met(rows, keys)
        return facets


def _containing(like: Callable[[str, str], bool], part: str) -> Callable[[str], bool]:
    return lambda value: like(value, part)


def _has(part: str) -> Callable[[str], bool]:
    """Python's `in`, as the engine's facets count."""
    return lambda value: part in value


def _sum_where(coded: Coded, counts: np.ndarray, test: Callable[[str], bool]) -> int:
    return sum(
        int(n) for value, n in zip(coded.values, counts.tolist(), strict=True) if test(value)
    )


def _version(cursor: Any) -> int | None:
    return versions.read(cursor)


def load() -> Store:
    """A store of the index as it is now, read between two reads of the index's version: when
    they differ (a change committed meanwhile, which PostgreSQL's READ COMMITTED lets one
    statement see and the next not), the store's version is None and it is never used."""
    columns = ", ".join(_READ)
    with transaction.atomic(), connection.cursor() as cursor:
        version = _version(cursor)
        cursor.execute(f"SELECT {columns} FROM {_TABLE} ORDER BY id")  # noqa: S608 (constants)
        rows = cursor.fetchall()
        if _version(cursor) != version:
            version = None
    at = {name: n for n, name in enumerate(_READ)}
    published = [r for r in rows if r[at["published"]]]
    del rows
    # Rows in the order the engine breaks ties in: the name, then the id (a stable sort of
    # rows in id order).
    names = [r[at["name"]] for r in published]
    published = [published[n] for n in sorted(range(len(names)), key=names.__getitem__)]
    by_column = dict(zip(_READ, zip(*published, strict=True), strict=True)) if published else {}

    def column(name: str) -> Sequence[Any]:
        return by_column.get(name, ())

    points: Sequence[Any] = column("points")
    if points and isinstance(points[0], str):  # JSON as text: one array, as `engine._rows`
        points = json.loads("[" + ",".join(points) + "]")
    flat = np.fromiter(
        itertools.chain.from_iterable(itertools.chain.from_iterable(points)), dtype=np.float64
    )
    return Store(
        version=version,
        vendor=connection.vendor,
        ids=np.asarray(column("id"), dtype=np.int64),
        booleans={name: np.asarray(column(name), dtype=bool) for name in BOOLEANS},
        texts={name: Coded.of(column(name), split=name in SPLIT) for name in TEXTS},
        # None (no age limit) becomes NaN.
        minimum_age=np.asarray(column("minimum_age"), dtype=np.float64),
        maximum_age=np.asarray(column("maximum_age"), dtype=np.float64),
        points=flat.reshape(-1, 2),
        point_counts=np.fromiter(map(len, points), dtype=np.int64, count=len(points)),
        labels={name: _shared(column(name)) for name in LABELS},
        # SQLite keeps a UUID as 32 hex digits, PostgreSQL as a uuid.
        service_ids=[
            value if isinstance(value, uuid.UUID) else uuid.UUID(value)
            for value in column("service_id")
        ],
    )


def _shared(values: Sequence[str]) -> list[str]:
    # Many services share an organisation's or their categories' text: one string each.
    seen: dict[str, str] = {}
    return [seen.setdefault(value, value) for value in values]


# The process's store (`versions.Held`: read again when the index changes, once the change
# has settled, in the background).
held: versions.Held[Store] = versions.Held(load, vendors=VENDORS, enabled=lambda: ENABLED)
