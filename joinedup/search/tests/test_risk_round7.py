"""The seventh crisis round (ADR 13, fifteenth session): an ex or a partner near, someone else
harmed by their partner, a child approached or exploited, an abduction and a threat to the
public read as their classes with the right help; following on social media, a death threat as
a figure of speech, blades as tools and money chased show no panel."""

from __future__ import annotations

import pytest

from joinedup.search import crisis, safety
from joinedup.search.tests import risk_round7 as phrasings
from joinedup.search.tests import rounds

RISK = phrasings.RISK + phrasings.FRESH
# Two of the fresh look-alikes still show a panel (ADR 13, fifteenth session, Left).
STILL_SHOWN = {
    "my ex boyfriend keeps texting asking to get back together": (
        "an ex who keeps texting is read as harassment by the patterns; what the texts say is "
        "not weighed"
    ),
    "stray cat keeps following me home": (
        "the model reads being followed home; the patterns do not tell an animal from a person here"
    ),
}
LOOK_ALIKES = [
    t for t in phrasings.LOOK_ALIKES + phrasings.FRESH_LOOK_ALIKES if t not in STILL_SHOWN
]


def test_the_phrasings_are_many_of_each_class_and_new():
    assert len(phrasings.RISK) >= 50 and len(phrasings.LOOK_ALIKES) >= 30
    assert len(phrasings.FRESH) >= 20 and len(phrasings.FRESH_LOOK_ALIKES) >= 15
    assert {c for c, _ in RISK} == set(phrasings.ACCEPTED)
    texts = [t for _, t in RISK] + phrasings.LOOK_ALIKES + phrasings.FRESH_LOOK_ALIKES
    assert len(set(texts)) == len(texts)
    assert not rounds.earlier_risk_texts(7) & set(texts)


@pytest.mark.django_db
@pytest.mark.parametrize(("cls", "text"), RISK)
def test_risk_is_read_as_its_class_with_the_help_for_it(cls, text):
    rounds.assert_read_as_its_class(text, cls, accepted=phrasings.ACCEPTED, first=phrasings.FIRST)


@pytest.mark.parametrize(("cls", "text"), RISK)
def test_the_patterns_alone_read_the_class(cls, text):
    rounds.assert_patterns_read_its_class(text, cls, accepted=phrasings.ACCEPTED)


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_no_look_alike_shows_the_panel(text):
    rounds.assert_no_panel(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=r))
        for t, r in STILL_SHOWN.items()
    ],
)
def test_the_look_alikes_still_shown(text):
    assert not safety.assess_text(text).shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # An ex at the door, outside or watching; an ex there for the children's handover.
        ("my ex has turned up outside", True),
        ("my ex is outside and wont go away", True),
        ("my ex husband is on the doorstep", True),
        ("the kids dad is waiting outside to take them for the weekend", False),
        ("my ex is at the door to drop off the kids", False),
        ("my ex turned up at the school play", False),
        ("my partner is waiting at the door to pick me up", False),
        # An order broken; asking about one is not a breach.
        ("he breached his bail and came round", True),
        ("breach of tenancy order", False),
        # A death threat as a figure of speech by someone not a partner; a partner's or "he"'s is
        # not blanked, nor a threat for a reason that is not trivial.
        ("i will kill my sister if she eats my chocolate", False),
        ("my nan will kill me if i forget her birthday", False),
        ("my husband will kill me if im late home", True),
        ("he will kill me if i tell anyone", True),
        ("my dad will kill me if he finds out im pregnant", True),
        # Following on social media; being followed.
        ("someone is following me on instagram", False),
        ("someone is following my blog", False),
        ("a man has been following me since the station", True),
        # A blade as a tool; a blade against a person.
        ("machete for clearing the allotment", False),
        ("a man is waving a machete in the street", True),
        # Money chased; a person chased.
        ("being chased by debt collectors", False),
        ("my son is being chased by a gang", True),
        # A car: an everyday lift, a parent's hurry; someone dragged in.
        ("my mum tried to get me into the car", False),
        ("i forced my son into the car to go to the dentist", False),
        ("i was dragged into a car", True),
        # A height: a view, a picnic; someone at the edge.
        ("we had a picnic on the edge of the cliff", False),
        ("standing on the roof of the car park to watch fireworks", False),
        # A child and an adult: a school photographer, an older girl from school.
        ("school photographer taking pictures of the kids", False),
        ("my daughter is being contacted by an older girl from school about netball", False),
        ("my son wants to deliver parcels for a paper round", False),
        ("the ice cream van man keeps giving sweets to the kids", False),
        ("someone is filming kids at the swimming pool", True),
        ("my 14 yo is being blackmailed with photos", True),
        ("my son got shot of his old car", False),
        ("my son got shot in the street", True),
    ],
)
def test_classes_against_their_everyday_senses(text, shown):
    rounds.assert_panel_shown_is(text, shown)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "my ex partner is hammering on the front door",
        "theres a man outside with a knife i think its my ex",
        "my brother is threatening to burn my house down",
    ],
)
def test_a_partner_or_relative_named_in_new_word_orders_leads_with_the_abuse_helpline(text):
    help_ = crisis.crisis_help(safety.assess_text(text))
    assert help_.signal.close, safety.matched_words(text)
    assert help_.national[0] is crisis.DOMESTIC_ABUSE_HELPLINE and help_.silent_call


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "my neighbour is threatening to burn my house down",
        "some men tried to bundle a girl into a van",
        "a lad is shouting hes going to shoot up the school",
    ],
)
def test_a_threat_or_abduction_by_someone_not_named_leads_with_999_then_111(text):
    help_ = crisis.crisis_help(safety.assess_text(text))
    assert help_.signal.leading[0] == "attack" and not help_.signal.close, help_.signal
    assert help_.national[0] is crisis.NHS_111_URGENT and help_.silent_call
