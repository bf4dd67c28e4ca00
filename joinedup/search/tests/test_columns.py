"""Searches without words from the column store give exactly the database's ranking: the same
hits (ids, order, scores, distances, explanations), total, pages and facets (counts and the
order of their keys), and never a store older than the index (ADR 20)."""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
from typing import Any

import numpy as np
import pytest
from django.db import connection

from joinedup.directory.models import (
    Accessibility,
    CapacityStatus,
    IntakeMode,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from joinedup.search import columns, engine, versions
from joinedup.search.engine import ranked_ids, search
from joinedup.search.models import SearchEntry
from joinedup.search.query import ACCESSIBILITY, DAYS, DELIVERY_MODES, SearchQuery
from joinedup.search.services import rebuild_index, reindex_service

# Several services on the same spot (ties in distance) and under the same name (ties in name).
PLACES = ["BS5 6XX", "BS5 6XX", "BS1 4DJ", "BS2 9JX", "BS15 1AA", "BS16 2AA", "BA1 1AA"]
NAMES = ["Advice drop-in", "Advice drop-in", "Carers group", "Food bank", "Zumba", "advice line"]
POSTCODES = ["", "BS5", "BS5 6XX", "BS15", "BA1"]


def _fields() -> list[str]:
    return [f.name for f in dataclasses.fields(SearchQuery)]


@pytest.fixture
def terms(db) -> dict[str, TaxonomyTerm]:
    health = TaxonomyTerm.objects.create(name="Health")
    memory = TaxonomyTerm.objects.create(name="Memory", parent=health)
    money = TaxonomyTerm.objects.create(name="Money")
    return {"health": health, "memory": memory, "money": money}


@pytest.fixture
def directory(words_only, make_service, terms) -> list[Service]:
    """Sixty services with every filter varied, some unpublished or of an unpublished
    organisation, some with two places or none, indexed."""
    chance = random.Random(12)
    made = []
    for n in range(60):
        place = chance.choice([*PLACES, "", ""])
        service = make_service(
            chance.choice(NAMES),
            "A service.",
            postcode=place,
            online=not place and chance.random() < 0.7,
            phone=chance.random() < 0.3,
            terms=tuple(chance.sample(list(terms.values()), chance.randint(0, 2))),
            languages=tuple(chance.sample(["en", "pl", "so", "cy"], chance.randint(0, 2))),
            cost=chance.choice([None, None, 5]),
            days=",".join(chance.sample(DAYS, chance.randint(0, 3))),
            areas=chance.choice(["", "", "BS5 BS6", "BS15"]),
            minimum_age=chance.choice([None, None, 11, 65]),
            maximum_age=chance.choice([None, None, 70]) if n % 3 else None,
            capacity_status=chance.choice(list(CapacityStatus.values)),
            intake_mode=chance.choice(list(IntakeMode.values)),
            published=n % 11 != 3,
        )
        if place and chance.random() < 0.4:
            lat, lng = (51.46 + chance.random() / 20, -2.6 + chance.random() / 20)
            second = Location.objects.create(name="Second site", latitude=lat, longitude=lng)
            ServiceAtLocation.objects.create(service=service, location=second)
            said = chance.choice(["Wheelchair ramp", "Hearing loop at the desk", "No lift"])
            Accessibility.objects.create(location=second, description=said)
        made.append(service)
    hidden = Organization.objects.create(name="Closed Trust", published=False)
    made.append(Service.objects.create(organization=hidden, name="Food bank"))
    rebuild_index()
    return made


def _queries(count: int, *, seed: int) -> list[SearchQuery]:
    """Every filter alone, then random combinations of them, with pages of several sizes."""
    choices: dict[str, list[Any]] = {
        "postcode": POSTCODES,
        "free_only": [False, True],
        "delivery": ["", *DELIVERY_MODES],
        "open_on": ["", *DAYS],
        "language": ["", "pl", "PL ", "so", "cy", "welsh", "xx"],
        "accepting_referrals": [False, True],
        "intake_mode": ["", *IntakeMode.values],
        "accessibility": ["", *ACCESSIBILITY],
        "age": [None, 5, 11, 65, 70, 80],
        "distance_km": [None, 0.5, 3.0, 20.0],
        "taxonomy_term": [None, "health", "memory", "money"],
        "page_size": [1, 3, 7, 20],
        "page": [1, 2, 3, 9],
    }
    wanted: list[dict[str, Any]] = [{}]
    for name, values in choices.items():
        wanted.extend({name: value} for value in values[1:])
    chance = random.Random(seed)
    for _ in range(count):
        picked = chance.sample(list(choices), chance.randint(1, 5))
        wanted.append({name: chance.choice(choices[name]) for name in picked})
    return [SearchQuery(**asked) for asked in wanted]


def _concrete(query: SearchQuery, terms: dict[str, TaxonomyTerm]) -> SearchQuery:
    term = query.taxonomy_term
    return (
        dataclasses.replace(query, taxonomy_term=terms[str(term)].id) if term is not None else query
    )


def _same(fast: Any, exact: Any) -> None:
    assert fast == exact
    # Equal dicts may list their keys in another order; the engine's order is kept too.
    assert [(k, list(v.items())) for k, v in fast.facets.items()] == [
        (k, list(v.items())) for k, v in exact.facets.items()
    ]


@pytest.fixture
def answered(monkeypatch) -> list[int]:
    """How many searches the store answered (so a test knows it was not the database)."""
    calls: list[int] = []
    rank = columns.Store.rank

    def counted(self: columns.Store, *args: Any, **kwargs: Any) -> columns.Found:
        calls.append(1)
        return rank(self, *args, **kwargs)

    monkeypatch.setattr(columns.Store, "rank", counted)
    return calls


def _by_database(monkeypatch, query: SearchQuery) -> Any:
    monkeypatch.setattr(columns.held, "current", lambda: None)
    return search(query)


def _by_store(monkeypatch, query: SearchQuery, store: columns.Store) -> Any:
    monkeypatch.setattr(columns.held, "current", lambda: store)
    return search(query)


def test_the_store_ranks_every_filter_combination_as_the_database(
    directory, terms, monkeypatch, answered
):
    store = columns.load()
    queries = [_concrete(q, terms) for q in _queries(250, seed=3)]
    for query in queries:
        _same(_by_store(monkeypatch, query, store), _by_database(monkeypatch, query))
    assert len(answered) == len(queries)
    # The fixture has what could tell the two apart: results that tie on distance and name,
    # several pages, services that are not published.
    everything = _by_database(monkeypatch, SearchQuery(postcode="BS5", page_size=100))
    spots = [(hit.distance_m, hit.name) for hit in everything.hits]
    assert len(spots) != len(set(spots))
    assert SearchEntry.objects.filter(published=False).count() >= 5


def test_pages_walked_through_are_the_database_s_ranking(directory, monkeypatch):
    store = columns.load()
    for postcode in ("", "BS5", "BA1"):
        every = _by_database(monkeypatch, SearchQuery(postcode=postcode, page_size=100)).hits
        walked = []
        for page in range(1, 20):
            query = SearchQuery(postcode=postcode, page=page, page_size=4)
            walked.extend(_by_store(monkeypatch, query, store).hits)
        assert walked == every


def test_the_feed_s_order_without_words_is_the_database_s(directory, monkeypatch, answered):
    store = columns.load()
    for query, limit in itertools.product(
        [SearchQuery(text="the", postcode="BS5"), SearchQuery(postcode="BS15", free_only=True)],
        [0, 1, 5, 1000],
    ):
        monkeypatch.setattr(columns.held, "current", lambda: None)
        exact = ranked_ids(query, limit)
        monkeypatch.setattr(columns.held, "current", lambda: store)
        assert ranked_ids(query, limit) == exact
    assert answered


def test_services_whose_scores_tie_at_different_distances_are_in_name_order(
    directory, terms, monkeypatch, answered
):
    """Ties the score makes of different distances (here every kilometre scores the same)
    are broken as the database path breaks them: by name, then id."""

    def by_kilometre(distances: Any, weight: float) -> list[float]:
        return [weight * -float(round((d if d is not None else 3000.0) / 1000)) for d in distances]

    monkeypatch.setattr(engine, "_nearness", by_kilometre)
    store = columns.load()
    for query in _queries(60, seed=5):
        query = dataclasses.replace(_concrete(query, terms), postcode="BS5")
        _same(_by_store(monkeypatch, query, store), _by_database(monkeypatch, query))
    assert answered


def test_the_distance_boost_is_the_formula_one_service_at_a_time():
    """The boosts computed at once are the floats the formula gives each distance alone."""
    chance = random.Random(1)
    distances = [None, 0.0, 3000.0, *(chance.uniform(0, 2e6) for _ in range(2000))]
    for weight in (engine.DISTANCE_WEIGHT, 1.0):
        alone = [
            weight * math.exp(-(d if d is not None else 3000.0) / engine.DISTANCE_SCALE_M)
            for d in distances
        ]
        assert engine._nearness(distances, weight) == alone


def test_the_estimated_scores_are_within_a_few_units_in_the_last_place():
    """The store orders by numpy's estimate only where it is this close to the formula."""
    chance = random.Random(2)
    distances = [None, 0.0, 3000.0, *(chance.uniform(0, 2e6) for _ in range(5000))]
    exact = np.asarray(engine._filters_only_scores(distances))
    values = np.asarray([np.nan if d is None else d for d in distances])
    estimated = engine._filters_only_estimate(values)
    assert np.all(np.abs(estimated - exact) <= columns.ESTIMATE_ULPS * np.spacing(exact))


def _ranks(scores: list[float]) -> list[int]:
    ranks: list[int] = np.unique(-np.asarray(scores), return_inverse=True)[1].tolist()
    return ranks


def test_score_ranks_are_those_of_the_exact_scores_at_near_ties():
    """Distances a hair apart (the same score, or scores one unit apart), NaN (no place), and
    an estimate a few units in the last place off: the ranks are the exact scores' ranks."""
    chance = random.Random(4)
    base = [chance.uniform(0, 50_000) for _ in range(300)]
    values = np.unique(
        [*base, *(b + chance.choice([1e-12, 1e-9, 1e-6, 0.01]) for b in base[:150]), 3000.0]
    )
    values = np.r_[values, np.nan]
    exact = engine._filters_only_scores([None if v != v else v for v in values.tolist()])
    assert len(set(exact)) < len(exact)  # there are ties to break

    def jittered(array: np.ndarray) -> np.ndarray:
        # Up to four units in the last place either way.
        rough = engine._filters_only_estimate(array)
        for _ in range(chance.randint(0, 4)):
            rough = np.nextafter(rough, rough + chance.choice([-1, 1]))
        return rough

    for _ in range(20):
        found = columns.exact_ranks(values, engine._filters_only_scores, jittered)
        assert found.tolist() == _ranks(exact)

    def wrong(array: np.ndarray) -> np.ndarray:  # too far off: every score is computed
        return -array

    found = columns.exact_ranks(values, engine._filters_only_scores, wrong)
    assert found.tolist() == _ranks(exact)


def test_a_place_s_distances_are_kept_and_then_dropped(directory, monkeypatch, answered):
    """The second search from a place reads its kept distances and answers as the database;
    past PLACES_KEPT places the kept ones are dropped."""
    monkeypatch.setattr(columns, "PLACES_KEPT", 2)
    store = columns.load()
    for postcode in ("BS5", "BS5", "BS15", "BA1", "BS5", "BS5 6XX"):
        query = SearchQuery(postcode=postcode, free_only=True, page_size=7)
        _same(_by_store(monkeypatch, query, store), _by_database(monkeypatch, query))
        assert 1 <= len(store.places) <= 2
    assert len(answered) == 6


def test_a_condition_is_evaluated_as_the_database_evaluates_it(directory):
    """Equality and `contains` (SQLite's LIKE ignores the case of ASCII letters, PostgreSQL's
    does not), against the database's own answer."""
    store = columns.load()
    published = SearchEntry.objects.filter(published=True)
    for lookup, value in [
        ("languages__contains", " pl "),
        ("languages__contains", " PL "),
        ("languages__contains", "l"),
        ("days__contains", "sa"),
        ("days__contains", "SA"),
        ("intake_mode", IntakeMode.JOINEDUP.value),
        ("intake_mode", IntakeMode.JOINEDUP.value.upper()),
        ("is_free", True),
        ("accessibility__contains", " wheelchair "),
    ]:
        rows = store.select({lookup: value}, age=None, area="", among=None)
        expected = set(published.filter(**{lookup: value}).values_list("id", flat=True))
        assert set(store.ids[rows].tolist()) == expected, (lookup, value)
    with pytest.raises(columns.Unsupported):
        store.select({"name__icontains": "advice"}, age=None, area="", among=None)


def test_the_store_knows_every_field_of_a_query():
    """A new filter on SearchQuery must be taught to `columns.Store.select` (or the engine's
    `_filters_only` must send searches with it to the database) before this passes."""
    assert set(_fields()) == {
        "text",
        "postcode",
        "distance_km",
        "taxonomy_term",
        "age",
        "free_only",
        "language",
        "delivery",
        "open_on",
        "accepting_referrals",
        "intake_mode",
        "accessibility",
        "exact_spelling",
        "page",
        "page_size",
        "today",
    }


def _version() -> int | None:
    with connection.cursor() as cursor:
        return columns._version(cursor)


def test_every_kind_of_edit_changes_the_version(directory, terms, make_service, monkeypatch):
    """The store is used only while the index's version is the one it was read at: an edit of
    each kind changes it (so the store is read again), and a store read afterwards ranks the
    edited directory as the database does."""
    store = columns.load()
    assert store.version == _version()
    hidden, shown, gone = directory[0], directory[3], directory[5]
    assert not shown.published

    def unpublish() -> None:
        hidden.published = False
        hidden.save(update_fields=["published"])
        reindex_service(service_id=hidden.id)

    def publish() -> None:
        shown.published = True
        shown.save(update_fields=["published"])
        reindex_service(service_id=shown.id)

    def add() -> None:
        reindex_service(service_id=make_service("Zumba", postcode="BS5 6XX").id)

    def delete() -> None:
        gone.delete()  # the index row goes with it (no re-index)

    def make_free() -> None:
        hidden.cost_options.all().delete()
        reindex_service(service_id=hidden.id)

    for edit in (unpublish, publish, add, delete, make_free):
        before = _version()
        edit()
        assert _version() != before, edit.__name__
    assert store.version != _version()
    again = columns.load()
    for query in _queries(40, seed=8):
        query = _concrete(query, terms)
        _same(_by_store(monkeypatch, query, again), _by_database(monkeypatch, query))


def test_a_store_older_than_the_index_is_not_used(directory, monkeypatch, answered):
    columns.held.forget()
    monkeypatch.setattr(columns.held, "copy", columns.load())
    service = directory[0]
    service.delete()
    # Inside a transaction (a test's) the store is not read again: the database answers.
    assert columns.held.current() is None
    results = search(SearchQuery(page_size=100))
    assert service.id not in [hit.service_id for hit in results.hits]
    assert not answered


@pytest.mark.django_db(transaction=True)
def test_a_search_sees_an_edit_at_once(words_only, make_service, monkeypatch):
    """Outside a transaction (as a web request is), the store answers, and after an edit the
    next search reads it again (once the edit has settled) and answers with the edit, as the
    database does."""
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 0.0)
    columns.held.forget()
    try:
        for n, spot in enumerate(["BS5 6XX", "BS5 6XX", "BS1 4DJ", "BS15 1AA"]):
            make_service(f"Group {n}", postcode=spot)
        rebuild_index()
        query = SearchQuery(postcode="BS5", page_size=50)

        def both() -> list[str]:
            fast = search(query)
            assert columns.held.copy is not None and columns.held.copy.version == _version()
            real = columns.held.current
            monkeypatch.setattr(columns.held, "current", lambda: None)
            _same(fast, search(query))
            monkeypatch.setattr(columns.held, "current", real)
            return [hit.name for hit in fast.hits]

        assert both() == ["Group 0", "Group 1", "Group 2", "Group 3"]
        first = Service.objects.get(name="Group 0")
        first.published = False
        first.save(update_fields=["published"])
        reindex_service(service_id=first.id)
        assert both() == ["Group 1", "Group 2", "Group 3"]
        first.published = True
        first.save(update_fields=["published"])
        reindex_service(service_id=first.id)
        assert both() == ["Group 0", "Group 1", "Group 2", "Group 3"]
        reindex_service(service_id=make_service("A new group", postcode="BS5 6XX").id)
        assert both() == ["A new group", "Group 0", "Group 1", "Group 2", "Group 3"]
        Service.objects.get(name="Group 2").delete()
        assert both() == ["A new group", "Group 0", "Group 1", "Group 3"]
    finally:
        columns.held.forget()


@pytest.mark.django_db(transaction=True)
def test_while_the_index_changes_the_database_answers(words_only, make_service, monkeypatch):
    """A store older than the index is read again only once the new version has stood
    SETTLE_SECONDS (an import changes it many times a second); meanwhile the database answers,
    with the edit."""
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 3600.0)
    columns.held.forget()
    try:
        make_service("Group 0", postcode="BS5 6XX")
        rebuild_index()
        query = SearchQuery(postcode="BS5", page_size=50)
        assert [hit.name for hit in search(query).hits] == ["Group 0"]
        old = columns.held.copy
        assert old is not None
        reindex_service(service_id=make_service("A new group", postcode="BS5 6XX").id)
        assert columns.held.current() is None
        assert [hit.name for hit in search(query).hits] == ["A new group", "Group 0"]
        monkeypatch.setattr(versions, "SETTLE_SECONDS", 0.0)
        assert columns.held.current() not in (None, old)
    finally:
        columns.held.forget()
