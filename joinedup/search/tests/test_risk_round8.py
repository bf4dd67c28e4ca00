"""The eighth crisis round (ADR 13, sixteenth session), written blind: measured once with the
learned trigger wired in (52 of 57 risk phrasings read, 4 of 66 everyday texts with a panel, none
of them added by the trigger), then its misses were looked at, so what it asserts now is a
guard, not a measure. Each risk phrasing reads as its class; look-alikes and everyday searches
show no panel."""

from __future__ import annotations

import pytest

from joinedup.search import crisis, safety
from joinedup.search.tests import risk_round8 as phrasings
from joinedup.search.tests import rounds

# Seen after the round was scored and left (ADR 13, sixteenth session, Left).
STILL_MISSED = {
    "stood on the bridge idk what to do": (
        "standing on a bridge is read only at its edge or railings, or with a word of jumping"
    ),
}
STILL_SHOWN = {
    "counselling for abuse i went through as a child years ago": (
        "abuse in the past is not told from abuse now; a survivor asking for counselling sees the "
        "abuse helpline above the results"
    ),
}
# Shown, but read as another kind: the learned trigger takes the kind of the closest risk
# phrasing, here an older person without food (ADR 13, sixteenth session).
READ_AS_ANOTHER_KIND = {
    "nan says shed rather be dead and has been saving up her pills": (
        "read as an older person in danger where she lives: the panel shows, NHS 111 first and "
        "Samaritans second"
    ),
}
RISK = rounds.risk_params(
    phrasings.RISK, missed=STILL_MISSED, read_as_another_kind=READ_AS_ANOTHER_KIND
)
EVERYDAY = [t for t in phrasings.LOOK_ALIKES + phrasings.EVERYDAY if t not in STILL_SHOWN]


def test_the_round_is_many_of_each_class_and_new():
    assert len(phrasings.RISK) >= 50 and len(phrasings.LOOK_ALIKES) >= 30
    assert len(phrasings.EVERYDAY) >= 30
    rounds.assert_risk_round_is_new(phrasings, 8)


@pytest.mark.django_db
@pytest.mark.parametrize(("cls", "text"), RISK)
def test_risk_is_read_as_its_class(cls, text):
    signal = safety.assess_text(text)
    assert crisis.crisis_help(signal, text).shown
    assert phrasings.ACCEPTED[cls] & set(signal.kinds), (signal, safety.matched_words(text))


@pytest.mark.django_db
@pytest.mark.parametrize("text", EVERYDAY)
def test_no_look_alike_or_everyday_search_shows_the_panel(text):
    rounds.assert_no_panel(text)


@pytest.mark.parametrize("text", rounds.strict_xfails(STILL_MISSED))
def test_the_phrasings_still_missed(text):
    assert safety.assess_text(text).shown


@pytest.mark.parametrize("text", rounds.strict_xfails(STILL_SHOWN))
def test_the_everyday_texts_still_shown(text):
    assert not safety.assess_text(text).shown


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "first"),
    [
        # A fire or a medical emergency keeps its own numbers first, children named or not.
        ("kitchen on fire kids are upstairs", crisis.NHS_111_URGENT.name),
        ("my little boy is fitting and wont wake up", crisis.NHS_111_URGENT.name),
    ],
)
def test_an_emergency_with_a_child_named_keeps_its_own_numbers_first(text, first):
    said = [c.name for c in crisis.crisis_help(safety.assess_text(text), text).national]
    assert said[0] == first
    assert crisis.NSPCC_HELPLINE.name not in said


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # Everyday senses masked, the risky sense kept.
        ("overdosed on chocolate over christmas lol", False),
        ("i overdosed on my pills", True),
        ("bungee jump off the bridge for charity", False),
        ("i want to jump off the bridge", True),
        ("where to hand in my late grandads old army knife", False),
        ("he has a knife", True),
        # A possessive or plural with its apostrophe dropped; a time between words.
        ("the flat's on fire", True),
        ("house is on fire", True),
        ("mum kicked me out its 2am nowhere to go", True),
        # Warning signs and control, with their everyday twins.
        ("my mate keeps giving his stuff away saying he wont need it", True),
        ("giving away my stuff as i dont need it anymore", False),
        ("my wife smashed my phone so i cant call anyone", True),
        ("chest feels crushed and my arm has gone numb", True),
        ("client reports landlord demanding sex instead of rent", True),
    ],
)
def test_what_the_eighth_round_taught_the_patterns(text, shown):
    rounds.assert_panel_shown_is(text, shown)
    assert bool(safety.kinds_by_words(text)) is shown, safety.matched_words(text)
