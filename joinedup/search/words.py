"""A search's words ranked from a per-process copy of SQLite's full-text index (ADR 20 addendum).

The words statement (`lexical.lexical_scores` on SQLite) costs FTS5 a fixed 3 to 10 ms however few
services it returns: it reads the whole doclist of every word, and bm25() counts, for every
phrase of the query, how many rows of the whole table hold it. A search runs two to eight such
statements. This module answers the same statement from memory, exactly:

- **The same matches.** FTS5's own doclists (through its `fts5vocab` instance table: each
  token's rows, columns and offsets, as FTS5 stored them), read once a process for each token a
  search asks for; a phrase of several tokens is found where they stand at consecutive offsets
  of one column, as FTS5 matches a phrase. A query's phrases are tokenised by an FTS5 table of
  the same definition in a private in-memory database, so "cafés" and "caring" become the
  tokens FTS5 makes of them.
- **The same scores.** FTS5's bm25() (`fts5_aux.c`), operation by operation in float64: each
  phrase's frequency weighted by its columns' weights, the row's length and the average length
  from FTS5's own size records (`search_fts_docsize`, the averages record), the IDF from how
  many rows hold the phrase, summed in the query's phrase order; the logarithm is the C
  library's, as SQLite's. Filter tags weigh nothing, as in the statement.
- **The same order.** Best score first, then the lower rowid (the statement says so too:
  `ORDER BY s, rowid`), the best `limit`.

The database stays the one source of truth. A copy is read in one snapshot with the index's
version (`IndexVersion`, moved on by triggers whenever an index row changes) and a token's
doclist is read later in a snapshot whose version is checked to be the copy's; a search whose
version differs, or that runs inside a transaction, is answered by FTS5 itself, and the next one
outside a transaction reads a new copy. Tests compare both answers on thousands of queries.
"""

from __future__ import annotations

import dataclasses
import math
import os
import sqlite3
import threading
from collections.abc import Sequence

import numpy as np
from django.db import connection, transaction

from joinedup.search import lexical, versions
from joinedup.search.models import SearchEntry

# Off: every words statement runs in FTS5 (for measuring the difference).
ENABLED = True
# FTS5's bm25 constants (fts5_aux.c).
K1 = 1.2
B = 0.75
# Tokens whose doclists a copy keeps: more are read again on demand.
TOKENS_KEPT = 20_000
# ... and at most this much of them (the commonest token of the 100,000-service bench
# directory takes about 1 MB): past it, they are read again as searches ask.
DOCLIST_BYTES_KEPT = 128 * 1024 * 1024
# Read before a new copy serves (`_read_ahead`): at most this much of the doclists the copy it
# replaces had read; 0 reads none ahead.
READ_AHEAD_BYTES = 64 * 1024 * 1024
_READ_AHEAD_BATCH = 64
# A kept occurrence: its row (int32), column (int8) and offset (int32).
_BYTES_AN_OCCURRENCE = 9
# Groups of filter tags whose rows a copy keeps, as one flag a row each (100 kB at 100,000).
TAG_GROUPS_KEPT = 128
_FTS = "search_fts"
_ENTRY_TABLE = SearchEntry._meta.db_table
_IDF_FLOOR = 1e-6


def _varints(blob: bytes) -> list[int]:
    """SQLite's variable-length integers, as FTS5 writes its size records."""
    found = []
    at = 0
    while at < len(blob):
        value = 0
        for _ in range(8):
            byte = blob[at]
            at += 1
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        else:
            value = (value << 8) | blob[at]
            at += 1
        found.append(value)
    return found


