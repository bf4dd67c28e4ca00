"""Working the inbox in Chromium: the receiving team opens a new referral, accepts it, posts a
message, records the outcome and completes it; the referrer sees the outcome. axe-core runs on
every page."""

from __future__ import annotations

import re

import pytest

from joinedup.core.models import User
from joinedup.directory.models import IntakeMode, Membership, Organization, Sector, Service
from joinedup.referrals import services
from joinedup.referrals.models import ConsentMethod, Referral, ServiceIntake
from tests.browser.conftest import assert_accessible, page_width, sign_in

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def dora(password) -> User:
    food_bank = Organization.objects.create(name="Ashdown Food Bank", sector=Sector.VCS)
    user = User.objects.create_user(email="dora@foodbank.example", password=password)
    Membership.objects.create(user=user, organization=food_bank)
    return user


@pytest.fixture
def referral(alice, dora) -> Referral:
    food_bank = dora.memberships.get().organization
    service = Service.objects.create(
        organization=food_bank, name="Emergency food parcels", intake_mode=IntakeMode.JOINEDUP
    )
    ServiceIntake.objects.create(
        service=service,
        person_fields=["postcode"],
        questions=[{"key": "household", "label": "How many people live with you?"}],
    )
    person = services.create_person(
        actor=alice,
        organization=alice.memberships.get().organization,
        name="Mary Carer",
        postcode="BS5 6XX",
        contact_preference="phone",
        phone="07700 900123",
    )
    services.record_consent(
        actor=alice,
        person=person,
        recipient=food_bank,
        purpose="Referral for emergency food",
        method=ConsentMethod.IN_PERSON,
    )
    return services.send_referrals(
        actor=alice,
        person=person,
        services=[service],
        need="We have run out of food",
        intake_answers={service.pk: {"household": "Four"}},
    ).referrals[0]


def fits_a_phone(page) -> None:
    """Nothing wider than a 375 px screen: no sideways scrolling."""
    assert page_width(page) <= 375


def tab_to(page, text: str, limit: int = 60) -> None:
    """Press Tab until the focused element's text contains `text` (the keyboard's way there)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if text in (page.evaluate("document.activeElement.textContent") or ""):
            return
    pytest.fail(f"{text!r} was not reached by keyboard")


def work_the_referral(page, dora, alice, password, referral) -> None:
    sign_in(page, dora, password)
    # Signing in lands on what needs attention: the new referral, with the person's name.
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs your attention")
    expect(page.get_by_role("link", name=re.compile("^Mary Carer"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^See new")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals to your services")
    expect(page.get_by_role("link", name="New (1)")).to_be_visible()
    card = page.locator(".govuk-summary-card", has_text=referral.reference)
    expect(card.get_by_role("heading", level=3)).to_have_text("Mary Carer")
    assert_accessible(page)

    card.get_by_role("link", name=referral.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Referral {referral.reference}")
    expect(page.get_by_text("Mary Carer")).to_be_visible()
    expect(page.get_by_text("How many people live with you?")).to_be_visible()
    assert_accessible(page)

    # Declining needs a reason and says it is final: try it, see the error, think better of it.
    page.get_by_role("button", name="Decline", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decline")
    expect(page.get_by_text("This ends the referral for good")).to_be_visible()
    page.get_by_role("button", name="Decline", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a reason")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_role("link", name="Go back without changing it").click()

    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Referral accepted")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Your message").fill("We will call Mary tomorrow morning")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Message sent")).to_be_visible()
    expect(page.locator("#messages ~ ul")).to_contain_text("We will call Mary tomorrow morning")

    # An outcome without a choice is refused, and the note typed is kept.
    page.get_by_label("Anything to add (optional)").fill("Three parcels given")
    page.get_by_role("button", name="Save outcome").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose what happened")
    expect(page.get_by_label("Anything to add (optional)")).to_have_value("Three parcels given")
    assert_accessible(page)
    page.get_by_label("Got help").check()
    page.get_by_role("button", name="Save outcome").click()
    expect(page.get_by_text("Outcome recorded")).to_be_visible()

    # Completing asks first; without the box ticked nothing happens.
    page.get_by_role("button", name="Complete", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complete this referral?")
    expect(page.get_by_text("cannot be reopened")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Complete", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tick the box")
    expect(page).to_have_title(re.compile("^Error: "))
    assert_accessible(page)
    page.get_by_label("Yes, I am sure").check()
    page.get_by_role("button", name="Complete", exact=True).click()
    expect(page.get_by_text("Referral completed")).to_be_visible()
    expect(page.get_by_text("Nothing: this referral is completed.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Sign out")).click()

    # The referrer hears of it on her home page, and sees the outcome in "my referrals".
    sign_in(page, alice, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("What needs your attention")
    expect(page.get_by_text("Answers and outcomes on referrals you made")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^See all your referrals")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My referrals")
    card = page.locator(".govuk-summary-card", has_text=referral.reference)
    expect(card).to_contain_text("Mary Carer")
    expect(card).to_contain_text("Completed")
    expect(card).to_contain_text("Got help")
    assert_accessible(page)
    card.get_by_role("link", name=referral.reference).click()
    expect(page.locator("#outcome-value")).to_contain_text("Got help")
    expect(page.locator("#outcome-value")).to_contain_text("Three parcels given")
    expect(page.get_by_text("We will call Mary tomorrow morning")).to_be_visible()
    assert_accessible(page)


def test_the_receiving_team_works_a_referral_to_its_outcome(page, dora, alice, password, referral):
    work_the_referral(page, dora, alice, password, referral)


def test_the_same_journey_works_without_javascript(
    page_without_js, dora, alice, password, referral
):
    work_the_referral(page_without_js, dora, alice, password, referral)


def test_the_outsider_gets_not_found(page, charlie, password, referral):
    sign_in(page, charlie, password)
    response = page.goto(f"/referrals/{referral.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_text("Mary Carer")).to_have_count(0)
    for url in ("/referrals/", "/referrals/inbox/?view=all", "/referrals/sent/?person=Mary"):
        page.goto(url)
        expect(page.get_by_text("Mary")).to_have_count(0)


def test_the_lists_and_the_referral_fit_a_phone_and_work_by_keyboard(
    page, dora, alice, password, referral
):
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, dora, password)
    for url in ("/referrals/inbox/", "/referrals/inbox/?view=all&person=mary&overdue=on"):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Referrals to your services")
        fits_a_phone(page)
        assert_accessible(page)
    page.goto("/referrals/inbox/")
    # By keyboard: open the folded filters, filter by the person's name, open the referral.
    tab_to(page, "Filter referrals")
    page.keyboard.press("Enter")
    page.get_by_label("Person's name").focus()
    page.keyboard.type("Mary")
    tab_to(page, "Show referrals")
    # The unfiltered list shows Mary Carer too: wait for the filtered one before tabbing on.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"person=Mary"))
    expect(page.get_by_role("heading", level=3, name="Mary Carer")).to_be_visible()
    tab_to(page, referral.reference)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Referral {referral.reference}")
    fits_a_phone(page)
    assert_accessible(page)
    page.get_by_role("button", name="Accept").click()
    page.get_by_role("button", name="Complete", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complete this referral?")
    fits_a_phone(page)
    # On a phone the service navigation folds behind "Menu".
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name=re.compile("^Sign out")).click()
    sign_in(page, alice, password)
    page.goto("/referrals/sent/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My referrals")
    fits_a_phone(page)
    assert_accessible(page)
