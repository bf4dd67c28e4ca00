"""PostgreSQL: the word ranking of `lexical.lexical_scores`, bm25 as SQLite's FTS5 computes it,
from a per-process copy of the index's words (ADR 20), or from the matching rows' vectors.

On PostgreSQL a search's words are matched with `vector @@ query` (each term the database's own
`phraseto_tsquery('english', term)`, asked once a process; groups ANDed, terms ORed) and ranked
by bm25 with SQLite's column weights (`lexical.BM25_WEIGHTS`), operation by operation as
`fts5Bm25Function` (fts5_aux.c) and `words.Copy._bm25` do it, so both databases rank alike
(ADR 7, twelfth session). The vector's weights are its columns: A the name, B the description,
C the organisation and the category names (one weight in FTS5 too); nothing writes D.

- A term's frequency in a row: its matches (a lexeme's occurrences; a phrase where its lexemes
  stand at their distances, as `TS_phrase_execute` finds them), each weighted by the column
  weight of its first word's position; summed in float64 (small whole numbers: exact).
- The row's length: its vector's highest position, the number of words of its text to the
  last one indexed (FTS5: its token count). Stop words hold positions though they have no
  lexeme, and each column's positions run on from the last's, so this counts them as FTS5
  does, where counting the stored positions would not. The average length and the number of
  rows are over every index entry; a term's document count
  is how many entries it matches (FTS5's nHit); IDF `log((N - n + 0.5) / (n + 0.5))`, 1e-6
  where that is not positive.
- The score: the terms' parts added in the query's order (a term in two groups counts twice,
  as a phrase repeated in an FTS5 query does); best first, then the lower id.

This module keeps every entry's lexemes with their positions and weights (and its place box)
as numpy arrays, one copy a process, read from the index in one statement (`load`), and
ranks a search's words with array arithmetic (`PgWords.top`). When the copy cannot answer
(inside a transaction, an index changed since, no `allowed`), the database finds the matches
and `rank` reads their vectors and scores them with the same function, the totals (rows,
positions, each term's document count) read by SQL, kept per index version outside a
transaction. The two answers are the same: the same entries, the same floats, the same order.

The index's version is checked as `columns` does (`versions`): `held` reads a new copy when
it changes. `top` answers None for what it cannot reproduce; the caller then asks the
database.
"""

from __future__ import annotations

import dataclasses
import math
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection

from joinedup.search import lexical, versions, words
from joinedup.search.models import IndexVersion, SearchEntry

_TABLE = SearchEntry._meta.db_table
_VERSION_TABLE = IndexVersion._meta.db_table
# WordEntryPos: the position in the low 14 bits (16383 at most: later words all get 16383,
# where the order of the words is lost and the copy leaves the search to the database), the
# weight in the top two (3 is A).
_POSITION_BITS = 14
_MAX_POSITION = (1 << _POSITION_BITS) - 1
# A lexeme in PostgreSQL's text form: quoted, with ' and \ doubled.
_QUOTED = r"'(?:[^'\\]|''|\\.)*'"
_QUERY_TOKEN = re.compile(rf"\s*(?:({_QUOTED})(:[*A-Da-d]+)?|<(-|\d+)>|([&|!()]))")
# The terms' lexemes kept a process: past this many the kept terms are dropped.
TERMS_KEPT = 20_000
# Off: every words statement runs in SQL (for measuring the difference).
ENABLED = True


def _unquote(quoted: str) -> str:
    return re.sub(r"''|\\(.)", lambda m: m.group(1) or "'", quoted[1:-1])


# A term of a search as `phraseto_tsquery` makes it: its lexemes, each with its distance
# before the phrase's last word (one lexeme: distance 0). Empty: only stop words.
Term = tuple[tuple[str, int], ...]


class _Unsupported(Exception):
    """A tsquery with something other than lexemes joined by phrase operators."""


def _tokens(text: str) -> list[tuple[str, str]]:
    """A tsquery's text as (kind, value): ("lexeme", its text), ("phrase", its distance),
    ("op", one of & | ! ( ))."""
    tokens: list[tuple[str, str]] = []
    at = 0
    while at < len(text.rstrip()):
        found = _QUERY_TOKEN.match(text, at)
        if found is None:
            raise _Unsupported(text)
        lexeme, modifiers, distance, operator = found.groups()
        if lexeme is not None and modifiers:
            raise _Unsupported(text)  # a weight or a prefix
        if lexeme is not None:
            tokens.append(("lexeme", _unquote(lexeme)))
        elif distance is not None:
            tokens.append(("phrase", "1" if distance == "-" else distance))
        else:
            tokens.append(("op", operator))
        at = found.end()
    return tokens


