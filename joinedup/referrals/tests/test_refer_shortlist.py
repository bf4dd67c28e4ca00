"""The shortlist: practitioners add services straight from search results (which search as
the search page does: accents, synonyms, distance) and service pages, without JavaScript; the
count shows on every page; only services a referral can go to are added."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from joinedup.core import postcodes
from joinedup.directory.models import IntakeMode, Location, Service, ServiceAtLocation
from joinedup.referrals.shortlist import MAX_SHORTLIST
from joinedup.referrals.tests.journey_steps import shortlist
from joinedup.search.services import rebuild_index


def _placed(org, name: str, description: str, postcode: str = "", **fields) -> Service:
    fields.setdefault("intake_mode", IntakeMode.JOINEDUP)
    service = Service.objects.create(organization=org, name=name, description=description, **fields)
    if postcode:
        lat, lng = postcodes.locate(postcode)
        place = Location.objects.create(name=f"{name} hall", latitude=lat, longitude=lng)
        ServiceAtLocation.objects.create(service=service, location=place)
    return service


@pytest.fixture
def directory(housing_org, charlie, food_bank, dora) -> dict[str, Service]:
    # charlie and dora answer their organisations' referrals: the services are referable.
    found = {
        "cafe": _placed(
            housing_org, "Memory café", "Songs and tea for people living with dementia."
        ),
        "breaks": _placed(
            housing_org,
            "Time out for carers",
            "Short breaks for carers: someone sits with the person you look after.",
            postcode="BS5 6XX",
        ),
        "north": _placed(
            food_bank,
            "Time out for carers north",
            "Short breaks for carers: someone sits with the person you look after.",
            postcode="BS16 2AB",
        ),
        "draft": _placed(
            housing_org, "Draft respite service", "Short breaks for carers.", published=False
        ),
    }
    rebuild_index()
    return found


def _results(client, **params) -> str:
    return str(client.get(reverse("search:home"), params).content.decode())


def _add_buttons(page: str) -> list[str]:
    return re.findall(r'name="add" value="([0-9a-f-]+)"', page)


def test_memory_cafe_without_the_accent_is_added_from_the_results(client, alice, directory):
    client.force_login(alice)
    results_url = reverse("search:home") + "?q=memory+cafe"
    page = client.get(results_url).content.decode()
    assert _add_buttons(page)[0] == str(directory["cafe"].pk)
    assert 'Add<span class="govuk-visually-hidden"> Memory café</span> to shortlist' in page
    # The button posts (its own form, outside the search form) and comes back to the results.
    response = client.post(
        reverse("referrals:shortlist-change"),
        {"add": str(directory["cafe"].pk), "next": results_url},
    )
    assert response["Location"] == results_url
    page = client.get(results_url).content.decode()
    assert "Memory café is on your shortlist. You have 1 service." in page
    assert f'name="remove" value="{directory["cafe"].pk}"' in page
    assert "Shortlist (<span data-shortlist-count>1</span>" in page
    # The banner is shown once.
    assert "is on your shortlist" not in client.get(results_url).content.decode()


def test_respite_finds_short_breaks_with_the_distance_and_add_buttons(client, alice, directory):
    client.force_login(alice)
    page = _results(client, q="respite", postcode="BS5 6XX")
    added = _add_buttons(page)
    assert {str(directory["breaks"].pk), str(directory["north"].pk)} <= set(added[:2])
    assert str(directory["draft"].pk) not in added  # not published: no referral can go to it
    assert "0.0 km from BS5 6XX" in page and "3.8 km from BS5 6XX" in page


def test_an_unpublished_service_is_not_added(client, alice, directory):
    client.force_login(alice)
    client.post(reverse("referrals:shortlist-change"), {"add": str(directory["draft"].pk)})
    client.post(reverse("referrals:shortlist-change"), {"add": "not-a-service"})
    assert client.session.get("shortlist", []) == []


def test_removing_takes_it_off_and_the_count_follows(client, alice, directory):
    client.force_login(alice)
    shortlist(client, directory["cafe"], directory["breaks"], directory["cafe"])
    assert client.session["shortlist"] == [str(directory["cafe"].pk), str(directory["breaks"].pk)]
    page = client.get(reverse("referrals:shortlist")).content.decode()
    assert "Shortlist (<span data-shortlist-count>2</span>" in page
    assert "Memory café" in page and "Time out for carers" in page
    client.post(reverse("referrals:shortlist-change"), {"remove": str(directory["cafe"].pk)})
    page = client.get(reverse("referrals:shortlist")).content.decode()
    assert "Memory café" not in page
    assert "Shortlist (<span data-shortlist-count>1</span>" in page


def test_public_visitors_and_people_without_an_organisation_get_no_buttons(client, pam, directory):
    page = _results(client, q="memory cafe")
    assert not _add_buttons(page) and "Shortlist (" not in page
    client.force_login(pam)
    assert not _add_buttons(_results(client, q="memory cafe"))


def test_the_service_page_adds_and_removes(client, alice, directory):
    service = directory["cafe"]
    url = reverse("directory:view-service", args=[service.pk])
    assert "Add to shortlist" not in client.get(url).content.decode()
    client.force_login(alice)
    page = client.get(url).content.decode()
    assert "Add to shortlist" in page
    response = client.post(
        reverse("referrals:shortlist-change"), {"add": str(service.pk), "next": url}
    )
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "Remove from shortlist" in page and "Memory café is on your shortlist" in page


def test_going_back_never_leaves_the_site(client, alice, directory):
    client.force_login(alice)
    response = client.post(
        reverse("referrals:shortlist-change"),
        {"add": str(directory["cafe"].pk), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("referrals:shortlist")


def test_a_full_shortlist_says_so(client, alice, housing_org, charlie):
    client.force_login(alice)
    services = [_placed(housing_org, f"Service {n}", "Help.") for n in range(MAX_SHORTLIST + 1)]
    shortlist(client, *services[:MAX_SHORTLIST])
    response = client.post(reverse("referrals:shortlist-change"), {"add": str(services[-1].pk)})
    assert response.status_code == 409
    assert "Your shortlist is full" in response.content.decode()
    assert len(client.session["shortlist"]) == MAX_SHORTLIST


def test_a_shortlist_is_the_practitioners_own(client, alice, charlie, directory):
    client.force_login(alice)
    shortlist(client, directory["cafe"])
    client.logout()
    client.force_login(charlie)
    page = client.get(reverse("referrals:shortlist")).content.decode()
    assert "No services on your shortlist yet" in page and "Memory café" not in page


def test_the_shortlist_needs_signing_in(client):
    response = client.get(reverse("referrals:shortlist"))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_buttons_ask_who_you_are_once_per_page(client, alice, directory):
    """Whether to offer the shortlist is read once, not once per result (N+1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        page = _results(client, q="carers")
    assert len(_add_buttons(page)) >= 2
    memberships = [q for q in queries if 'FROM "directory_membership"' in q["sql"]]
    assert len(memberships) == 1, [q["sql"] for q in memberships]
