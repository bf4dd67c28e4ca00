"""The sixth situations round (ADR 14, fourteenth session): 45 everyday phrasings written before
the engine was changed (`situations_round6.py`) and 12 more written after the changes and not
tuned to (`situations_round6_after.py`), checked on the demo place, and the general rules the
round brought: a parent who looks after their own child is no young carer, an age said of
someone named ("dad is 85") makes the help an older person's, and the words that say whose
the need is ("for my mum", "feed my kids") or when ("55 years", "in march") are not searched
for beside a need read."""

from __future__ import annotations

import pytest
from django.db import connection

from joinedup.search import needs, situations
from joinedup.search.tests import rounds
from joinedup.search.tests import situations_round6 as round6
from joinedup.search.tests import situations_round6_after as after
from joinedup.search.tests.rounds import ranked_item, service_row

pytestmark = pytest.mark.django_db

ALL = rounds.every_case(round6.CLASSES)
AFTER = rounds.every_case(after.CLASSES)

# The phrasings that miss on the demo place (SQLite) after the fourteenth session, with why:
# seen while the engine was changed and not fixed, as no general change was found. Four more
# pass since the fifteenth session's general changes (ADR 14): "moved here for work and dont
# know anyone" (a newcomer is read as loneliness, and "moved" is a move-on service's word,
# not searched beside it), "client wants help to come off spice" (stopping a drug is read
# with a `drug` slot, and "come" is a word of the setting), "my husbands spouse visa is running
# out" (advice is a second answer to immigration: five results) and "where can i borrow a
# wheelchair" (equipment to borrow or hire is help at home's).
KNOWN_MISSES: dict[str, str] = {
    "been staying at my brothers but he wants me gone": (
        "the crisis detection (ADR 13, another worktree's) reads a risk and shows the panel;"
        " its domestic abuse services lead"
    ),
}
# On PostgreSQL one more, found by CI after the round was merged: two results, where SQLite has
# sixteen (its words search finds no service with "selling" or "leave" among the words a
# housing need reads; the same two on the code before the round).
KNOWN_MISSES_POSTGRESQL: dict[str, str] = {
    **KNOWN_MISSES,
    "my landlord is selling up and i have to leave": "two results on PostgreSQL (five asked)",
}


def test_the_rounds_hold_new_phrasings():
    texts = [text for text, _, _ in ALL + AFTER]
    assert len(ALL) >= 40
    assert len(AFTER) >= 12
    assert len(set(texts)) == len(texts)
    assert not rounds.earlier_situation_texts(6) & set(texts)


def test_no_phrasing_of_the_round_shows_the_crisis_panel_but_two():
    # The crisis detection (ADR 13, another worktree's) reads a threat in "he wants me gone"
    # and economic abuse in a partner who "spends all our money"; whether it should is for the
    # crisis work.
    assert set(rounds.with_panel(ALL + AFTER)) <= {
        "been staying at my brothers but he wants me gone",
        "partner wont stop drinking and spends all our money on it",
    }


@pytest.mark.parametrize("case", rounds.case_params(ALL, KNOWN_MISSES, KNOWN_MISSES_POSTGRESQL))
def test_each_phrasing_of_the_round_finds_the_help_it_needs_on_the_demo(demo_place, case):
    assert rounds.fails([case]) == []


def test_the_round_meets_its_figure_on_the_demo(demo_place):
    # 36 of 45 before the fourteenth session's changes, 40 after, 44 after the fifteenth (the
    # one in KNOWN_MISSES); one fewer on PostgreSQL (KNOWN_MISSES_POSTGRESQL).
    figure = 43 if connection.vendor == "postgresql" else 44
    assert rounds.passed(ALL) >= figure


def test_the_set_written_after_the_changes_meets_its_figure_on_the_demo(demo_place):
    # Written once the changes were done and measured once, with no change after: the
    # round's figure of how far they carry (ADR 14, fourteenth session).
    assert rounds.passed(AFTER) >= after.PASSED_ON_THE_DEMO


# --- Who needs what: the vocabulary ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        ("my daughter has cerebral palsy and im her full time carer", True),
        ("parent of an autistic boy, never get a minute to myself", True),
        ("mum of a disabled child, need some support for me", True),
        ("caring for my son who has schizophrenia", True),
        ("im 14 and i look after my mum she has ms", False),
        ("i look after my dad who has dementia", False),
        ("my son is a young carer for his dad", False),
        # A parent asking about a child's additional needs is read as their carer already.
        ("my son has adhd", True),
        ("i look after my little brother", False),
    ],
)
def test_a_parent_who_looks_after_their_child_is_read_as_such(text, parent):
    understood = needs.understand(text)
    assert understood.cares_for_their_child is parent
    if parent:
        assert understood.carer


