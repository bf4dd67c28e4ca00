"""Medical emergencies (ADR 13, tenth session, later): every phrasing in
`medical_emergencies.py` shows the crisis panel by the reviewed patterns alone, as a medical
emergency (999 for someone seriously ill or injured, then NHS 111; ADR 13, on merging); no
look-alike, past or managed condition shows one.

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
    assert len(risk_by_kind.held_out(phrasings.RISK)) == len(phrasings.RISK) // 3
    texts = RISK + NO_PANEL
    assert len(set(texts)) == len(texts)
    earlier = [t for t, _ in crisis_phrases.CRISIS + crisis_phrases.INDIRECT]
    earlier += [t for _, t, _ in risk_by_kind.RISK + risk_by_kind.FRESH]
    earlier += [t for t, _ in distress_classes.NEW_RISK] + crisis_phrases.ORDINARY
    assert not {t.lower() for t in earlier} & set(texts)


@pytest.mark.parametrize("text", RISK)
def test_a_medical_emergency_shows_the_panel_by_the_patterns_alone(text):
    # A server without the model still shows 999; the model may add kinds, never remove one.
    # Read as a medical emergency (999 for someone seriously ill, then 111), or as immediate
    # danger where an older pattern reads it so ("my mum wont wake up").
    urgent = {"medical", "danger"} | safety.DANGER_SORTS
    assert urgent & safety.kinds_by_words(text), text
    assert urgent & set(safety.assess_text(text).kinds), text


def test_most_medical_emergencies_are_read_as_medical():
    medical = [t for t in RISK if "medical" in safety.kinds_by_words(t)]
    assert len(medical) >= len(RISK) - 5


@pytest.mark.django_db
def test_the_medical_panel_says_999_for_someone_seriously_ill_then_111():
    from joinedup.search import crisis

    help_ = crisis.crisis_help(safety.assess_text("i think shes having a stroke"))
    assert help_.signal.kinds[0] == "medical" and help_.medical_first
    assert help_.national[0] is crisis.NHS_111_URGENT
    assert not help_.silent_call and not help_.exit_page
    # Danger from a person comes first when both are read: 999 in immediate danger and the
    # silent call; an attacker not named as a partner or relative is not led by the abuse
    # helpline but by NHS 111, a partner is (ADR 13, fourteenth session).
    both = crisis.crisis_help(safety.assess_text("he stabbed me and im bleeding heavily"))
    assert both.signal.kinds[0] in {"attack", "danger", "abuse"} and not both.medical_first
    assert both.silent_call and both.national[0] is crisis.NHS_111_URGENT
    partner = crisis.crisis_help(safety.assess_text("my husband stabbed me and im bleeding"))
    assert partner.silent_call and partner.national[0] is crisis.DOMESTIC_ABUSE_HELPLINE


@pytest.mark.django_db
def test_the_search_page_shows_the_medical_heading(client):
    page = client.get("/", {"q": "my husband is having a seizure and it wont stop"})
    html = page.content.decode()
    assert 'data-crisis-kinds="medical' in html
    assert "If someone is seriously ill or injured, or their life is at risk, call" in html
    assert "press 55" not in html
    danger = client.get("/", {"q": "there is a man outside my door with a knife"}).content.decode()
    assert "If you or someone else is in immediate danger, call" in danger


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
