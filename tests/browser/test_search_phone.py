"""The search page on a phone (issue 12): at 375 by 667 the first result is on the first screen,
the filters are folded behind "Filter results", a skip link goes to the results, a keyboard
user reaches the first result in a few Tabs, and the count is announced; with and without
JavaScript, and axe-core clean."""

from __future__ import annotations

import pytest

from joinedup.core import postcodes
from joinedup.directory.models import Location, Service, ServiceAtLocation
from joinedup.search.services import rebuild_index
from tests.browser.conftest import assert_accessible, loaded

expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 375, "height": 667}
SEARCH = "/?q=dementai&postcode=BS5+6XX"
# Tabs from the top of the page to the first result's link, signed out, measured: 11 without
# JavaScript (two skip links, the header's two links, the menu's two, the search box, the
# postcode, the button, "Search instead for"), 10 with it (the menu is one button). It was 23.
MAX_TABS = 11


@pytest.fixture
def services(carers_centre) -> None:
    lat, lng = postcodes.locate("BS5 6XX")
    for n in range(1, 13):
        service = Service.objects.create(
            organization=carers_centre,
            name=f"Dementia group {n}",
            description="A dementia support group for people and their carers.",
            status="active",
        )
        place = Location.objects.create(name=f"Hall {n}", latitude=lat, longitude=lng)
        ServiceAtLocation.objects.create(service=service, location=place)
    rebuild_index()


def _tabs_to_first_result(page) -> int:
    page.locator("body").focus()
    first = page.locator(".app-card a").first
    for tabs in range(1, 60):
        page.keyboard.press("Tab")
        if first.evaluate("link => link === document.activeElement"):
            return tabs
    return 60


def _results_come_first_on_a_phone(page) -> None:
    page.set_viewport_size(PHONE)
    page.goto(SEARCH)
    first = page.locator(".app-card").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    name = first.get_by_role("link").first.bounding_box()
    assert box is not None and name is not None, box
    assert name["y"] + name["height"] <= PHONE["height"], box  # its name is on the first screen
    # The filters are folded, and after the results in the page's order.
    summary = page.get_by_text("Filter results", exact=True)
    expect(summary).to_be_visible()
    expect(page.get_by_label("Free services only (0)")).to_be_hidden()
    assert page.evaluate(
        "() => document.querySelector('#results').compareDocumentPosition("
        "document.querySelector('#filters')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    # The correction is said, with the way back to what was typed.
    expect(page.locator("#results-spelling")).to_have_text(
        "Showing results for dementia. Search instead for dementai"
    )
    assert_accessible(page)

    # A keyboard user reaches the first result in a few Tabs.
    tabs = _tabs_to_first_result(page)
    assert tabs <= MAX_TABS, tabs
    print(f"Tabs to the first result: {tabs}, its top at {box['y']:.0f} px")

    # The skip link goes straight to the results: after it, the "Search instead for" link and
    # then the first result.
    page.goto(SEARCH)
    page.locator("body").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to results")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("#results-spelling a")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(".app-card a").first).to_be_focused()

    # Unfolding the filters and applying one keeps results first.
    summary.click()
    page.get_by_label("Any distance").check()
    page.get_by_label("1 km").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#results-heading")).to_contain_text("12 services for “dementai”")
    expect(page.get_by_text("Filter results (1 selected)")).to_be_visible()
    assert_accessible(page)

    # "Search instead for" searches exactly what was typed.
    page.get_by_role("link", name="dementai").click()
    expect(page.locator("#results-heading")).to_contain_text("for “dementai”")
    # No correction on the loaded page (on one still arriving, a count of 0 passes at once).
    expect(loaded(page).locator("#results-spelling")).to_have_count(0)


def test_results_come_first_on_a_phone(page, services):
    _results_come_first_on_a_phone(page)
    # The count is announced once the page has loaded.
    expect(page.locator("#results-announcement")).to_contain_text("for “dementai” near BS5 6XX")


def test_results_come_first_on_a_phone_without_javascript(page_without_js, services):
    _results_come_first_on_a_phone(page_without_js)
