"""Crisis help walked as a person in distress would, on a phone (375 px): the crisis panel is on
the first screen above the first result, its numbers are tel: links reached in a few Tabs,
"Exit this page" leaves for a neutral site with and without JavaScript (and is still there on
the service page opened from the results), and axe-core passes on every page (ADR 13)."""

from __future__ import annotations

import pytest

from joinedup.directory.models import Attribute, Phone, Service, TaxonomyTerm
from joinedup.search import safety
from joinedup.search.services import rebuild_index
from tests.browser.conftest import assert_accessible, page_width

expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 375, "height": 667}
WEATHER = "https://www.bbc.co.uk/weather"


@pytest.fixture
def services(carers_centre) -> None:
    crisis_term = TaxonomyTerm.objects.create(name="Crisis support")
    cafe = Service.objects.create(
        organization=carers_centre,
        name="Evening crisis café",
        description="Somewhere safe to go in the evening when things feel too much.",
        status="active",
    )
    Phone.objects.create(service=cafe, number="0117 000 1111")
    Attribute.objects.create(taxonomy_term=crisis_term, link_id=cafe.id, link_entity="service")
    Service.objects.create(
        organization=carers_centre,
        name="Women's aid outreach",
        description="Support for anyone experiencing domestic abuse from a partner.",
        status="active",
    )
    rebuild_index()
    # Load the sentence model and the crisis prototypes before the first page (a cold start
    # on a busy machine takes longer than a click waits).
    safety.assess("warm up")


def _neutral_site(page) -> None:
    # No network here: the neutral site answers from the test.
    page.route(
        f"{WEATHER}**",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body="<!DOCTYPE html><html lang='en'><title>Weather</title><h1>Weather</h1></html>",
        ),
    )


def _search(page, text: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_label("What do you need help with?").fill(text)
    with page.expect_navigation(timeout=60_000):
        page.get_by_role("button", name="Search", exact=True).click()


def test_crisis_search_on_a_phone_shows_help_first(page, services):
    _search(page, "I don't want to be here anymore")
    panel = page.locator("#crisis-help[data-crisis-panel]")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", name="Get help now")).to_be_visible()
    box = panel.bounding_box()
    assert box is not None and box["y"] < PHONE["height"], box  # on the first screen
    first_result = page.locator("#results-heading")
    result_box = first_result.bounding_box()
    assert result_box is not None and result_box["y"] > box["y"] + box["height"]
    expect(panel.locator('a[href="tel:116123"]')).to_have_text("116 123")
    expect(panel.locator('a[href="tel:999"]')).to_be_visible()
    expect(panel.locator('a[href="tel:01170001111"]')).to_be_visible()
    # Readable at 375 px: nothing in the panel is wider than the screen.
    assert page_width(page) <= PHONE["width"]
    # Keyboard: the panel's first number is reached in a few Tabs from the top of the page.
    for presses in range(1, 16):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('#crisis-help')"):
            break
    else:
        pytest.fail("the crisis panel is not reached within 15 Tabs")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "tel:999"
    assert presses <= 10, presses
    expect(page.locator(".govuk-exit-this-page")).to_have_count(0)
    page.evaluate("document.activeElement.blur()")  # axe reads a focused link's colours
    assert_accessible(page)


def test_abuse_search_exit_this_page_with_javascript(page, services):
    _neutral_site(page)
    _search(page, "my partner hits me, domestic abuse")
    expect(page.locator("#crisis-help")).to_contain_text("0808 2000 247")
    assert_accessible(page)
    # The service page opened from the results keeps the way out.
    page.get_by_role("link", name="Women's aid outreach").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Women's aid outreach")
    exit_button = page.get_by_role("button", name="Emergency Exit this page")
    expect(exit_button).to_be_visible()
    assert_accessible(page)
    # Shift pressed three times leaves too (GOV.UK Frontend's script, once it has started: keys
    # pressed before are not heard).
    expect(page.locator(".govuk-exit-this-page")).to_have_attribute(
        "data-govuk-exit-this-page-init", ""
    )
    page.locator("body").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(f"{WEATHER}**")
    expect(page).to_have_title("Weather")


def test_abuse_search_exit_this_page_without_javascript(page_without_js, services):
    page = page_without_js
    _neutral_site(page)
    _search(page, "domestic abuse support")
    expect(page.locator("#crisis-help")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Emergency Exit this page").click()
    page.wait_for_url(f"{WEATHER}**")
    expect(page).to_have_title("Weather")