@pytest.mark.parametrize(
    ("text", "for_an_adult"),
    [
        ("my dad is 90 and lost mum last month", True),
        ("dad is 85 and lost mum a few weeks ago", True),
        ("nan turned 90 and is lonely", True),
        ("the rent is 95 a week and im behind", False),
        ("she is 30 minutes away and feeling low", False),
    ],
)
def test_an_age_said_of_someone_named_is_read(text, for_an_adult):
    assert needs.understand(text).for_an_adult is for_an_adult


@pytest.mark.parametrize(
    ("text", "left_out", "searched"),
    [
        ("can't afford to feed my kids", {"kids"}, set()),
        ("need a blue badge for my mum", {"mum"}, {"blue", "badge"}),
        ("lost my husband in march, we were married 55 years", {"march", "years"}, set()),
        ("my baby wont stop crying", set(), {"baby"}),
        ("help my mum fill in a pension credit form", {"mum"}, {"pension"}),
    ],
)
def test_words_that_say_whose_the_need_is_or_when_are_not_searched(text, left_out, searched):
    idioms = needs.understand(text).idiom_words
    assert left_out <= idioms
    assert not searched & idioms


def test_whose_and_when_words_are_searched_when_no_need_is_read():
    # Without a need read, they may be all the query says ("activities in march").
    assert not needs.understand("things to do with my mum in march").idiom_words


# --- Who needs what: the ranking ---------------------------------------------------------


@pytest.mark.parametrize(
    "row",
    [
        service_row("Young carers service", "young carers youth activities", 8, 17),
        service_row("Young adult carers group", "young carers", 16, 25),
        service_row("Siblings club", "young carers send youth activities", 7, 15),
    ],
)
def test_a_young_carers_service_is_a_wrong_reading_for_a_parent_who_cares(row):
    reading = situations.read(needs.understand("my daughter has cerebral palsy and im her carer"))
    adjust, met, _ = situations.fit(row, reading, {})
    assert met == ()
    assert adjust == -situations.NEED_WEIGHT
    assert situations.fit_all([row], reading, {}) == [situations.fit(row, reading, {})]
    # A child who cares is who the young carers' services are for.
    child = situations.read(needs.understand("im 14 and i look after my mum she has ms"))
    assert situations.fit(row, child, {})[1]


def test_a_parent_s_carers_services_stay_met():
    reading = situations.read(needs.understand("mum of a disabled child, need some support"))
    for row in (
        service_row("Carers support and advice", "support for carers"),
        service_row("After-school and holiday short breaks", "breaks and respite send", 5, 19),
    ):
        adjust, met, _ = situations.fit(row, reading, {})
        assert met
        assert adjust > 0


def test_young_carers_services_come_after_a_parent_s_carers_services():
    send = "Special educational needs"
    ranked = [
        ranked_item("Siblings club", (), "young carers send"),
        ranked_item("Parent support line", (send,), "send"),
        ranked_item("Young carers service", (), "young carers"),
        ranked_item("Short breaks", (send, "Carers"), "send respite"),
        ranked_item("Carers support and advice", ("Carers",), "carers"),
        ranked_item("EHC plan help", (send,), "send"),
    ]
    situations.cover(ranked, needs.understand("mum of a disabled child, need some support"))
    names = [item[2]["name"] for item in ranked]
    assert names.index("Siblings club") > names.index("Carers support and advice")
    assert names.index("Young carers service") > names.index("Carers support and advice")


# --- On the demo place ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my daughter has cerebral palsy and im her full time carer",
        "mum of a disabled child, need some support for me",
    ],
)
def test_a_parent_who_cares_finds_a_carers_service_and_no_young_carers_first(demo_place, text):
    top = rounds.top_categories(text)
    assert any({"Support for carers", "Breaks and respite"} & cats for cats in top)
    assert not any("Young carers" in cats for cats in top[:3])


@pytest.mark.parametrize(
    "text",
    [
        "lost my husband, we were married 55 years",
        "my dad is 90 and lost mum last month",
    ],
)
def test_a_death_in_later_life_finds_bereavement_first_and_no_child_s_service(demo_place, text):
    top = rounds.top_categories(text)
    assert "Bereavement" in top[0]
    assert not any("Children and families" in cats for cats in top)
    assert not any({"Support for carers", "Breaks and respite"} & cats for cats in top[:3])
