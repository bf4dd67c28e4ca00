"""The services beneath a crisis panel meet what the patterns read (ADR 14, fifteenth session,
lead): a stranger breaking in, or people not close to the writer threatening them, are the
victims of crime services', not abuse's; a child's own words about a parent are the children's
safeguarding services' first; criminal exploitation is safeguarding; the words saying when
("tonight") are not searched beside a risk; an adult who does something to a child does not
make the query an adult's; a break-in is read whatever words follow it."""

from __future__ import annotations

import pytest

from joinedup.directory.models import TaxonomyTerm
from joinedup.search import needs, safety, situations
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index


def used(text: str) -> list[str]:
    reading = situations.with_signalled_needs(
        needs.understand(text), safety.assess_text(text), text
    )
    return [n.code for n in reading.needs]


@pytest.mark.django_db
def test_a_stranger_breaking_in_is_crime_though_the_model_also_reads_abuse():
    text = "somebody is trying to force my back door and im so scared"
    signal = safety.assess_text(text)
    assert "attack" in signal.worded
    assert used(text)[0] == "crime"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("someone is trying to get in and im home on my own", {"attack"}),
        ("men trying to break in now please help", {"attack"}),
        ("somebody is trying to kick our front door", {"attack"}),
        # Everyday senses of the same words.
        ("someone is trying to get in touch with me about my benefits", set()),
        ("trying to break in to the film industry", set()),
    ],
)
def test_a_break_in_is_read_whatever_follows_it(text, kind):
    assert safety.kinds_by_words(text) & {"attack"} == kind


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("some older boys keep threatening me outside school", "crime"),
        ("my neighbour says he is going to hurt me", "crime"),
        ("my boyfriend keeps threatening me", "domestic-abuse"),
        ("my ex keeps threatening me and the kids", "domestic-abuse"),
    ],
)
def test_a_threat_by_people_not_close_is_a_crime_against_the_writer(text, need):
    assert used(text)[0] == need


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["my stepmum slaps me when dad is out", "dad keeps punching me"])
def test_a_childs_own_words_about_a_parent_are_safeguarding(text):
    assert used(text)[0] == "safeguarding"


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["my husband punches me", "im 45 and my dad still hits me"])
def test_an_adults_own_abuse_stays_domestic_abuse(text):
    assert used(text)[0] == "domestic-abuse"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    ["im being made to sell drugs for some older lads", "they made my nephew deal drugs for them"],
)
def test_criminal_exploitation_is_safeguarding(text):
    assert "safeguarding" in needs.understand(text).codes


@pytest.mark.django_db
def test_an_adult_doing_something_to_a_child_leaves_the_child_the_subject():
    understood = needs.understand("my 13 year old is being messaged by an older man online")
    assert understood.about_a_child and understood.a_child_is_the_subject


@pytest.fixture
def directory(make_service):
    crisis = TaxonomyTerm.objects.create(name="Crisis support")
    homeless = TaxonomyTerm.objects.create(name="Homelessness")
    abuse = TaxonomyTerm.objects.create(name="Domestic abuse")
    safeguarding = TaxonomyTerm.objects.create(name="Safeguarding")
    victims = TaxonomyTerm.objects.create(name="Victims of crime")
    make_service(
        "Emergency housing line",
        "If you have nowhere safe to sleep tonight, call us tonight for emergency accommodation.",
        terms=(homeless, crisis),
    )
    make_service(
        "Mental health crisis line",
        "Call any time if you are in a mental health crisis or thinking of suicide.",
        terms=(crisis,),
    )
    make_service(
        "Domestic abuse helpline", "Support for anyone experiencing domestic abuse.", terms=(abuse,)
    )
    make_service(
        "Report concerns about a child",
        "If you are worried that a child is being harmed or neglected, tell the children's team.",
        terms=(safeguarding,),
    )
    make_service(
        "Support after crime", "Free help for anyone affected by a crime.", terms=(victims,)
    )
    rebuild_index()


def first(text: str) -> str:
    return search(SearchQuery(text=text)).hits[0].name


@pytest.mark.django_db
def test_tonight_beside_a_risk_is_not_searched(directory):
    assert first("going to throw myself off the car park roof tonight") == (
        "Mental health crisis line"
    )
    # Where it is the need's own word, the service for tonight still comes first.
    assert first("nowhere to sleep tonight") == "Emergency housing line"


@pytest.mark.django_db
def test_the_services_beneath_the_panel(directory):
    # Both needs: the children's services and domestic abuse's, among the first two.
    top = [h.name for h in search(SearchQuery(text="my stepdad hits me when mum goes out")).hits]
    assert set(top[:2]) == {"Report concerns about a child", "Domestic abuse helpline"}
    assert first("somebody is trying to force my back door and im so scared") == (
        "Support after crime"
    )
    assert first("my wife hits me") == "Domestic abuse helpline"