# A phrase node: its lexemes, each with its distance before the node's end, and its width.
_Node = tuple[list[tuple[str, int]], int]


class _PhraseParser:
    """Lexemes joined by phrase operators, left to right, as PostgreSQL parses the text
    (PostgreSQL writes a right-hand phrase in parentheses)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0

    def _next(self) -> tuple[str, str]:
        if self.at >= len(self.tokens):
            raise _Unsupported(self.text)
        self.at += 1
        return self.tokens[self.at - 1]

    def _operand(self) -> _Node:
        kind, value = self._next()
        if kind == "lexeme":
            return [(value, 0)], 0
        if (kind, value) != ("op", "("):
            raise _Unsupported(self.text)  # & | ! have no place in a phrase's query
        node = self._phrase()
        if self._next() != ("op", ")"):
            raise _Unsupported(self.text)
        return node

    def _phrase(self) -> _Node:
        """`L <d> R` holds ending at position E when R holds ending at E and L ending at
        E - d - width(R) (`TS_phrase_execute`); its width is d + width(L) + width(R)."""
        left, width = self._operand()
        while self.at < len(self.tokens) and self.tokens[self.at][0] == "phrase":
            distance = int(self._next()[1])
            right, right_width = self._operand()
            left = [(lexeme, d + distance + right_width) for lexeme, d in left] + right
            width += distance + right_width
        return left, width

    def term(self) -> Term:
        if not self.tokens:
            return ()
        leaves, _ = self._phrase()
        if self.at != len(self.tokens):
            raise _Unsupported(self.text)
        return tuple(leaves)


def _parse_phrase(text: str) -> Term:
    """The lexemes of `phraseto_tsquery`'s text and their distances from the phrase's end."""
    return _PhraseParser(text).term()


class _Terms:
    """Each term's `phraseto_tsquery('english', term)`, asked of the database once a process
    (a term the parser cannot read is kept as None)."""

    def __init__(self) -> None:
        self.known: dict[str, Term | None] = {}
        self.lock = threading.Lock()

    def of(self, terms: Iterable[str]) -> dict[str, Term | None]:
        wanted = list(dict.fromkeys(terms))
        with self.lock:
            found = {t: self.known[t] for t in wanted if t in self.known}
        missing = [t for t in wanted if t not in found]
        if missing:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT t, phraseto_tsquery('english'::regconfig, t)::text "
                    "FROM unnest(%s::text[]) AS t",
                    [missing],
                )
                asked = cursor.fetchall()
            for term, text in asked:
                try:
                    found[term] = _parse_phrase(text)
                except _Unsupported:
                    found[term] = None
            with self.lock:
                if len(self.known) + len(missing) > TERMS_KEPT:
                    self.known.clear()
                self.known.update((t, found[t]) for t in missing)
        return found


terms = _Terms()


@dataclasses.dataclass(frozen=True)
class Totals:
    """What bm25 needs of the whole index: its entries (FTS5's nRow) and their lengths in all
    (FTS5's total of tokens)."""

    rows: int
    length: int  # the rows' lengths added up

    @property
    def average_length(self) -> float:
        # fts5Bm25GetData: (double)nToken / (double)nRow.
        return float(self.length) / float(self.rows) if self.rows else 0.0


def column_weights() -> np.ndarray:
    """bm25's column weight of a position by its weight (D, C, B, A), as `lexical.write` sets
    them: A the name, B the description, C the organisation and the category names (SQLite
    weighs those two alike). Nothing writes D; it weighs what the tags column weighs (0)."""
    name, body, organisation, categories, tags = lexical.BM25_WEIGHTS
    assert organisation == categories, "one PostgreSQL weight holds both columns"
    return np.array([tags, organisation, body, name], dtype=np.float64)


@dataclasses.dataclass(frozen=True)
class PgWords:
    """Every SearchEntry's place box and words, rows in id order.

    The words are postings by lexeme (CSR): lexeme k's occurrences are
    `rows[starts[k]:starts[k + 1]]` (the entry's row) and `positions[...]` (WordEntryPos:
    weight << 14 | position), in order of row, then position."""

    version: int | None
    ids: np.ndarray  # int64
    boxes: np.ndarray  # (n, 4) min/max latitude, min/max longitude; NaN: no place
    lexemes: dict[str, int]
    starts: np.ndarray  # int64, one more than the lexemes
    rows: np.ndarray  # int32
    positions: np.ndarray  # uint16
    lengths: np.ndarray  # float64: each row's highest position (bm25's D)
    # False: some entry has a word at position 16383 (where later words all stand, and
    # their order is lost) or one without a position, or the vectors could not be read:
    # `top` leaves every search to the database.
    exact: bool
    # Each term's document count (bm25's nHit), worked out as searches ask.
    documents: dict[Term, int] = dataclasses.field(default_factory=dict, compare=False)

    @classmethod
    def unreadable(cls, version: int | None) -> PgWords:
        nothing = np.zeros(0, dtype=np.int64)
        return cls(
            version=version,
            ids=nothing,
            boxes=np.zeros((0, 4)),
            lexemes={},
            starts=np.zeros(1, dtype=np.int64),
            rows=nothing.astype(np.int32),
            positions=nothing.astype(np.uint16),
            lengths=np.zeros(0),
            exact=False,
        )

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def totals(self) -> Totals:
        return Totals(rows=len(self), length=int(self.lengths.sum()))

    def nbytes(self) -> int:
        arrays = (self.ids, self.boxes, self.starts, self.rows, self.positions, self.lengths)
        return sum(a.nbytes for a in arrays)

    def top(
        self,
        groups: Sequence[Sequence[str]],
        *,
        limit: int,
        near: tuple[float, float, float] | None = None,
        allowed: np.ndarray | None = None,
    ) -> dict[int, float] | None:
        """`lexical.lexical_scores(groups, limit=limit, near=near, entries=...)` on
        PostgreSQL, with `entries` the SearchEntry rows whose ids are `allowed` (None: all):
        the same ids in the same order with the same scores; None where that cannot be
        promised (the caller asks the database)."""
        if not self.exact:
            return None
        query = _query(groups, skip_unreadable=False)
        if query is None:
            return None
        if not query:
            return {}
        candidates = self._candidates(query, near, allowed)
        if candidates is None:
            return {}
        documents = {term: self.document_count(term) for group in query for term in group}
        found_rows, scores = _bm25(self, query, candidates, self.totals, documents)
        return _best(self.ids, found_rows, scores, limit)

    def document_count(self, term: Term) -> int:
        """How many entries the term matches (bm25's nHit), kept with the copy."""
        found = self.documents.get(term)
        if found is not None:
            return found
        having: np.ndarray | None = None
        for lexeme in dict.fromkeys(lexeme for lexeme, _ in term):
            rows = np.unique(self.postings(lexeme)[0])
            having = rows if having is None else np.intersect1d(having, rows)
        if having is None or not len(having):
            found = 0
        elif len(term) == 1:
            found = len(having)
        else:
            occurrences = _Occurrences.of(self, [[term]], having)
            ends, _ = occurrences.matches(term)
            found = len(np.unique(occurrences.row[ends]))
        if len(self.documents) >= TERMS_KEPT:
            self.documents.clear()
        self.documents[term] = found
        return found

    def postings(self, lexeme: str) -> tuple[np.ndarray, np.ndarray]:
        k = self.lexemes.get(lexeme)
        if k is None:
            return self.rows[:0], self.positions[:0]
        start, end = int(self.starts[k]), int(self.starts[k + 1])
        return self.rows[start:end], self.positions[start:end]

    def _candidates(
        self,
        query: list[list[Term]],
        near: tuple[float, float, float] | None,
        allowed: np.ndarray | None,
    ) -> np.ndarray | None:
        """The rows with at least one lexeme of every group's terms (each group: all of
        some term's), in `allowed` and near: a superset of the matches, for speed."""
        keep: np.ndarray | None = None
        for group in query:
            has = np.zeros(len(self), dtype=bool)
            for term in group:
                term_has = np.ones(len(self), dtype=bool)
                for lexeme in dict.fromkeys(lexeme for lexeme, _ in term):
                    rows, _ = self.postings(lexeme)
                    present = np.zeros(len(self), dtype=bool)
                    present[rows] = True
                    term_has &= present
                has |= term_has
            keep = has if keep is None else keep & has
        assert keep is not None
        rows = np.flatnonzero(keep)
        if allowed is not None and len(rows):
            rows = rows[_among(self.ids[rows], allowed)]
        if near is not None and len(rows):
            rows = rows[lexical.in_box(self.boxes[rows], lexical.box(*near))]
        return rows if len(rows) else None


def _query(groups: Sequence[Sequence[str]], *, skip_unreadable: bool) -> list[list[Term]] | None:
    """The query as `lexical._ts_query` builds it: every group (any of its terms), a term's
    tsquery without lexemes dropped by `||` and `&&`, as a group left without any. A term
    the parser cannot read: None, or (`skip_unreadable`, where the database has matched the
    rows) left out of the scores."""
    asked = terms.of(t for g in groups for t in g)
    query: list[list[Term]] = []
    for group in groups:
        group_terms: list[Term] = []
        for term in dict.fromkeys(group):
            found = asked[term]
            if found is None and not skip_unreadable:
                return None
            if found:
                group_terms.append(found)
        if group_terms:
            query.append(group_terms)
    return query


def _among(ids: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """Which of `ids` are in `allowed` (quicker when `allowed` is sorted: then not sorted
    again)."""
    allowed = np.asarray(allowed, dtype=np.int64)
    if len(allowed) > 1 and not np.all(allowed[1:] >= allowed[:-1]):
        allowed = np.sort(allowed)
    if not len(allowed):
        return np.zeros(len(ids), dtype=bool)
    at = np.minimum(np.searchsorted(allowed, ids), len(allowed) - 1)
    found: np.ndarray = allowed[at] == ids
    return found


@dataclasses.dataclass(frozen=True)
class _Occurrences:
    """The candidate rows' occurrences of the query's lexemes: by row, then position, then
    weight, then the lexeme (numbered by `rank`, in byte order)."""

    lexemes: list[str]
    row: np.ndarray
    position: np.ndarray
    weight: np.ndarray
    rank: np.ndarray
    first: np.ndarray  # each row's first occurrence
    last: np.ndarray  # and its last
    # (row, position, lexeme) of each occurrence, sorted, and where each is (None: in order)
    lookup: np.ndarray
    lookup_order: np.ndarray | None

    @classmethod
    def of(cls, words: PgWords, query: list[list[Term]], candidates: np.ndarray) -> _Occurrences:
        lexemes = sorted(
            {lexeme for group in query for term in group for lexeme, _ in term},
            key=lambda lexeme: lexeme.encode(),
        )
        wanted = np.zeros(len(words), dtype=bool)
        wanted[candidates] = True
        keys = [np.zeros(0, dtype=np.int64)]
        for number, lexeme in enumerate(lexemes):
            rows, positions = words.postings(lexeme)
            kept = wanted[rows]
            rows, positions = rows[kept].astype(np.int64), positions[kept].astype(np.int64)
            position, weight = positions & _MAX_POSITION, positions >> _POSITION_BITS
            keys.append(rows << 32 | position << 18 | weight << 16 | number)
        # Each lexeme's keys are in order already: a stable sort merges the runs.
        key = np.sort(np.concatenate(keys), kind="stable")
        row = key >> 32
        position = (key >> 18) & _MAX_POSITION
        rank = key & 0xFFFF
        first = np.flatnonzero(np.r_[True, row[1:] != row[:-1]]) if len(key) else key[:0]
        lookup = row << 32 | position << 18 | rank
        in_order = bool(np.all(lookup[1:] > lookup[:-1]))
        lookup_order = None if in_order else np.argsort(lookup, kind="stable")
        return cls(
            lexemes=lexemes,
            row=row,
            position=position,
            weight=(key >> 16) & 3,
            rank=rank,
            first=first,
            last=np.r_[first[1:], len(key)] - 1 if len(key) else key[:0],
            lookup=lookup if lookup_order is None else lookup[lookup_order],
            lookup_order=lookup_order,
        )

    def __len__(self) -> int:
        return len(self.row)

    def find(self, keys: np.ndarray) -> np.ndarray:
        """Each (row, position, lexeme) key's occurrence, -1 if none."""
        at = np.minimum(np.searchsorted(self.lookup, keys), len(self) - 1)
        hit = self.lookup[at] == keys
        found = at if self.lookup_order is None else self.lookup_order[at]
        return np.where(hit, found, -1)

    def matches(self, term: Term) -> tuple[np.ndarray, np.ndarray]:
        """(last occurrence, first occurrence) of each match of a term: a lexeme's every
        occurrence, or a phrase's words each at its distance before its last word."""
        ranks = {lexeme: rank for rank, lexeme in enumerate(self.lexemes)}
        anchor = next(lexeme for lexeme, distance in term if distance == 0)
        at_anchor = np.flatnonzero(self.rank == ranks[anchor])
        if len(term) == 1:
            return at_anchor, at_anchor
        ends, starts = at_anchor.copy(), at_anchor.copy()
        ok = np.ones(len(at_anchor), dtype=bool)
        row, end = self.row[at_anchor], self.position[at_anchor]
        for lexeme, distance in term:
            position = end - distance
            found = self.find(row << 32 | np.maximum(position, 0) << 18 | ranks[lexeme])
            ok &= (found >= 0) & (position >= 1)
            ends = np.maximum(ends, found)
            starts = np.where(found >= 0, np.minimum(starts, found), starts)
        return ends[ok], starts[ok]


def _bm25(
    words_: PgWords,
    query: list[list[Term]],
    candidates: np.ndarray,
    totals: Totals,
    documents: Mapping[Term, int],
    *,
    matched_already: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """(rows, bm25 scores) of the candidate rows that match the query (every group: one of
    its terms), or (`matched_already`: the database found them) of every candidate:
    `fts5Bm25Function`'s arithmetic, in its order, in float64 (as `words.Copy._bm25`)."""
    occurrences = _Occurrences.of(words_, query, candidates)
    weights = column_weights()
    rows = occurrences.row[occurrences.first]
    slot = np.repeat(np.arange(len(rows)), occurrences.last - occurrences.first + 1)
    matched = np.ones(len(rows), dtype=bool)
    frequencies: list[tuple[Term, np.ndarray]] = []
    for group in query:
        has = np.zeros(len(rows), dtype=bool)
        for term in group:
            ends, starts = occurrences.matches(term)
            at = slot[ends]
            has[at] = True
            # Each match weighs its first word's column; sums of small whole numbers (exact).
            weighed = weights[occurrences.weight[starts]]
            frequencies.append((term, np.bincount(at, weights=weighed, minlength=len(rows))))
        matched &= has
    if matched_already:
        # Rows the database matched without any position of the query's lexemes (a vector
        # without positions) score nothing.
        missing = np.setdiff1d(candidates, rows)
        rows = np.r_[rows, missing]
        frequencies = [(t, np.r_[f, np.zeros(len(missing))]) for t, f in frequencies]
        matched = np.ones(len(rows), dtype=bool)
    rows = rows[matched]
    lengths = words_.lengths[rows]
    # k1 * (1 - b + b * D / avgdl), as C evaluates it.
    normal = words.K1 * ((1 - words.B) + (words.B * lengths) / totals.average_length)
    score = np.zeros(len(rows), dtype=np.float64)
    for term, frequency in frequencies:
        hits = documents[term]
        idf = math.log((float(totals.rows - hits) + 0.5) / (float(hits) + 0.5))
        if idf <= 0.0:
            idf = _IDF_FLOOR
        kept = frequency[matched]
        score = score + idf * ((kept * (words.K1 + 1.0)) / (kept + normal))
    return rows, score


# fts5_aux.c: an IDF that is not positive (a term in more than half the rows) counts this.
_IDF_FLOOR = 1e-6


def _best(ids: np.ndarray, rows: np.ndarray, scores: np.ndarray, limit: int) -> dict[int, float]:
    """The best `limit` rows: best score first, then the lower id."""
    if len(scores) > limit > 0:
        # The best `limit` and every row tied with the last of them, then in order.
        cut = np.partition(-scores, limit - 1)[limit - 1]
        kept = -scores <= cut
        rows, scores = rows[kept], scores[kept]
    order = np.lexsort((ids[rows], -scores))[:limit]
    return dict(zip(ids[rows[order]].tolist(), scores[order].tolist(), strict=True))


def _positions(text: str, items: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Every position in the vectors' text ('lexeme':1A,5B 'other':3 ... of one row after
    another) as WordEntryPos values, and each lexeme's number of positions; None unless
    every one of the `items` lexemes has positions.

    Read with numpy over the text between the lexemes (a regular expression a lexeme took
    most of a load at 100,000 entries): splitting at the quotes leaves the lexemes at odd
    places and what follows them at even ones (a quote in a lexeme is doubled: an empty
    piece between); there a colon starts a lexeme's positions, a run of digits is a
    position and a letter after it its weight (none: D)."""
    between = "".join(text.split("'")[2::2])
    raw = np.frombuffer(between.encode("ascii"), dtype=np.uint8)
    colon = raw == ord(":")
    if int(np.count_nonzero(colon)) != items:
        return None
    digit = (raw >= ord("0")) & (raw <= ord("9"))
    first = digit & ~np.r_[False, digit[:-1]]
    token_start = np.flatnonzero(first)
    at = np.flatnonzero(digit)
    token_of = np.cumsum(first, dtype=np.int32)[at] - 1
    lengths = np.bincount(token_of, minlength=len(token_start))
    last = token_start + lengths - 1
    power = (last[token_of] - at).astype(np.float64)
    value = np.bincount(token_of, weights=(raw[at] - ord("0")) * 10.0**power)
    after = np.r_[raw, ord(" ")][last + 1].astype(np.int64)
    weight = np.where((after >= ord("A")) & (after <= ord("D")), ord("D") - after, 0)
    item_of = np.cumsum(colon, dtype=np.int32)[token_start] - 1
    per_item = np.bincount(item_of, minlength=items)
    wep = weight << _POSITION_BITS | np.minimum(value.astype(np.int64), _MAX_POSITION)
    return wep.astype(np.uint16), per_item


# Rows read and turned into arrays at a time: the fetched text and its lexemes as Python
# strings are most of a load's memory.
CHUNK = 2_000


@dataclasses.dataclass
class _Read:
    """What `load` has read so far."""

    numbers: dict[str, int] = dataclasses.field(default_factory=dict)
    ids: list[np.ndarray] = dataclasses.field(default_factory=list)
    boxes: list[np.ndarray] = dataclasses.field(default_factory=list)
    lexemes: list[np.ndarray] = dataclasses.field(default_factory=list)
    rows: list[np.ndarray] = dataclasses.field(default_factory=list)
    positions: list[np.ndarray] = dataclasses.field(default_factory=list)
    count: int = 0
    readable: bool = True

    def add(self, fetched: list[tuple[Any, ...]]) -> None:
        if not self.readable:  # only counted, for the version
            self.count += len(fetched)
            return
        ids = np.fromiter((r[0] for r in fetched), dtype=np.int64, count=len(fetched))
        per_row = np.fromiter((len(r[5] or ()) for r in fetched), dtype=np.int64, count=len(ids))
        numbers = self.numbers
        lexeme_of_item = np.fromiter(
            (numbers.setdefault(lexeme, len(numbers)) for r in fetched for lexeme in r[5] or ()),
            dtype=np.int32,
            count=int(per_row.sum()),
        )
        read = _positions(" ".join(r[6] or "" for r in fetched), len(lexeme_of_item))
        if read is None:
            self.readable = False
            self.count += len(fetched)
            return
        positions, per_item = read
        rows = np.arange(self.count, self.count + len(ids), dtype=np.int32)
        self.ids.append(ids)
        # None (no place) becomes NaN.
        self.boxes.append(np.array([r[1:5] for r in fetched], dtype=np.float64).reshape(-1, 4))
        self.lexemes.append(np.repeat(lexeme_of_item, per_item))
        self.rows.append(np.repeat(np.repeat(rows, per_row), per_item))
        self.positions.append(positions)
        self.count += len(ids)

    def words(self, version: int | None) -> PgWords:
        if not self.readable:
            # A lexeme without positions (a stripped vector): matched, never in a cover.
            return PgWords.unreadable(version)
        lexeme_of = np.concatenate([np.zeros(0, dtype=np.int32), *self.lexemes])
        positions = np.concatenate([np.zeros(0, dtype=np.uint16), *self.positions])
        rows = np.concatenate([np.zeros(0, dtype=np.int32), *self.rows])
        order = np.argsort(lexeme_of, kind="stable")  # rows, then positions, stay in order
        counts = np.bincount(lexeme_of, minlength=len(self.numbers))
        return PgWords(
            version=version,
            ids=np.concatenate([np.zeros(0, dtype=np.int64), *self.ids]),
            boxes=np.concatenate([np.zeros((0, 4)), *self.boxes]),
            lexemes=self.numbers,
            starts=np.r_[0, np.cumsum(counts)].astype(np.int64),
            rows=rows[order],
            positions=positions[order],
            lengths=_spans(rows, positions, self.count),
            exact=not np.any(positions & _MAX_POSITION == _MAX_POSITION),
        )


def _spans(rows: np.ndarray, positions: np.ndarray, count: int) -> np.ndarray:
    """Each row's length: its highest position (0: no words)."""
    spans = np.zeros(count, dtype=np.int64)
    np.maximum.at(spans, rows, (positions & _MAX_POSITION).astype(np.int64))
    return spans.astype(np.float64)


def load() -> PgWords:
    """The index's words as they are now, read in one statement, `CHUNK` rows at a time from a
    server-side cursor, between two reads of the index's version: a copy whose version moved
    meanwhile is labelled None and never used (`versions.Held`)."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        version = versions.read(cursor)
    read = _Read()
    # WITH HOLD: a cursor outside a transaction block (the statement's rows are kept until
    # the cursor is closed).
    with connection.connection.cursor(name="pg_words_load", withhold=True) as cursor:
        cursor.execute(
            "SELECT id, min_latitude, max_latitude, min_longitude, max_longitude, "  # noqa: S608
            f"tsvector_to_array(vector), vector::text FROM {_TABLE} ORDER BY id"
        )
        while fetched := cursor.fetchmany(CHUNK):
            read.add(fetched)
    with connection.cursor() as cursor:
        if versions.read(cursor) != version:
            version = None  # changed while it was read (READ COMMITTED): never used
    return read.words(version)


# The process's copy (`versions.Held`: read again when the index changes, once the change has
# settled, in the background; never used inside a transaction).
held: versions.Held[PgWords] = versions.Held(
    load, vendors=("postgresql",), outside_transactions=True, enabled=lambda: ENABLED
)


# The fallback: the database matches, these read the matched rows' vectors and the totals.
# Every entry and their lengths, with the version, in one statement (one snapshot).
# A row's length: its highest position (a tsvector's positions count every word, stop words
# too, and each column's run on from the last's), kept beside the vector by `lexical.write`
# (`SearchEntry.words_length`): summing it is cheap, reading every vector was not (6 s at
# 100,000 services).
_TOTALS = (
    f"SELECT (SELECT changes FROM {_VERSION_TABLE} WHERE id = 1), COUNT(*), "  # noqa: S608
    f"COALESCE(SUM(e.words_length), 0) FROM {_TABLE} AS e"
)
_DOCUMENTS = (
    f"SELECT (SELECT changes FROM {_VERSION_TABLE} WHERE id = 1), t, "  # noqa: S608
    f"(SELECT COUNT(*) FROM {_TABLE} AS e "
    "WHERE e.vector @@ phraseto_tsquery('english'::regconfig, t)) "
    "FROM unnest(%s::text[]) AS t"
)


@dataclasses.dataclass
class _Kept:
    """The totals and document counts of one version of the index, kept by a process for
    the fallback (outside a transaction: a committed version is never another index)."""

    version: int | None = None
    totals: Totals | None = None
    documents: dict[str, int] = dataclasses.field(default_factory=dict)


_kept = _Kept()
_kept_lock = threading.Lock()


def _database_totals(texts: Sequence[str]) -> tuple[Totals, dict[str, int]]:
    """The index's totals and each term's document count (by its text), read by SQL; kept
    for the version outside a transaction (inside one they are read each time: rows it
    wrote or deleted count)."""
    keep = not connection.in_atomic_block
    with connection.cursor() as cursor:
        version = versions.read(cursor) if keep else None
        with _kept_lock:
            kept = _kept if keep and version is not None and _kept.version == version else None
            totals = kept.totals if kept is not None else None
            documents = dict(kept.documents) if kept is not None else {}
        read_at: set[int | None] = set()
        if totals is None:
            cursor.execute(_TOTALS)
            at, rows, length = cursor.fetchone()
            totals = Totals(rows=int(rows), length=int(length))
            read_at.add(at)
        missing = [t for t in dict.fromkeys(texts) if t not in documents]
        if missing:
            cursor.execute(_DOCUMENTS, [missing])
            for at, text, count in cursor.fetchall():
                documents[text] = int(count)
                read_at.add(at)
    if keep and version is not None and read_at <= {version}:
        with _kept_lock:
            if _kept.version != version:
                _kept.version, _kept.documents = version, {}
            _kept.totals = totals
            if len(_kept.documents) + len(missing) > TERMS_KEPT:
                _kept.documents.clear()
            _kept.documents.update((t, documents[t]) for t in missing)
    return totals, documents


def _matched(found: Any, lexemes: list[str]) -> PgWords:
    """The matches' rows (in id order) with their lengths and their occurrences of these
    lexemes only, read in one statement: the rest of a vector is not needed, and reading it
    whole cost three times the old ranking statement."""
    try:
        rows_sql, params = found.values("id", "vector", "words_length").query.sql_with_params()
    except EmptyResultSet:  # no entries allowed (`id IN ()`): nothing to read
        return PgWords.unreadable(None)
    with connection.cursor() as cursor:
        cursor.execute(
            # Only the QuerySet's own SQL is formatted in; its values are parameters.
            f"SELECT e.id, e.words_length, w.lexeme, w.positions, w.weights "  # noqa: S608
            f"FROM ({rows_sql}) AS e LEFT JOIN LATERAL unnest(e.vector) AS w "
            "ON w.lexeme = ANY(%s::text[]) ORDER BY e.id",
            [*params, lexemes],
        )
        fetched = cursor.fetchall()
    ids: list[int] = []
    lengths: list[int] = []
    numbers: dict[str, int] = {}
    keys: list[int] = []
    for entry, length, lexeme, positions, weights in fetched:
        if not ids or ids[-1] != entry:
            ids.append(entry)
            lengths.append(int(length))
        if positions is None:  # no query lexeme, or one without positions: no occurrence
            continue
        row = len(ids) - 1
        number = numbers.setdefault(lexeme, len(numbers))
        for position, weight in zip(positions, weights, strict=True):
            keys.append(number << 48 | row << 16 | position << 2 | (ord("D") - ord(weight)))
    # Postings by lexeme, then row, then position: as the copy holds them.
    key = np.sort(np.array(keys, dtype=np.int64))
    counts = np.bincount(key >> 48, minlength=len(numbers))
    positions_ = ((key & 3) << _POSITION_BITS | (key >> 2) & _MAX_POSITION).astype(np.uint16)
    return PgWords(
        version=None,
        ids=np.array(ids, dtype=np.int64),
        boxes=np.zeros((len(ids), 4)),
        lexemes=numbers,
        starts=np.r_[0, np.cumsum(counts)].astype(np.int64),
        rows=((key >> 16) & 0xFFFFFFFF).astype(np.int32),
        positions=positions_,
        lengths=np.array(lengths, dtype=np.float64),
        exact=True,
    )


def rank(found: Any, groups: Sequence[Sequence[str]], *, limit: int) -> dict[int, float]:
    """The database's answer to `PgWords.top`: `found` is the SearchEntry QuerySet of the
    matches (`vector @@ query`, filtered); their occurrences of the query's lexemes are read
    and scored by `_bm25` with the index's totals, as the copy scores them."""
    query = _query(groups, skip_unreadable=True)
    if not query:
        return {}
    lexemes = sorted({lexeme for group in query for term in group for lexeme, _ in term})
    matched = _matched(found, lexemes)
    if not len(matched):
        return {}
    asked = terms.of(t for g in groups for t in g)
    totals, counts = _database_totals([t for g in groups for t in g if asked[t]])
    documents: dict[Term, int] = {}
    for text, count in counts.items():
        term = asked.get(text)
        if term:
            documents[term] = count
    rows, scores = _bm25(
        matched,
        query,
        np.arange(len(matched)),
        totals,
        documents,
        matched_already=True,
    )
    return _best(matched.ids, rows, scores, limit)
