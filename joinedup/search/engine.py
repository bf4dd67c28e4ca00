"""The one search entry point: `search(SearchQuery) -> SearchResults`.

Per request: the full-text engine returns at most `lexical.CANDIDATES` entries for the words,
the sentence-embedding matrix the `SEMANTIC_CANDIDATES` closest in meaning, the filters run in
SQL over the union, and only the survivors are fused and scored for distance in Python, so the
work is bounded by the candidates, not the directory (a query with no words filters the whole
index in SQL). Candidates are looked for near the person when their place is known (further
afield only if too few are near), and the filters narrow the full-text matches before they are
ranked (`tags`). The words are first required all together, each with its synonyms; only when
too few services have them all will any of them do (`candidates`).

Fusion (ADR 8): a convex combination of the lexical and semantic scores, each normalised to its
best candidate, plus a bonus when the words name the service's category and the distance boost.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import functools
import json
import math
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from joinedup.core import postcodes
from joinedup.directory.models import Attribute, TaxonomyTerm
from joinedup.search import (
    audiences,
    candidates,
    columns,
    held_rows,
    needs,
    pg_words,
    rankings,
    safety,
    semantic,
    situations,
    text,
)
from joinedup.search.models import SearchEntry
from joinedup.search.query import (
    ACCEPTING,
    ACCESSIBILITY,
    DAYS,
    Explanation,
    Hit,
    SearchQuery,
    SearchResults,
    SearchValidationError,
)

# Distance boost: full at the door, half at ~3.5 km. It nudges; the words decide.
DISTANCE_WEIGHT = 0.3
DISTANCE_SCALE_M = 5_000.0
# Online and phone services are neither pushed down nor ahead of local ones: they rank as if
# they were a short bus ride away.
NEUTRAL_DISTANCE_M = 3_000.0
# Fusion of word and meaning scores, chosen by measurement (bench/relevance.py, ADR 8): a convex
# combination of the two, each normalised to its best candidate, beat reciprocal rank fusion
# (which throws away how much better the best match is) on every query kind.
FUSION = "convex"  # "convex", "rrf", "lexical" or "semantic"
RRF_K = 60
# Weight of the words in the convex combination. Equal weights, not tuned to the judgments: the
# measured response is flat from 0.3 to 0.5 (ADR 8).
CONVEX_ALPHA = 0.5
SEMANTIC_CANDIDATES = 200
# Cosine similarity from which a service counts as matched by meaning: below it a service is
# not a result unless its words match (all-MiniLM-L6-v2 puts unrelated texts at 0-0.2).
MEANING_FLOOR = 0.35
# Added to the fused score (best hit = 1) when the words name the service's category.
TAXONOMY_WEIGHT = 0.1
# Situations (ADR 14): off, search reads words and meaning alone as before (for measuring).
SITUATIONS = True
# The words of the needs a query names find at most this many services (ADR 14).
NEED_CANDIDATES = 100
# The services of a need read from the situation (the carer's) are candidates too, at most
# this many: a carer's query shows a carers' service (`situations.cover`), and nothing typed
# may name one ("need a blue badge for my mum").
SITUATION_CANDIDATES = 20
# When words and meaning find fewer than CLOSEST_MIN services (none: a few good matches are
# better alone than padded), the CLOSEST_LIMIT closest in meaning are shown anyway, from
# CLOSEST_FLOOR (below it the text is unrelated to every service), then up to FRONT_DOOR_LIMIT
# general ways in.
CLOSEST_MIN = 1
CLOSEST_LIMIT = 10
CLOSEST_FLOOR = 0.2
FRONT_DOOR_LIMIT = 3
# What is read of every candidate (to rank, filter by distance and count facets); the page's
# hits also read their service id and description.
FIELDS = (
    "id",
    "name",
    "organisation",
    "terms",
    "points",
    "is_free",
    "in_person",
    "online",
    "phone",
    "days",
    "capacity_status",
    "intake_mode",
    "languages",
    "accessibility",
    "term_ids",
    "minimum_age",
    "maximum_age",
)
_POINTS = FIELDS.index("points")
_FLAGS = ("is_free", "in_person", "online", "phone")


def _place(query: SearchQuery, notes: list[str]) -> tuple[str, tuple[float, float] | None, str]:
    """(postcode, point, text without the postcode) from the postcode box or the text."""
    if query.postcode.strip():
        try:
            return postcodes.normalise(query.postcode), postcodes.locate(query.postcode), query.text
        except postcodes.PostcodeError as error:
            raise SearchValidationError("postcode", str(error)) from error
    found = postcodes.find_postcode_in_text(query.text)
    if not found:
        return "", None, query.text
    remaining = query.text
    for variant in (found, found.replace(" ", "")):
        remaining = _remove_ci(remaining, variant)
    try:
        return found, postcodes.locate(found), remaining
    except postcodes.PostcodeError as error:
        notes.append(str(error))
        return "", None, remaining


def _remove_ci(haystack: str, needle: str) -> str:
    at = haystack.lower().find(needle.lower())
    return haystack if at < 0 else haystack[:at] + " " + haystack[at + len(needle) :]


def _filtered(query: SearchQuery, postcode: str) -> Any:
    """The published entries the query's filters let through (no words: those rank them)."""
    entries = SearchEntry.objects.filter(published=True)
    entries = _in_category(entries, query.taxonomy_term)
    entries = _for_age(entries, query.age)
    entries = entries.filter(**_flag_filters(query))
    return _in_area(entries, postcode)


