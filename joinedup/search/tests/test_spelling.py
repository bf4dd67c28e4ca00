"""Spelling help that never rewrites a real word (ADR 15): a word is corrected only when it is
not English, not a UK service word and not in the index, and the meaning side always reads
what the person typed."""

from __future__ import annotations

import pytest

from joinedup.search import engine, semantic, text
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index

# Words people type in distress and about services, spelt right. Each one has a word in the
# directory below, or in English, one or two edits away: a corrector that only knew the index
# would rewrite many of them ("low" and "feeling" → "fleeing", "hits" → "hints").
EVERYDAY_TEXT = """
low feeling feelings scared hits hit partner husband wife boyfriend girlfriend ex skint broke
bailiffs lonely alone respite sad depressed anxious anxiety panic attacks worried worry cope
coping struggling suicidal kill myself die dying hurt hurting harm cutting drinking drunk drugs
gambling debt debts owe rent evicted eviction homeless sleeping rough sofa sleep shelter hostel
hungry food foodbank starving cold heating electric meter bills benefits sanctioned universal
credit pip carers carer caring mum dad nan grandad son daughter kids children baby pregnant
nursery school bullied bullying excluded autism autistic adhd dementia memory forgetful confused
falls fell wheelchair disabled disability deaf blind lost grief grieving bereaved funeral widow
widowed divorce separated custody contact social worker police court prison probation refugee
asylum visa english lessons job jobs work sacked redundant pension older elderly isolated bored
friends befriending counselling therapy talking listening advice help urgent tonight weekend
befriending reablement signposting dementia safeguarding jobcentre hospice scared knackered gutted
feeling fleeing hints heating eating treating beating counting
"""
EVERYDAY_WORDS = EVERYDAY_TEXT.split()
MISSPELT = {
    "dementai": "dementia",
    "councelling": "counselling",
    "benifits": "benefits",
    "accomodation": "accommodation",
}


@pytest.fixture
def directory(make_service):
    make_service("Refuge accommodation", "Safe housing for women fleeing domestic abuse.")
    make_service("Council Tax Reduction", "Help with council tax if you are on a low income.")
    make_service("Dementia advisers", "Help after a diagnosis of dementia.")
    make_service("Counselling service", "Free counselling and talking therapies.")
    make_service("Benefits advice", "Check you get the benefits you are entitled to.")
    make_service("Bereavement support", "Someone to talk to after a death.")
    make_service("Hints and tips", "Cooking hints for treating yourself, beating the heat.")
    make_service("Memory café", "Counting songs and singing for people with memory loss.")
    rebuild_index()


def test_at_least_a_hundred_everyday_words_are_checked():
    assert len(set(EVERYDAY_WORDS)) >= 100


def test_no_correctly_spelt_word_is_rewritten(directory):
    rewritten = {w: text.correct(w) for w in EVERYDAY_WORDS if text.correct(w) is not None}
    assert rewritten == {}
    parsed = text.parse(" ".join(EVERYDAY_WORDS))
    assert parsed.corrections == {}


def test_feeling_low_is_not_corrected_to_fleeing(directory):
    results = search(SearchQuery(text="feeling low"))
    assert results.corrections == {}
    assert "Refuge accommodation" not in [hit.name for hit in results.hits[:1]]


@pytest.mark.parametrize("typed", ["dementai", "councelling", "benifits", "accomodation"])
def test_real_misspellings_are_still_fixed(directory, typed):
    assert text.correct(typed) == MISSPELT[typed]
    assert search(SearchQuery(text=typed)).corrections == {typed: MISSPELT[typed]}


def test_a_misspelling_is_fixed_towards_a_word_of_the_index_or_of_english(db):
    # The index is empty: the English dictionary still knows what was meant.
    assert text.correct("accomodation") == "accommodation"
    assert text.correct("bereavment") == "bereavement"


def test_uk_service_words_are_words(db):
    for word in ("befriending", "reablement", "foodbank", "signposting", "carers", "dementia"):
        assert text.is_word(word), word
        assert text.correct(word) is None


def test_short_words_and_names_are_left_alone(directory):
    assert text.correct("dmen") is None  # four letters: too many neighbours to guess
    # Capitalised after the first word, or in capitals: a place, a person or a scheme.
    assert text.parse("help in Dementai").corrections == {}
    assert text.parse("DEMENTAI help").corrections == {}
    # Capitals everywhere say nothing about names.
    assert text.parse("Dementai Help").corrections == {"dementai": "dementia"}
    assert text.parse("Dementai").corrections == {"dementai": "dementia"}


def test_a_two_edit_correction_must_be_a_common_word(db):
    # "accomodatoin" is two edits from "accommodation" (common): fixed.
    assert text.correct("accomodatoin") == "accommodation"
    # Two edits from only rare words: left alone.
    assert text.correct("rasborra") == "rasbora"  # one edit: any dictionary word will do
    assert text.correct("rasborrra") is None


def test_exact_spelling_searches_what_was_typed(directory):
    results = search(SearchQuery(text="dementai", exact_spelling=True))
    assert results.corrections == {}
    assert search(SearchQuery(text="dementai")).corrections == {"dementai": "dementia"}


def test_the_meaning_side_reads_what_was_typed(directory, monkeypatch):
    read: list[str] = []
    real = semantic.similarities

    def spy(query_text, **kwargs):
        read.append(query_text)
        return real(query_text, **kwargs)

    monkeypatch.setattr(engine.semantic, "similarities", spy)
    results = search(SearchQuery(text="dementai near me"))
    assert results.corrections == {"dementai": "dementia"}
    assert read == ["dementai near me"]


def test_the_searched_text_replaces_only_whole_words():
    corrections = {"dementai": "dementia"}
    assert text.spelled_as_corrected("My mum's  Dementai", corrections) == "My mum's dementia"
    assert text.spelled_as_corrected("dementais dementai", corrections) == "dementais dementia"
