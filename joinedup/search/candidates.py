"""Where a search's candidates come from: the services its words find, looked for near the
person first and widening step by step, every word (with its synonyms) required first and any
word only when too few have them all; the filters narrow the full-text matches before they are
ranked (`tags`). Called by `engine.search` (ADR 12).
"""

from __future__ import annotations

from typing import Any

from joinedup.search import lexical, tags, text
from joinedup.search.query import SearchQuery

# Candidates are looked for near the person first, widening step by step until at least
# NEAR_ENOUGH services match the words: within the first distance, then the next, then anywhere
# (or, with a distance filter, up to it). Local services are not crowded out by better matches
# elsewhere, and a search in a city does not rank every match in the country.
NEAR_STEPS_KM = (5.0, 15.0, 30.0)
NEAR_ENOUGH = 20
# When at least this many services have every word (or its synonyms), those are the word
# candidates; otherwise services with any of the words are.
CONJUNCTIVE_ENOUGH = 50


def word_groups(parsed: text.ParsedText) -> list[list[str]]:
    """Each word the person typed with its synonyms (and those of the phrases it is in)."""
    groups = []
    for word in parsed.words:
        group = [word, *parsed.synonyms.get(word, ())]
        for phrase, related in parsed.synonyms.items():
            if " " in phrase and word in phrase.split():
                group.extend(related)
        groups.append(list(dict.fromkeys(group)))
    return groups


def _required_tags(query: SearchQuery, near: tuple[float, float, float] | None) -> list[list[str]]:
    return tags.query_tags(
        intake_mode=query.intake_mode,
        language=query.language.strip(),
        accessibility=query.accessibility,
        term=query.taxonomy_term,
        box=lexical.box(*near) if near is not None else None,
    )


def radii(query: SearchQuery, point: tuple[float, float] | None) -> list[float | None]:
    """The distances (km) to look for candidates within, in turn; None: anywhere."""
    if point is None:
        return [None]
    if query.distance_km is not None:
        return [*(r for r in NEAR_STEPS_KM if r < query.distance_km), query.distance_km]
    return [*NEAR_STEPS_KM, None]


def word_candidates(
    parsed: text.ParsedText,
    query: SearchQuery,
    entries: Any,
    point: tuple[float, float] | None,
    *,
    allowed: Any = None,
) -> dict[int, float]:
    """Entry id → lexical score of the services the words find (see the module docstring).
    `allowed`: the ids of `entries`, when known (`lexical.lexical_scores`)."""
    groups = word_groups(parsed)

    def scores(where: tuple[float, float, float] | None) -> dict[int, float]:
        required = _required_tags(query, where)
        found = {}
        if len(groups) > 1:
            found = lexical.lexical_scores(
                groups, near=where, entries=entries, required=required, allowed=allowed
            )
        if len(found) < CONJUNCTIVE_ENOUGH:
            found = lexical.lexical_scores(
                [list(parsed.terms)],
                near=where,
                entries=entries,
                required=required,
                allowed=allowed,
            )
        return found

    found: dict[int, float] = {}
    for radius in radii(query, point):
        found = scores(None if radius is None or point is None else (*point, radius))
        if len(found) >= NEAR_ENOUGH:
            break
    return found


def any_of_candidates(
    terms: list[str],
    query: SearchQuery,
    entries: Any,
    point: tuple[float, float] | None,
    *,
    limit: int,
    allowed: Any = None,
) -> dict[int, float]:
    """Entry id → lexical score of the best `limit` services with any of these terms (the words
    of the needs a query names, or of a front door), near the person first as above."""
    if not terms:
        return {}
    found: dict[int, float] = {}
    for radius in radii(query, point):
        where = None if radius is None or point is None else (*point, radius)
        found = lexical.lexical_scores(
            [terms],
            limit=limit,
            near=where,
            entries=entries,
            required=_required_tags(query, where),
            allowed=allowed,
        )
        if len(found) >= NEAR_ENOUGH:
            break
    return found


def meaning_box(
    query: SearchQuery, point: tuple[float, float] | None
) -> tuple[float, float, float, float] | None:
    """Where the meaning side looks first: the first step's box (`semantic.similarities` looks
    further afield itself when fewer than its limit of services are there)."""
    radius = radii(query, point)[0]
    return None if radius is None or point is None else lexical.box(*point, radius)
