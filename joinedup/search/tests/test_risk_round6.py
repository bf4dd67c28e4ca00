"""The sixth crisis round (ADR 13, fourteenth session): the panel generalises to the way people
type when something is wrong, an attack by someone not named as a partner or relative is not
led by the domestic abuse helpline, and knives as tools, a contact dispute with an ex and
bereavement by suicide show no panel."""

from __future__ import annotations

import pytest

from joinedup.search import crisis, safety
from joinedup.search.tests import risk_round6 as phrasings
from joinedup.search.tests import rounds

RISK = phrasings.RISK + phrasings.FRESH
LOOK_ALIKES = phrasings.LOOK_ALIKES + phrasings.FRESH_LOOK_ALIKES


def test_the_phrasings_are_many_of_each_class_and_new():
    assert len(phrasings.RISK) >= 50 and len(phrasings.LOOK_ALIKES) >= 35
    assert len(phrasings.FRESH) >= 20 and len(phrasings.FRESH_LOOK_ALIKES) >= 15
    assert {c for c, _ in RISK} == set(phrasings.ACCEPTED)
    texts = [t for _, t in RISK] + LOOK_ALIKES
    assert len(set(texts)) == len(texts)
    assert not rounds.earlier_risk_texts(6) & set(texts)


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
    ("text", "shown"),
    [
        # A contact dispute is not abuse; fear or harm said with it is.
        ("my ex wont let me see my son", False),
        ("my ex wont let me see the kids and threatens me", True),
        ("my ex wont let me see the kids and im scared of him", True),
        ("my partner wont let me see my friends", True),
        # Knives as a kitchen's or a trade's tools; a knife taken up against someone.
        ("we keep the knives in the kitchen drawer", False),
        ("the butcher uses a sharp knife", False),
        ("he took a knife from the kitchen", True),
        ("my husband grabbed a knife from the kitchen", True),
        ("the chef pulled a knife on me", True),
        # Something picked up is a weapon only when used against a person.
        ("hitting the ball with a bat", False),
        ("a man hit my dad with a bottle", True),
        # Followed now by people not named.
        ("some lads are following my daughter", True),
        # An older man in a child's life: messaging her is a risk, a grandad is not named so.
        ("an older man keeps messaging my 12 year old", True),
        ("my 12 year old plays chess with her grandad", False),
    ],
)
def test_classes_against_their_everyday_senses(text, shown):
    rounds.assert_panel_shown_is(text, shown)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text", ["someone has a knife", "a stranger is following me home", "he stabbed me"]
)
def test_an_attack_by_someone_not_named_does_not_lead_with_the_abuse_helpline(text):
    help_ = crisis.crisis_help(safety.assess_text(text))
    assert help_.signal.leading[0] == "attack" and not help_.signal.close
    assert help_.national[0] is crisis.NHS_111_URGENT
    # Someone dangerous may be near: the silent call stays, and every number is still listed.
    assert help_.silent_call and crisis.DOMESTIC_ABUSE_HELPLINE in help_.national


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "my ex has a knife",
        "my husband grabbed a knife from the kitchen",
        "my brother is outside with a baseball bat",
        "my stepdad came at me with a hammer",
    ],
)
def test_an_attack_by_a_partner_ex_or_relative_leads_with_the_abuse_helpline(text):
    help_ = crisis.crisis_help(safety.assess_text(text))
    assert help_.signal.leading[0] == "attack" and help_.signal.close, help_.signal
    assert help_.national[0] is crisis.DOMESTIC_ABUSE_HELPLINE and help_.silent_call


def test_the_model_alone_never_names_a_partner():
    # What the meaning model reads carries no who: only the reviewed patterns say "close".
    assert not (safety.Signal(kinds=("danger",)) | safety.Signal(kinds=("abuse",))).close


@pytest.mark.django_db
def test_the_search_page_leads_a_strangers_attack_with_999_then_111(client):
    html = client.get("/", {"q": "theres a man in my garden with a machete"}).content.decode()
    panel = rounds.crisis_panel(html)
    assert 'data-crisis-kinds="attack' in html
    assert "If you or someone else is in immediate danger, call" in panel
    assert panel.index('href="tel:999"') < panel.index("press 55") < panel.index("NHS 111")
    assert panel.index("NHS 111") < panel.index("National Domestic Abuse Helpline")


@pytest.mark.django_db
def test_the_search_page_leads_an_exs_attack_with_the_abuse_helpline(client):
    panel = rounds.crisis_panel(
        client.get("/", {"q": "my ex is at the door with a knife"}).content.decode()
    )
    assert panel.index("press 55") < panel.index("National Domestic Abuse Helpline")
    assert panel.index("National Domestic Abuse Helpline") < panel.index("NHS 111")
