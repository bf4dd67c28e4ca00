"""A health check walked in Chromium: a manager opens a wave, two members answer it from their
emailed links (one of them without JavaScript, saving and coming back), the manager closes it and
reads the results. axe-core checks every kind of page on the way."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from joinedup.directory.models import Organization, Sector
from joinedup.partnerships import services
from joinedup.partnerships.models import Partnership
from tests.browser.conftest import assert_accessible

expect = pytest.importorskip("playwright.sync_api").expect

LINK = re.compile(r"https?://\S+(/partnership/answer/[\w-]+/)")


@pytest.fixture
def partnership(pam, alice, carers_centre) -> Partnership:
    services.load_shipped_instruments()
    council = Organization.objects.create(name="Ashdown Council", sector=Sector.COUNCIL)
    partnership = services.create_partnership(actor=pam, name="Ashdown Partnership")
    services.add_member(actor=pam, partnership=partnership, organization=carers_centre)
    services.add_member(actor=pam, partnership=partnership, organization=council)
    return partnership


def sign_in(page, user, password) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def link_for(email: str) -> str:
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    return LINK.search(message.body).group(1)


def answer_section(page, value: str) -> None:
    for radio in page.locator(f"input[type=radio][value='{value}']").all():
        radio.check()


def test_manager_opens_a_wave_two_members_answer_and_the_results_show(
    page, browser, live_server, partnership, pam, password
):
    # The manager sets up the round.
    sign_in(page, pam, password)
    page.get_by_role("link", name="Partnership", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ashdown Partnership")
    assert_accessible(page)

    page.get_by_role("button", name="Set up a health check").click()
    page.get_by_role("button", name="Set up health check").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for this round")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Name of this round").fill("Autumn 2026")
    page.get_by_label("Foundations of collaboration, version 1").check()
    expect(page.get_by_label("Ashdown Council")).to_be_checked()
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2099")
    page.get_by_role("button", name="Set up health check").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Autumn 2026")
    page.get_by_label("Organisation").select_option(label="Ashdown Carers Centre")
    page.get_by_label("Email addresses").fill("Alice Smith <alice@carers.example>")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("Invited 1 person")).to_be_visible()
    page.get_by_label("Organisation").select_option(label="Ashdown Council")
    page.get_by_label("Email addresses").fill("cal@council.example")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("Not sent yet")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("button", name="Open and send invitations").click()
    expect(page.get_by_text("Invitations are on their way")).to_be_visible()
    expect(page.locator("strong.govuk-tag", has_text="Sent")).to_have_count(2)

    # Alice answers everything from her link, with JavaScript.
    alice_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    answer = alice_context.new_page()
    answer.goto(link_for("alice@carers.example"))
    expect(answer.get_by_text("You are answering for Ashdown Carers Centre")).to_be_visible()
    assert_accessible(answer)
    answer.get_by_label("Strategic (leads or manages)").check()
    answer.get_by_role("button", name="Start").click()
    expect(answer.get_by_text("Section 1 of 6")).to_be_visible()
    answer.get_by_role("button", name="Save and continue").click()
    errors = answer.locator(".govuk-error-summary")
    expect(errors).to_contain_text("Select an answer to statement 1")
    assert_accessible(answer)
    for number in range(1, 7):
        expect(answer.get_by_text(f"Section {number} of 6")).to_be_visible()
        answer_section(answer, "4")
        answer.get_by_role("button", name="Save and continue").click()
    expect(answer.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending them"
    )
    assert_accessible(answer)
    answer.get_by_role("button", name="Send answers").click()
    expect(answer.get_by_role("heading", level=1)).to_have_text("Answers sent")
    assert_accessible(answer)
    alice_context.close()

    # Cal answers without JavaScript, stops half way, comes back with the same link.
    cal_context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    answer = cal_context.new_page()
    cal_link = link_for("cal@council.example")
    answer.goto(cal_link)
    answer.get_by_label("Frontline (delivers services)").check()
    answer.get_by_role("button", name="Start").click()
    answer_section(answer, "2")
    answer.get_by_role("button", name="Save and continue").click()
    answer_section(answer, "dont-know")
    answer.get_by_role("button", name="Save and come back later").click()
    expect(answer.get_by_role("heading", level=1)).to_have_text("Your answers have been saved")
    assert_accessible(answer)
    answer.goto(cal_link)
    expect(answer.get_by_text("You have answered 4 of 12 so far")).to_be_visible()
    answer.get_by_role("button", name="Continue where you left off").click()
    expect(answer.get_by_text("Section 3 of 6")).to_be_visible()
    for _ in range(3, 7):
        answer_section(answer, "2")
        answer.get_by_role("button", name="Save and continue").click()
    expect(answer.get_by_text("Don\u2019t know")).to_have_count(2)
    answer.get_by_role("button", name="Send answers").click()
    expect(answer.get_by_role("heading", level=1)).to_have_text("Answers sent")
    answer.goto(cal_link)
    expect(answer.get_by_role("heading", level=1)).to_have_text(
        "You have already sent your answers"
    )
    assert_accessible(answer)
    cal_context.close()

    # The manager closes the round and reads the results.
    page.reload()
    expect(page.locator("strong.govuk-tag", has_text="Answers sent")).to_have_count(2)
    page.get_by_role("button", name="Close and publish results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results: Autumn 2026")
    expect(page.get_by_text("2 responses")).to_be_visible()
    chart = page.get_by_role("img", name="A shared purpose: mean agreement")
    expect(chart).to_be_visible()
    # Shared purpose: Alice 4, Cal 2. Mindset: Cal did not know, so only Alice's 4 counts.
    summary = page.get_by_role("table", name="Summary")
    expect(summary.get_by_role("row", name=re.compile("A shared purpose"))).to_contain_text("3.00")
    expect(summary.get_by_role("row", name=re.compile("A collaborative mindset"))).to_contain_text(
        "4.00"
    )
    expect(page.get_by_text("Not shown: fewer than 5 responses").first).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report for the board (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
