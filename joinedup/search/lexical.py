"""Lexical full text through the database's own engine, behind one interface.

SQLite: the FTS5 table `search_fts` (porter stemming), ranked by bm25() with column weights.
PostgreSQL: the `vector` column (english configuration, weights A/B/C) with a GIN index,
ranked by the same bm25 and column weights from the matches' words (`pg_words`). Both give
"higher is better" scores for the best `limit` entries.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any, cast

import numpy as np
from django.contrib.postgres.search import (
    SearchQuery,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import BooleanField, F, Func, Q
from django.db.models.expressions import RawSQL

from joinedup.search import pg_words, tags, words
from joinedup.search.models import SearchEntry

# Name above description above organisation and taxonomy terms (the ordering); the
# filter tags column weighs nothing.
BM25_WEIGHTS = (10.0, 4.0, 2.0, 2.0, 0.0)
# The best this many word matches are candidates: on the Bristol judgments 500 and 1,000 score
# the same nDCG@10 (300 a little less), and every candidate costs the search a row to read.
CANDIDATES = 500
_TOKEN = re.compile(r"[^\W_]+")


def _phrases(terms: Sequence[str]) -> list[str]:
    """Each term as the plain tokens of one FTS5 phrase, once each. A term with a token shaped
    like a filter tag is left out: so words never match the tags column, and the words need no
    column filter, which costs FTS5 a check of every match's columns (ADR 12). The scores are
    the same: the tags column weighs nothing in bm25."""
    phrases = []
    for term in terms:
        tokens = _TOKEN.findall(term.lower())
        if tokens and not any(tags.looks_like_a_tag(t) for t in tokens):
            phrases.append(" ".join(tokens))
    return list(dict.fromkeys(phrases))


def _fts5_any(terms: Sequence[str]) -> str:
    # Each term becomes a quoted phrase of plain tokens, so nothing a person types can be
    # read as FTS5 syntax (NEAR, column filters, quotes).
    return " OR ".join(f'"{phrase}"' for phrase in _phrases(terms))


def _fts5_query(groups: Sequence[Sequence[str]], required: Sequence[Sequence[str]]) -> str:
    """Every group of alternative terms, and the required filter tags."""
    parts = [f"({any_of})" for g in groups if (any_of := _fts5_any(g))]
    if not parts:
        return ""
    tag_filter = tags.fts5_tag_filter(required)
    return " AND ".join([*parts, tag_filter] if tag_filter else parts)


def _ts_query(groups: Sequence[Sequence[str]], *, phrases: bool = True) -> SearchQuery | None:
    """Every group, each any of its terms; a term of several words is a phrase, or (`phrases`
    false, for words without positions) all of its words."""
    kind = "phrase" if phrases else "plain"
    combined: SearchQuery | None = None
    for group in groups:
        unique = list(dict.fromkeys(group))
        if not unique:
            continue
        any_of = SearchQuery(unique[0], search_type=kind, config="english")
        for term in unique[1:]:
            any_of = any_of | SearchQuery(term, search_type=kind, config="english")
        combined = any_of if combined is None else combined & any_of
    return combined


def box(lat: float, lng: float, km: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) of a box that holds every point within `km` of a point."""
    dlat = km / 111.0
    dlng = km / (111.0 * max(math.cos(math.radians(lat)), 0.01))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng


def in_box(boxes: np.ndarray, near: tuple[float, float, float, float]) -> np.ndarray:
    """Which place boxes (rows of min/max latitude, min/max longitude; NaN: no place) meet the
    (south, north, west, east) box, or are no place: `near_q` in numpy, for the process's
    copies of the index (the meaning matrix, the words copies)."""
    south, north, west, east = near
    with np.errstate(invalid="ignore"):
        inside: np.ndarray = np.isnan(boxes[:, 0]) | (
            (boxes[:, 1] >= south)
            & (boxes[:, 0] <= north)
            & (boxes[:, 3] >= west)
            & (boxes[:, 2] <= east)
        )
    return inside


def near_q(lat: float, lng: float, km: float, *, placed: Q | None = None) -> Q:
    """Entries with a place in the box around a point, or with no place (online, phone).
    `placed`: more conditions on the entries with a place (an index's, see `_near_words`)."""
    south, north, west, east = box(lat, lng, km)
    inside = Q(
        max_latitude__gte=south,
        min_latitude__lte=north,
        max_longitude__gte=west,
        min_longitude__lte=east,
    )
    return Q(min_latitude__isnull=True) | (inside & placed if placed is not None else inside)


# PostgreSQL: up to this distance the words near a point are found through the GiST index of
# boxes and words (`_near_words`). A search looks further only when few services near the person
# have the words, and for rare words the GIN index of words is the quicker (ADR 12).
NEAR_WORDS_MAX_KM = 10.0
# PostgreSQL: an entry's place box as a geometric box, as in the GiST index
# `search_entry_near_words` (migration search.0006).
_PG_BOX = (
    'box(point("search_searchentry"."min_longitude", "search_searchentry"."min_latitude"), '
    'point("search_searchentry"."max_longitude", "search_searchentry"."max_latitude"))'
)


def _near_words(found: Any, near: tuple[float, float, float], loose: SearchQuery) -> Any:
    """PostgreSQL: the matches near a point, found through the GiST index over each entry's
    place box and its words (`search_entry_near_words`), which answers both at once; the GIN
    index would find every match in the country, and the box by a scan (ADR 12).

    The index's conditions are added to the exact ones, never instead: PostgreSQL compares
    boxes with a tolerance of 1e-6, and the index's words have no positions (`strip`), so
    there a phrase can only be asked for as all its words (`loose`)."""
    south, north, west, east = box(*near)
    overlaps = RawSQL(  # noqa: S611 (constants only; the numbers are parameters)
        f"{_PG_BOX} && box(point(%s, %s), point(%s, %s))",
        (west, south, east, north),
        output_field=BooleanField(),
    )
    stripped = Func(F("vector"), function="strip", output_field=SearchVectorField())
    placed = Q(overlaps) & Q(stripped_vector=loose)
    return found.alias(stripped_vector=stripped).filter(near_q(*near, placed=placed))


