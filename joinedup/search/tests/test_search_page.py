"""The search page (home page): need, place, filters with counts, explained result cards,
pagination, "no results" advice, error summary, and the practitioner's "Add to shortlist"."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from joinedup.directory.models import CapacityStatus, IntakeMode, Schedule, TaxonomyTerm
from joinedup.search.models import UnmetNeed
from joinedup.search.services import rebuild_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def memory(db) -> TaxonomyTerm:
    return TaxonomyTerm.objects.create(name="Memory")


@pytest.fixture
def directory(make_service, memory):
    clinic = make_service(
        "Memory clinic",
        "Support after a diagnosis of dementia.",
        postcode="BS5 6XX",
        terms=(memory,),
        intake_mode=IntakeMode.JOINEDUP,
    )
    Schedule.objects.create(
        service=clinic,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR,SA,SU",
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
    )
    make_service(
        "Dementia café",
        "A dementia friendly café.",
        postcode="BS1 4DJ",
        cost=3,
        capacity_status=CapacityStatus.NOT_ACCEPTING,
    )
    make_service("Dementia helpline", "Talk to a dementia nurse.", phone=True)
    rebuild_index()
    return clinic


def page(client, **params) -> str:
    response = client.get("/", params)
    assert response.status_code == 200
    return str(response.content.decode())


def cards(html: str) -> list[str]:
    return re.findall(
        r'<h3 class="govuk-heading-s[^"]*"><a class="govuk-link" href="[^"]+">([^<]+)</a>', html
    )


def test_results_show_distance_opening_capacity_and_why(client, directory):
    html = page(client, q="dementia", postcode="BS5 6XX")
    assert "3 services for “dementia” near BS5 6XX" in html
    assert cards(html)[0] == "Memory clinic"
    assert "km from BS5 6XX" in html
    assert "Online or by phone" in html  # the helpline has no distance, and says why
    assert "Open, 9am to 5pm" in html
    assert "Not accepting referrals" in html
    assert "Why this result" in html
    assert "Matches your words “dementia”" in html


def test_filters_are_radios_and_checkboxes_with_counts(client, directory, memory):
    html = page(client, q="dementia")
    assert 'type="radio" value="phone"' in html and "By phone (1)" in html
    assert "In person (2)" in html
    assert re.search(
        r'type="checkbox" value="true"\s*>\s*<label[^>]*>Free services only \(2\)', html
    )
    assert f'value="{memory.pk}"' in html and "Memory (1)" in html
    assert "Accepting referrals now (2)" in html


def test_filters_narrow_and_stay_selected(client, directory):
    html = page(client, q="dementia", delivery="phone")
    assert cards(html) == ["Dementia helpline"]
    assert 'value="phone" checked' in html
    html = page(client, q="dementia", free="true", accepting_referrals="true")
    assert set(cards(html)) == {"Memory clinic", "Dementia helpline"}
    html = page(client, q="dementia", intake_mode="joinedup")
    assert cards(html) == ["Memory clinic"]


def test_typo_and_postcode_in_the_text_are_explained(client, directory):
    html = page(client, q="dementai BS5 6XX")
    assert "Showing results for <strong>dementia BS5 6XX</strong>. Search instead for" in html
    assert "Using the postcode BS5 6XX from your search" in html


def test_no_results_advise_wider_distance_removing_filters_and_the_front_door(client, directory):
    html = page(client, q="memory clinic", postcode="BS5 6XX", distance_km="1", delivery="online")
    assert "No services found" in html
    assert "Search within 3.0 km" in html
    assert (
        'href="?q=memory+clinic&amp;postcode=BS5+6XX&amp;delivery=online&amp;distance_km=3"' in html
    )
    assert "Search at any distance" in html
    assert (
        'href="?q=memory+clinic&amp;postcode=BS5+6XX&amp;distance_km=1">'
        "Remove the how it is given filter" in html
    )
    assert 'href="tel:03001234567"' in html


def test_removing_the_filter_from_the_advice_finds_the_service(client, directory):
    html = page(client, q="memory clinic", postcode="BS5 6XX", distance_km="1")
    assert cards(html)[0] == "Memory clinic"


def test_invalid_input_shows_an_error_summary_and_keeps_what_was_typed(client, directory):
    html = page(client, q="dementia", postcode="ZZ99 9ZZ", age="very old")
    assert "There is a problem" in html
    assert "Age must be a whole number, like 42" in html
    assert 'href="#id_age"' in html
    assert 'value="dementia"' in html and 'value="ZZ99 9ZZ"' in html
    assert cards(html) == []
    html = page(client, q="dementia", postcode="ZZ99 9ZZ")
    assert 'href="#id_postcode"' in html
    assert "<title>Error: " in html


def test_practitioners_can_shortlist_a_result(client, directory, bob):
    assert "to shortlist" not in page(client, q="memory")
    client.force_login(bob)
    html = page(client, q="memory")
    assert f'form="shortlist-form" name="add" value="{directory.pk}"' in html
    assert f'action="{reverse("referrals:shortlist-change")}" id="shortlist-form"' in html


def test_the_page_counts_unmet_need(client, directory):
    page(client, q="bereavement", postcode="BS5 6XX")
    assert UnmetNeed.objects.get().theme == "bereavement"
    page(client, q="bereavement", postcode="BS5 6XX", page="2")
    assert UnmetNeed.objects.get().count == 1


def test_a_correction_is_shown_with_a_link_to_search_exactly_what_was_typed(client, directory):
    page = client.get("/", {"q": "dementai", "postcode": "BS5 6XX"}).content.decode()
    assert "Showing results for <strong>dementia</strong>." in page
    assert 'href="?q=dementai&amp;postcode=BS5+6XX&amp;spelling=exact"' in page
    exact = client.get("/", {"q": "dementai", "postcode": "BS5 6XX", "spelling": "exact"})
    assert "Showing results for" not in exact.content.decode()
    assert exact.context["results"].corrections == {}
    # The choice is kept when filters are applied.
    assert '<input type="hidden" name="spelling" value="exact">' in exact.content.decode()
