"""The fifth crisis round (ADR 13, thirteenth session): the panel leads with the help that fits
what happened. An overdose taken is a medical emergency first; someone with a weapon now is an
attack; a cold home with a baby, a young person put out or days without food ("exposure") do
not lead with the domestic abuse helpline or show the silent-call line, while abuse by a partner
or relative keeps both; services that share the words show no panel."""

from __future__ import annotations

import pytest

from joinedup.search import crisis, safety
from joinedup.search.tests import risk_round5 as phrasings
from joinedup.search.tests import rounds

RISK = phrasings.RISK + phrasings.FRESH
LOOK_ALIKES = phrasings.LOOK_ALIKES + phrasings.FRESH_LOOK_ALIKES
CASES = [(c, t, *phrasings.LEADS[c]) for c, t in RISK]
# The classes whose kind must lead the panel, not only be read: an overdose is medical before
# it is suicide; thoughts of one are suicide before anything the model reads; a cold home or a
# young person put out leads with its own help even when the model reads danger from a person.
LEADING_CLASSES = {"overdose", "intent", "cold", "put_out", "hunger", "weapon"}


def test_the_phrasings_are_many_of_each_class_and_new():
    assert len(RISK) >= 80 and len(LOOK_ALIKES) >= 45
    assert {c for c, _ in phrasings.FRESH} == set(phrasings.LEADS)
    texts = [t for _, t in RISK] + LOOK_ALIKES + phrasings.DECIDED_PANELS
    assert len(set(texts)) == len(texts)
    assert not rounds.earlier_risk_texts(5) & set(texts)


@pytest.mark.django_db
@pytest.mark.parametrize(("cls", "text", "kind", "first", "silent"), CASES)
def test_the_panel_leads_with_the_help_for_the_class(cls, text, kind, first, silent):
    signal = safety.assess_text(text)
    help_ = crisis.crisis_help(signal)
    assert help_.shown and kind in signal.kinds, signal
    if cls in LEADING_CLASSES:
        assert signal.leading[0] == kind, signal
    assert help_.national[0].name == first, (signal, help_.national)
    assert help_.silent_call is silent, signal
    # Every national number is still listed: Samaritans stays on an overdose's panel.
    assert crisis.SAMARITANS in help_.national
    # A medical emergency's first words: 999 for someone seriously ill.
    assert help_.medical_first is (kind == "medical")


@pytest.mark.parametrize(("cls", "text", "kind"), [(c, t, k) for c, t, k, _, _ in CASES])
def test_the_patterns_alone_read_the_class(cls, text, kind):
    # A server without the model shows the same help first.
    assert kind in safety.kinds_by_words(text), safety.matched_words(text)


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_no_service_search_that_shares_the_words_shows_the_panel(text):
    rounds.assert_no_panel(text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # A medicine taken as it should be; too much of it taken.
        ("my dad has taken all his tablets", False),
        ("my dad has taken all his tablets and wont wake up", True),
        ("mum has taken all her tablets today", False),
        # A weapon as a hobby, a licence or a tool; one held now.
        ("he has a gun licence", False),
        ("my neighbour has a shotgun for shooting rabbits", False),
        ("they have got a knife block", False),
        ("the neighbour has got a gun and is pointing it at us", True),
        # Knife crime as a service; a knife crime now.
        ("mentoring about knife crime for my son", False),
        ("my son was stabbed in a knife crime", True),
        # A cold home is hardship; with a baby or oxygen it is a risk.
        ("no heating in my flat", False),
        ("power cut compensation", False),
        ("power cut and my baby is cold", True),
        # Put out as an adult with somewhere to sleep is housing; with nowhere, it is a risk.
        ("kicked out and sleeping in my car", False),
        ("my partner kicked me out and i have nowhere to go", True),
    ],
)
def test_classes_against_their_everyday_senses(text, shown):
    rounds.assert_panel_shown_is(text, shown)


@pytest.mark.parametrize("text", phrasings.DECIDED_PANELS)
def test_a_service_named_for_a_risk_to_life_keeps_its_panel(text):
    assert safety.assess_text(text).leading[0] == "suicide", safety.matched_words(text)


@pytest.mark.django_db
def test_kicked_out_is_not_a_blow_but_a_blow_with_it_is_abuse():
    put_out = safety.assess_text("my parents kicked me out and i have nowhere to sleep tonight")
    assert "abuse" not in put_out.worded and "exposure" in put_out.worded
    hit = safety.assess_text("my dad hit me and kicked me out")
    assert "abuse" in hit.worded and hit.leading[0] == "abuse"
    help_ = crisis.crisis_help(hit)
    assert help_.national[0] is crisis.DOMESTIC_ABUSE_HELPLINE and help_.silent_call


@pytest.mark.django_db
def test_the_model_alone_reading_danger_keeps_its_order():
    # Only the patterns' reading of exposure changes the order; the model's danger is as before.
    alone = safety.Signal(kinds=("danger",))
    help_ = crisis.crisis_help(alone)
    assert help_.national[0] is crisis.DOMESTIC_ABUSE_HELPLINE and help_.silent_call
    both = safety.Signal(kinds=("danger", "exposure"), worded=("exposure",))
    help_ = crisis.crisis_help(both)
    assert help_.national[0] is crisis.NHS_111_URGENT and not help_.silent_call


@pytest.mark.django_db
def test_the_api_reports_exposure_as_danger(client):
    body = client.get("/api/search", {"q": "no heating and my baby is freezing"}).json()
    assert body["crisis"]["shown"] and body["crisis"]["kinds"] == ["danger"]
    assert body["crisis"]["contacts"][0]["name"] == "NHS 111"


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["i took too many pills", "my mum has overdosed on her tablets"])
def test_the_search_page_leads_an_overdose_with_999_and_111(client, text):
    panel = rounds.crisis_panel(client.get("/", {"q": text}).content.decode())
    assert "If someone is seriously ill or injured, or their life is at risk, call" in panel
    assert panel.index('href="tel:999"') < panel.index("NHS 111") < panel.index("Samaritans")
    assert panel.index("Samaritans") < panel.index("National Domestic Abuse Helpline")
    assert "press 55" not in panel


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["someone has a knife", "hes got a gun"])
def test_the_search_page_gives_a_weapon_the_silent_call(client, text):
    html = client.get("/", {"q": text}).content.decode()
    panel = rounds.crisis_panel(html)
    assert 'data-crisis-kinds="attack' in html
    assert "If you or someone else is in immediate danger, call" in panel
    assert panel.index('href="tel:999"') < panel.index("press 55") < panel.index("Samaritans")


@pytest.mark.django_db
def test_the_search_page_does_not_lead_a_cold_home_with_the_abuse_helpline(client):
    panel = rounds.crisis_panel(
        client.get("/", {"q": "no heating and my baby is freezing"}).content.decode()
    )
    assert "If you or someone else is in immediate danger, call" in panel
    assert panel.index("NHS 111") < panel.index("National Domestic Abuse Helpline")
    assert "press 55" not in panel


@pytest.mark.parametrize(
    "text", ["i took too many pills", "my sister took loads of tablets and is really drowsy"]
)
def test_an_overdose_finds_the_health_services_first_on_the_demo(demo_place, text):
    top = rounds.top_categories(text, 3)
    assert "Health" in top[0], top


@pytest.mark.parametrize("text", ["someone has a knife", "theres a man with a knife outside"])
def test_a_weapon_now_finds_the_crime_services_on_the_demo(demo_place, text):
    top = rounds.top_categories(text, 3)
    assert any({"Victims of crime", "Neighbourhood policing"} & c for c in top), top
