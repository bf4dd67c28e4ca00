"""Situations, not only words (ADR 14): the needs vocabulary on both sides of a search, carers'
services beside the cared-for person's, adults not sent to under-18 services, and no empty page
for a real need. Small directories built here; one test runs on the demo place."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from joinedup.directory.models import TaxonomyTerm
from joinedup.search import needs
from joinedup.search.engine import search
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index


def names(results) -> list[str]:
    return [hit.name for hit in results.hits]


def term(name: str, parent: TaxonomyTerm | None = None) -> TaxonomyTerm:
    return TaxonomyTerm.objects.create(name=name, parent=parent)


@pytest.fixture
def carers_directory(make_service):
    """Many dementia services (enough to fill a first page), a few for carers, one for young
    carers, and services for other needs."""
    older = term("Older people")
    dementia = term("Dementia support", older)
    carers = term("Carers")
    support = term("Support for carers", carers)
    breaks = term("Breaks and respite", carers)
    young = term("Young carers", carers)
    abuse = term("Domestic abuse", term("Community safety"))
    money = term("Debt advice", term("Money"))
    for n in range(8):
        make_service(
            f"Dementia service {n}",
            "Help for people living with dementia and memory loss: advice, activities, "
            "a memory café and dementia nurses.",
            terms=(dementia,),
        )
    make_service(
        "Carers' centre",
        "Information and advice for unpaid carers who look after a family member.",
        terms=(support,),
    )
    make_service(
        "Sitting service",
        "A trained volunteer sits with the person you look after so you can have time off.",
        terms=(breaks,),
    )
    make_service(
        "Young carers service",
        "Clubs, trips and support for carers who look after a parent, brother or sister with "
        "dementia, illness or disability.",
        terms=(young,),
    )
    make_service(
        "Saturday club",
        "Fun days out for young carers aged 8 to 17 who look after a dad or mum at home.",
        terms=(carers,),
    )
    make_service(
        "Domestic abuse helpline",
        "Free, confidential support if a partner or family member hurts, threatens or "
        "controls you. Safety planning and refuge places.",
        terms=(abuse,),
    )
    make_service("Money advice", "Free, confidential help with debts and bills.", terms=(money,))
    make_service("Gardening club", "Grow vegetables with neighbours.")
    rebuild_index()


def _top(results, n: int) -> list[str]:
    return names(results)[:n]


@pytest.mark.parametrize(
    "text",
    [
        "my mum has dementia and I can't cope",
        "my husband has alzheimer's and I am worn out",
        "daughter caring for her father with dementia, struggling",
    ],
)
def test_a_carer_query_shows_carers_services_and_the_cared_for_persons(carers_directory, text):
    results = search(SearchQuery(text=text))
    top5 = _top(results, 5)
    assert {"Carers' centre", "Sitting service"} & set(top5), top5
    assert any(name.startswith("Dementia service") for name in top5), top5
    assert "carers" in results.needs


@pytest.mark.parametrize(
    "text",
    [
        "I look after my dad and I'm exhausted",
        "carer for my wife, need a break",
        "support for a carer of a man with dementia",
    ],
)
def test_an_adult_carer_is_not_sent_first_to_under_18_services(carers_directory, text):
    found = names(search(SearchQuery(text=text)))
    # After every service an adult can use; "Saturday club" says it only in its description.
    assert set(found[-2:]) == {"Young carers service", "Saturday club"}, found
    assert len(found) > 3


def test_a_child_carer_is_still_shown_young_carers_services(carers_directory):
    top3 = _top(search(SearchQuery(text="young carer aged 14 looking after my mum")), 3)
    assert "Young carers service" in top3


@pytest.mark.usefixtures("words_only")
@pytest.mark.parametrize(
    "text",
    [
        "my husband hits me",
        "I'm frightened of my boyfriend",
        "he threatens me when he's been drinking",
        "scared to go back home tonight because of him",
    ],
)
def test_abuse_in_a_persons_own_words_finds_abuse_services(carers_directory, text):
    # Words alone: the vocabulary, not the model, finds the helpline.
    results = search(SearchQuery(text=text))
    assert names(results)[0] == "Domestic abuse helpline"
    assert results.urgency == "crisis"


@pytest.mark.usefixtures("words_only")
def test_everyday_words_name_the_need(carers_directory):
    assert names(search(SearchQuery(text="skint and the bailiffs are coming")))[0] == (
        "Money advice"
    )


def test_a_word_of_the_vocabulary_is_never_corrected_into_another(make_service):
    make_service("Refuge for people fleeing abuse", "Safe housing.")
    make_service("Low mood group", "A weekly group for people feeling down or depressed.")
    rebuild_index()
    results = search(SearchQuery(text="feeling low"))
    assert results.corrections == {}
    assert names(results)[0] == "Low mood group"


def test_a_real_need_in_other_words_gets_the_closest_matches(make_service):
    make_service(
        "Warm homes",
        "Grants for insulation, new boilers and heating systems so your home stays warm.",
    )
    make_service("Chess club", "Play chess on Tuesday evenings.")
    make_service("Library", "Borrow books and use computers.")
    rebuild_index()
    results = search(SearchQuery(text="radiators stone cold all winter"))
    assert results.total and results.closest_matches
    assert names(results)[0] == "Warm homes"


@pytest.mark.parametrize("text", ["asdf qwerty", "the weather in Paris", "zxcv bnm"])
def test_unrelated_text_gets_no_results(make_service, text):
    make_service("Warm homes", "Grants for insulation and heating.")
    make_service("Dementia café", "Meet others living with dementia.")
    make_service("Money advice", "Free help with debts.")
    rebuild_index()
    results = search(SearchQuery(text=text))
    assert results.total == 0
    assert not results.closest_matches


def test_closest_matches_are_headed_as_such_on_the_page(client, make_service):
    make_service(
        "Warm homes",
        "Grants for insulation, new boilers and heating systems so your home stays warm.",
    )
    make_service("Tax returns", "Accountants for small businesses.")
    rebuild_index()
    html = client.get("/", {"q": "radiators stone cold all winter"}).content.decode()
    assert "data-closest-matches" in html
    assert "Closest matches" in html
    assert "Warm homes" in html
    unrelated = client.get("/", {"q": "asdf qwerty"}).content.decode()
    assert "data-closest-matches" not in unrelated
    assert "No services found" in unrelated


def test_understanding_who_needs_the_help(db):
    mum = needs.understand("my mum has dementia and I can't cope")
    assert mum.codes == ("dementia", "carers") and mum.carer
    own = needs.understand("my husband hits me and I'm depressed")
    assert "carers" not in own.codes and not own.carer
    kids = needs.understand("can't afford to feed my kids")
    assert kids.codes == ("food",) and kids.about_a_child
    adult = needs.understand("adult son with autism, I'm his carer")
    assert adult.carer and not adult.about_a_child


def test_under_18_services_are_known_by_ages_or_words():
    assert needs.for_under_18s("", maximum_age=17)
    assert not needs.for_under_18s("young carers", minimum_age=None, maximum_age=25)
    assert needs.for_under_18s("Young Carers Service")
    assert needs.for_under_18s("clubs for 11-16 year olds")
    assert not needs.for_under_18s("young adult carers aged 16 to 25")
    assert not needs.for_under_18s("open 10 to 12 on Saturdays")
    # For adults and their children alike (a refuge), whatever it says of its children's team.
    assert not needs.for_under_18s(
        "Safe housing for women and children who have experienced abuse. A children's team"
        " runs play activities for children."
    )
    assert needs.for_under_18s("Play activities for children and a children's team")


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def _categories(results, n: int) -> list[set[str]]:
    from joinedup.directory.models import Attribute

    out = []
    for hit in results.hits[:n]:
        found: set[str] = set()
        for attribute in Attribute.objects.filter(link_id=hit.service_id).select_related(
            "taxonomy_term__parent"
        ):
            t: TaxonomyTerm | None = attribute.taxonomy_term
            while t is not None:
                found.add(t.name)
                t = t.parent
        out.append(found)
    return out


def test_situations_on_the_demo_place(demo):
    carer = search(SearchQuery(text="my dad's got dementia and I'm at the end of my tether"))
    cats = _categories(carer, 5)
    assert any({"Support for carers", "Breaks and respite"} & c for c in cats), cats
    assert any("Dementia support" in c for c in cats), cats
    assert not any("Young carers" in c for c in cats[:3]), cats
    abuse = search(SearchQuery(text="my boyfriend keeps hitting me"))
    assert "Domestic abuse" in _categories(abuse, 1)[0]
    low = search(SearchQuery(text="been feeling really down lately"))
    assert "Mental health" in _categories(low, 1)[0]
    assert search(SearchQuery(text="asdf qwerty")).total == 0


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # An ex keeping the children from the writer: a contact dispute, not abuse by itself.
        ("my ex wont let me see the kids", ("separation",)),
        ("my ex won't let me see my daughter", ("separation",)),
        ("ex is stopping me seeing our son", ("separation",)),
        # Kept from anyone else, or kept in: controlling behaviour.
        ("my husband won't let me see my friends", ("domestic-abuse",)),
        ("my partner wont let me out", ("domestic-abuse",)),
    ],
)
@pytest.mark.django_db
def test_an_ex_keeping_the_children_is_read_as_separation_not_abuse(text, codes):
    assert needs.understand(text).codes == codes