class _Tokeniser:
    """FTS5's tokens of a query phrase: an FTS5 table of the index's definition in a private
    in-memory database (the same SQLite library), whose instance vocabulary lists them."""

    def __init__(self, definition: str) -> None:
        self.definition = definition
        self.lock = threading.Lock()
        self.known: dict[str, tuple[str, ...]] = {}
        self.opened: tuple[int, sqlite3.Connection] | None = None

    def _memory(self) -> sqlite3.Connection:
        # Opened by the process that uses it: a copy read before gunicorn forks its workers
        # (`warm`) must not share an SQLite connection across the fork.
        if self.opened is None or self.opened[0] != os.getpid():
            memory = sqlite3.connect(":memory:", check_same_thread=False)
            memory.execute(self.definition.replace(_FTS, "phrase", 1))
            memory.execute("CREATE VIRTUAL TABLE phrase_tokens USING fts5vocab(phrase, instance)")
            self.opened = (os.getpid(), memory)
        return self.opened[1]

    def tokens(self, text: str) -> tuple[str, ...]:
        found = self.known.get(text)
        if found is not None:
            return found
        with self.lock:
            memory = self._memory()
            memory.execute("INSERT INTO phrase (rowid, name) VALUES (1, ?)", (text,))
            rows = memory.execute("SELECT term, offset FROM phrase_tokens").fetchall()
            memory.execute("DELETE FROM phrase")
        found = tuple(term for term, _ in sorted(rows, key=lambda row: row[1]))
        if len(self.known) >= TOKENS_KEPT:
            self.known.clear()
        self.known[text] = found
        return found


@dataclasses.dataclass(frozen=True)
class _Doclist:
    """One token's occurrences: index row, column number, offset (in FTS5's order)."""

    rows: np.ndarray
    columns: np.ndarray
    offsets: np.ndarray
    documents: int  # FTS5 rows holding it


@dataclasses.dataclass(frozen=True)
class _Phrase:
    """Where a phrase occurs: the index rows holding it (ascending), its weighted frequency
    there, and how many FTS5 rows hold it (bm25's nHit)."""

    rows: np.ndarray
    frequency: np.ndarray
    documents: int


class Stale(Exception):
    """The index changed since the copy was read: answer from the database."""