def lexical_scores(
    groups: Sequence[Sequence[str]],
    *,
    limit: int = CANDIDATES,
    near: tuple[float, float, float] | None = None,
    entries: Any = None,
    required: Sequence[Sequence[str]] = (),
    allowed: np.ndarray | None = None,
) -> dict[int, float]:
    """SearchEntry id → lexical score of the best `limit` entries matching every group of
    alternative terms (one group: any of its terms).

    `near` (latitude, longitude, km) keeps only entries with a place in that box or with no
    place, so a search near a person is not crowded out by better matches far away.
    The filters narrow the matches before they are ranked: on SQLite through the `required`
    filter tags (see `tags`), on PostgreSQL through `entries`, the filtered SearchEntry
    QuerySet. Either way the caller still applies its filters to what comes back.

    The process's copy of the index answers when it is current (ADR 20: `words` on SQLite;
    `pg_words` on PostgreSQL, given `allowed`, the sorted ids of `entries`), with exactly the
    statement's answer; otherwise the database does.
    """
    if connection.vendor == "sqlite":
        match = _fts5_query(groups, required)
        if not match:
            return {}
        copied = words.top(
            [phrases for g in groups if (phrases := _phrases(g))],
            [g for g in required if g],
            weights=BM25_WEIGHTS,
            limit=limit,
            near=box(*near) if near is not None else None,
        )
        if copied is not None:  # the process's copy of the index (ADR 20): the same answer
            return copied
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        where = ""
        params: list[Any] = [match]
        if near is not None:
            south, north, west, east = box(*near)
            where = (
                " AND (e.min_latitude IS NULL OR (e.max_latitude >= %s AND e.min_latitude <= %s"
                " AND e.max_longitude >= %s AND e.min_longitude <= %s))"
            )
            params += [south, north, west, east]
        with connection.cursor() as cursor:
            cursor.execute(
                # Only constants and placeholders are formatted in; the text is a parameter.
                f"SELECT search_fts.rowid, bm25(search_fts, {weights}) AS s "  # noqa: S608
                # Every match's box is read: from the narrow index, not the wide row (its
                # text and embedding), which SQLite's planner would pick without statistics.
                "FROM search_fts JOIN search_searchentry e INDEXED BY search_entry_id_box "
                "ON e.id = search_fts.rowid "
                # Ties in id order, as the process's copy of the index breaks them.
                f"WHERE search_fts MATCH %s{where} ORDER BY s, search_fts.rowid LIMIT %s",
                [*params, limit],
            )
            # bm25() is lower-is-better (negative); flip it.
            return {rowid: -score for rowid, score in cursor.fetchall()}
    query = _ts_query(groups)
    if query is None:
        return {}
    if allowed is not None and (copy := pg_words.held.current()) is not None:
        copied = copy.top(groups, limit=limit, near=near, allowed=allowed)
        if copied is not None:
            return copied
    found = (SearchEntry.objects.all() if entries is None else entries).filter(vector=query)
    if near is not None and near[2] <= NEAR_WORDS_MAX_KM:
        found = _near_words(found, near, cast(SearchQuery, _ts_query(groups, phrases=False)))
    elif near is not None:
        found = found.filter(near_q(*near))
    # The matches' words, scored by bm25 as the copy scores them (ADR 7, twelfth session).
    return pg_words.rank(found, groups, limit=limit)


def write(entries: Iterable[SearchEntry]) -> None:
    """Bring the full-text side up to date with these (saved) SearchEntry rows."""
    saved = list(entries)
    ids = [e.id for e in saved]
    if not ids:
        return
    if connection.vendor == "sqlite":
        rows = [(e.id, e.name, e.body, e.organisation, e.terms, tags.entry_tags(e)) for e in saved]
        with connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", ids)  # noqa: S608
            cursor.executemany(
                "INSERT INTO search_fts (rowid, name, body, organisation, terms, tags) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                rows,
            )
        return
    SearchEntry.objects.filter(id__in=ids).update(
        vector=SearchVector("name", weight="A", config="english")
        + SearchVector("body", weight="B", config="english")
        + SearchVector("organisation", "terms", weight="C", config="english")
    )
    with connection.cursor() as cursor:
        cursor.execute(WORDS_LENGTH_SQL + " WHERE id = ANY(%s)", [ids])


# bm25's length of a row on PostgreSQL (`SearchEntry.words_length`): its vector's highest
# position (a tsvector's positions count every word, stop words too, and each column's run on
# from the last's).
WORDS_LENGTH_SQL = (
    f"UPDATE {SearchEntry._meta.db_table} SET words_length = "  # noqa: S608 (constants)
    "(SELECT COALESCE(MAX(p), 0) FROM unnest(vector) AS u, unnest(u.positions) AS p)"
)


def forget(entry_ids: Iterable[int]) -> None:
    """Drop full-text rows of entries being deleted (PostgreSQL's go with the row)."""
    ids = list(entry_ids)
    if ids and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", ids)  # noqa: S608


def clear() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts")


def optimise() -> None:
    """Merge the full-text index into one segment after a bulk load (SQLite): a rebuild leaves
    FTS5 with many segments, and every query reads each segment's doclists (ADR 12). PostgreSQL's
    GIN index needs nothing here."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
