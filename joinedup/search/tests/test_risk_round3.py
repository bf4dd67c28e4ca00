"""The third crisis round (ADR 13, eleventh session): every risk phrasing of `risk_round3.py`
(the corpus with its held-out third, the fresh set, the probes) shows the crisis panel of its
kind or a more urgent one, all but two of them by the reviewed patterns alone; no look-alike
or everyday probe shows one, but for the panels decided and the one false panel left."""

from __future__ import annotations

import pytest

from joinedup.search import safety
from joinedup.search.tests import medical_emergencies, risk_by_kind, rounds
from joinedup.search.tests import risk_round3 as phrasings

RISK = [(t, k) for _, t, k in phrasings.RISK + phrasings.FRESH + phrasings.FRESH2] + [
    (t, k) for k, t in phrasings.PROBED
]
EVERYDAY = phrasings.LOOK_ALIKES + phrasings.FRESH_LOOK_ALIKES + phrasings.PROBED_EVERYDAY
EVERYDAY += phrasings.FRESH2_EVERYDAY

# Threats with no act named: the patterns read abuse (its panel lists 999 and the helpline),
# only the model reads them as immediate danger.
DANGER_BY_MEANING_ONLY = {"gang outside threatening my son", "someone is threatening me"}


def test_the_phrasings_are_many_of_many_kinds_and_new():
    kinds = {c for c, _, _ in phrasings.RISK}
    assert len(phrasings.RISK) >= 80 and len(kinds) >= 8 and len(phrasings.LOOK_ALIKES) >= 50
    assert len(risk_by_kind.held_out(phrasings.RISK)) == len(phrasings.RISK) // 3
    texts = [t for t, _ in RISK] + EVERYDAY + phrasings.DECIDED_PANELS
    texts += phrasings.KNOWN_FALSE_PANELS
    assert len(set(texts)) == len(texts)
    also = medical_emergencies.REPORTED + medical_emergencies.PAST_OR_EVERYDAY
    assert not rounds.earlier_risk_texts(3, also=also) & set(texts)


@pytest.mark.parametrize(("text", "least"), RISK)
def test_every_risk_phrasing_shows_the_panel_of_its_kind(text, least):
    assert rounds.read_as(safety.assess_text(text).kinds, least), safety.assess_text(text)


def test_the_patterns_alone_show_a_panel_on_every_risk_phrasing():
    # A server without the model still shows help; only two threats lose their urgency.
    assert [t for t, _ in RISK if not safety.kinds_by_words(t)] == []
    by_words = {t for t, k in RISK if rounds.read_as(safety.kinds_by_words(t), k)}
    assert {t for t, _ in RISK} - by_words == DANGER_BY_MEANING_ONLY


@pytest.mark.parametrize("text", EVERYDAY)
def test_no_everyday_phrasing_shows_the_panel(text):
    rounds.assert_no_panel(text)


@pytest.mark.parametrize("text", phrasings.DECIDED_PANELS)
def test_breathlessness_with_a_lung_disease_and_a_choking_baby_show_the_medical_panel(text):
    assert safety.assess_text(text).kinds[0] == "medical"


@pytest.mark.parametrize("text", phrasings.KNOWN_FALSE_PANELS)
def test_the_false_panel_this_round_left_is_gone(text):
    # Cleared in the fourth round by an everyday anchor for a partner's hurtful words.
    assert not safety.assess_text(text).shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # A dropped g is the same word to the patterns, in risk and in everyday words alike.
        ("hes hittin me", True),
        ("been cuttin myself", True),
        ("she keeps chokin me", True),
        ("goin to the shops this mornin", False),
        ("cuttin costs on my energy bill", False),
        # An emergency named alone, not a service about it or a condition managed.
        ("heart attack", True),
        ("heart attack recovery group", False),
        ("stroke symptoms", True),
        ("stroke symptoms leaflet for our waiting room", False),
        ("chest pains when i exercise", False),
        # Drowning in water, not in paperwork; a fire now, not a friendship.
        ("my son is drowning in the lake", True),
        ("drowning in emails at work", False),
        ("the kitchen is on fire", True),
        ("we get on like a house on fire", False),
        # Someone who is not moving at all, not someone slow since an operation.
        ("my husband fell and is not moving", True),
        ("my dad isnt moving very far since his hip operation", False),
        # Bleeding that will not stop, but not the gums or a period; hiding from a person now.
        ("cut my hand and the bleeding wont stop", True),
        ("bleeding gums that wont stop", False),
        ("heavy periods bleeding wont stop", False),
        ("hiding in the bathroom from him", True),
        ("hiding from my mum that i smoke", False),
    ],
)
def test_general_classes_against_their_everyday_senses(text, shown):
    rounds.assert_panel_shown_is(text, shown)
