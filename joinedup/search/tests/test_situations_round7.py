"""The seventh situations round (ADR 14, fifteenth session): 49 everyday phrasings written before
the engine was changed (`situations_round7.py`) and 12 more written after the changes and not
tuned to (`situations_round7_after.py`), checked on the demo place, and the general rules the
round brought: an overdose taken is met by a health service first and the urgent mental health
services after it (no unrelated clinic); a service whose name is for another need, or for a
crisis nobody asked about, comes after those that meet the need read; whose the need is said
as the first word or as a relative by marriage is not searched; and the vocabulary's new
readings (a drug said beside stopping or depending, equipment to borrow, a newcomer, getting
dressed, back into work)."""

from __future__ import annotations

import pytest

from joinedup.search import needs, safety, situations
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery
from joinedup.search.tests import rounds
from joinedup.search.tests import situations_round7 as round7
from joinedup.search.tests import situations_round7_after as after
from joinedup.search.tests.rounds import ranked_item

pytestmark = pytest.mark.django_db

ALL = rounds.every_case(round7.CLASSES)
AFTER = rounds.every_case(after.CLASSES)
# The overdoses taken: the crisis panel shows for them, and only them.
OVERDOSES = {text for text, expected, _ in ALL + AFTER if expected == [round7.URGENT]}

# The phrasings that miss on the demo place (SQLite) after the fifteenth session, with why.
KNOWN_MISSES: dict[str, str] = {}
KNOWN_MISSES_POSTGRESQL: dict[str, str] = KNOWN_MISSES


def _names(text: str, n: int = 5) -> list[str]:
    return [hit.name for hit in search(SearchQuery(text=text)).hits[:n]]


def test_the_round_holds_new_phrasings():
    texts = [text for text, _, _ in ALL + AFTER]
    assert len(ALL) >= 40
    assert len(round7.CLASSES) >= 12
    assert len(AFTER) >= 12
    assert len(set(texts)) == len(texts)
    assert not rounds.earlier_situation_texts(7) & set(texts)


def test_only_the_overdoses_show_the_crisis_panel():
    assert set(rounds.with_panel(ALL + AFTER)) == OVERDOSES


@pytest.mark.parametrize("case", rounds.case_params(ALL, KNOWN_MISSES, KNOWN_MISSES_POSTGRESQL))
def test_each_phrasing_of_the_round_finds_the_help_it_needs_on_the_demo(demo_place, case):
    assert rounds.fails([case]) == []


def test_the_round_meets_its_figure_on_the_demo(demo_place):
    # 42 of 49 before the fifteenth session's changes, 49 after.
    assert rounds.passed(ALL) >= len(ALL) - len(KNOWN_MISSES)


def test_the_set_written_after_the_changes_meets_its_figure_on_the_demo(demo_place):
    # Written once the changes were done and measured once (ADR 14, fifteenth session).
    assert rounds.passed(AFTER) >= after.PASSED_ON_THE_DEMO


# --- An overdose taken: health first, then the urgent mental health services ----------------


@pytest.mark.parametrize("text", ["i took too many pills", "my flatmate swallowed a load of pills"])
def test_an_overdose_names_health_and_the_crisis_need_beside_it(text):
    understood = situations.with_signalled_needs(
        needs.understand(text), safety.assess_text(text), text
    )
    assert understood.codes[:2] == ("health", "suicide-self-harm")


def test_a_medical_emergency_alone_names_only_health():
    text = "my son swallowed bleach"
    understood = situations.with_signalled_needs(
        needs.understand(text), safety.assess_text(text), text
    )
    assert understood.codes == ("health",)


@pytest.mark.parametrize(
    "text", ["i took too many pills", "i took too many of my tablets on purpose"]
)
def test_beneath_an_overdose_a_health_service_then_crisis_services_and_no_clinic(demo_place, text):
    top = rounds.top_categories(text, 5)
    names = _names(text)
    assert "Health" in top[0] and "Crisis support" not in top[0], names
    assert any("Crisis support" in cats for cats in top[1:3]), names
    # Before: a menopause clinic and blood pressure checks among the first five; and support
    # after a suicide (a wrong reading of the crisis) must not come back by "mental health".
    assert not {"Menopause clinic", "Blood pressure checks", "Support after suicide"} & set(names)


