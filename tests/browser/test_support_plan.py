"""The person's support plan in Chromium (issue 13, ADR 23): read on a phone (375 px) with axe,
printed (only the plan reaches paper), downloaded as PDF, and sent to the person by keyboard."""

from __future__ import annotations

import re

import pytest

from joinedup.core.models import OutboxMessage, User
from joinedup.directory.models import (
    IntakeMode,
    Membership,
    Organization,
    Phone,
    Sector,
    Service,
)
from joinedup.referrals import services
from joinedup.referrals.models import ConsentMethod, Referral
from tests.browser.conftest import assert_accessible, page_width

expect = pytest.importorskip("playwright.sync_api").expect

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def prescription(alice, housing_org) -> list[Referral]:
    food_bank = Organization.objects.create(name="Ashdown Food Bank", sector=Sector.VCS)
    # dora answers the food bank's referrals, so the one door takes them (the advice line is a
    # phone service: nobody need answer it here).
    dora = User.objects.create_user(email="dora@foodbank.example", password="x")
    Membership.objects.create(user=dora, organization=food_bank)
    food = Service.objects.create(
        organization=food_bank, name="Emergency food parcels", intake_mode=IntakeMode.JOINEDUP
    )
    Phone.objects.create(service=food, number="0117 496 0000")
    advice = Service.objects.create(
        organization=housing_org, name="Tenancy advice line", intake_mode=IntakeMode.PHONE
    )
    Phone.objects.create(service=advice, number="0300 123 4567")
    person = services.create_person(
        actor=alice,
        organization=alice.memberships.get().organization,
        name="Mary Carer",
        contact_preference="phone",
        phone="07700 900123",
        email="mary@example.org",
    )
    for org in (food_bank, housing_org):
        services.record_consent(
            actor=alice,
            person=person,
            recipient=org,
            purpose="Referral",
            method=ConsentMethod.IN_PERSON,
        )
    result = services.send_referrals(
        actor=alice, person=person, services=[food, advice], need="Run out of food"
    )
    return result.referrals


def _sign_in(page, user, password) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("^Sign out"))).to_be_visible()


def _plan_url(prescription: list[Referral]) -> str:
    return f"/referrals/plans/{prescription[0].prescription}/"


def test_the_plan_reads_on_a_phone_and_prints_alone(page, alice, password, prescription):
    _sign_in(page, alice, password)
    page.set_viewport_size(PHONE)
    page.goto(_plan_url(prescription))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your support plan")
    expect(page.get_by_role("heading", name="Emergency food parcels")).to_be_visible()
    expect(page.locator(".app-plan")).to_contain_text("They will phone you on 07700 900123.")
    expect(page.locator(".app-plan")).to_contain_text("Please get in touch with them yourself.")
    expect(page.locator('.app-plan a[href="tel:999"]')).to_be_visible()
    # 375 px: nothing wider than the screen.
    assert page_width(page) <= PHONE["width"]
    assert_accessible(page)

    # On paper: the plan, and nothing of the site or the practitioner's part of the page.
    page.emulate_media(media="print")
    expect(page.locator(".app-plan")).to_be_visible()
    expect(page.get_by_role("heading", name="If you need help now")).to_be_visible()
    for hidden in (
        "header.govuk-template__header",
        ".govuk-service-navigation",
        ".govuk-footer",
        ".govuk-back-link",
        "form[action$='/send/']",
    ):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.get_by_role("heading", name="Give the plan to the person")).to_be_hidden()
    page.emulate_media(media="screen")
    expect(page.locator("header.govuk-template__header")).to_be_visible()

    # The PDF downloads.
    with page.expect_download() as download:
        page.get_by_role("link", name="download the plan as a PDF").click()
    assert download.value.suggested_filename.startswith("support-plan-")


def test_the_plan_by_keyboard_shows_errors_in_a_summary(page, alice, password, prescription):
    _sign_in(page, alice, password)
    page.goto(_plan_url(prescription))
    # From the top of the page, Tab reaches the form's first control.
    _tab_to(page, "document.activeElement.name === 'channel'")
    page.keyboard.press("Space")  # the first radio: email, revealing the prefilled address
    expect(page.get_by_label("Email address")).to_have_value("mary@example.org")
    # Sent without the person's agreement: refused, with the error summary first.
    page.get_by_role("button", name="Send the plan").focus()
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Confirm the person agreed to get their plan this way")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)

    # Put right by keyboard: tick the agreement and send.
    _tab_to(page, "document.activeElement.name === 'person_agreed'")
    page.keyboard.press("Space")
    _tab_to(page, "document.activeElement.textContent.trim() === 'Send the plan'")
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The plan is on its way by email to mary@example.org"
    )
    [message] = OutboxMessage.objects.filter(kind="support_plan")
    assert message.to == "mary@example.org" and "Emergency food parcels" in message.body
    assert_accessible(page)


def _tab_to(page, condition: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(condition):
            return
    pytest.fail(f"not reached by keyboard: {condition}")
