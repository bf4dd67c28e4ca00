"""A child at risk in the crisis panel (ADR 13, fifteenth session): a child's own words about a
parent or carer harming them lead with Childline; an adult's words about a child harmed or in
danger bring the NSPCC Helpline and Childline; nothing changes where no child is named."""

from __future__ import annotations

import pytest

from joinedup.search import crisis, safety

CHILD = crisis.CHILDLINE.name
NSPCC = crisis.NSPCC_HELPLINE.name
ABUSE = crisis.DOMESTIC_ABUSE_HELPLINE.name


def names(text: str) -> list[str]:
    help_ = crisis.crisis_help(safety.assess_text(text), text)
    assert help_.shown, text
    return [c.name for c in help_.national]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "my stepmum slaps me when dad is out",
        "dad keeps punching me",
        "mums boyfriend hurts me when shes asleep",
        "my foster dad hits me",
    ],
)
def test_a_childs_own_words_about_a_parent_lead_with_childline(text):
    said = names(text)
    assert said[0] == CHILD
    assert ABUSE in said


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "i think the boy upstairs is being beaten",
        "worried a child in my class is being abused at home",
        "a man keeps following my daughter home from school",
    ],
)
def test_an_adult_worried_about_a_child_is_given_the_nspcc_first_and_childline(text):
    said = names(text)
    assert said[0] == NSPCC
    assert CHILD in said


@pytest.mark.django_db
def test_a_partner_harming_the_children_leads_with_the_abuse_helpline_then_the_nspcc():
    said = names("my husband beats the kids when he drinks")
    assert said[:2] == [ABUSE, NSPCC]
    assert CHILD in said


@pytest.mark.django_db
def test_an_adult_harmed_by_a_parent_is_not_given_childline_first():
    said = names("im 52 and my dad still hits me")
    assert said[0] == ABUSE
    assert CHILD not in said


@pytest.mark.django_db
def test_a_childs_thoughts_of_suicide_add_childline_after_the_rest():
    said = names("my 13 year old son says he wants to die")
    assert said[0] == crisis.SAMARITANS.name
    assert said[-1] == CHILD and NSPCC not in said


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text", ["my wife hits me", "i want to end my life tonight", "my toddler drank bleach"]
)
def test_no_child_at_risk_no_childrens_numbers(text):
    said = names(text)
    assert CHILD not in said and NSPCC not in said


@pytest.mark.django_db
def test_the_search_page_and_the_api_list_childline_first_for_a_childs_words(client):
    text = "my step dad hurts me"
    body = client.get("/", {"q": text}).content.decode()
    panel = body[body.index('id="crisis-help"') :]
    assert "tel:08001111" in panel
    assert panel.index("Childline") < panel.index("National Domestic Abuse Helpline")
    found = client.get("/api/search", {"q": text}).json()["crisis"]
    assert found["contacts"][0]["name"] == CHILD


@pytest.mark.django_db
def test_a_childs_self_harm_leads_with_the_help_for_it_not_the_nspcc():
    # The model also reads it close to abuse; the patterns read self-harm, and that leads.
    said = names("my lad has been self harming")
    assert said[0] == crisis.SAMARITANS.name
    assert said[-1] == CHILD and NSPCC not in said


@pytest.mark.django_db
def test_lads_are_not_children():
    said = names("some lads keep threatening me and they know where i live")
    assert said[0] == crisis.VICTIM_SUPPORT.name
    assert NSPCC not in said and CHILD not in said
