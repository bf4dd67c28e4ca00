"""Referring journeys in Chromium, with axe-core on every page: one person to one service, a
prescription of several services (without JavaScript), asking for help, intake settings."""

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
from tests.browser.conftest import assert_accessible

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


def _new_person(page) -> None:
    _heading(page, "Who are you referring?")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Sam Carer")
    page.get_by_label("Postcode (optional)").fill("bs5 6xx")
    page.get_by_role("button", name="Continue").click()

    _heading(page, "Their details")
    assert_accessible(page)
    page.get_by_label("Phone", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    # Chose phone without a number: the error summary names it and keeps what was typed.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a phone number")
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_label("Full name")).to_have_value("Sam Carer")
    assert_accessible(page)
    page.get_by_label("Phone number").fill("07700 900456")
    page.get_by_label("Access needs (optional)").fill("Hard of hearing: text first")
    page.get_by_role("button", name="Continue").click()


def test_refer_one_person_to_one_service(page, alice, password, food_service):
    _sign_in(page, alice, password)
    page.goto(f"/services/{food_service.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Refer someone")).click()
    _new_person(page)

    _heading(page, "Which services are you referring Sam Carer to?")
    expect(page.locator("#chosen + dl")).to_contain_text("Emergency food parcels")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    _heading(page, "What do they need help with?")
    assert_accessible(page)
    page.get_by_label("What do they need help with, in their own words?").fill(
        "We have no food until payday"
    )
    page.get_by_label("Urgent", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    _heading(page, "Has Sam Carer agreed?")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()  # nothing ticked: refused
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Confirm Sam Carer agreed to sharing with Ashdown Food Bank"
    )
    assert_accessible(page)
    page.get_by_label(re.compile("agreed to be referred to Ashdown Food Bank")).check()
    page.get_by_label("In person").check()
    page.get_by_role("button", name="Continue").click()

    _heading(page, "Check your answers before sending")
    expect(page.get_by_text("We have no food until payday")).to_be_visible()
    assert_accessible(page)
    assert not Referral.objects.exists()
    page.get_by_role("button", name="Send referral").click()

    expect(page.locator(".govuk-panel")).to_contain_text("Referral sent")
    referral = Referral.objects.get()
    assert referral.status == Status.REQUESTED and referral.urgency == "urgent"
    expect(page.locator(".govuk-panel")).to_contain_text(referral.reference)
    expect(
        page.get_by_role("link", name=re.compile(f"View referral {referral.reference}"))
    ).to_have_attribute("href", f"/referrals/{referral.pk}/")
    assert_accessible(page)


def test_prescription_of_several_services_without_javascript(
    page_without_js, alice, password, food_service, advice_service, carers_service
):
    page = page_without_js
    _sign_in(page, alice, password)
    page.goto(f"/referrals/new/?service={food_service.pk}&service={carers_service.pk}")
    _new_person(page)

    _heading(page, "Which services are you referring Sam Carer to?")
    chosen = page.locator("#chosen + dl")
    expect(chosen).to_contain_text("Carers' wellbeing check")
    # Remove one, then add another by searching within the journey.
    page.get_by_role("button", name="Remove Carers' wellbeing check").click()
    expect(page.locator("#chosen")).to_have_text("Chosen services (1)")
    rebuild_index()  # the picker reads the search index, as an import builds it
    page.get_by_label("Search services by name or need").fill("tenancy")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results")).to_have_text(re.compile(r"^\d+ services? found$"))
    assert_accessible(page)
    page.get_by_role("button", name="Add Tenancy advice line").click()
    expect(page.locator("#chosen")).to_have_text("Chosen services (2)")
    # The waiting list is said before anything is sent, in words.
    expect(
        page.get_by_text("Tenancy advice line has a waiting list (wait: 2 to 4 weeks)")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("What do they need help with, in their own words?").fill(
        "Rent arrears and no food"
    )
    page.get_by_label("Routine").check()
    page.get_by_role("button", name="Continue").click()

    _heading(page, "Has Sam Carer agreed?")
    page.get_by_label(re.compile("agreed to be referred to Ashdown Food Bank")).check()
    page.locator("#id_o0_method_0").check()
    page.get_by_label(re.compile("agreed to be referred to Brookfield Housing")).check()
    page.locator("#id_o1_method_1").check()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    _heading(page, "Check your answers before sending")
    expect(page.get_by_text("Tenancy advice line has a waiting list")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send 2 referrals").click()

    expect(page.locator(".govuk-panel")).to_contain_text("2 referrals sent")
    referrals = list(Referral.objects.order_by("service__name"))
    assert [r.service.name for r in referrals] == ["Emergency food parcels", "Tenancy advice line"]
    assert len({r.prescription for r in referrals}) == 1
    for referral in referrals:
        expect(page.get_by_text(referral.reference, exact=True)).to_be_visible()
    # The phone service's referral is logged: the referrer gets its number to give the person.
    expect(page.get_by_text("Phone: 0300 123 4567")).to_be_visible()
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
    expect(page.get_by_role("button", name=re.compile("^Refer someone"))).to_be_visible()
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
    page.get_by_role("button", name=re.compile("^Refer someone")).click()
    _heading(page, "Refer someone")
    assert_accessible(page)
    page.get_by_label("Ashdown Carers Centre").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Full name").fill("mary carer")
    page.get_by_role("button", name="Continue").click()
    _heading(page, "Is this the person you are referring?")
    assert_accessible(page)
    page.get_by_label(re.compile("^Mary Carer, BS5 6XX")).check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("button", name="Continue").click()  # the services
    page.get_by_label("What do they need help with, in their own words?").fill("Food")
    page.get_by_label("Routine").check()
    page.get_by_role("button", name="Continue").click()

    _heading(page, "The services' own questions")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Answer “How many people live with you?”"
    )
    assert_accessible(page)
    page.get_by_label("How many people live with you?").fill("3")
    page.get_by_role("button", name="Continue").click()

    _heading(page, "Has Mary Carer agreed?")
    page.get_by_label(re.compile("agreed to be referred to Ashdown Food Bank")).check()
    page.get_by_label("By phone").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Referral sent")
    referral = Referral.objects.get()
    assert referral.person == held and referral.intake_answers == {
        "how_many_people_live_with_you": "3"
    }


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