def _in_category(entries: Any, term_id: Any) -> Any:
    """Entries filed under the category or any category below it."""
    if term_id is None:
        return entries
    if not TaxonomyTerm.objects.filter(id=term_id).exists():
        raise SearchValidationError("taxonomy_term", "No category has that id")
    return entries.filter(service_id__in=Attribute.objects.service_ids_under(term_id))


def _for_age(entries: Any, age: int | None) -> Any:
    """Entries open to a person of this age (a service without ages is open to everyone)."""
    if age is None:
        return entries
    return entries.filter(
        Q(minimum_age__isnull=True) | Q(minimum_age__lte=age),
        Q(maximum_age__isnull=True) | Q(maximum_age__gte=age),
    )


def _flag_filters(query: SearchQuery) -> dict[str, Any]:
    """The filters that are one condition on one column each, as `filter()` arguments."""
    conditions: dict[str, Any] = {}
    if query.free_only:
        conditions["is_free"] = True
    if query.language.strip():
        conditions["languages__contains"] = f" {query.language.strip().lower()} "
    if query.delivery:
        conditions[query.delivery] = True
    if query.open_on:
        conditions["days__contains"] = query.open_on
    if query.accepting_referrals:
        conditions["capacity_status"] = ACCEPTING
    if query.intake_mode:
        conditions["intake_mode"] = query.intake_mode
    if query.accessibility:
        conditions["accessibility__contains"] = f" {query.accessibility} "
    return conditions


def _in_area(entries: Any, postcode: str) -> Any:
    """A service limited to named districts is left out for people outside them."""
    if not postcode:
        return entries
    area = postcodes.outcode(postcode)
    return entries.filter(Q(outcodes="") | Q(outcodes__contains=f" {area} "))


def _nearest(rows: list[dict[str, Any]], point: tuple[float, float] | None) -> list[float | None]:
    """Each row's distance in metres from the point to its nearest place (None: no place)."""
    counts = [len(row["points"]) for row in rows]
    if point is None or not any(counts):
        return [None] * len(rows)
    flat = np.asarray([p for row in rows for p in row["points"]], dtype=np.float64)
    metres = postcodes.distances_m(point[0], point[1], flat)
    starts = np.cumsum([0, *counts[:-1]])
    placed = [i for i, n in enumerate(counts) if n]
    nearest = np.minimum.reduceat(metres, starts[placed])
    found: list[float | None] = [None] * len(rows)
    for i, value in zip(placed, nearest.tolist(), strict=True):
        found[i] = value
    return found


