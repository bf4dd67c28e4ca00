"""Six classes of situation without risk read in their sense (ADR 14, eighth-session addendum):
low mood and worry, carers at the end of their tether, money and housing emergencies,
loneliness, and practitioners' shorthand. The phrasings are in `situation_classes.py`; each
class is checked as a whole on the demo place, so a failure lists every phrasing that fails."""

from __future__ import annotations

import pytest
from django.db import connection

from joinedup.core import postcodes
from joinedup.search import needs, safety
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery
from joinedup.search.tests import situation_classes as classes
from joinedup.search.tests.test_distress_phrasings import _categories

pytestmark = pytest.mark.django_db

ALL = [case for cases in classes.CLASSES.values() for case in cases]
# The phrasings that still miss on the demo place. Tuned on: a teenager's low mood finds a
# blood pressure service by "room" first (the child's mental health service is eighth). Held
# out, and left as they are: a stroke's carer finds stroke and wellbeing services but no
# carers' service; "my parents have kicked me out" shows the panel (abuse by "kicked me");
# "my mate ... since his dad left" puts benefits advice second; "lost my flat ... on my
# sisters floor" finds money help but no housing in the first five.
KNOWN_MISSES = {
    "my teenage daughter seems really down and stays in her room",
    "husband had a stroke, im doing everything for him and im exhausted",
    "nowhere to sleep tonight, my parents have kicked me out",
    "my mate has been really low since his dad left",
    "lost my flat after we broke up, on my sisters floor, no money, feel like a failure",
}


def test_the_classes_hold_eighty_phrasings_and_a_held_out_third():
    assert len(ALL) >= 80
    assert min(len(cases) for cases in classes.CLASSES.values()) >= 15
    held = sum(len(cases) for cases in classes.HELD_OUT.values())
    assert held == sum(len(cases[2::3]) for cases in classes.CLASSES.values()) >= 30
    texts = [text for text, _, _ in ALL]
    assert len(set(texts)) == len(texts)


def test_no_situation_shows_the_crisis_panel():
    shown = [text for text, _, _ in ALL if safety.assess_text(text).shown]
    assert shown == ["nowhere to sleep tonight, my parents have kicked me out"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("been feeling flat and cant be bothered", "mental-health"),
        ("my son seems down", "mental-health"),
        ("she stays in her room all day", "mental-health"),
        ("dont have anyone to talk to", "loneliness"),
        ("i dont see a soul from one week to the next", "loneliness"),
        ("dad cant be left alone any more", "carers"),
        ("drowning in bills", "debt"),
        ("got an s8 notice from the landlord", "homelessness"),
        ("sleeping on my cousins floor", "homelessness"),
        ("needs move on accommodation", "homelessness"),
    ],
)
def test_plain_words_for_these_situations_name_their_need(text, code):
    assert code in needs.understand(text).codes


def test_a_teenage_son_or_daughter_is_a_child():
    assert needs.understand("my teenage son is struggling").about_a_child


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # A section 21 or section 8 notice is not a Sheffield district.
        ("s21 served, family of 4", None),
        ("tenant got a s8 notice", None),
        ("advice centre in S21", "S21"),
        ("near S8", "S8"),
    ],
)
def test_eviction_notices_are_not_postcodes(text, found):
    assert postcodes.find_postcode_in_text(text) == found


# --- On the demo place ----------------------------------------------------------------------


def _fails(cases: list[classes.Case]) -> list[tuple[str, list[list[str]]]]:
    failed = []
    for text, expected, forbidden in cases:
        top = _categories(search(SearchQuery(text=text)), 5)
        met = all(any(set(group) & c for c in top) for group in expected)
        clear = not any(set(forbidden) & c for c in top[:3])
        if not (met and clear and len(top) == 5):
            failed.append((text, [sorted(c)[:3] for c in top]))
    return failed


# On PostgreSQL (its words search finds other candidates) two more miss: the young adult
# carers' group is the only carers' service in the first five for an elderly mother's carer,
# and the refuge's accommodation comes first for "approved premises ... move on accommodation".
KNOWN_MISSES_POSTGRESQL = {
    "my elderly mother lives with me and needs watching all the time, i need a rest",
    "on licence, approved premises bed ends friday, needs move on accommodation",
}


@pytest.mark.parametrize("name", list(classes.CLASSES))
def test_each_class_finds_the_help_it_needs_on_the_demo(demo_place, name):
    # Every group of expected categories in the first five, nothing forbidden in the first
    # three: all of the class but its known misses.
    known = KNOWN_MISSES | (KNOWN_MISSES_POSTGRESQL if connection.vendor == "postgresql" else set())
    failed = [f for f in _fails(classes.CLASSES[name]) if f[0] not in known]
    assert failed == []


def test_the_held_out_third_meets_its_figure_on_the_demo(demo_place):
    # Phrasings not looked at while the vocabulary was changed: 33 of 37 met all three checks
    # (expected in the first five, nothing forbidden in the first three, no panel) after the
    # change, 28 before it. The panel is checked in `test_no_situation_shows_the_crisis_panel`.
    held = [case for cases in classes.HELD_OUT.values() for case in cases]
    assert len(held) - len(_fails(held)) >= 34
