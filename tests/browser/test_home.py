# The fixtures are imported by name from test_inbox (pytest finds them in the module).
# ruff: noqa: F401, F811
"""The home page after signing in, in Chromium: a receiving team member sees the new and the
overdue referral and a message waiting for a reply, on a 375 px screen and by keyboard alone;
axe-core runs on every page. Someone in no organisation lands on search; the outsider sees no
one."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from joinedup.referrals import services
from joinedup.referrals.models import Referral, Status
from tests.browser.conftest import assert_accessible, loaded
from tests.browser.test_inbox import dora, fits_a_phone, referral, sign_in, tab_to

expect = pytest.importorskip("playwright.sync_api").expect


def sign_in_by_keyboard(page, user, password) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").focus()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")


def test_the_home_page_says_what_needs_attention_on_a_phone_by_keyboard(
    page, dora, alice, password, referral
):
    Referral.objects.filter(pk=referral.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=4)
    )
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in_by_keyboard(page, dora, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs your attention")
    expect(page.get_by_text("1 overdue")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Mary Carer"))).to_be_visible()
    fits_a_phone(page)
    assert_accessible(page)
    tab_to(page, "See overdue")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals to your services")
    expect(page.get_by_role("link", name="Overdue (1)")).to_have_attribute("aria-current", "page")
    expect(page.locator(".govuk-summary-card")).to_contain_text("Overdue")
    fits_a_phone(page)

    # The referrer's message waits for dora's reply; the link goes to the thread.
    services.transition_referral(actor=dora, referral=referral, to_status=Status.ACCEPTED)
    services.post_message(actor=alice, referral=referral, body="Can you call after 3pm?")
    page.goto("/referrals/")
    expect(page.get_by_role("heading", name="Messages waiting for your reply")).to_be_visible()
    assert_accessible(page)
    page.locator("ul", has=page.get_by_text("message on")).get_by_role("link").first.click()
    expect(page).to_have_url(re.compile("#messages$"))
    expect(page.get_by_text("Can you call after 3pm?")).to_be_visible()


def test_someone_in_no_organisation_lands_on_search(page, pam, password):
    sign_in(page, pam, password)
    # The home page itself ("/sign-in/" ends in "/" too), read once loaded: a negative
    # expectation passes at once on a page still arriving.
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    loaded(page)
    expect(page.get_by_role("heading", level=1)).not_to_have_text("What needs your attention")


def test_the_outsider_home_page_names_no_one(page, charlie, password, referral):
    sign_in(page, charlie, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs your attention")
    expect(page.get_by_text("Nothing needs your attention")).to_be_visible()
    expect(loaded(page).get_by_text("Mary")).to_have_count(0)
    assert_accessible(page)