@dataclasses.dataclass
class Copy:
    """FTS5's rows: rowids (ascending), lengths, their entries' boxes, and FTS5's totals;
    token doclists are added as searches ask for them."""

    version: int
    ids: np.ndarray
    lengths: np.ndarray  # tokens in the row, every column (bm25's D)
    boxes: np.ndarray  # (n, 4): min/max latitude, min/max longitude; NaN: no place
    indexed: np.ndarray  # the row has an index entry (only those are results)
    row_count: int  # FTS5's nRow
    average_length: float  # FTS5's avgdl
    columns: tuple[str, ...]
    tokeniser: _Tokeniser
    doclists: dict[str, _Doclist] = dataclasses.field(default_factory=dict)
    phrases: dict[tuple[tuple[str, ...], int | None], _Phrase] = dataclasses.field(
        default_factory=dict
    )
    tag_masks: dict[tuple[str, ...], np.ndarray] = dataclasses.field(default_factory=dict)
    kept_bytes: int = 0
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def _doclist(self, token: str) -> _Doclist:
        found = self.doclists.get(token)
        if found is not None:
            return found
        if connection.in_atomic_block:
            raise Stale(token)
        read = self.read_doclists([token])
        if token not in read:
            raise Stale(token)
        return read[token]

    def read_doclists(self, tokens: Sequence[str]) -> dict[str, _Doclist]:
        """These tokens' doclists, read in one snapshot checked to be this copy's version, and
        kept (within TOKENS_KEPT and DOCLIST_BYTES_KEPT); {} when the index has changed since.

        FTS5's `fts5vocab` instance table gives a token's occurrences; SQLite joins each
        column of them into one text (`group_concat`, both aggregates stepped over the same
        rows in the same order) that numpy parses, rather than a Python tuple an occurrence:
        the commonest token of the 100,000-service bench directory reads in about a sixth of
        the time. The column's name becomes its number in the statement."""
        numbers = " ".join(f"WHEN '{name}' THEN {n}" for n, name in enumerate(self.columns))
        statement = (
            f"SELECT group_concat(doc, ' '), group_concat((CASE col {numbers} END) "  # noqa: S608
            f"* {1 << 32} + offset, ' ') FROM temp.search_fts_instances WHERE term = %s"
        )
        read: dict[str, _Doclist] = {}
        with transaction.atomic(), connection.cursor() as cursor:
            if versions.read(cursor) != self.version:
                return {}
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_instances "
                f"USING fts5vocab(main, {_FTS}, instance)"
            )
            for token in dict.fromkeys(tokens):
                cursor.execute(statement, [token])
                docs_text, places_text = cursor.fetchone()
                read[token] = self._parsed(docs_text, places_text)
        with self.lock:
            for token, found in read.items():
                self._keep(token, found)
        return read

    def _parsed(self, docs_text: str | None, places_text: str | None) -> _Doclist:
        docs = _integers(docs_text)
        places = _integers(places_text)
        if len(docs) != len(places):
            raise ValueError("fts5vocab's occurrences and their places differ in number")
        sorted_docs = len(docs) < 2 or bool(np.all(docs[1:] >= docs[:-1]))
        if sorted_docs:  # FTS5's order: by row, as it stores them
            documents = int(np.count_nonzero(docs[1:] != docs[:-1])) + int(len(docs) > 0)
        else:
            documents = len(np.unique(docs))
        at = np.searchsorted(self.ids, docs)
        at[at >= len(self.ids)] = 0
        kept = self.ids[at] == docs if len(self.ids) else np.zeros(len(docs), dtype=bool)
        places = places[kept]
        return _Doclist(
            rows=at[kept].astype(np.int32),
            columns=(places >> 32).astype(np.int8),
            offsets=(places & 0xFFFFFFFF).astype(np.int32),
            documents=documents,
        )

    def _keep(self, token: str, found: _Doclist) -> None:
        size = found.rows.nbytes + found.columns.nbytes + found.offsets.nbytes
        if len(self.doclists) >= TOKENS_KEPT or self.kept_bytes + size > DOCLIST_BYTES_KEPT:
            self.doclists.clear()
            self.phrases.clear()
            self.kept_bytes = 0
        self.doclists[token] = found
        self.kept_bytes += size

    def phrase(
        self, tokens: tuple[str, ...], weights: Sequence[float], column: int | None
    ) -> _Phrase:
        """A phrase's rows, weighted frequency and FTS5 row count; `column`: only there."""
        key = (tokens, column)
        found = self.phrases.get(key)
        if found is not None:
            return found
        lists = [self._doclist(token) for token in tokens]
        first = lists[0]
        rows, cols, starts = first.rows, first.columns, first.offsets
        documents = first.documents
        if len(tokens) > 1:
            # Consecutive offsets in one column: FTS5's phrase match, each occurrence keyed by
            # (row, column, start offset).
            keys = _keys(rows, cols, starts)
            for shift, later in enumerate(lists[1:], start=1):
                keys = np.intersect1d(keys, _keys(later.rows, later.columns, later.offsets - shift))
            rows, cols, starts = _unkey(keys)
            documents = len(np.unique(rows))
        if column is not None:
            keep = cols == column
            rows, cols = rows[keep], cols[keep]
        weight = np.asarray(weights, dtype=np.float64)[cols.astype(np.int64)]
        unique, inverse = np.unique(rows, return_inverse=True)
        # FTS5 adds the column's weight once an occurrence; sums of these small whole numbers
        # are exact in any order.
        frequency = np.zeros(len(unique), dtype=np.float64)
        np.add.at(frequency, inverse, weight)
        found = _Phrase(rows=unique, frequency=frequency, documents=documents)
        with self.lock:
            self.phrases[key] = found
        return found

    def top(
        self,
        groups: Sequence[Sequence[tuple[str, ...]]],
        required: Sequence[Sequence[str]],
        *,
        weights: Sequence[float],
        limit: int,
        near: tuple[float, float, float, float] | None,
    ) -> dict[int, float]:
        """Rowid → bm25 score (higher is better) of the best `limit` rows matching every group
        (any of its phrases, each a tuple of tokens) and every group of `required` tags (in the
        tags column), in the box `near` (south, north, west, east) or with no place; best first,
        then by rowid."""
        keep = self.indexed.copy()
        word_phrases: list[_Phrase] = []
        for group in groups:
            found = [self.phrase(tokens, weights, None) for tokens in group]
            word_phrases.extend(found)
            keep &= _any_of(found, len(self.ids))
        for tag_group in required:
            keep &= self._tagged(tuple(tag_group), weights)
        if near is not None:
            # The box is checked only for the rows the words and tags let through.
            rows = np.flatnonzero(keep)
            keep[rows] = lexical.in_box(self.boxes[rows], near)
        rows = np.flatnonzero(keep)
        if not len(rows):
            return {}
        scores = self._bm25(rows, word_phrases)
        # ORDER BY bm25 (lower is better: minus the score), rowid; LIMIT.
        ranks = -1.0 * scores
        if len(rows) > limit:
            threshold = np.partition(ranks, limit - 1)[limit - 1]
            kept = np.flatnonzero(ranks <= threshold)
            rows, ranks, scores = rows[kept], ranks[kept], scores[kept]
        order = np.lexsort((self.ids[rows], ranks))[:limit]
        return dict(zip(self.ids[rows[order]].tolist(), scores[order].tolist(), strict=True))

    def _tagged(self, tags: tuple[str, ...], weights: Sequence[float]) -> np.ndarray:
        """The rows with any of these tags in the tags column (kept: a place's cells and a
        filter's tags come back search after search)."""
        found = self.tag_masks.get(tags)
        if found is None:
            column = self.columns.index("tags")
            phrases = [self.phrase(self.tokeniser.tokens(tag), weights, column) for tag in tags]
            found = _any_of(phrases, len(self.ids))
            with self.lock:
                if len(self.tag_masks) >= TAG_GROUPS_KEPT:
                    self.tag_masks.clear()
                self.tag_masks[tags] = found
        return found

    def _bm25(self, rows: np.ndarray, phrases: list[_Phrase]) -> np.ndarray:
        """fts5Bm25Function for these rows, in its order of operations."""
        lengths = self.lengths[rows]
        # k1 * (1 - b + b * D / avgdl), as C evaluates it.
        normal = K1 * ((1 - B) + (B * lengths) / self.average_length)
        score = np.zeros(len(rows), dtype=np.float64)
        for phrase in phrases:
            idf = math.log(
                (float(self.row_count - phrase.documents) + 0.5) / (float(phrase.documents) + 0.5)
            )
            if idf <= 0.0:
                idf = _IDF_FLOOR
            frequency = np.zeros(len(rows), dtype=np.float64)
            at = np.searchsorted(phrase.rows, rows)
            at[at >= len(phrase.rows)] = 0
            present = phrase.rows[at] == rows if len(phrase.rows) else np.zeros(len(rows), bool)
            frequency[present] = phrase.frequency[at[present]]
            score = score + idf * ((frequency * (K1 + 1.0)) / (frequency + normal))
        return score


