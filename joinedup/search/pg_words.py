"""PostgreSQL: the word ranking of `lexical.lexical_scores`, from a per-process copy of the
index's words (ADR 20).

On PostgreSQL a search's words are matched with `vector @@ query` and ranked with
`ts_rank_cd` (cover density) over every match: for common words at 100,000 services that
statement alone costs more than the whole search may (issue 12 item 9). This module keeps
every entry's lexemes with their positions and weights (and its place box) as numpy arrays,
one copy a process, read from the index in one statement, and ranks a search's words with
array arithmetic.

The answer is the database's own, not an approximation: the same entries, the same float4
scores and the same order (score, then id). `ts_rank_cd` is PostgreSQL 15's `calc_rank_cd`
(src/backend/utils/adt/tsrank.c) step by step: the document's occurrences of the query's
lexemes in order of (position, weight, lexeme); its covers found as `Cover` finds them (the
first end at which the query holds from the current start, then the last start at which it
still holds up to that end; the next search starts just after that start), where the query
"holds" as `TS_execute` decides it, a phrase (`<->`, `<N>`) only where its words stand at
the right distances within the cover; each cover adds `Cpos / (1 + nNoise)` in double
precision with the default weights {0.1, 0.2, 0.4, 1.0}; the sum is cast to float4. The
query's lexemes are the database's own too: each term's `phraseto_tsquery('english', term)`,
asked once a process.

The index's version is checked as `columns` does (`versions`): `held` reads a new copy when
it changes. `top` answers None for what it cannot reproduce;
the caller then ranks in SQL.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from django.db import connection

from joinedup.search import lexical, versions
from joinedup.search.models import SearchEntry

_TABLE = SearchEntry._meta.db_table
# tsrank.c's default weights, D, C, B, A, as C floats (float4), and the inverses
# `calc_rank_cd` computes from them in double precision.
WEIGHTS = np.array([0.1, 0.2, 0.4, 1.0], dtype=np.float32)
_INVERSE = 1.0 / WEIGHTS.astype(np.float64)
# WordEntryPos: the position in the low 14 bits (16383 at most: later words all get 16383,
# where the order of the words is lost and we rank in SQL), the weight in the top two.
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
# Rows and their float4 scores.
_Ranked = tuple[np.ndarray, np.ndarray]


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
    # False: some entry has a word at position 16383 (where later words all stand, and
    # their order is lost) or one without a position, or the vectors could not be read:
    # `top` leaves every search to SQL.
    exact: bool

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
            exact=False,
        )

    def __len__(self) -> int:
        return len(self.ids)

    def nbytes(self) -> int:
        arrays = (self.ids, self.boxes, self.starts, self.rows, self.positions)
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
        promised (the caller ranks in SQL)."""
        if not self.exact:
            return None
        query = self._query(groups)
        if query is None:
            return None
        if not query:
            return {}
        candidates = self._candidates(query, near, allowed)
        if candidates is None:
            return {}
        found_rows, scores = _scores(self, query, candidates)
        if len(scores) > limit > 0:
            # The best `limit` and every row tied with the last of them, then in order.
            cut = np.partition(-scores, limit - 1)[limit - 1]
            kept = -scores <= cut
            found_rows, scores = found_rows[kept], scores[kept]
        order = np.lexsort((found_rows, -scores))[:limit]
        # psycopg reads a float4 from its shortest text, as PostgreSQL writes it: the float
        # of that text, not the float4's exact value.
        return {
            int(self.ids[row]): float(str(score))
            for row, score in zip(found_rows[order].tolist(), scores[order], strict=True)
        }

    def _query(self, groups: Sequence[Sequence[str]]) -> list[list[Term]] | None:
        """The query as `lexical._ts_query` builds it: every group (any of its terms), a
        term's tsquery without lexemes dropped by `||` and `&&`, as a group left without
        any; None: a term the parser cannot read."""
        asked = terms.of(t for g in groups for t in g)
        query: list[list[Term]] = []
        for group in groups:
            group_terms: list[Term] = []
            for term in dict.fromkeys(group):
                found = asked[term]
                if found is None:
                    return None
                if found:
                    group_terms.append(found)
            if group_terms:
                query.append(group_terms)
        return query

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
    """The candidate rows' occurrences of the query's lexemes, in `get_docrep`'s order: by
    row, then position, then weight, then the lexeme's WordEntry (a tsvector keeps its
    lexemes in byte order: `lexemes`, numbered by `rank`)."""

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
        keys = []
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
        first = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
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
            last=np.r_[first[1:], len(key)] - 1,
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

    def latest(self, query: list[list[Term]]) -> np.ndarray:
        """At each occurrence j: the last occurrence i of its row such that the query holds
        on the occurrences i..j (`Cover`'s test, as `TS_execute` makes it: every group has
        a match within them); where there is none yet, the occurrence before the row's
        first. Non-decreasing."""
        latest: np.ndarray | None = None
        for group in query:
            # The latest start of a match of the group (any of its terms) ending here.
            best = np.full(len(self), -1, dtype=np.int64)
            for term in group:
                ends, starts = self.matches(term)
                if len(term) == 1:  # one match an occurrence
                    best[ends] = np.maximum(best[ends], starts)
                else:
                    np.maximum.at(best, ends, starts)
            best = np.maximum.accumulate(best)
            latest = best if latest is None else np.minimum(latest, best)
        assert latest is not None
        row_first = np.repeat(self.first, self.last - self.first + 1)
        found: np.ndarray = np.where(latest >= row_first, latest, row_first - 1)
        return found


