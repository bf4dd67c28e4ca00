"""Word senses (ADR 14, addendum "Words in their sense"): a word whose sense its neighbours give
("sleep" in "I can't sleep" and in "sleeping rough") is read in that sense, on the needs side
and on the words side, so a person who cannot sleep is not sent to rough sleepers' services
and a person sleeping rough still is."""

from __future__ import annotations

import pytest

from joinedup.directory.models import Attribute, TaxonomyTerm
from joinedup.search import needs
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery

pytestmark = pytest.mark.django_db

HOMELESSNESS = "homelessness"


def _codes(text: str) -> tuple[str, ...]:
    return needs.understand(text).codes


# --- Reading a query ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["I can't sleep", "can't sleep", "cant sleep at night"])
def test_cannot_sleep_is_a_wellbeing_need_and_its_word_is_not_searched_alone(text):
    understood = needs.understand(text)
    assert understood.codes == ("mental-health",)
    # "sleep" alone is a homelessness word ("rough sleeping"): it is not searched for alone.
    assert "sleep" in understood.idiom_words


@pytest.mark.parametrize(
    "text",
    [
        "sleeping rough",
        "I'm sleeping on the streets",
        "nowhere to sleep tonight",
        "sleeping in my car",
        "need somewhere to sleep",
    ],
)
def test_sleeping_rough_is_homelessness_and_keeps_its_words(text):
    understood = needs.understand(text)
    assert HOMELESSNESS in understood.codes
    assert "mental-health" not in understood.codes
    # Here "sleep" is the need's own word: the words side still searches for it.
    assert not {"sleeping", "sleep"} & understood.idiom_words


def test_nowhere_to_sleep_tonight_is_urgent():
    assert needs.understand("nowhere to sleep tonight").urgency == "urgent"
    assert needs.understand("I can't sleep").urgency == "soon"


@pytest.mark.parametrize(
    ("text", "wanted", "not_wanted"),
    [
        # "falling" for an older person, not for money or family.
        ("my mum keeps falling", "help-at-home", None),
        ("mum falls a lot", "help-at-home", None),
        ("falling behind with rent", "debt", "help-at-home"),
        ("falling out with my sister", None, "help-at-home"),
        ("I can't fall asleep", "mental-health", "help-at-home"),
        # "broke": no money, not a car.
        ("I'm broke", "debt", None),
        ("my car broke down", None, "debt"),
        # "kicked out": of a home, not of school.
        ("my parents kicked me out", HOMELESSNESS, "parenting"),
        ("my son was kicked out of school", "parenting", HOMELESSNESS),
        # "rough": sleeping, or feeling ill.
        ("feeling rough", "health", HOMELESSNESS),
        # Words with other everyday senses.
        ("help with weeding the garden", None, "drugs-alcohol"),
        ("smoking weed every day", "drugs-alcohol", None),
        ("there's a crack in my ceiling", None, "drugs-alcohol"),
        ("I'm confused about my benefits", "benefits", "dementia"),
        ("my dad gets really confused", "dementia", None),
        ("sick of my neighbours", None, "health"),
        ("she would benefit from befriending", None, "benefits"),
        ("help with parenting", "parenting", None),
        ("feeling low", "mental-health", "benefits"),
        ("low income", "benefits", "mental-health"),
    ],
)
def test_a_word_is_read_in_the_sense_its_neighbours_give_it(text, wanted, not_wanted):
    codes = _codes(text)
    if wanted:
        assert wanted in codes, (text, codes)
    if not_wanted:
        assert not_wanted not in codes, (text, codes)


@pytest.mark.parametrize(
    ("text", "dropped", "kept"),
    [
        ("falling behind with rent", {"falling"}, {"rent", "behind"}),
        ("falling out with my family", {"falling"}, {"family"}),
        ("I can't fall asleep", {"fall"}, {"asleep"}),
        ("feeling rough", {"rough"}, {"feeling"}),
        ("memory loss", {"loss"}, {"memory"}),
        ("losing my home", {"home"}, {"losing"}),
        ("sight loss", {"loss"}, {"sight"}),
        ("mental health", set(), {"mental", "health"}),
        ("food bank", set(), {"food", "bank"}),
    ],
)
def test_a_word_that_alone_would_search_for_another_need_is_left_to_its_phrase(text, dropped, kept):
    idiom = needs.understand(text).idiom_words
    assert dropped <= idiom, (text, idiom)
    assert not kept & idiom, (text, idiom)


def test_a_crisis_need_is_read_whatever_other_sense_a_word_has():
    crisis = needs.shipped().needs["suicide-self-harm"]
    routine = needs.shipped().needs["help-at-home"]
    found = [needs.Found(crisis, 0, 2), needs.Found(routine, 0, 2)]
    kept = needs._in_their_sense(found, [(1, 3)])
    assert [f.need.code for f in kept] == ["suicide-self-harm"]


