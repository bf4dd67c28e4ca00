"""The fourth crisis round (ADR 13, twelfth session): every risk phrasing of `risk_round4.py`
shows the crisis panel of its kind by the reviewed patterns alone; a child who swallowed
something is a medical emergency, a fire and an attack now are read as such and the panel's
first words suit them; no look-alike shows a panel."""

from __future__ import annotations

import pytest

from joinedup.search import crisis, safety
from joinedup.search.tests import risk_by_kind, risk_round3, rounds
from joinedup.search.tests import risk_round4 as phrasings

RISK = phrasings.RISK + phrasings.FRESH
EVERYDAY = phrasings.LOOK_ALIKES + phrasings.FRESH_EVERYDAY
POISONING = [t for c, t, _ in RISK if c == "poison"]
FIRES = [t for c, t, _ in RISK if c == "fire"]
ATTACKS = [t for c, t, _ in RISK if c == "attack"]
CRIME = {"Victims of crime", "Neighbourhood policing"}


def test_the_phrasings_are_many_of_many_kinds_and_new():
    assert len(phrasings.RISK) >= 80 and len(phrasings.LOOK_ALIKES) >= 50
    assert len({c for c, _, _ in phrasings.RISK}) >= 10
    assert len(risk_by_kind.held_out(phrasings.RISK)) == len(phrasings.RISK) // 3
    texts = [t for _, t, _ in RISK] + EVERYDAY
    assert len(set(texts)) == len(texts)
    # Besides the third round's risk phrasings and look-alikes, its probes and the rest.
    also = [t for _, t in risk_round3.PROBED] + risk_round3.PROBED_EVERYDAY
    also += risk_round3.FRESH2_EVERYDAY + risk_round3.KNOWN_FALSE_PANELS
    assert not rounds.earlier_risk_texts(4, also=also) & set(texts)


@pytest.mark.parametrize(("text", "least"), [(t, k) for _, t, k in RISK])
def test_every_risk_phrasing_shows_the_panel_of_its_kind(text, least):
    assert rounds.read_as(safety.assess_text(text).kinds, least), safety.assess_text(text)
    # A server without the model still shows it.
    assert rounds.read_as(safety.kinds_by_words(text), least), safety.matched_words(text)


@pytest.mark.parametrize("text", POISONING)
def test_a_child_who_swallowed_something_is_a_medical_emergency(text):
    # Not danger: the panel says 999 for someone seriously ill, then 111, and the health
    # services come beneath it (`situations.SIGNALLED_NEEDS`).
    assert safety.kinds_by_words(text) == {"medical"}, safety.matched_words(text)
    assert safety.assess_text(text).kinds[0] == "medical"


@pytest.mark.parametrize("text", FIRES)
def test_a_fire_now_is_read_as_a_fire(text):
    assert "fire" in safety.kinds_by_words(text), safety.matched_words(text)


@pytest.mark.parametrize("text", ATTACKS)
def test_an_attack_now_is_read_as_one(text):
    assert "attack" in safety.kinds_by_words(text), safety.matched_words(text)


@pytest.mark.parametrize("text", EVERYDAY)
def test_no_look_alike_shows_the_panel(text):
    rounds.assert_no_panel(text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # A child's own medicine taken as it should be; a child who got into someone's pills.
        ("my son has taken his tablets", False),
        ("my daughter took paracetamol for her period pain", False),
        ("my son took my tablets", True),
        # A kitchen knife is a tool; one held against someone is a weapon.
        ("sharp kitchen knife for carving", False),
        ("he came at me with a kitchen knife", True),
        # A pet is not the person harmed; a threat to a pet to control someone is read.
        ("my neighbour kicks her cat", False),
        ("he hits her and the kids", True),
        # Cutting school is truancy; cutting in class is not.
        ("my son keeps cutting class", False),
        ("my daughter is cutting herself in class", True),
        # Hurt feelings are everyday; hurt feelings with a blow are not.
        ("my husband hurt my feelings and hit me", True),
        # A fire over, or a fire named as a service, is not one now.
        ("our kitchen caught fire last month", False),
        ("fire safety advice for landlords", False),
        ("burglar alarm fitting", False),
    ],
)
def test_classes_against_their_everyday_senses(text, shown):
    rounds.assert_panel_shown_is(text, shown)


@pytest.mark.django_db
def test_the_fire_panel_says_get_out_and_has_no_silent_call():
    help_ = crisis.crisis_help(safety.assess_text("my flat is on fire"))
    assert help_.fire_first and help_.fire and not help_.silent_call
    assert not help_.medical_first and not help_.exit_page
    assert help_.national[0] is crisis.NHS_111_URGENT
    # An arson attack by a person is an attack first: the silent call stays.
    arson = crisis.crisis_help(safety.assess_text("someone poured petrol through our letterbox"))
    assert arson.signal.kinds[0] == "attack" and arson.silent_call


@pytest.mark.django_db
def test_an_attack_keeps_the_silent_call_and_the_helpline_first_for_an_ex():
    # Since the sixth round (ADR 13, fourteenth session) only an attack by a partner, an ex or
    # a relative leads with the abuse helpline; a stranger's leads with NHS 111.
    help_ = crisis.crisis_help(safety.assess_text("man with a knife outside"))
    assert help_.signal.kinds[0] == "attack" and help_.silent_call
    assert help_.national[0] is crisis.NHS_111_URGENT
    ex = crisis.crisis_help(safety.assess_text("my ex with a knife outside"))
    assert ex.signal.kinds[0] == "attack" and ex.silent_call
    assert ex.national[0] is crisis.DOMESTIC_ABUSE_HELPLINE


@pytest.mark.django_db
def test_the_search_page_gives_fire_advice_for_a_fire(client):
    html = client.get("/", {"q": "fire in the kitchen"}).content.decode()
    assert "get everyone out, stay out and call" in html
    assert 'href="tel:999"' in html and "press 55" not in html
    assert "close the door, put bedding or towels along the bottom of it" in html
    other = client.get("/", {"q": "someone is trying to break in"}).content.decode()
    assert "press 55" in other and "get everyone out" not in other


@pytest.mark.django_db
def test_the_api_reports_a_sort_of_danger_as_danger(client):
    # The API's schema lists six kinds: an attack or a fire is "danger" there.
    body = client.get("/api/search", {"q": "my flat is on fire"}).json()
    assert body["crisis"]["shown"] and body["crisis"]["kinds"] == ["danger"]


@pytest.mark.parametrize(
    "text", ["toddler has taken my pills", "my 3 year old has eaten some of my tablets"]
)
def test_a_child_who_swallowed_pills_finds_the_health_services_first_on_the_demo(demo_place, text):
    top = rounds.top_categories(text, 3)
    assert "Health" in top[0], top
    assert not any(CRIME & c for c in top), top


@pytest.mark.parametrize("text", ["man with a knife outside", "someone is trying to break in"])
def test_an_attack_now_finds_the_crime_services_on_the_demo(demo_place, text):
    top = rounds.top_categories(text, 3)
    assert any(CRIME & c for c in top), top


def test_a_fire_does_not_bring_the_police_first_on_the_demo(demo_place):
    # A fire names no need: the results are what the vocabulary reads.
    top = rounds.top_categories("my flat is on fire", 3)
    assert not any(CRIME & c for c in top), top


def test_a_partner_with_a_knife_finds_the_abuse_services_first_on_the_demo(demo_place):
    # Abuse as well as an attack: abuse's services meet it (`situations.ALONE_KINDS`).
    top = rounds.top_categories("my ex is outside with a knife", 1)
    assert "Domestic abuse" in top[0], top
