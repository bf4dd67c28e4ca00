from __future__ import annotations

import pytest

from joinedup.search.engine import search
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index


def names(results) -> list[str]:
    return [hit.name for hit in results.hits]


@pytest.fixture
def directory(make_service):
    make_service("Dementia advisers", "Help after a diagnosis of dementia.")
    make_service("Bereavement support", "Someone to talk to after a death.")
    make_service("Riverside Surgery", "Your local doctor's practice.")
    make_service("Citizens Advice Bristol", "Free advice on money, work and housing.")
    make_service("Carers' café", "Meet other carers over a cup of tea.", postcode="BS5 6XX")
    make_service("Gardening club", "Grow vegetables with neighbours.", postcode="BS9 1AA")
    rebuild_index()


def test_misspelt_words_are_corrected_against_the_index(directory):
    results = search(SearchQuery(text="dementai"))
    assert names(results) == ["Dementia advisers"]
    assert results.corrections == {"dementai": "dementia"}
    assert results.hits[0].explanation.corrections == {"dementai": "dementia"}
    assert names(search(SearchQuery(text="bereavment"))) == ["Bereavement support"]


def test_a_known_word_is_not_corrected(directory):
    assert search(SearchQuery(text="gardening")).corrections == {}


def test_gp_finds_the_doctors_surgery(directory):
    results = search(SearchQuery(text="GP"))
    assert names(results) == ["Riverside Surgery"]
    assert "doctor" in results.hits[0].explanation.synonyms


def test_cab_finds_citizens_advice(directory):
    assert names(search(SearchQuery(text="CAB"))) == ["Citizens Advice Bristol"]


def test_plurals_and_singulars_match(directory):
    assert names(search(SearchQuery(text="carer"))) == ["Carers' café"]
    assert names(search(SearchQuery(text="vegetable"))) == ["Gardening club"]


def test_stopwords_do_not_stop_a_sentence_matching(directory):
    results = search(SearchQuery(text="my mum has dementia and I can't cope"))
    assert names(results)[0] == "Dementia advisers"


def test_a_postcode_inside_the_text_is_the_place(directory):
    results = search(SearchQuery(text="carers BS5 6XX"))
    assert results.postcode == "BS5 6XX"
    assert names(results) == ["Carers' café"]
    assert results.hits[0].distance_m is not None
    assert results.hits[0].distance_m < 500


def test_a_district_inside_the_text_sorts_by_distance(directory):
    results = search(SearchQuery(text="near BS9"))
    assert results.postcode == "BS9"
    located = [h for h in results.hits if h.distance_m is not None]
    assert [h.name for h in located] == ["Gardening club", "Carers' café"]


def test_words_that_match_nothing_find_nothing(directory):
    assert search(SearchQuery(text="zzzqqq")).total == 0


def test_a_synonym_phrase_with_small_words_is_recognised(make_service):
    make_service("Night shelter", "Emergency beds for rough sleeping.")
    rebuild_index()
    results = search(SearchQuery(text="nowhere to sleep tonight"))
    assert [h.name for h in results.hits] == ["Night shelter"]
    assert "rough sleeping" in results.hits[0].explanation.synonyms
