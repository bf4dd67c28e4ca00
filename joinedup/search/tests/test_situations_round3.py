"""The third situations round (ADR 14, eleventh session): 71 everyday phrasings written before
the engine was changed (`situations_round3.py`), checked on the demo place, and the general
rules that round brought: an adult's carer sees carers' services open to any age first, "looking
after him" is a carer's phrase, a practitioner's framing words are not searched."""

from __future__ import annotations

import pytest
from django.db import connection

from joinedup.search import needs
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery
from joinedup.search.tests import rounds
from joinedup.search.tests import situations_round3 as round3
from joinedup.search.tests.test_distress_phrasings import _categories

pytestmark = pytest.mark.django_db

ALL = rounds.every_case(round3.CLASSES)
# The phrasings that miss on the demo place after the eleventh session, with why. A phrasing
# that passes is not listed, so the test fails if it stops passing.
KNOWN_MISSES: set[str] = set()
# Tuned, until the thirteenth session: "lost my mum recently and cant cope with the grief" had
# four results on the demo (its three bereavement services and home from hospital support).
# Since then company is a second answer to a death (`Need.related`), whose services are
# candidates too, and it has five.
# The three held out that missed after the eleventh session pass since the twelfth (ADR 14),
# which was asked to make them pass and so looked at them: "everything is getting on top of
# me" (now a mental health phrase), "client misusing substances, wants to engage with
# treatment" ("misusing" is "misuse" by its stem) and "pregnant and on my own, scared"
# (pregnancy is a need of its own, and "on my own" beside it is not loneliness).


def test_the_round_holds_seventy_new_phrasings_and_a_held_out_third():
    assert len(ALL) >= 70
    texts = [text for text, _, _ in ALL]
    assert len(set(texts)) == len(texts)
    assert not rounds.earlier_situation_texts(3) & set(texts)
    assert len(rounds.every_case(round3.HELD_OUT)) == rounds.a_third(round3.CLASSES) == 20


def test_no_phrasing_of_the_round_shows_the_crisis_panel():
    # But one, held out and seen when it failed at the start: the crisis detection (ADR 13,
    # changed in its own worktree, not here) shows the panel for a pregnant woman alone and
    # scared. Its numbers do no harm there; whether it should show is for the crisis work.
    # That panel is the meaning model's, and in the full suite under xdist the model's
    # reading depends on the tests run before (as the medical panel's test does, ADR 14's
    # eleventh addendum): only the ones that may show are fixed here.
    assert set(rounds.with_panel(ALL)) <= {"pregnant and on my own, scared"}


@pytest.mark.parametrize("name", list(round3.CLASSES))
def test_each_class_of_the_round_finds_the_help_it_needs_on_the_demo(demo_place, name):
    failed = [f for f in rounds.fails(round3.CLASSES[name]) if f[0] not in KNOWN_MISSES]
    assert failed == []


# On PostgreSQL the same (it missed there too until the thirteenth session).
KNOWN_MISSES_POSTGRESQL = KNOWN_MISSES


def test_the_round_s_known_misses_still_miss(demo_place):
    # A known miss that passes again comes off the list (and its figure in ADR 14 changes).
    known = KNOWN_MISSES_POSTGRESQL if connection.vendor == "postgresql" else KNOWN_MISSES
    missed = {text for text, _ in rounds.fails([c for c in ALL if c[0] in known])}
    assert missed == known


def test_the_round_s_held_out_third_meets_its_figure_on_the_demo(demo_place):
    # Not looked at while the engine was changed: 17 of 20 passed before the eleventh
    # session's changes, and 17 after them; 20 of 20 since the twelfth, which fixed the three
    # it was shown (so they are held out no more).
    held = rounds.every_case(round3.HELD_OUT)
    # On PostgreSQL 19 of 20 after the eleventh (the figure before was not measured there).
    assert rounds.passed(held) >= (20 if connection.vendor == "sqlite" else 19)


# --- The general rules of the round ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "looking after him is wearing me down",
        "been caring for her since the stroke",
        "i look after them both",
    ],
)
def test_looking_after_him_or_her_is_a_carer_s_phrase(text):
    understood = needs.understand(text)
    assert understood.carer
    assert "carers" in understood.codes


def test_a_person_who_needs_a_carer_to_come_in_needs_help_at_home():
    understood = needs.understand("my nan needs a carer to come in every morning")
    assert understood.codes[0] == "help-at-home"


@pytest.mark.parametrize(
    ("text", "framing"),
    [
        ("client needs help with a UC50", {"client"}),
        ("pt reports low mood", {"pt"}),
        ("referral for debt advice, client has arrears", {"referral", "client"}),
    ],
)
def test_a_practitioner_s_framing_is_not_searched_beside_a_need(text, framing):
    understood = needs.understand(text)
    assert understood.framing == framing
    assert framing <= understood.idiom_words
    assert not set(understood.meaning_text(text).lower().split()) & framing


def test_a_framing_word_alone_is_searched_as_typed():
    # No need read: "client" may be all the person has to go on ("client services").
    assert not needs.understand("client services team").framing


@pytest.mark.parametrize(
    ("label", "ages", "expected"),
    [
        ("young adult carers group | young carers, youth activities", {}, True),
        ("older carers lunch club | support for carers", {}, True),
        ("carers support and advice | support for carers", {}, False),
        ("carers' cafés | support for carers", {"maximum_age": 25}, True),
        ("carers' cafés | support for carers", {"minimum_age": 18}, False),
    ],
)
def test_a_carers_service_of_an_age_is_known(label, ages, expected):
    assert needs.for_carers_of_an_age(label, **ages) is expected


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("im 19 and look after my mum", True),
        ("young carer looking after my dad", True),
        ("looking after my elderly dad on my own", False),
        ("my dad is 80 and i look after him", False),
    ],
)
def test_the_writer_s_own_age_is_read(text, said):
    assert needs.understand(text).own_age_said is said


def _first_carers_service(text: str) -> str:
    carers = {"Support for carers", "Breaks and respite", "Young carers"}
    results = search(SearchQuery(text=text))
    found = zip([hit.name for hit in results.hits[:5]], _categories(results, 5), strict=True)
    return next(name for name, cats in found if carers & cats)


@pytest.mark.parametrize(
    "text",
    [
        # The tenth session's known weak spot: the young adult carers' group (16 to 25) was the
        # only carers' service in the first five.
        "looking after my elderly dad on my own and struggling to cope",
        "my mum has dementia and i look after her, i need some support",
    ],
)
def test_an_adult_s_carer_sees_a_carers_service_for_any_age_first_on_the_demo(demo_place, text):
    assert _first_carers_service(text) != "Young adult carers group"


def test_a_young_carer_who_gives_their_age_still_finds_their_group_on_the_demo(demo_place):
    names = [h.name for h in search(SearchQuery(text="im 19 and i look after my mum")).hits[:10]]
    assert "Young adult carers group" in names