def _integers(text: str | None) -> np.ndarray:
    """Whole numbers written out with spaces between (None: none)."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=" ")


def _keys(rows: np.ndarray, columns: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """(row, column, offset) as one number; an offset below 0 (a shifted first token) never
    matches."""
    valid = offsets >= 0
    return np.unique(
        (rows[valid].astype(np.int64) << 40)
        | (columns[valid].astype(np.int64) << 32)
        | offsets[valid].astype(np.int64)
    )


def _unkey(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return keys >> 40, (keys >> 32) & 0xFF, keys & 0xFFFFFFFF


def _any_of(phrases: list[_Phrase], size: int) -> np.ndarray:
    found = np.zeros(size, dtype=bool)
    for phrase in phrases:
        found[phrase.rows] = True
    return found


def load() -> Copy | None:
    """A copy of the index as it is now, read in one snapshot; None when it cannot serve."""
    with transaction.atomic(), connection.cursor() as cursor:
        version = versions.read(cursor)
        if version is None:
            return None
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [_FTS])
        definition = cursor.fetchone()[0]
        cursor.execute(f"SELECT block FROM {_FTS}_data WHERE id = 1")  # noqa: S608
        averages = cursor.fetchone()
        cursor.execute(f"PRAGMA table_info({_FTS})")
        columns = tuple(row[1] for row in cursor.fetchall())
        # Every FTS5 row, with its index entry's box: a row whose entry was deleted without
        # its words (a service deleted outright) still counts in bm25's totals, as in FTS5,
        # but is never a result (the statement joins the entries).
        cursor.execute(
            "SELECT d.id, e.id IS NOT NULL, e.min_latitude, e.max_latitude, "  # noqa: S608
            f"e.min_longitude, e.max_longitude, d.sz FROM {_FTS}_docsize d "
            f"LEFT JOIN {_ENTRY_TABLE} e ON e.id = d.id ORDER BY d.id"
        )
        rows = cursor.fetchall()
    totals = _varints(bytes(averages[0])) if averages else [0]
    if totals[0] != len(rows):  # FTS5's own count and rows disagree: leave it to FTS5
        return None
    boxes = np.asarray([row[2:6] for row in rows], dtype=np.float64).reshape(-1, 4)
    lengths = np.fromiter(
        (sum(_varints(bytes(row[6]))) for row in rows), dtype=np.float64, count=len(rows)
    )
    row_count = totals[0]
    copy = Copy(
        version=version,
        ids=np.asarray([row[0] for row in rows], dtype=np.int64),
        lengths=lengths,
        boxes=boxes,
        indexed=np.asarray([bool(row[1]) for row in rows], dtype=bool),
        row_count=row_count,
        average_length=float(sum(totals[1:])) / float(row_count) if row_count else 0.0,
        columns=columns,
        tokeniser=_Tokeniser(definition),
    )
    previous = held.copy
    asked = {} if previous is None else {t: len(d.rows) for t, d in previous.doclists.items()}
    _read_ahead(copy, asked)
    return copy


def _read_ahead(copy: Copy, asked: dict[str, int]) -> None:
    """Read, before the copy serves, the doclists the copy it replaces had read (`asked`: each
    token's occurrences there), as many as READ_AHEAD_BYTES holds, so that a change to the
    index does not leave the next searches to read again, while a person waits, the doclists
    of the words people ask for (on the 100,000-service bench directory up to 0.2 s a
    common word). The rest are read on demand."""
    budget = READ_AHEAD_BYTES // _BYTES_AN_OCCURRENCE
    chosen: list[str] = []
    for token, size in asked.items():
        if size <= budget:
            budget -= size
            chosen.append(token)
    for start in range(0, len(chosen), _READ_AHEAD_BATCH):
        if not copy.read_doclists(chosen[start : start + _READ_AHEAD_BATCH]):
            return  # the index changed meanwhile: this copy will not serve for long


# The process's copy (`versions.Held`: read again when the index changes, once the change has
# settled, in the background; never used inside a transaction).
held: versions.Held[Copy] = versions.Held(
    load, vendors=("sqlite",), outside_transactions=True, enabled=lambda: ENABLED
)


def top(
    groups: Sequence[Sequence[str]],
    required: Sequence[Sequence[str]],
    *,
    weights: Sequence[float],
    limit: int,
    near: tuple[float, float, float, float] | None,
) -> dict[int, float] | None:
    """`lexical.lexical_scores` on SQLite, from the copy: `groups` are the MATCH expression's
    groups of phrases (as `lexical._fts5_any` writes them: quoted text), `required` its groups
    of tags. None: the database must answer (no current copy, or it changed meanwhile)."""
    copy = held.current()
    if copy is None:
        return None
    try:
        phrases = [[copy.tokeniser.tokens(text) for text in group] for group in groups]
        if any(not tokens for group in phrases for tokens in group):
            return None  # a phrase FTS5 would read as empty: leave it to FTS5
        return copy.top(phrases, required, weights=weights, limit=limit, near=near)
    except Stale:  # changed since the version was checked: read again once it settles
        return None