def test_a_longer_phrase_of_a_need_outweighs_a_shorter_other_sense():
    need = needs.shipped().needs["mental-health"]
    assert needs._in_their_sense([needs.Found(need, 0, 3)], [(1, 3)])
    assert not needs._in_their_sense([needs.Found(need, 1, 3)], [(1, 3)])


def test_an_exact_word_matches_its_own_form_only():
    slots = needs.shipped().slots
    pattern = needs.compile_phrase("=falls", slots)
    assert needs._match_at(pattern, ["fall"], 0, ["falls"]) == 1
    assert needs._match_at(pattern, ["fall"], 0, ["falling"]) is None
    # Without the typed words (a stems-only caller) an exact word never matches.
    assert needs._match_at(pattern, ["fall"], 0) is None
    assert "falls" in needs.shipped().known_words


def test_the_services_words_of_each_need_are_known_by_stem():
    owners = needs.shipped().service_words
    assert HOMELESSNESS in owners["sleep"]
    assert "mental-health" not in owners["sleep"]
    assert "help-at-home" in owners["fall"]
    # Little words of the category names say nothing.
    assert "to" not in owners and "and" not in owners


def test_a_weak_reading_widens_the_words_only_when_it_is_all_that_was_said():
    alone = needs.understand("I can't cope")
    assert alone.codes == ("coping",)
    assert "emotional support" in alone.expansion()
    beside = needs.understand("my mum has dementia and I can't cope")
    assert "coping" not in beside.codes
    assert "emotional support" not in beside.expansion()
    # Beside words it does not cover, those words say more than the weak reading does.
    other = needs.understand("struggling with hoarding")
    assert other.codes == ("coping",)
    assert other.expansion() == []


def test_every_other_sense_and_exact_word_compiles():
    vocabulary = needs.shipped()
    assert vocabulary.other_senses
    for phrase in vocabulary.other_senses:
        assert needs.compile_phrase(phrase, vocabulary.slots), phrase
    exact = [p for n in vocabulary.needs.values() for p in n.phrases if needs.EXACT in p]
    assert exact
    for phrase in exact:
        assert all(
            isinstance(part, str) and part.startswith(needs.EXACT) and len(part) > 1
            for part in needs.compile_phrase(phrase, vocabulary.slots)
            if isinstance(part, str) and needs.EXACT in part
        ), phrase


# --- On the demo place --------------------------------------------------------------------------


def _categories(results, n: int) -> list[set[str]]:
    out = []
    for hit in results.hits[:n]:
        found: set[str] = set()
        for attribute in Attribute.objects.filter(link_id=hit.service_id).select_related(
            "taxonomy_term__parent"
        ):
            term: TaxonomyTerm | None = attribute.taxonomy_term
            while term is not None:
                found.add(term.name)
                term = term.parent
        out.append(found)
    return out


@pytest.mark.parametrize("text", ["I can't sleep", "can't sleep", "I can't fall asleep"])
def test_cannot_sleep_finds_wellbeing_not_homelessness_on_the_demo(demo_place, text):
    top = _categories(search(SearchQuery(text=text)), 3)
    assert len(top) == 3, top
    assert not any("Homelessness" in c for c in top), top
    assert all({"Mental health", "Wellbeing activities"} & c for c in top), top


@pytest.mark.parametrize(
    "text",
    ["sleeping rough", "nowhere to sleep tonight", "sleeping in my car", "sleeping on the streets"],
)
def test_sleeping_rough_finds_homelessness_services_on_the_demo(demo_place, text):
    results = search(SearchQuery(text=text))
    top = _categories(results, 3)
    # First, and most of the first three. (The third place differs between the databases'
    # word ranking: PostgreSQL's ts_rank_cd puts a transport service third for "my car".)
    assert "Homelessness" in top[0], top
    assert sum("Homelessness" in c for c in top) >= 2, top
    assert results.urgency == "urgent"


def test_falling_behind_with_rent_finds_money_help_not_falls_on_the_demo(demo_place):
    top = _categories(search(SearchQuery(text="falling behind with rent")), 3)
    assert not any("Help at home" in c for c in top), top
    assert any("Money" in c for c in top), top


def test_an_older_person_falling_still_finds_falls_help_on_the_demo(demo_place):
    top = _categories(search(SearchQuery(text="my mum keeps falling")), 3)
    assert all("Help at home" in c for c in top), top


def test_cannot_cope_alone_finds_people_to_talk_to_on_the_demo(demo_place):
    results = search(SearchQuery(text="I can't cope"))
    assert results.total >= 5
    top = _categories(results, 5)
    assert sum("Mental health" in c for c in top) >= 4, top
