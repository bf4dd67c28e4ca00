"""Medical emergencies (ADR 13, tenth session, later): every phrasing in
`medical_emergencies.py` shows the crisis panel as immediate danger (999 first) by the reviewed
patterns alone; no look-alike, past or managed condition shows one.

Held out (every third phrasing), before the change: 2 of 18 showed a panel, none as danger, and
0 of 13 look-alikes; after: 18 of 18 as danger, by the patterns alone, and 0 of 13 look-alikes.
"""

from __future__ import annotations

import pytest

from joinedup.search import safety
from joinedup.search.tests import crisis_phrases, distress_classes, risk_by_kind
from joinedup.search.tests import medical_emergencies as phrasings

RISK = [t for _, t in phrasings.RISK] + phrasings.REPORTED
NO_PANEL = phrasings.LOOK_ALIKES + phrasings.PAST_OR_EVERYDAY


def test_the_phrasings_are_many_of_many_kinds_and_new():
    kinds = {c for c, _ in phrasings.RISK}
    assert len(phrasings.RISK) >= 40 and len(kinds) >= 12 and len(phrasings.LOOK_ALIKES) >= 30
    assert len(phrasings.held_out(phrasings.RISK)) == len(phrasings.RISK) // 3
    texts = RISK + NO_PANEL
    assert len(set(texts)) == len(texts)
    earlier = [t for t, _ in crisis_phrases.CRISIS + crisis_phrases.INDIRECT]
    earlier += [t for _, t, _ in risk_by_kind.RISK + risk_by_kind.FRESH]
    earlier += [t for t, _ in distress_classes.NEW_RISK] + crisis_phrases.ORDINARY
    assert not {t.lower() for t in earlier} & set(texts)


@pytest.mark.parametrize("text", RISK)
def test_a_medical_emergency_shows_the_danger_panel_by_the_patterns_alone(text):
    # A server without the model still shows 999; the model may add kinds, never remove one.
    assert "danger" in safety.kinds_by_words(text), text
    assert "danger" in safety.assess_text(text).kinds, text


@pytest.mark.parametrize("text", NO_PANEL)
def test_a_look_alike_or_a_past_condition_shows_no_panel(text):
    signal = safety.assess_text(text)
    assert not signal.shown, (text, signal.kinds, safety.matched_words(text))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # Decided (ADR 13, tenth session, later): asking what the signs are, or what to do
        # while it happens, shows the panel (999 is the answer to both); a fall, faint or
        # stroke that is over, a condition that is managed, a service or a course does not.
        ("signs of a stroke", True),
        ("what to do if someone is having a seizure", True),
        ("waiting for an ambulance for 5 hours", True),
        ("my dog is choking", True),
        ("stroke support group", False),
        ("recovering from a heart attack", False),
        ("nan had a fall last night and lay on the floor for hours", False),
        ("my mum fell last night and cant get up", True),
    ],
)
def test_decided_cases(text, shown):
    assert safety.assess_text(text).shown is shown, (text, safety.matched_words(text))
