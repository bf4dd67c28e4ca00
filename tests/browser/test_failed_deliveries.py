"""Failed deliveries walked by a partnership manager on a phone (375 px) and by keyboard: from
the Partnership page to the list, "Try again" sends the email through a real SMTP server and
the list empties; axe-core passes on every page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from joinedup.core.models import OutboxMessage, OutboxStatus, User
from joinedup.directory.models import Membership
from tests.browser.conftest import assert_accessible, page_width, sign_in

expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 375, "height": 667}


def test_a_manager_tries_a_failed_email_again_on_a_phone(
    page, pam, password, smtp_server, carers_centre
):
    # Dora is in pam's partnership: a manager sees only messages to its people (ADR 33).
    dora = User.objects.create_user(email="dora@foodbank.example", password=None)
    Membership.objects.create(user=dora, organization=carers_centre)
    OutboxMessage.objects.create(
        channel="email",
        to="dora@foodbank.example",
        subject="New referral R-ABCD-1234 for Emergency food parcels",
        body="Sign in to read it: http://127.0.0.1/referrals/1/",
        kind="referral.requested",
        status=OutboxStatus.FAILED,
        attempts=10,
        failed_at=timezone.now(),
        last_error="SMTPServerDisconnected: Connection unexpectedly closed " + "x" * 120,
    )
    page.set_viewport_size(PHONE)
    sign_in(page, pam, password)
    # One partnership: /partnership/ opens it, so the way in is Your services.
    page.goto("/your-services/")
    page.get_by_role("link", name="Failed deliveries").click()
    expect(page.get_by_role("heading", name="Failed deliveries", level=1)).to_be_visible()
    expect(page.get_by_text("d•••@foodbank.example (email)")).to_be_visible()
    assert_accessible(page)
    # Nothing is wider than the phone's screen.
    assert page_width(page) <= PHONE["width"]

    button = page.get_by_role("button", name=re.compile(r"^Try again\W+New referral"))
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("New referral sent")).to_be_visible()
    expect(page.get_by_text("Every email and text message has been sent")).to_be_visible()
    assert_accessible(page)
    assert [m.to for m in smtp_server.received] == [["dora@foodbank.example"]]
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