def _matches(word: str, haystack: set[str], ordered: list[str]) -> bool:
    # Close enough to the engines' stemming for an explanation: "carers" matches "carer".
    # A haystack word starts with the word's stem, or the word starts with a haystack word.
    # `ordered` is the haystack sorted: the words starting with the stem, if any, begin where
    # the stem would be inserted (cheaper than a set of every prefix, ADR 12).
    stem = word[: max(4, len(word) - 2)]
    at = bisect.bisect_left(ordered, stem)
    return (at < len(ordered) and ordered[at].startswith(stem)) or any(
        word[:n] in haystack for n in range(4, len(word) + 1)
    )


def _words_counted(values: Counter[str]) -> dict[str, int]:
    """The words of counted values, each counted as often as its values are, in the order the
    rows first show them (as a `Counter` of every row's words would list them: a value's first
    row is the first row with any of its words that no earlier value had)."""
    counted: dict[str, int] = {}
    for value, n in values.items():
        for word in value.split():
            counted[word] = counted.get(word, 0) + n
    return counted


def _facets(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    # Each distinct value is read once, with the number of rows that have it. Each row holds
    # its terms' ids and their ancestors', so a parent counts its children's.
    days = Counter(r["days"] for r in rows)
    accessibility = Counter(r["accessibility"] for r in rows)
    facets: dict[str, dict[str, int]] = {
        "delivery": {m: sum(1 for r in rows if r[m]) for m in ("in_person", "online", "phone")},
        "free": {"free": sum(1 for r in rows if r["is_free"])},
        "accepting_referrals": {
            "accepting": sum(1 for r in rows if r["capacity_status"] == ACCEPTING)
        },
        "open_on": {d: sum(n for v, n in days.items() if d in v) for d in DAYS},
        "intake_mode": dict(Counter(r["intake_mode"] for r in rows)),
        "language": _words_counted(Counter(r["languages"] for r in rows)),
        "accessibility": {
            a: sum(n for v, n in accessibility.items() if f" {a} " in v) for a in ACCESSIBILITY
        },
    }
    facets["taxonomy_term"] = _words_counted(Counter(r["term_ids"] for r in rows))
    return facets


def _semantic_text(remaining: str) -> str:
    """What the person typed (postcode removed), never a spelling correction: the model reads
    a sentence better than a bag of words, and a wrong correction ("feeling low" → "fleeing")
    must not change what it understands (ADR 15)."""
    return " ".join(remaining.split())


def _ranks(values: dict[int, float]) -> dict[int, int]:
    ordered = sorted(values, key=lambda k: -values[k])
    return {key: rank for rank, key in enumerate(ordered, start=1)}


def _fuse(
    ids: list[int], lexical_scores: dict[int, float], sims: dict[int, float] | None
) -> dict[int, float]:
    """Entry id → fused relevance, best = 1.0."""
    if not ids:
        return {}
    if sims is None or FUSION == "lexical":
        top = max(lexical_scores.values(), default=0.0) or 1.0
        return {i: lexical_scores.get(i, 0.0) / top for i in ids}
    if FUSION == "semantic":
        fused = {i: max(sims.get(i, 0.0), 0.0) for i in ids}
    elif FUSION == "convex":
        top_lex = max(lexical_scores.values(), default=0.0) or 1.0
        top_sem = max(sims.values(), default=0.0) or 1.0
        fused = {
            i: CONVEX_ALPHA * lexical_scores.get(i, 0.0) / top_lex
            + (1 - CONVEX_ALPHA) * max(sims.get(i, 0.0), 0.0) / top_sem
            for i in ids
        }
    else:
        lex_rank = _ranks({i: lexical_scores[i] for i in ids if i in lexical_scores})
        sem_rank = _ranks({i: sims[i] for i in ids if i in sims})
        fused = {
            i: (1.0 / (RRF_K + lex_rank[i]) if i in lex_rank else 0.0)
            + (1.0 / (RRF_K + sem_rank[i]) if i in sem_rank else 0.0)
            for i in ids
        }
    top = max(fused.values()) or 1.0
    return {i: v / top for i, v in fused.items()}


def _stems(words: list[str]) -> set[str]:
    return {w[: max(4, len(w) - 2)] for w in words if len(w) >= 3}


@functools.lru_cache(maxsize=4096)
def _term_stems(terms: str) -> frozenset[str]:
    # Many services share the same categories: their stems are worked out once per process.
    return frozenset(_stems(text.words(terms)))


def _id_list(ids: list[int]) -> RawSQL:
    """A subquery yielding these ids from one parameter: the ORM's `__in` prepares a parameter
    per id, which for a thousand candidates costs more than the query."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))


def _rows(entries: Any) -> list[dict[str, Any]]:
    """The FIELDS of every entry in the QuerySet, read straight from the cursor: a search reads
    hundreds of candidates, and the ORM's per-value converters cost more than the query."""
    try:
        sql, params = entries.values_list(*FIELDS).query.sql_with_params()
    except EmptyResultSet:  # no candidates
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    # SQLite returns booleans as 0/1 and JSON as text (decoded as one array: cheaper than a
    # parse a row); PostgreSQL as bool and list.
    points = [values[_POINTS] for values in fetched]
    if points and isinstance(points[0], str):
        points = json.loads("[" + ",".join(points) + "]")
    rows = []
    for values, place in zip(fetched, points, strict=True):
        row = dict(zip(FIELDS, values, strict=True))
        row["points"] = place
        for flag in _FLAGS:
            row[flag] = bool(row[flag])
        rows.append(row)
    return rows


def _gather(
    query: SearchQuery,
    parsed: text.ParsedText,
    understood: needs.Understanding,
    remaining: str,
    entries: Any,
    point: tuple[float, float] | None,
    allowed: np.ndarray | None = None,
) -> tuple[dict[int, float], dict[int, float] | None, set[int], bool]:
    """(lexical scores, similarities, candidate ids, closest matches?) of a query with words.
    `allowed`: the ids of `entries`, when the column store knows them."""
    own = situations.without_idioms(parsed, understood)
    typed = (
        candidates.word_candidates(own, query, entries, point, allowed=allowed) if own.terms else {}
    )
    widened = candidates.any_of_candidates(
        understood.expansion(), query, entries, point, limit=NEED_CANDIDATES, allowed=allowed
    )
    scores = situations.combine(typed, widened)
    box = candidates.meaning_box(query, point)
    sims = semantic.similarities(
        understood.meaning_text(_semantic_text(remaining)),
        also=list(scores),
        limit=SEMANTIC_CANDIDATES,
        near=box,
        near_only=box is not None,
    )
    found = set(scores)
    if sims is not None:
        found.update(i for i, sim in sims.items() if sim >= MEANING_FLOOR)
    # Only beside something found: text unrelated to every service stays empty.
    if SITUATIONS and found:
        found.update(
            candidates.any_of_candidates(
                understood.situation_words(),
                query,
                entries,
                point,
                limit=SITUATION_CANDIDATES,
                allowed=allowed,
            )
        )
    closest = False
    if SITUATIONS and len(found) < CLOSEST_MIN and sims:
        # Never an empty page for a real need: the services closest in meaning, then the
        # partnership's front door. Text unrelated to every service stays empty.
        nearest = sorted(sims, key=lambda i: -sims[i])[:CLOSEST_LIMIT]
        extra = {i for i in nearest if sims[i] >= CLOSEST_FLOOR} - found
        if extra:
            closest = True
            found |= extra
            found |= set(
                candidates.any_of_candidates(
                    needs.front_door_terms(),
                    query,
                    entries,
                    point,
                    limit=FRONT_DOOR_LIMIT,
                    allowed=allowed,
                )
            )
    return scores, sims, found, closest


@dataclasses.dataclass(frozen=True)
class _Ranking:
    """Every result of a query, best first: [score, distance, row, needs met, too young], and
    the details (`_details`) already read of some of them."""

    ranked: list[list[Any]]
    sims: dict[int, float] | None
    closest: bool
    details: dict[int, dict[str, Any]] = dataclasses.field(default_factory=dict)
    # What searches made of it, for the next search of a kept ranking (`rankings`): the
    # filters' counts, and the hits of each page asked for (by page, size and day).
    made: dict[Any, Any] = dataclasses.field(default_factory=dict)

    def facets(self) -> dict[str, dict[str, int]]:
        """The filters' counts over every result, each search given its own copy."""
        if "facets" not in self.made:
            self.made["facets"] = _facets([item[2] for item in self.ranked])
        return {name: dict(counts) for name, counts in self.made["facets"].items()}

    def hits(self, key: tuple[Any, ...], make: Callable[[], list[Hit]]) -> list[Hit]:
        """A page's hits (each a frozen Hit), made once a ranking, each search its own list."""
        if key not in self.made:
            self.made[key] = make()
        return list(self.made[key])


_ENTRIES = SearchEntry._meta.db_table


def _details(entry_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Entry id → its service id and description, for the hits."""
    return _read(entry_ids, body=True)


def _read(entry_ids: Sequence[int], *, body: bool) -> dict[int, dict[str, Any]]:
    """Entry id → its service id (and description, with `body`): one statement through the
    cursor (the ORM's query and its per-value converters cost more than the statement, ADR
    20; the public feed maps up to a thousand ranked entries to their services)."""
    if not entry_ids:
        return {}
    among = _id_list(sorted(entry_ids))
    columns = "id, service_id, body" if body else "id, service_id"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {_ENTRIES} WHERE id IN ({among.sql})",  # noqa: S608
            among.params,
        )
        rows = cursor.fetchall()
    # SQLite keeps a UUID as 32 hex digits, PostgreSQL as a uuid.
    return {
        row[0]: {
            "service_id": row[1] if isinstance(row[1], uuid.UUID) else uuid.UUID(row[1]),
            **({"body": row[2]} if body else {}),
        }
        for row in rows
    }


@dataclasses.dataclass(frozen=True)
class _Asked:
    """A query as understood before any service is looked at."""

    postcode: str
    point: tuple[float, float] | None
    remaining: str
    understood: needs.Understanding
    parsed: text.ParsedText
    notes: list[str]

    @property
    def worded(self) -> bool:
        """Words (or needs) rank the results; without them, the filters and the place alone."""
        return bool(self.parsed.terms or self.understood.needs)


def _ask(query: SearchQuery) -> _Asked:
    query.validate()
    notes: list[str] = []
    postcode, point, remaining = _place(query, notes)
    understood = needs.Understanding()
    if SITUATIONS:
        # What the crisis panel reads, read here too, so the results meet the risk it shows.
        understood = situations.with_signalled_needs(
            needs.understand(remaining), safety.assess_text(remaining), remaining
        )
    parsed = text.parse(remaining, spelling=not query.exact_spelling)
    parsed = situations.keep_known_words(parsed) if SITUATIONS else parsed
    return _Asked(postcode, point, remaining, understood, parsed, notes)


def _nearness(distances: Sequence[float | None], weight: float) -> list[float]:
    """The distance boosts (a service with no place counts as NEUTRAL_DISTANCE_M away): the
    weight times e to the minus distance over DISTANCE_SCALE_M, each step one IEEE operation
    (numpy's negation, division and product are Python's, and the exponential is `math.exp`),
    so a boost is the same float however many are computed at once."""
    near_m = np.asarray(
        [NEUTRAL_DISTANCE_M if d is None else d for d in distances], dtype=np.float64
    )
    exponents = (-near_m / DISTANCE_SCALE_M).tolist()
    boosts = weight * np.fromiter(map(math.exp, exponents), dtype=np.float64, count=len(exponents))
    found: list[float] = boosts.tolist()
    return found


def _filters_only_scores(distances: list[float | None]) -> list[float]:
    # What `_rank` adds up for a search without words near a place, operation for operation.
    return [0.0 + boost for boost in _nearness(distances, 1.0)]


def _filters_only_estimate(distances: np.ndarray) -> np.ndarray:
    """`_filters_only_scores` over an array (NaN: no place) with numpy's exponential, which
    may differ from `math.exp` in the last bits: the column store orders by it only where
    the difference cannot matter (`columns.exact_ranks`)."""
    near_m = np.where(np.isnan(distances), NEUTRAL_DISTANCE_M, distances)
    estimated: np.ndarray = 0.0 + 1.0 * np.exp(-near_m / DISTANCE_SCALE_M)
    return estimated


def _rank(query: SearchQuery, asked: _Asked) -> _Ranking:
    """The ranking both `search` and `ranked_ids` read, so they cannot disagree on the order:
    one the process kept for the same query at the same version of the index (`rankings`), or
    made now."""
    ranking: _Ranking = rankings.kept.get(
        _kept_as(query, asked),
        lambda: _ranked(query, asked),
        worth=lambda made: len(made.ranked) <= rankings.RESULTS_KEPT,
    )
    return ranking


def _kept_as(query: SearchQuery, asked: _Asked) -> tuple[Any, ...] | None:
    """What a ranking of the query is kept under (None: not kept): the index's version (read
    first, before anything the ranking reads), the query but its page (and "today", which only
    the hits read), all the engine understood of it, and the switches that change a ranking."""
    if query.taxonomy_term is not None:
        return None  # the categories' tree is read from its own table, not versioned
    index = rankings.version_key()
    if index is None:
        return None
    whole = dataclasses.replace(query, page=1, page_size=1, today=None)
    switches = (SITUATIONS, semantic.enabled(), pg_words.ENABLED)
    return (*index, switches, whole, repr(asked))


def _ranked(query: SearchQuery, asked: _Asked) -> _Ranking:
    postcode, point, remaining = asked.postcode, asked.point, asked.remaining
    understood, parsed = asked.understood, asked.parsed
    entries = _filtered(query, postcode)
    worded = asked.worded
    scores: dict[int, float] = {}
    sims: dict[int, float] | None = None
    closest = False
    rows = None
    if worded:
        allowed = _allowed(query, postcode)
        scores, sims, found, closest = _gather(
            query, parsed, understood, remaining, entries, point, allowed
        )
        rows = _held_rows(query, postcode, found)
        entries = entries.filter(id__in=_id_list(sorted(found)))
    # Ties (same score and name) are in id order, as `columns` and `held_rows` have them.
    rows = _rows(entries.order_by("id")) if rows is None else rows
    fused = _fuse([row["id"] for row in rows], scores, sims) if worded else {}
    query_stems = _stems([*parsed.words, *(w for s in parsed.synonyms.values() for w in s)])
    families = situations.families(rows) if worded and understood.firm else {}
    reading = situations.read(understood)
    ranked: list[list[Any]] = []
    distances = _nearest(rows, point)
    boosts = _nearness(distances, DISTANCE_WEIGHT if worded else 1.0)
    fits = situations.fit_all(rows, reading, families) if worded else None
    for at, (row, distance, boost) in enumerate(zip(rows, distances, boosts, strict=True)):
        # Services with no place (online, phone) are never cut by the distance filter.
        too_far = distance is not None and distance > (query.distance_km or 0) * 1000
        if query.distance_km is not None and too_far:
            continue
        score = fused.get(row["id"], 0.0)
        if parsed.terms and query_stems & _term_stems(row["terms"]):
            score += TAXONOMY_WEIGHT
        adjust, met, young = fits[at] if fits is not None else (0.0, (), False)
        score += adjust
        if point is not None:
            score += boost
        ranked.append([score, distance, row, met, young])
    ranked.sort(key=situations.order)
    details: dict[int, dict[str, Any]] = {}
    if worded:

        def bodies(entry_ids: list[int]) -> dict[int, str]:
            # The whole window is read at once: the first page shows the same services.
            window = [item[2]["id"] for item in ranked[: situations.AGE_WINDOW]]
            details.update(_details([*dict.fromkeys([*window, *entry_ids])]))
            return {i: details[i]["body"] for i in entry_ids if i in details}

        situations.young_by_description(ranked, understood, bodies)
        situations.too_old_for_early_years(ranked, understood)
        audiences.later(
            ranked,
            query.text,
            situations.order,
            harmed_by_partner=situations.harmed_by_partner(understood, query.text),
        )
        situations.cover(ranked, understood)
    return _Ranking(ranked, sims, closest, details)


def _held_rows(query: SearchQuery, postcode: str, found: set[int]) -> list[dict[str, Any]] | None:
    """The rows `_rows` reads of the candidates that pass the filters, from the process's copy
    of the index (`held_rows`); None when it cannot answer."""
    return held_rows.rows(
        FIELDS,
        found,
        _flag_filters(query),
        age=query.age,
        area=postcodes.outcode(postcode) if postcode else "",
        # Read before the store's version is checked: its rows are then the ones checked.
        among=_under(query.taxonomy_term) if query.taxonomy_term is not None else None,
    )


def _under(term_id: Any) -> list[int]:
    """The published entries filed under the category or any category below it."""
    entries = _in_category(SearchEntry.objects.filter(published=True), term_id)
    return [row[0] for row in _fetch(entries.values_list("id"))]


def _filters_only_kept(query: SearchQuery, asked: _Asked, start: int, size: int) -> Any:
    """`_filters_only`'s page, kept as rankings are (`rankings`: the same query, page and
    size at the same version of the index), each search given its own lists and counts."""
    key = _kept_as(query, asked)
    made = rankings.kept.get(
        None if key is None else ("page", start, size, *key),
        lambda: _filters_only(query, asked, start, size),
        worth=lambda found: found is not None,
    )
    if made is None:
        return None
    page, total, facets = made
    return list(page), total, {name: dict(counts) for name, counts in facets.items()}


def _filters_only(query: SearchQuery, asked: _Asked, start: int, size: int) -> Any:
    """(page items as `_Ranking.ranked` has them, total, facets) of a search without words,
    from the process's column store; None when the store cannot answer (then the database
    ranks, as before). The same results as `_rank`, proved by the tests of `columns`."""
    selected = _selected(query, asked.postcode)
    if selected is None:
        return None
    store, rows = selected
    found = store.rank(
        rows,
        asked.point,
        distance_km=query.distance_km,
        scores=_filters_only_scores,
        estimate=_filters_only_estimate,
        start=start,
        size=size,
    )
    read = {
        row["id"]: row for row in _rows(SearchEntry.objects.filter(id__in=_id_list(found.page)))
    }
    if len(read) != len(found.page):  # an entry left the index since the check
        return None
    page = [
        [score, distance, read[i], (), False]
        for i, score, distance in zip(found.page, found.scores, found.distances, strict=True)
    ]
    return page, found.total, found.facets


def _selected(query: SearchQuery, postcode: str) -> tuple[columns.Store, np.ndarray] | None:
    """The column store and its rows that the query's filters let through (as `_filtered`
    does in SQL); None when the store cannot answer."""
    # Read before the store's version is checked: its rows are then the ones checked.
    among = _under(query.taxonomy_term) if query.taxonomy_term is not None else None
    store = columns.held.current()
    if store is None:
        return None
    try:
        rows = store.select(
            _flag_filters(query),
            age=query.age,
            area=postcodes.outcode(postcode) if postcode else "",
            among=among,
        )
    except columns.Unsupported:
        return None
    return store, rows


def _allowed(query: SearchQuery, postcode: str) -> np.ndarray | None:
    """The sorted ids of the entries `_filtered` lets through, from the column store, for
    PostgreSQL's copy of the words (`pg_words`), which ranks only those as the SQL statement
    does; None when the store cannot say (the statement then ranks in SQL). SQLite's copy
    needs none: its statement narrows by the filter tags, as the copy does. Not asked where
    that copy is not used (inside a transaction, or switched off): no store read for nothing."""
    if connection.vendor != "postgresql" or connection.in_atomic_block or not pg_words.ENABLED:
        return None
    selected = _selected(query, postcode)
    if selected is None:
        return None
    store, rows = selected
    found: np.ndarray = np.sort(store.ids[rows])
    return found


def _fetch(entries: Any) -> list[tuple[Any, ...]]:
    try:
        sql, params = entries.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def ranked_ids(query: SearchQuery, limit: int) -> list[uuid.UUID]:
    """The ids of the first `limit` services `search` would return for the query, in its order
    (as paging through it would give them), without building hits, explanations or facets: for
    callers that want the order alone (the public feed)."""
    asked = _ask(query)
    fast = None if asked.worded else _filters_only_kept(query, asked, 0, max(limit, 0))
    ranked = fast[0] if fast is not None else _rank(query, asked).ranked[: max(limit, 0)]
    entry_ids = [item[2]["id"] for item in ranked]
    service_of = held_rows.service_ids(entry_ids)
    if service_of is None:
        service_of = {i: found["service_id"] for i, found in _read(entry_ids, body=False).items()}
    # An entry deleted since it was ranked is left out.
    return [service_of[entry_id] for entry_id in entry_ids if entry_id in service_of]


def search(query: SearchQuery) -> SearchResults:
    """Services that meet the need, near the person, open to them: best first, explained."""
    asked = _ask(query)
    start = (query.page - 1) * query.page_size
    fast = None if asked.worded else _filters_only_kept(query, asked, start, query.page_size)
    if fast is not None:
        page, total, facets = fast
        return _results(query, asked, page, total, facets)
    ranking = _rank(query, asked)
    ranked = ranking.ranked
    return _results(
        query,
        asked,
        ranked[start : start + query.page_size],
        len(ranked),
        ranking.facets(),
        sims=ranking.sims,
        closest=ranking.closest and bool(ranked),
        read=ranking.details,
        kept=ranking,
    )


def _results(
    query: SearchQuery,
    asked: _Asked,
    page: list[list[Any]],
    total: int,
    facets: dict[str, dict[str, int]],
    *,
    sims: dict[int, float] | None = None,
    closest: bool = False,
    read: dict[int, dict[str, Any]] | None = None,
    kept: _Ranking | None = None,
) -> SearchResults:
    """The page's hits (their descriptions read now, unless in `read` already; made once for
    a ranking `kept`) and what is said of all the results."""
    today = query.today or timezone.localdate()

    def made() -> list[Hit]:
        details = dict(read or {})
        details.update(_details([i for item in page if (i := item[2]["id"]) not in details]))
        return [
            _hit(
                score,
                distance,
                row | details[row["id"]],
                asked.parsed,
                today,
                query,
                (sims or {}).get(row["id"]),
                met,
            )
            for score, distance, row, met, _ in page
        ]

    hits = made() if kept is None else kept.hits((query.page, query.page_size, today), made)
    return SearchResults(
        hits=hits,
        total=total,
        page=query.page,
        page_size=query.page_size,
        facets=facets,
        postcode=asked.postcode,
        corrections=asked.parsed.corrections,
        notes=asked.notes,
        closest_matches=closest,
        needs=asked.understood.codes,
        urgency=asked.understood.urgency,
    )


def _hit(
    score: float,
    distance: float | None,
    row: dict[str, Any],
    parsed: text.ParsedText,
    today: datetime.date,
    query: SearchQuery,
    similarity: float | None = None,
    met: tuple[str, ...] = (),
) -> Hit:
    haystack = set(text.words(" ".join((row["name"], row["body"], row["organisation"]))))
    term_words = set(text.words(row["terms"]))
    everything = haystack | term_words
    ordered = sorted(everything)
    matched = [w for w in parsed.words if _matches(w, everything, ordered)]
    synonyms = [
        s
        for group in parsed.synonyms.values()
        for s in group
        if all(_matches(w, everything, ordered) for w in text.words(s))
    ]
    taxonomy = [
        word for word in [*parsed.words, *synonyms] if word in term_words and word not in haystack
    ]
    if query.taxonomy_term is not None:
        taxonomy.append("category filter")
    code = DAYS[today.weekday()]
    return Hit(
        service_id=row["service_id"],
        name=row["name"],
        organisation=row["organisation"],
        score=round(score, 6),
        distance_m=round(distance) if distance is not None else None,
        explanation=Explanation(
            matched_words=tuple(matched),
            corrections={k: v for k, v in parsed.corrections.items() if v in matched},
            synonyms=tuple(dict.fromkeys(synonyms)),
            taxonomy_terms=tuple(dict.fromkeys(taxonomy)),
            distance_m=round(distance) if distance is not None else None,
            open_today=code in row["days"],
            accepting_referrals=row["capacity_status"] == ACCEPTING,
            meaning=similarity is not None and similarity >= MEANING_FLOOR,
            needs=met,
        ),
    )
