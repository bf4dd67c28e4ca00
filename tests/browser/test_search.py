"""The search page walked as a person would: a misspelt need and a postcode, the explanation,
filters as checkboxes and radios, the "no results" advice, pagination and the error summary,
with and without JavaScript, and axe-core on every page."""

from __future__ import annotations

import re

import pytest

from joinedup.core import postcodes
from joinedup.directory.models import (
    CostOption,
    Location,
    Phone,
    Service,
    ServiceAtLocation,
)
from joinedup.search.services import rebuild_index
from tests.browser.conftest import assert_accessible, loaded

expect = pytest.importorskip("playwright.sync_api").expect


def _service(org, name: str, description: str, *, postcode: str = "", cost: float = 0) -> Service:
    service = Service.objects.create(
        organization=org, name=name, description=description, status="active"
    )
    if postcode:
        lat, lng = postcodes.locate(postcode)
        place = Location.objects.create(name=f"{name} venue", latitude=lat, longitude=lng)
        ServiceAtLocation.objects.create(service=service, location=place)
    if cost:
        CostOption.objects.create(service=service, option="Session", amount=cost)
    return service


@pytest.fixture
def dementia_services(carers_centre) -> None:
    _service(
        carers_centre, "Memory clinic", "Support after a diagnosis of dementia.", postcode="BS5 6XX"
    )
    _service(
        carers_centre, "Dementia café", "A dementia friendly café.", postcode="BS1 4DJ", cost=3
    )
    helpline = _service(carers_centre, "Dementia helpline", "Talk to a dementia nurse by phone.")
    Phone.objects.create(service=helpline, number="0800 000 0000")
    # Enough for a second page of results (20 a page).
    for n in range(1, 21):
        _service(
            carers_centre, f"Dementia group {n}", "A dementia support group.", postcode="BS16 2AB"
        )
    # Made with the ORM, not through the directory's use cases: index them as an import would.
    rebuild_index()


def _a_resident_searches_filters_and_pages_through_results(page) -> None:
    page.goto("/")
    page.get_by_label("What do you need help with?").fill("dementai")
    page.get_by_label("Postcode").fill("BS5 6XX")
    page.get_by_role("button", name="Search", exact=True).click()

    results = page.locator("#results-heading")
    expect(results).to_contain_text("23 services for “dementai” near BS5 6XX")
    expect(page.locator("#results-spelling")).to_have_text(
        "Showing results for dementia. Search instead for dementai"
    )
    first = page.locator(".app-card").first
    # The two services that name dementia lead: the clinic at the door and the café 3 km away
    # (which comes first is the databases' word scores: the model reads "dementai" as typed).
    expect(first.get_by_role("link").first).to_have_text(
        re.compile("^(Memory clinic|Dementia café)$")
    )
    expect(first).to_contain_text("from BS5 6XX")
    first.get_by_text("Why this result").click()
    expect(first).to_contain_text("Matches your words “dementia”")
    assert_accessible(page)

    page.get_by_role("link", name="Page 2").click()
    expect(page.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    expect(page.locator(".app-card")).to_have_count(3)
    assert_accessible(page)

    # Filters combine: by phone and free leaves the helpline alone. They are folded behind
    # "Filter results" without JavaScript (with it, open on a wide screen).
    filters = page.locator("#filters")
    # With JavaScript, search/home.js opens them as the page loads: read after that, or a click
    # meant to open them would close them.
    loaded(page)
    if filters.get_attribute("open") is None:
        page.get_by_text("Filter results", exact=True).click()
    page.get_by_label(re.compile(r"^By phone \(1\)")).check()
    page.get_by_label(re.compile(r"^Free services only")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(results).to_contain_text("1 service for “dementai”")
    expect(page.locator(".app-card")).to_have_count(1)
    expect(page.locator(".app-card").get_by_role("link").first).to_have_text("Dementia helpline")
    expect(page.locator(".app-card")).to_contain_text("Online or by phone")  # no distance
    expect(page.get_by_text("Filter results (2 selected)")).to_be_visible()
    loaded(page)
    if filters.get_attribute("open") is None:
        page.get_by_text("Filter results (2 selected)", exact=True).click()
    expect(page.get_by_label(re.compile(r"^By phone"))).to_be_checked()
    assert_accessible(page)


def _no_results_give_advice_that_finds_services(page) -> None:
    page.goto("/?q=memory+clinic&postcode=BS5+6XX&distance_km=1&delivery=online")
    expect(
        page.get_by_role("heading", level=2, name=re.compile("No services found"))
    ).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("0300 123 4567"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Remove the how it is given filter").click()
    expect(page.locator(".app-card").first.get_by_role("link").first).to_have_text("Memory clinic")
    assert_accessible(page)


def _a_mistake_shows_the_error_summary_and_keeps_the_search(page) -> None:
    page.goto("/?q=dementia&postcode=ZZ99+9ZZ")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_label("What do you need help with?")).to_have_value("dementia")
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Postcode")).to_be_focused()


def test_a_resident_searches_filters_and_pages_through_results(page, dementia_services):
    _a_resident_searches_filters_and_pages_through_results(page)


def test_a_resident_searches_filters_and_pages_through_results_without_javascript(
    page_without_js, dementia_services
):
    _a_resident_searches_filters_and_pages_through_results(page_without_js)


def test_no_results_give_advice_that_finds_services(page, dementia_services):
    _no_results_give_advice_that_finds_services(page)


def test_no_results_give_advice_that_finds_services_without_javascript(
    page_without_js, dementia_services
):
    _no_results_give_advice_that_finds_services(page_without_js)


def test_a_mistake_shows_the_error_summary_and_keeps_the_search(page, dementia_services):
    _a_mistake_shows_the_error_summary_and_keeps_the_search(page)


def test_a_mistake_shows_the_error_summary_and_keeps_the_search_without_javascript(
    page_without_js, dementia_services
):
    _a_mistake_shows_the_error_summary_and_keeps_the_search(page_without_js)
