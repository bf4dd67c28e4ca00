"""A crime by someone not close to the person (ADR 13, sixteenth session): a neighbour's or a
stranger's threat leads with Victim Support, not the domestic abuse helpline; an attack lists it
after NHS 111; a partner's, an ex's or a relative's threat is still the abuse helpline's."""

from __future__ import annotations

import pytest

from joinedup.search import crisis, safety

VICTIMS = crisis.VICTIM_SUPPORT.name
ABUSE = crisis.DOMESTIC_ABUSE_HELPLINE.name


def names(text: str) -> list[str]:
    help_ = crisis.crisis_help(safety.assess_text(text), text)
    assert help_.shown, text
    return [c.name for c in help_.national]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text", ["my neighbour is threatening to kill me", "the man next door keeps threatening me"]
)
def test_a_threat_by_someone_not_close_leads_with_victim_support(text):
    said = names(text)
    assert said[0] == VICTIMS
    assert ABUSE in said


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    ["my husband is threatening to kill me", "my ex keeps threatening me", "my wife threatens me"],
)
def test_a_threat_by_someone_close_leads_with_the_abuse_helpline(text):
    said = names(text)
    assert said[0] == ABUSE
    assert VICTIMS not in said


@pytest.mark.django_db
def test_an_attack_now_lists_victim_support_after_nhs_111():
    said = names("just been mugged at knifepoint")
    assert said[:2] == [crisis.NHS_111_URGENT.name, VICTIMS]


@pytest.mark.django_db
def test_the_api_lists_victim_support_with_its_number(client):
    body = client.get("/api/search", {"q": "my neighbour is threatening to kill me"}).json()
    first = body["crisis"]["contacts"][0]
    assert first["name"] == VICTIMS and first["phone"] == "08 08 16 89 111" and first["national"]


@pytest.mark.django_db
def test_someone_else_harmed_by_a_stranger_is_not_given_victim_support_first():
    said = names("my niece is being messaged by a 30 year old man who wants to meet her")
    assert said[0] != VICTIMS
