"""The ninth crisis round (ADR 13, sixteenth session), written blind after the learned trigger
was wired in and scored once on the detector of that moment: a panel on 54 of 66 risk phrasings
(42 without the trigger), 49 read as their class (41), and 2 of 70 look-alikes and everyday
searches with a panel (1). Its misses were then looked at, patterns written for them and the
round taught to the trigger, so what it asserts now is a guard, not a measure."""

from __future__ import annotations

import pytest

from joinedup.search import safety
from joinedup.search.tests import risk_round9 as phrasings
from joinedup.search.tests import rounds

# Seen after the round was scored and left (ADR 13, sixteenth session, Left).
STILL_MISSED = {
    "bairns next door always hungry and out in the street in their pyjamas at midnight": (
        "children neglected are read by named neglect or days without food, not by hunger and "
        "the hour"
    ),
}
# Shown, but read as another kind: taught to the learned trigger after scoring, it takes the
# kind of the closest risk phrasing the patterns read.
READ_AS_ANOTHER_KIND = {
    "me mam keeps sayin she wants to be with me dad now, shes sorted her will and given her "
    "rings away": (
        "wanting to be with someone who has died and things given away are not read by the "
        "patterns; the trigger reads it as its closest risk phrasing's kind, abuse"
    ),
}
RISK = rounds.risk_params(
    phrasings.RISK, missed=STILL_MISSED, read_as_another_kind=READ_AS_ANOTHER_KIND
)
EVERYDAY = phrasings.LOOK_ALIKES + phrasings.EVERYDAY


def test_the_round_is_many_of_each_class_and_new():
    assert len(phrasings.RISK) >= 60 and len(phrasings.LOOK_ALIKES) >= 35
    assert len(phrasings.EVERYDAY) >= 30
    rounds.assert_risk_round_is_new(phrasings, 9)


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
        ("been looking up how many of my tablets it would take", True),
        ("how many of my tablets can i take in a day", False),
        ("just got glassed in the pub", True),
        ("suicide prevention charity volunteering", False),
        ("keep thinking about walking into the sea and not stopping", True),
        ("itd be easier for everyone if i wasnt here", True),
        ("pt ingested unknown qty co-codamol", True),
        ("worst headache of my life came on suddenly", True),
        ("perp strangled her last week", True),
        ("he choked on his food", False),
        ("bruises shaped like fingers on her arm", True),
        ("manager said id lose my job if i didnt sleep with him", True),
        ("gran left on her own all weekend no food or meds", True),
        ("my mum is left on her own all day without anyone to talk to", False),
        ("plug socket is sparking and smoking", True),
        ("smoke alarm in the corridor keeps going off", False),
        ("fire in the bin store of our block", True),
        ("confused old man outside in his nightie its freezing", True),
        ("sleeping rough tonight with my 2 kids", True),
        ("teenager chucked out by his dad sleeping in the park", True),
        ("my 16 yo spends time at an older mans flat", True),
        ("my son stays at his dads flat", False),
    ],
)
def test_what_the_ninth_round_taught_the_patterns(text, shown):
    assert bool(safety.kinds_by_words(text)) is shown, safety.matched_words(text)
