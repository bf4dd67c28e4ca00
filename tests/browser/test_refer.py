"""Referring journeys in Chromium, with axe-core on every page: a carer's prescription of
several services shortlisted from the search results for someone new; a person already held,
by keyboard, without JavaScript, 375 px wide; a referrer in two organisations; asking for help;
intake settings."""

from __future__ import annotations

import re

import pytest

from joinedup.core.models import User
from joinedup.directory.models import (
    CapacityStatus,
    IntakeMode,
    Membership,
    Organization,
    Phone,
    Sector,
    Service,
)
from joinedup.referrals.models import Referral, Status
from joinedup.referrals.services.intake import set_service_intake
from joinedup.search.services import rebuild_index
from tests.browser.conftest import assert_accessible, page_width

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def food_bank(db) -> Organization:
    bank = Organization.objects.create(name="Ashdown Food Bank", sector=Sector.VCS)
    # Someone to answer its referrals: a service nobody can answer for is not offered.
    team = User.objects.create_user(email="team@foodbank.example", password="x" * 20)
    Membership.objects.create(user=team, organization=bank, role=Membership.Role.ADMIN)
    return bank


@pytest.fixture
def food_service(food_bank) -> Service:
    return Service.objects.create(
        organization=food_bank,
        name="Emergency food parcels",
        description="Food for three days.",
        intake_mode=IntakeMode.JOINEDUP,
    )


@pytest.fixture
def advice_service(housing_org) -> Service:
    """A phone service: it takes no referral through joinedup, so the shortlist says to call."""
    service = Service.objects.create(
        organization=housing_org,
        name="Tenancy advice line",
        description="Advice on rent arrears and tenancy problems.",
        intake_mode=IntakeMode.PHONE,
        capacity_status=CapacityStatus.WAITING_LIST,
        capacity_wait_band="2_to_4_weeks",
    )
    Phone.objects.create(service=service, number="0300 123 4567")
    return service


def _sign_in(page, user, password) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("^Sign out"))).to_be_visible()


def _heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(text))


PHONE = {"width": 375, "height": 667}


@pytest.fixture
def breaks_service(housing_org, charlie) -> Service:
    # charlie answers Brookfield's referrals: a service nobody answers is not offered.
    return Service.objects.create(
        organization=housing_org,
        name="Carers' short breaks",
        description="Short breaks for carers: a sitter stays with the person you look after.",
        intake_mode=IntakeMode.JOINEDUP,
        capacity_status=CapacityStatus.WAITING_LIST,
        capacity_wait_band="2_to_4_weeks",
    )


@pytest.fixture
def cafe_service(carers_centre) -> Service:
    return Service.objects.create(
        organization=carers_centre,
        name="Carers' memory café",
        description="A café for carers and people living with dementia.",
        intake_mode=IntakeMode.JOINEDUP,
    )


def _fits(page) -> None:
    """Nothing wider than the screen: no sideways scrolling at 375 px."""
    assert page_width(page) <= page.evaluate("window.innerWidth"), page.url


def _press(page, locator, key: str = "Enter") -> None:
    """Use a control by keyboard: focus it (as Tab would) and press the key."""
    locator.focus()
    page.keyboard.press(key)


