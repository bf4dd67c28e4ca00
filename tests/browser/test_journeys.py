"""The main journeys, walked in Chromium as a person would, with axe-core on every page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from joinedup.directory.models import (
    Address,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)
from joinedup.search.services import rebuild_index
from tests.browser.conftest import assert_accessible, signed_in

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def listed_service(carers_service) -> Service:
    carers_service.assured_date = timezone.localdate() - datetime.timedelta(days=20)
    carers_service.eligibility_description = "Unpaid carers of any age."
    carers_service.save()
    location = Location.objects.create(organization=carers_service.organization, name="The Hub")
    Address.objects.create(
        location=location, address_1="1 High Street", city="Ashdown", postal_code="AS1 1AA"
    )
    ServiceAtLocation.objects.create(service=carers_service, location=location)
    Schedule.objects.create(
        service=carers_service,
        freq="WEEKLY",
        byday="MO,WE",
        opens_at=datetime.time(10),
        closes_at=datetime.time(14),
    )
    Phone.objects.create(service=carers_service, number="01234 567890")
    Service.objects.create(
        organization=carers_service.organization, name="Young carers club", description="Fun."
    )
    # Made with the ORM, not through the directory's use cases, so index them as an import would.
    rebuild_index()
    return carers_service


def _search_and_open_service(page) -> None:
    page.goto("/")
    expect(page).to_have_title(re.compile("^Find local services \u2013 "))
    assert_accessible(page)

    page.get_by_label("What do you need help with?").fill("wellbeing")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("1 service"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Carers' wellbeing check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carers' wellbeing check")
    expect(page.get_by_text("Monday, Wednesday, 10am to 2pm")).to_be_visible()
    expect(page.get_by_text("1 High Street")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Ashdown Carers Centre"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ashdown Carers Centre")
    expect(page.get_by_role("link", name="Young carers club")).to_be_visible()
    assert_accessible(page)


def test_resident_searches_and_opens_a_service_and_its_organisation(page, listed_service):
    _search_and_open_service(page)


def test_the_same_journey_works_without_javascript(page_without_js, listed_service):
    _search_and_open_service(page_without_js)


def test_organisation_admin_puts_a_service_on_a_waiting_list(page, alice, password, listed_service):
    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    expect(page).to_have_title(re.compile("^Sign in"))
    assert_accessible(page)
    page.get_by_label("Email address").fill(alice.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    signed_in(page)

    page.get_by_role("link", name="Your services").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your organisation\u2019s services")
    expect(page.get_by_text("Check this listing")).to_be_visible()  # the never-checked club
    assert_accessible(page)

    page.get_by_role("link", name="Change capacity of Carers' wellbeing check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change capacity")
    assert_accessible(page)

    # First without a wait band: the error summary appears, takes focus and is announced.
    page.get_by_label("Waiting list").check()
    page.get_by_role("button", name="Save capacity").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("alert")).to_contain_text("Select how long the wait is")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    summary.get_by_role("link", name="Select how long the wait is").click()
    expect(page.get_by_label("Less than 2 weeks")).to_be_focused()

    page.get_by_label("1 to 3 months").check()
    page.get_by_label("Anything else people should know").fill("Urgent cases seen sooner")
    page.get_by_role("button", name="Save capacity").click()

    expect(page.get_by_text("Capacity updated")).to_be_visible()
    expect(page.locator("#capacity")).to_contain_text("Waiting list: the wait is 1 to 3 months")
    assert_accessible(page)

    # What the public sees, signed out.
    page.get_by_role("button", name=re.compile("^Sign out")).click()
    page.goto(f"/services/{listed_service.pk}/")
    expect(page.locator("#capacity")).to_contain_text("Waiting list: the wait is 1 to 3 months")
    expect(page.locator("#capacity")).to_contain_text("Urgent cases seen sooner")
    expect(page.get_by_role("link", name="Change capacity")).to_have_count(0)
    assert_accessible(page)


def test_sign_in_failure_shows_the_error_summary(page, alice):
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(alice.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page).to_have_title(re.compile("^Error: Sign in"))
    assert_accessible(page)


def test_accessibility_check_can_fail(page, live_server):
    """The harness must catch a real violation, or every other check here proves nothing."""
    page.goto("/")
    page.evaluate("document.querySelector('#id_q').removeAttribute('id')")
    with pytest.raises(pytest.fail.Exception, match="label"):
        assert_accessible(page)


def test_accessibility_check_can_fail_without_javascript(page_without_js, db):
    page_without_js.goto("/")
    page_without_js.evaluate("document.querySelector('#id_q').removeAttribute('id')")
    with pytest.raises(pytest.fail.Exception, match="label"):
        assert_accessible(page_without_js)
