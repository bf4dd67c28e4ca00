"""Keeping listings fresh (issue 14, item 4), in Chromium on a phone (375 px) with axe-core on
every page: an admin confirms a listing from the reminder's "still right" link without signing
in, by keyboard; a partnership manager finds the listings to check and the organisations nobody
answers for."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from joinedup.core.models import OutboxMessage
from joinedup.directory.freshness import remind_stale_listings
from joinedup.directory.models import Service
from joinedup.partnerships.models import Partnership, PartnershipMember
from tests.browser.conftest import assert_accessible, open_page, page_width, signed_in

expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 375, "height": 667}


def check(page) -> None:
    """Accessible, and readable at 375 px: nothing wider than the screen."""
    assert page_width(page) <= PHONE["width"], page.url
    assert_accessible(page)


def phone_page(browser, live_server):
    return open_page(browser, live_server, viewport=PHONE)


@pytest.fixture
def stale_service(carers_service: Service) -> Service:
    carers_service.assured_date = timezone.localdate() - datetime.timedelta(days=400)
    carers_service.save()
    return carers_service


def test_an_admin_confirms_a_listing_from_the_emailed_link(
    browser, live_server, settings, alice, stale_service
):
    settings.SITE_URL = live_server.url
    remind_stale_listings(now=timezone.now())
    message = OutboxMessage.objects.get(kind="listing.check_reminder", to=alice.email)
    link = re.search(r"(http\S+/listings/still-right/\S+/)", message.body)
    assert link is not None, message.body

    page = phone_page(browser, live_server)  # not signed in
    page.goto(link.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Is Carers' wellbeing check still right?"
    )
    check(page)
    page.get_by_role("button", name="Yes, it is still right").focus()
    today = timezone.localdate()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Listing checked")
    check(page)
    stale_service.refresh_from_db()
    # Checked today: the day it was sent, or the next if midnight passed on a slow machine.
    assert stale_service.assured_date in {today, timezone.localdate()}

    # The public page now says when it was checked, with no "check this listing" warning.
    page.goto(f"/services/{stale_service.pk}/")
    expect(page.locator("#last-checked")).to_contain_text(f"{stale_service.assured_date:%Y}")
    expect(page.locator("#stale-warning")).to_have_count(0)

    # A damaged link says so plainly.
    page.goto(link.group(1)[:-3] + "x/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    check(page)
    page.context.close()


def test_a_manager_sees_listings_to_check_and_organisations_nobody_answers_for(
    browser, live_server, pam, password, stale_service, housing_org
):
    Service.objects.create(organization=housing_org, name="Tenancy sustainment")
    # Only her own partnership's organisations are hers to chase (ADR 33).
    PartnershipMember.objects.create(
        partnership=Partnership.objects.get(managers=pam), organization=housing_org
    )
    page = phone_page(browser, live_server)
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(pam.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    signed_in(page)
    page.goto("/your-services/")
    page.get_by_role(
        "link", name="Listings to check and organisations with nobody to answer"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Listings to check")
    expect(page.locator("#stale-listings")).to_contain_text("Carers' wellbeing check")
    expect(page.locator("#stale-listings")).to_contain_text("Tenancy sustainment")
    expect(page.locator("#unanswered")).to_contain_text("Brookfield Housing")
    check(page)
    page.get_by_role("link", name="Invite someone to Brookfield Housing").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Invite")
    page.context.close()
