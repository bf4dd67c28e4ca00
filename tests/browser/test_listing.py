"""An organisation admin lists a new service with nobody technical (issue 14, item 3), walked in
Chromium on a phone (375 px), partly by keyboard alone, with axe-core on every page: add a
service, its opening hours, a location found by its postcode and a category, preview it, publish
it, and find it in search by its name straight away (no index command run)."""

from __future__ import annotations

import re

import pytest

from joinedup.core import postcodes
from joinedup.directory.models import Location, TaxonomyTerm
from joinedup.search import semantic
from tests.browser.conftest import (
    assert_accessible,
    follow,
    open_page,
    page_width,
    sign_in,
)

expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 375, "height": 667}


def check(page) -> None:
    """Accessible, and readable at 375 px: nothing wider than the screen."""
    assert page_width(page) <= PHONE["width"], page.url
    assert_accessible(page)


@pytest.fixture
def words_only(settings):
    # Found by its exact name: words are enough, and the meaning model is not loaded.
    settings.JOINEDUP_SEMANTIC_SEARCH = False
    semantic.reset()
    yield
    semantic.reset()


@pytest.fixture
def taxonomy(db) -> None:
    health = TaxonomyTerm.objects.create(name="Health and wellbeing")
    TaxonomyTerm.objects.create(name="Dementia", parent=health)
    TaxonomyTerm.objects.create(name="Mental health", parent=health)
    TaxonomyTerm.objects.create(name="Money and debt")


def phone_page(browser, live_server, *, javascript: bool = True):
    return open_page(browser, live_server, viewport=PHONE, java_script_enabled=javascript)


def open_task(page, name: str) -> None:
    follow(page, name)
    check(page)


def start_a_service(page) -> None:
    page.goto("/your-services/")
    page.get_by_role("link", name="Add a service to Ashdown Carers Centre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a service")
    check(page)
    page.get_by_role("button", name="Start the listing").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the service's name")
    check(page)
    page.get_by_label("Service name").fill("Memory café at the Hub")
    page.get_by_label("What the service does").fill(
        "A friendly afternoon for people living with dementia and the people who care for them."
    )
    page.get_by_role("button", name="Start the listing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your listing: Memory café at the Hub"
    )
    expect(page.locator("#listing-status")).to_contain_text("Not published")
    check(page)


def set_hours(page) -> None:
    open_task(page, "Opening hours")
    page.get_by_label("Tuesday opens").fill("2pm")
    page.get_by_label("Tuesday closes").fill("1pm")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Closing time must be after opening time"
    )
    check(page)
    page.get_by_label("Tuesday closes").fill("4:30pm")
    page.get_by_label("Thursday opens").fill("10am")
    page.get_by_label("Thursday closes").fill("midday")
    page.get_by_label("Exceptions (optional)").fill("Closed on bank holidays")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Opening hours: saved")).to_be_visible()


def choose_a_category_by_keyboard(page) -> None:
    open_task(page, "Categories")
    page.get_by_label("Dementia").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Dementia")).to_be_checked()
    # Tab past the rest of the checkboxes to the button, then Enter.
    page.get_by_role("button", name="Save and continue").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Categories: saved")).to_be_visible()


def add_a_location_by_postcode(page) -> None:
    open_task(page, "Add a location")
    page.get_by_label("Name of the place").fill("The Hub")
    page.get_by_label("Address line 1").fill("12 Church Road")
    page.get_by_label("Town or city").fill("Bristol")
    page.get_by_label("Postcode").fill("ZZ9 9ZZ")
    page.get_by_role("button", name="Add location").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("not a UK postcode we know")
    check(page)
    page.get_by_label("Postcode").fill("bs5 6xx")
    page.get_by_label("Accessibility (optional)").fill("Step-free entrance and a hearing loop")
    page.get_by_role("button", name="Add location").click()


def give_a_phone_number(page) -> None:
    open_task(page, "Phone, email and website")
    page.get_by_label("Phone number (optional)", exact=True).fill("0117 496 0000")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Phone, email and website: saved")).to_be_visible()


def test_an_admin_lists_a_service_previews_and_publishes_it(
    browser, live_server, alice, password, taxonomy, words_only
):
    page = phone_page(browser, live_server)
    try:
        sign_in(page, alice.email, password)
        start_a_service(page)
        set_hours(page)
        choose_a_category_by_keyboard(page)
        add_a_location_by_postcode(page)
        expect(page.get_by_text("The location has been added")).to_be_visible()
        expect(page.get_by_role("link", name="Location: The Hub")).to_be_visible()
        place = Location.objects.get(name="The Hub")
        assert (place.latitude, place.longitude) == postcodes.locate("BS5 6XX")
        give_a_phone_number(page)
        check(page)

        page.get_by_role("link", name="Preview the listing").click()
        expect(page.locator("#preview-banner")).to_contain_text(
            "This is how the public will see your listing once it is published"
        )
        expect(page.get_by_text("Tuesday, 2pm to 4:30pm")).to_be_visible()
        expect(page.get_by_text("Closed on bank holidays")).to_be_visible()
        expect(page.get_by_text("Step-free entrance and a hearing loop")).to_be_visible()
        expect(page.get_by_role("link", name="Dementia")).to_be_visible()
        check(page)
        page.get_by_role("button", name="Publish").click()
        expect(page.get_by_text("is published: people can find it now")).to_be_visible()
        check(page)

        # A resident finds it by its name at once: the index followed the publishing.
        page.context.clear_cookies()
        page.goto("/")
        page.get_by_label("What do you need help with?").fill("Memory café at the Hub")
        page.get_by_label("What do you need help with?").press("Enter")
        expect(page.get_by_role("link", name="Memory café at the Hub")).to_be_visible()
        check(page)
    finally:
        page.context.close()


def test_parts_of_a_listing_save_without_javascript(
    browser, live_server, alice, password, taxonomy
):
    page = phone_page(browser, live_server, javascript=False)
    try:
        sign_in(page, alice.email, password)
        start_a_service(page)
        set_hours(page)
        open_task(page, "Categories")
        page.get_by_label("All of Money and debt").check()
        page.get_by_role("button", name="Save and continue").click()
        expect(page.get_by_text("Categories: saved")).to_be_visible()
        open_task(page, "Languages")
        page.get_by_label("English", exact=True).check()
        page.get_by_label("Polish").check()
        page.get_by_role("button", name="Save and continue").click()
        open_task(page, "How it is delivered")
        page.get_by_label("By phone").check()
        page.get_by_role("button", name="Save and continue").click()
        open_task(page, "Area it covers")
        page.get_by_label("Postcode districts (optional)").fill("BS5 BS99999")
        page.get_by_role("button", name="Save and continue").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("not a postcode district")
        check(page)
        page.get_by_label("Postcode districts (optional)").fill("BS5 BS6")
        page.get_by_role("button", name="Save and continue").click()
        statuses = page.locator(".govuk-task-list__status")
        expect(statuses.filter(has_text="Not started")).to_have_count(
            3
        )  # who it is for, cost, contact
        check(page)
        page.get_by_role("link", name="Preview the listing").click()
        expect(page.get_by_text("Polish")).to_be_visible()
        expect(page.get_by_text("By phone")).to_be_visible()
        check(page)
    finally:
        page.context.close()
