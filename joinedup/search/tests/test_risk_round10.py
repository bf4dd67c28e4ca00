"""The tenth crisis round (ADR 13, sixteenth session), written blind after the ninth was taught
and scored once on the final detector of that session: a panel on 51 of 65 risk phrasings (37
without the learned trigger), 47 read as their class (34), and 6 of 70 look-alikes and everyday
searches with a panel, none of them from the trigger. Its misses were then looked at, patterns
written for some and the round taught to the trigger, so what it asserts now is a guard, not a
measure."""

from __future__ import annotations

import pytest

from joinedup.search import safety
from joinedup.search.tests import risk_round10 as phrasings
from joinedup.search.tests import rounds

# Seen after the round was scored and left (ADR 13, sixteenth session, Left).
STILL_MISSED = {
    "my dad has been really quiet since mum passed and today he paid off all his bills and said "
    "hes put everything in order for us, said its time he joined her": (
        "affairs put in order and 'time he joined her' are not read by the patterns; the trigger "
        "read it when the round was scored, and scores it below its threshold refitted with it"
    ),
    "pupil wrote in her english book she wont be here after christmas": (
        "not being here after a date is read only with a plainer word of dying"
    ),
    "yp presenting with superficial lacerations to thighs, ongoing sh": (
        "case-note shorthand: lacerations and 'sh' are not read as self-harm"
    ),
    "landlord said i can pay the rent another way and keeps coming round": (
        "sex for rent said without a word for sex"
    ),
    "nephew moved in with my disabled dad and now dad doesnt get fed": (
        "neglect by a relative said as not being fed"
    ),
}
READ_AS_ANOTHER_KIND = {
    "my auntie is in a home and has bruises on her arms like finger marks, staff said she fell": (
        "read by the model as self-harm: the panel shows, Samaritans first"
    ),
}
RISK = rounds.risk_params(
    phrasings.RISK, missed=STILL_MISSED, read_as_another_kind=READ_AS_ANOTHER_KIND
)
EVERYDAY = phrasings.LOOK_ALIKES + phrasings.EVERYDAY


def test_the_round_is_many_of_each_class_and_new():
    assert len(phrasings.RISK) >= 60 and len(phrasings.LOOK_ALIKES) >= 35
    assert len(phrasings.EVERYDAY) >= 30
    rounds.assert_risk_round_is_new(phrasings, 10)


@pytest.mark.django_db
@pytest.mark.parametrize(("cls", "text"), RISK)
def test_risk_is_read_as_its_class(cls, text):
    signal = safety.assess_text(text)
    assert phrasings.ACCEPTED[cls] & set(signal.kinds), (signal, safety.matched_words(text))


@pytest.mark.django_db
@pytest.mark.parametrize("text", EVERYDAY)
def test_no_look_alike_or_everyday_search_shows_the_panel(text):
    rounds.assert_no_panel(text)


@pytest.mark.parametrize("text", rounds.strict_xfails(STILL_MISSED))
def test_the_phrasings_still_missed(text):
    assert safety.assess_text(text).shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # Each pattern the round taught, beside an everyday twin.
        ("strong smell of gas in the flat", True),
        ("gas leak detector", False),
        ("how to read my gas meter", False),
        ("black smoke coming out the window of the flat below", True),
        ("man just threatened to throw acid in my face", True),
        ("someone in the river near the bridge shouting for help", True),
        ("my dad has dementia and walked out 3 hours ago in his slippers", True),
        ("my mum has dementia and keeps getting lost in town", False),
        ("everyone in the house has headaches and feels sick, boiler's been acting up", True),
        ("stuck outside all night minus 3 cant feel my fingers", True),
        ("cant feel my fingers after typing all day", False),
        ("was held down at a party last weekend", True),
        ("he held down a job for years", False),
        ("double dosed my methadone by accident feel really drowsy", True),
        ("partner hides my epilepsy meds and only gives them me if ive done what he says", True),
        # Services and training about a risk are not the risk.
        ("county lines awareness training for youth workers", False),
        ("child protection policy template for a football club", False),
        ("counselling for adults abused as children", False),
        ("support group for people who lost someone to suicide years ago", False),
    ],
)
def test_what_the_tenth_round_taught_the_patterns(text, shown):
    assert bool(safety.kinds_by_words(text)) is shown, safety.matched_words(text)