def test_prescription_from_search_results_for_someone_new(
    page, alice, password, food_service, breaks_service, advice_service, food_bank, housing_org
):
    food_service.description = "Food parcels for carers and families in need."
    food_service.save()
    advice_service.description = "Advice for carers on rent and tenancy."
    advice_service.save()
    rebuild_index()
    _sign_in(page, alice, password)
    page.goto("/?q=carers")
    assert_accessible(page)
    page.evaluate("window.stayed = true")
    for name in ("Emergency food parcels", "Carers' short breaks", "Tenancy advice line"):
        page.get_by_role("button", name=f"Add {name} to shortlist").click()
        expect(page.locator("#shortlist-banner")).to_contain_text(f"{name} is on your shortlist")
        # The keyboard stays on the card: its button is now "Remove".
        expect(page.get_by_role("button", name=f"Remove {name} from shortlist")).to_be_focused()
    expect(page.locator("#shortlist-link")).to_contain_text("Shortlist (3")
    # With JavaScript the page was not reloaded for each one (without it, it is: see below).
    assert page.evaluate("window.stayed === true")
    assert_accessible(page)  # the banner and the "Remove" buttons
    page.locator("#shortlist-link").click()

    _heading(page, "Your shortlist")
    expect(
        page.get_by_text("Carers' short breaks has a waiting list (wait: 2 to 4 weeks)")
    ).to_be_visible()
    # The phone service says what to do instead of being referred.
    expect(
        page.get_by_text("Tenancy advice line does not take referrals through joinedup")
    ).to_be_visible()
    expect(page.get_by_role("link", name="0300 123 4567")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Who are you referring?").fill("Sam Carer")
    page.get_by_role("button", name="Refer to the services that take referrals here").click()

    _heading(page, "Their details")  # no one held by that name: straight to their details
    assert_accessible(page)
    page.get_by_label("Phone", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    # Chose phone without a number: the error summary names it and keeps what was typed.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a phone number")
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_label("Full name")).to_have_value("Sam Carer")
    assert_accessible(page)
    page.get_by_label("Phone number").fill("07700 900456")
    page.get_by_role("button", name="Continue").click()

    _heading(page, "What Sam Carer needs, and their consent")
    assert_accessible(page)
    page.get_by_label("What do they need help with, in their own words?").fill(
        "Caring for dad; no food until payday"
    )
    page.get_by_role("button", name="Continue").click()  # how they agreed not said: refused
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how they agreed")
    assert_accessible(page)
    # One statement for both organisations; one is left out of this send.
    expect(page.get_by_label("Ashdown Food Bank")).to_be_checked()
    page.get_by_label("Brookfield Housing").uncheck()
    page.get_by_label("In person").check()
    page.get_by_role("button", name="Continue").click()

    _heading(page, "Check and send")
    expect(page.get_by_text("Caring for dad; no food until payday")).to_be_visible()
    expect(page.locator("#left-out")).to_contain_text("Carers' short breaks (Brookfield Housing)")
    assert_accessible(page)
    assert not Referral.objects.exists()
    page.get_by_role("button", name="Send referral").click()

    expect(page.locator(".govuk-panel")).to_contain_text("Referral sent")
    referral = Referral.objects.get()
    assert referral.service == food_service and referral.status == Status.REQUESTED
    expect(page.locator(".govuk-panel")).to_contain_text(referral.reference)
    expect(page.get_by_role("link", name=re.compile(referral.reference))).to_have_attribute(
        "href", f"/referrals/{referral.pk}/"
    )
    # The service left out (and the phone one) stay on the shortlist.
    expect(page.locator("#shortlist-link")).to_contain_text("Shortlist (2")
    assert_accessible(page)


def test_known_person_by_keyboard_on_a_phone_without_javascript(
    page_without_js, alice, password, food_service, cafe_service, advice_service
):
    from joinedup.referrals import services as referrals

    page = page_without_js
    page.set_viewport_size(PHONE)
    held = referrals.create_person(
        actor=alice,
        organization=alice.memberships.get().organization,
        name="Mary Carer",
        postcode="BS5 6XX",
        contact_preference="phone",
        phone="07700 900123",
    )
    _sign_in(page, alice, password)
    for service in (food_service, cafe_service, advice_service):
        page.goto(f"/services/{service.pk}/")
        _press(page, page.get_by_role("button", name=re.compile("^Add to shortlist")))
        expect(
            page.get_by_role("button", name=re.compile("^Remove from shortlist"))
        ).to_be_visible()
    _fits(page)
    assert_accessible(page)
    page.get_by_label("Who are you referring?").fill("mary carer")
    # Tab goes from the name straight to the button.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Refer to these services")).to_be_focused()
    page.keyboard.press("Enter")

    _heading(page, "Who are you referring?")
    _fits(page)
    assert_accessible(page)
    _press(page, page.get_by_role("button", name=re.compile("^Refer Mary Carer")))

    _heading(page, "What Mary Carer needs, and their consent")
    _fits(page)
    assert_accessible(page)
    page.get_by_label("What do they need help with, in their own words?").fill("Respite and food")
    _press(page, page.get_by_label("By phone"), "Space")
    _press(page, page.get_by_role("button", name="Continue"))

    _heading(page, "Check and send")
    _fits(page)
    assert_accessible(page)
    _press(page, page.get_by_role("button", name="Send 2 referrals"))

    expect(page.locator(".govuk-panel")).to_contain_text("2 referrals sent")
    referrals_sent = list(Referral.objects.order_by("service__name"))
    assert [r.service for r in referrals_sent] == [cafe_service, food_service]
    assert {r.person for r in referrals_sent} == {held}
    for referral in referrals_sent:
        expect(page.get_by_role("link", name=re.compile(referral.reference))).to_be_visible()
    _fits(page)
    assert_accessible(page)


def test_person_asks_a_service_for_help(page, alice, food_service, food_bank):
    admin = alice
    Membership.objects.create(user=admin, organization=food_bank, role=Membership.Role.ADMIN)
    set_service_intake(
        actor=admin,
        service=food_service,
        person_fields=["postcode"],
        questions=[{"label": "How many people live with you?", "required": True}],
        accepts_self_referral=True,
        next_steps="We will call you within two working days.",
    )
    page.goto(f"/services/{food_service.pk}/")
    page.get_by_role("button", name=re.compile("^Ask for help")).click()
    _heading(page, "Ask Emergency food parcels for help")
    assert_accessible(page)
    page.get_by_label("Your full name").fill("Pat Person")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Email address").fill("pat@example.org")
    page.get_by_label("What would you like help with?").fill("No food for the children")
    page.get_by_role("button", name="Send").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Answer “How many people live with you?”")
    expect(summary).to_contain_text("Confirm you agree to us receiving your details")
    expect(page.get_by_label("Your full name")).to_have_value("Pat Person")
    assert_accessible(page)
    page.get_by_label("How many people live with you?").fill("4")
    page.get_by_label(re.compile("I agree to Ashdown Food Bank")).check()
    page.get_by_role("button", name="Send").click()

    expect(page.locator(".govuk-panel")).to_contain_text("Request sent")
    referral = Referral.objects.get()
    expect(page.locator(".govuk-panel")).to_contain_text(referral.reference)
    expect(page.get_by_text("We will call you within two working days.")).to_be_visible()
    assert referral.referring_user is None and referral.status == Status.REQUESTED
    assert_accessible(page)


def test_service_admin_sets_what_referrals_ask_for(page, alice, password, carers_service):
    _sign_in(page, alice, password)
    page.goto(f"/services/{carers_service.pk}/")
    page.get_by_role("link", name="Change what referrals ask for").click()
    _heading(page, "What referrals ask for")
    assert_accessible(page)
    page.get_by_label("Date of birth").check()
    page.get_by_label("Question", exact=True).fill("Who do you care for?")
    page.get_by_role("button", name="Add another question").click()
    expect(page.get_by_label("Question", exact=True)).to_have_count(2)
    expect(page.get_by_label("Question", exact=True).first).to_have_value("Who do you care for?")
    page.get_by_label("People can ask us for help directly").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("What your service asks of a referral has been saved")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Add to shortlist"))).to_be_visible()
    assert_accessible(page)


def test_referrer_in_two_organisations_picks_one_and_an_existing_person(
    page, alice, password, carers_centre, food_bank, food_service
):
    from joinedup.referrals import services as referrals

    Membership.objects.create(user=alice, organization=food_bank, role=Membership.Role.ADMIN)
    set_service_intake(
        actor=alice,
        service=food_service,
        person_fields=[],
        questions=[{"label": "How many people live with you?", "required": True}],
        accepts_self_referral=False,
    )
    held = referrals.create_person(
        actor=alice,
        organization=carers_centre,
        name="Mary Carer",
        postcode="BS5 6XX",
        contact_preference="phone",
        phone="07700 900123",
    )
    _sign_in(page, alice, password)
    page.goto(f"/services/{food_service.pk}/")
    page.get_by_role("button", name=re.compile("^Add to shortlist")).click()
    page.get_by_role("button", name="Refer to these services").click()
    _heading(page, "Refer someone")
    assert_accessible(page)
    page.get_by_label("Ashdown Carers Centre").check()
    page.get_by_role("button", name="Continue").click()

    _heading(page, "Who are you referring?")
    page.get_by_label("Full name").fill("mary carer")
    page.get_by_role("button", name="Find them").click()
    expect(page.get_by_role("heading", name="Is it one of these people?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Refer Mary Carer")).click()

    _heading(page, "What Mary Carer needs, and their consent")
    page.get_by_label("What do they need help with, in their own words?").fill("Food")
    page.get_by_label("By phone").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Answer “How many people live with you?” for Emergency food parcels"
    )
    assert_accessible(page)
    page.get_by_label("How many people live with you?").fill("3")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Referral sent")
    referral = Referral.objects.get()
    assert referral.person == held and referral.intake_answers == {
        "how_many_people_live_with_you": "3"
    }
    assert referral.referring_organization == carers_centre


def test_a_robot_filling_the_hidden_field_is_refused(page, alice, food_service, food_bank):
    Membership.objects.create(user=alice, organization=food_bank, role=Membership.Role.ADMIN)
    set_service_intake(
        actor=alice,
        service=food_service,
        person_fields=[],
        questions=[],
        accepts_self_referral=True,
    )
    page.goto(f"/referrals/ask/{food_service.pk}/")
    page.get_by_label("Your full name").fill("Robot")
    page.locator("#id_website").fill("http://spam.example", force=True)
    page.get_by_role("button", name="Send").click()
    _heading(page, "We could not take your request")
    assert_accessible(page)
    assert not Referral.objects.exists()
