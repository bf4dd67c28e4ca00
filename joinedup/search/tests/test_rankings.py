"""The rankings a process keeps (`rankings`, ADR 20, thirteenth session): a search asked again
at the same version of the index reads the ranking it had, answering exactly as a ranking made
afresh; a change of the index, of the managers' phrases, or a transaction asks afresh."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import transaction

from joinedup.directory.models import TaxonomyTerm
from joinedup.search import engine, needs, rankings, services
from joinedup.search.models import NeedPhrase
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index, reindex_service

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _kept(monkeypatch):
    monkeypatch.setattr(rankings, "ENABLED", True)
    rankings.kept.forget()
    needs.phrases.forget()
    yield
    rankings.kept.forget()
    needs.phrases.forget()


@pytest.fixture
def directory(make_service, words_only):
    made = [
        make_service("Debt advice drop-in", "Help with arrears and bills.", postcode="BS5 6XX"),
        make_service("Money advice line", "Debt and benefits advice.", phone=True),
        make_service("Lunch club", "Befriending and friendship over a meal.", postcode="BS1 4DJ"),
        make_service("Benefits advice", "Advice on universal credit.", postcode="BS5 6XX"),
    ]
    rebuild_index()
    return made


def _names(query: SearchQuery) -> list[str]:
    return [hit.name for hit in engine.search(query).hits]


def _fresh(query: SearchQuery):
    rankings.ENABLED = False
    try:
        return engine.search(query)
    finally:
        rankings.ENABLED = True


def test_a_search_asked_again_reads_the_ranking_it_had_and_answers_the_same(directory):
    query = SearchQuery(text="advice", postcode="BS5 6XX", page_size=2)
    first = engine.search(query)
    assert len(rankings.kept.found) == 1
    (kept,) = rankings.kept.found.values()
    again = engine.search(query)
    assert list(rankings.kept.found.values()) == [kept]
    assert again == first == _fresh(query)
    # The next page, and another page size, from the same kept ranking: as made afresh.
    second = dataclasses.replace(query, page=2)
    assert engine.search(second) == _fresh(second)
    assert engine.search(second).hits != first.hits
    whole = dataclasses.replace(query, page_size=20)
    assert engine.search(whole) == _fresh(whole)
    assert len(rankings.kept.found) == 1
    # The feed's order is the same ranking's.
    assert engine.ranked_ids(query, 10) == [h.service_id for h in _fresh(whole).hits]


def test_each_search_gets_its_own_facets_and_hits(directory):
    query = SearchQuery(text="advice")
    first = engine.search(query)
    first.facets["free"]["free"] = 999
    first.hits.clear()
    again = engine.search(query)
    assert again == _fresh(query) and again.hits


def test_a_change_of_the_index_is_searched_afresh(directory, make_service):
    query = SearchQuery(text="advice", postcode="BS5 6XX")
    before = _names(query)
    added = make_service("Housing advice surgery", "Advice on tenancy.", postcode="BS5 6XX")
    reindex_service(service_id=added.id)
    after = _names(query)
    assert "Housing advice surgery" in after and "Housing advice surgery" not in before
    assert engine.search(query) == _fresh(query)


def test_a_phrase_a_manager_adds_is_understood_at_once(directory, pam):
    query = SearchQuery(text="brew and natter")
    assert "Lunch club" not in _names(query)
    services.add_need_phrase(actor=pam, phrase="brew and natter", need="loneliness")
    assert NeedPhrase.objects.count() == 1
    assert needs.understand("brew and natter").codes == ("loneliness",)
    assert "Lunch club" in _names(query)
    assert engine.search(query) == _fresh(query)


def test_nothing_is_kept_inside_a_transaction(directory):
    query = SearchQuery(text="advice")
    with transaction.atomic():
        engine.search(query)
    assert not rankings.kept.found
    engine.search(query)
    assert len(rankings.kept.found) == 1


def test_nothing_is_kept_with_a_category_filter(directory):
    # The categories' tree is read from its own table, which the index's version does not
    # follow: a search within a category is ranked afresh every time.
    term = TaxonomyTerm.objects.create(name="Money")
    engine.search(SearchQuery(text="advice", taxonomy_term=term.id))
    assert not rankings.kept.found


def test_at_most_size_rankings_are_kept_the_least_recently_asked_dropped(directory, monkeypatch):
    monkeypatch.setattr(rankings.kept, "size", 2)
    for text in ("advice", "debt", "lunch"):
        engine.search(SearchQuery(text=text))
    engine.search(SearchQuery(text="debt"))  # asked again: most recent
    engine.search(SearchQuery(text="meal"))
    kept = [key[-2].text for key in rankings.kept.found]
    assert kept == ["debt", "meal"]


def test_an_operator_may_rank_every_search(directory, settings):
    settings.JOINEDUP_KEEP_RANKINGS = False
    query = SearchQuery(text="advice")
    assert engine.search(query) == engine.search(query) == _fresh(query)
    assert not rankings.kept.found


def test_a_ranking_of_very_many_results_is_not_kept(directory, monkeypatch):
    monkeypatch.setattr(rankings, "RESULTS_KEPT", 1)
    assert engine.search(SearchQuery(text="advice")).total > 1
    assert not rankings.kept.found
    assert engine.search(SearchQuery(text="lunch club")).total == 1
    assert len(rankings.kept.found) == 1


def test_a_search_without_words_keeps_its_page_and_answers_the_same(directory, make_service):
    query = SearchQuery(postcode="BS5 6XX", page_size=2)
    first = engine.search(query)
    assert first.total == 4 and len(rankings.kept.found) == 1
    assert engine.search(query) == first == _fresh(query)
    second = dataclasses.replace(query, page=2)
    assert engine.search(second) == _fresh(second) != first
    whole = _fresh(dataclasses.replace(query, page_size=4))
    assert engine.ranked_ids(query, 4) == [hit.service_id for hit in whole.hits]
    added = make_service("Food bank", postcode="BS5 6XX")
    reindex_service(service_id=added.id)
    assert engine.search(query).total == 5 == _fresh(query).total
