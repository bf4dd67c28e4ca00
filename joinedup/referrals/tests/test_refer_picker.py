"""The refer journey's "add a service" box searches as the search page does (issue 12): words
with their accents and synonyms, meaning, and distance from the person's postcode; only
services a referral can go to."""

from __future__ import annotations

import re

import pytest

from joinedup.core import postcodes
from joinedup.directory.models import Location, Service, ServiceAtLocation
from joinedup.referrals.tests.journey_steps import journey_url, start
from joinedup.referrals.tests.test_refer_journey import _new_person
from joinedup.search.services import rebuild_index


def _placed(org, name: str, description: str, postcode: str = "", **fields) -> Service:
    service = Service.objects.create(organization=org, name=name, description=description, **fields)
    if postcode:
        lat, lng = postcodes.locate(postcode)
        place = Location.objects.create(name=f"{name} hall", latitude=lat, longitude=lng)
        ServiceAtLocation.objects.create(service=service, location=place)
    return service


@pytest.fixture
def services_url(client, alice, food_service, housing_org, food_bank):
    _placed(housing_org, "Memory café", "Songs and tea for people living with dementia.")
    _placed(
        housing_org,
        "Time out for carers",
        "Short breaks for carers: someone sits with the person you look after.",
        postcode="BS5 6XX",
    )
    _placed(
        food_bank,
        "Time out for carers north",
        "Short breaks for carers: someone sits with the person you look after.",
        postcode="BS16 2AB",
    )
    _placed(housing_org, "Draft respite service", "Short breaks for carers.", published=False)
    rebuild_index()
    client.force_login(alice)
    person_url = start(client, food_service)
    _new_person(client, person_url)  # lives at BS5 6XX
    return journey_url(person_url, "services")


def _found(client, url, query: str) -> list[str]:
    page = client.get(url, {"q": query}).content.decode()
    return re.findall(r'<h4 class="govuk-heading-s[^"]*">([^<]+)</h4>', page)


def test_memory_cafe_without_the_accent_finds_the_memory_cafe(client, services_url):
    assert _found(client, services_url, "memory cafe")[0] == "Memory café"


def test_respite_finds_short_breaks_for_carers_with_the_distance(client, services_url):
    found = _found(client, services_url, "respite")
    assert set(found[:2]) == {"Time out for carers", "Time out for carers north"}
    assert "Draft respite service" not in found  # not published: no referral can go to it
    page = client.get(services_url, {"q": "respite"}).content.decode()
    # The distance is from the person's postcode, as on the search page.
    assert "0.0 km from BS5 6XX" in page and "3.8 km from BS5 6XX" in page


def test_chosen_services_are_not_offered_again(client, services_url, food_service):
    assert "Emergency food parcels" not in _found(client, services_url, "emergency food parcels")


def test_a_service_found_is_added(client, services_url):
    page = client.get(services_url, {"q": "memory cafe"}).content.decode()
    service_id = re.search(
        r'name="service" value="([0-9a-f-]+)"><input type="hidden" name="q"', page
    )
    assert service_id is not None
    client.post(services_url, {"action": "add", "service": service_id.group(1)})
    page = client.get(services_url).content.decode()
    assert "Chosen services (2)" in page and "Memory café" in page