def _scores(words: PgWords, query: list[list[Term]], candidates: np.ndarray) -> _Ranked:
    """`calc_rank_cd` of the candidate rows that match the query: (rows, float4 scores)."""
    occurrences = _Occurrences.of(words, query, candidates)
    latest = occurrences.latest(query)
    matched = latest[occurrences.last] >= occurrences.first
    first, last = occurrences.first[matched], occurrences.last[matched]
    # `Cover`, every matched row at once: from `at`, the first end j at which the query
    # holds, and the last start i that still holds up to j; then on from i + 1. Round k
    # finds the rows' k-th covers.
    rounds: list[np.ndarray] = []
    covers_i, covers_j = [], []
    n = len(occurrences)
    end_from = np.searchsorted(latest, np.arange(n), side="left")
    active, at, ends = np.arange(len(first)), first, last
    while len(active):
        j = end_from[np.minimum(at, n - 1)]
        going = (j <= ends) & (at < n)
        active, j, ends = active[going], j[going], ends[going]
        i = latest[j]
        rounds.append(active)
        covers_i.append(i)
        covers_j.append(j)
        at = i + 1
    total = np.zeros(len(first), dtype=np.float64)
    if not rounds:  # the rows have the words but not the phrases
        return occurrences.row[first], total.astype(np.float32)
    values = _cover_values(occurrences, np.concatenate(covers_i), np.concatenate(covers_j))
    # Wdoc: a row's covers added in order, as `calc_rank_cd` adds them.
    start = 0
    for rows_of_round in rounds:
        total[rows_of_round] += values[start : start + len(rows_of_round)]
        start += len(rows_of_round)
    return occurrences.row[first], total.astype(np.float32)


def _cover_values(occurrences: _Occurrences, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Each cover's `Cpos / (1 + nNoise)` in double precision; InvSum adds the inverse
    weights of the cover's occurrences in order."""
    span = j - i
    weight, position = occurrences.weight, occurrences.position
    inverse_sum = _INVERSE[weight[i]]
    for step in range(1, int(span.max(initial=0)) + 1):
        longer = np.flatnonzero(span >= step)
        inverse_sum[longer] += _INVERSE[weight[i[longer] + step]]
    cpos = (span + 1).astype(np.float64) / inverse_sum
    # A cover's words between its first and last: if there seem to be fewer than none (the
    # positions stopped at 16383), half its length.
    noise = (position[j] - position[i]) - span
    noise = np.where(noise < 0, span // 2, noise)
    values: np.ndarray = cpos / (1 + noise).astype(np.float64)
    return values


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
        order = np.argsort(lexeme_of, kind="stable")  # rows, then positions, stay in order
        counts = np.bincount(lexeme_of, minlength=len(self.numbers))
        return PgWords(
            version=version,
            ids=np.concatenate([np.zeros(0, dtype=np.int64), *self.ids]),
            boxes=np.concatenate([np.zeros((0, 4)), *self.boxes]),
            lexemes=self.numbers,
            starts=np.r_[0, np.cumsum(counts)].astype(np.int64),
            rows=np.concatenate([np.zeros(0, dtype=np.int32), *self.rows])[order],
            positions=positions[order],
            exact=not np.any(positions & _MAX_POSITION == _MAX_POSITION),
        )


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