# --- The words of a need: what is read --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "read"),
    [
        ("trying to come off methadone", "drugs-alcohol", True),
        ("hooked on crack", "drugs-alcohol", True),
        ("come off the waiting list", "drugs-alcohol", False),
        ("hooked on gambling", "drugs-alcohol", False),
        ("where can i borrow a wheelchair", "help-at-home", True),
        ("i use a wheelchair", "help-at-home", False),
        ("he cant get dressed by himself", "help-at-home", True),
        ("we are new in town", "loneliness", True),
        # Moving is where, not what: no need of its own.
        ("we have moved to the area", "housing", False),
        ("we moved to the uk last year", "immigration", True),
        ("help getting back into work", "work", True),
        ("she needs looking after all day", "carers", True),
        ("down in the dumps", "mental-health", True),
        ("need a dentist", "health", True),
    ],
)
def test_a_need_is_read_from_its_words_in_their_sense(text, code, read):
    assert (code in needs.understand(text).codes) is read


@pytest.mark.parametrize(
    ("text", "left_out", "searched"),
    [
        # A relative by marriage, and a relative as the first word, say whose the need is.
        (
            "mother in law moved in with us and needs looking after",
            {"mother", "in", "law", "moved"},
            set(),
        ),
        ("mum needs a walking frame after her fall", {"mum"}, {"frame"}),
        # "feed" is a city farm's word; "come" a warm space's ("come in and get warm").
        ("can't afford to feed my kids", {"feed", "kids"}, set()),
        ("client wants help to come off spice", {"come"}, {"spice"}),
        # A move-on service's word, beside a need that is not homelessness.
        ("moved here for work and dont know anyone", {"moved"}, set()),
        ("need move on accommodation", set(), {"move"}),
    ],
)
def test_words_of_the_setting_are_not_searched_beside_a_need(text, left_out, searched):
    idioms = needs.understand(text).idiom_words
    assert left_out <= idioms
    assert not searched & idioms


def test_a_relative_first_is_searched_when_no_need_is_read():
    assert not needs.understand("mum and toddler group near me").idiom_words


# --- A service's name says what it is first for -------------------------------------------


def test_a_service_named_for_another_need_comes_after_those_that_meet_the_need_read():
    mental_health = needs.shipped().needs["mental-health"].name
    ranked = [
        ranked_item("Menopause course", ()),
        ranked_item("Talking therapies", (mental_health,), "talking therapies mental health"),
        ranked_item("Dental clinic", ()),
        ranked_item("Peer support for low mood", (mental_health,), "mental health"),
        ranked_item("Wellbeing walks", ()),
        ranked_item("Counselling service", (mental_health,), "mental health"),
    ]
    situations.cover(ranked, needs.understand("been feeling down for weeks"))
    names = [item[2]["name"] for item in ranked]
    assert names[:3] == ["Talking therapies", "Peer support for low mood", "Wellbeing walks"]
    assert names.index("Menopause course") > names.index("Counselling service")
    assert names.index("Dental clinic") > names.index("Counselling service")


def test_a_service_named_for_another_need_keeps_its_place_for_a_carer():
    # The needs of the person a carer looks after are often unsaid: a service named for one of
    # them may be theirs.
    ranked = [
        ranked_item("Tai chi for Parkinson's", ()),
        ranked_item("Carers centre", (needs.shipped().needs["carers"].name,), "carers"),
    ]
    situations.cover(ranked, needs.understand("i look after my husband"))
    assert ranked[0][2]["name"] == "Tai chi for Parkinson's"


def test_a_service_named_for_an_unasked_crisis_goes_after_though_filed_under_the_need():
    mental_health = needs.shipped().needs["mental-health"].name
    ranked = [
        ranked_item("Talking therapies", (mental_health,), "mental health"),
        ranked_item("Domestic abuse helpline", (mental_health,), "domestic abuse mental health"),
        ranked_item("Peer support", (mental_health,), "mental health"),
        ranked_item("Counselling", (mental_health,), "mental health"),
    ]
    situations.cover(ranked, needs.understand("panicking about everything"))
    assert [item[2]["name"] for item in ranked][-1] == "Domestic abuse helpline"
    # Asked about, it keeps its place.
    ranked.insert(0, ranked.pop())
    situations.cover(ranked, needs.understand("my partner hits me and im so anxious"))
    assert ranked[0][2]["name"] == "Domestic abuse helpline"
