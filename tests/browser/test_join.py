"""A small charity joins with nobody technical (issue 14, items 1 and 2), walked in Chromium on a
phone (375 px), partly by keyboard alone, with axe-core on every page: ask to join, a manager
approves, the new admin sets a password from the emailed link and invites a colleague, who
sets theirs from the invitation."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.browser.conftest import (
    assert_accessible,
    follow,
    open_page,
    page_width,
    sign_in,
    signed_in,
)

expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 375, "height": 667}
LINK = re.compile(r"(https?://\S+)")
NEW_ADMIN_PASSWORD = "kettle orchard lantern puzzle"
COLLEAGUE_PASSWORD = "meadow copper violin harbour"


@pytest.fixture(autouse=True)
def _links_to_this_server(settings, live_server) -> None:
    # Emailed links are built on SITE_URL (ADR 22): here, the test's own server.
    settings.SITE_URL = live_server.url


def check(page) -> None:
    """Accessible, and readable at 375 px: nothing wider than the screen."""
    assert page_width(page) <= PHONE["width"], page.url
    assert_accessible(page)


def link_for(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    found = LINK.search(str(message.body))
    assert found is not None, message.body
    return found.group(1)


def phone_page(browser, live_server):
    return open_page(browser, live_server, viewport=PHONE)


def ask_to_join_by_keyboard(page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Ask for your organisation to join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask to join the partnership")
    check(page)

    # Sent empty: every problem in the error summary, which takes the focus.
    page.get_by_role("button", name="Send request").click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the name of your organisation")
    expect(summary).to_contain_text("Select the kind of organisation")
    expect(summary).to_contain_text("Enter your email address")
    check(page)

    # By keyboard alone: type, Tab on, arrows through the radios, Enter to send.
    page.get_by_label("Name of your organisation").focus()
    page.keyboard.type("Ashdown Men's Shed")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # NHS -> Council
    page.keyboard.press("ArrowDown")  # Council -> Voluntary and community
    expect(page.get_by_label("Voluntary and community")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("12345")  # not a charity number
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Dev Patel")
    page.keyboard.press("Tab")
    page.keyboard.type("dev@mensshed.example")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a charity number in the right format"
    )
    check(page)
    page.get_by_label("Registered charity number (if it has one)").fill("1123456")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    check(page)


def manager_approves(page, pam, password) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(pam.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    signed_in(page)
    page.goto("/your-services/")
    page.get_by_role("link", name="Requests to join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Requests to join")
    check(page)
    page.get_by_role("link", name="Ashdown Men's Shed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ashdown Men's Shed")
    check(page)
    page.get_by_label("Decline", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the request is declined")
    check(page)
    page.get_by_label("Approve", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_text("Ashdown Men's Shed has joined")).to_be_visible()
    check(page)


def set_first_password(page) -> None:
    page.goto(link_for("dev@mensshed.example"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set your password")
    check(page)
    page.get_by_label("New password", exact=True).fill("short")
    page.get_by_label("Type the new password again").fill("short")
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least 12 characters")
    check(page)
    page.get_by_label("New password", exact=True).fill(NEW_ADMIN_PASSWORD)
    page.get_by_label("Type the new password again").fill(NEW_ADMIN_PASSWORD)
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is saved")
    check(page)


def invite_colleague(page) -> None:
    page.get_by_role("link", name="Your organisation\u2019s services and people").click()
    page.get_by_role("link", name="People in Ashdown Men's Shed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(page.get_by_text("dev@mensshed.example", exact=True)).to_be_visible()
    check(page)
    page.get_by_role("link", name="Invite someone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite someone")
    check(page)
    page.get_by_label("Email address").fill("sam@mensshed.example")
    page.get_by_label(re.compile("^Member")).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to sam@mensshed.example")).to_be_visible()
    expect(page.get_by_text("sam@mensshed.example", exact=True)).to_be_visible()
    check(page)


def colleague_accepts(page) -> str:
    link = link_for("sam@mensshed.example")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Ashdown Men's Shed")
    check(page)
    page.get_by_label("Your full name").fill("Sam Okafor")
    page.get_by_label("Choose a password", exact=True).fill(COLLEAGUE_PASSWORD)
    page.get_by_label("Type the password again").fill(COLLEAGUE_PASSWORD + "x")
    page.get_by_role("button", name="Join Ashdown Men's Shed").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("do not match")
    check(page)
    page.get_by_label("Choose a password", exact=True).fill(COLLEAGUE_PASSWORD)
    page.get_by_label("Type the password again").fill(COLLEAGUE_PASSWORD)
    page.get_by_role("button", name="Join Ashdown Men's Shed").click()
    expect(page.get_by_text("You have joined Ashdown Men's Shed")).to_be_visible()
    check(page)
    return link


def test_a_charity_joins_and_invites_a_colleague(browser, live_server, pam, password):
    requester = phone_page(browser, live_server)
    ask_to_join_by_keyboard(requester)

    manager = phone_page(browser, live_server)
    manager_approves(manager, pam, password)

    set_first_password(requester)
    invite_colleague(requester)

    colleague = phone_page(browser, live_server)
    link = colleague_accepts(colleague)

    # The link worked once; opened again it says so plainly.
    other = phone_page(browser, live_server)
    other.goto(link)
    expect(other.get_by_role("heading", level=1)).to_have_text("This invitation has been used")
    check(other)
    for page in (requester, manager, colleague, other):
        page.context.close()


def test_an_admin_changes_a_role_and_removes_someone(browser, live_server, alice, bob, password):
    page = phone_page(browser, live_server)
    sign_in(page, alice.email, password)
    page.goto("/your-services/")
    follow(page, "People in Ashdown Carers Centre")
    check(page)
    # Alice is the only admin: stepping down is refused, with the reason.
    page.get_by_role("link", name="Change role of alice@carers.example").click()
    page.get_by_label(re.compile("^Member")).check()
    page.get_by_role("button", name="Save role").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least one admin")
    check(page)
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Change role of bob@carers.example").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Change bob@carers.example\u2019s role"
    )
    check(page)
    page.get_by_label(re.compile("^Organisation admin")).check()
    page.get_by_role("button", name="Save role").click()
    expect(page.get_by_text("Role changed for bob@carers.example")).to_be_visible()
    page.get_by_role("link", name="Remove bob@carers.example").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remove bob@carers.example")
    check(page)
    page.get_by_role("button", name="Remove bob@carers.example").click()
    expect(page.get_by_text("bob@carers.example has been removed")).to_be_visible()
    check(page)
    page.context.close()


def test_forgotten_and_changed_passwords(browser, live_server, alice, password):
    page = phone_page(browser, live_server)
    page.goto("/sign-in/")
    follow(page, "Forgotten your password?")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    check(page)
    page.get_by_label("Email address").fill(alice.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check(page)
    link = link_for(alice.email)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill("password1234")
    page.get_by_label("Type the new password again").fill("password1234")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("too common")
    check(page)
    page.get_by_label("New password", exact=True).fill(NEW_ADMIN_PASSWORD)
    page.get_by_label("Type the new password again").fill(NEW_ADMIN_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is saved")

    page.get_by_role("link", name="Change your password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    check(page)
    page.get_by_label("Current password").fill(NEW_ADMIN_PASSWORD)
    page.get_by_label("New password", exact=True).fill(COLLEAGUE_PASSWORD)
    page.get_by_label("Type the new password again").fill(COLLEAGUE_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password is saved")

    # The reset link was used: opened again, it says so plainly.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    check(page)
    page.context.close()


def test_an_imported_listing_is_claimed_from_its_page(browser, live_server, carers_centre):
    page = phone_page(browser, live_server)
    page.goto(f"/organisations/{carers_centre.pk}/")
    page.get_by_role("link", name="Look after this listing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Look after this listing")
    check(page)
    page.get_by_label("Voluntary and community").check()
    page.get_by_label("Your full name").fill("Chris Doe")
    page.get_by_label("Your work email address").fill("chris@carers.example")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    page.context.close()
