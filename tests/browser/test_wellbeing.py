"""ONS4 wellbeing in Chromium: the receiving team completes a referral and is asked the four
questions with the person; the partnership manager reads the change at /insights/wellbeing/, on
a desktop and a phone, with and without JavaScript. axe-core runs on every page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from joinedup.core.models import User
from joinedup.directory.models import IntakeMode, Membership, Organization, Sector, Service
from joinedup.partnerships.models import Partnership, PartnershipMember
from joinedup.referrals import services
from joinedup.referrals.models import (
    ConsentMethod,
    Moment,
    Referral,
    ServiceIntake,
    Status,
    WellbeingAnswers,
)
from tests.browser.conftest import assert_accessible, page_width, signed_in

expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def dora(password) -> User:
    food_bank = Organization.objects.create(name="Ashdown Food Bank", sector=Sector.VCS)
    user = User.objects.create_user(email="dora@foodbank.example", password=password)
    Membership.objects.create(user=user, organization=food_bank)
    return user


@pytest.fixture
def service(dora) -> Service:
    service = Service.objects.create(
        organization=dora.memberships.get().organization,
        name="Befriending visits",
        intake_mode=IntakeMode.JOINEDUP,
    )
    ServiceIntake.objects.create(service=service, asks_wellbeing=True)
    return service


def _referrals(alice, service, count: int) -> list[Referral]:
    person = services.create_person(
        actor=alice,
        organization=alice.memberships.get().organization,
        name="Mary Carer",
        contact_preference="phone",
        phone="07700 900123",
    )
    services.record_consent(
        actor=alice,
        person=person,
        recipient=service.organization,
        purpose="Befriending",
        method=ConsentMethod.IN_PERSON,
    )
    return [
        services.send_referrals(
            actor=alice, person=person, services=[service], need="Lonely since Jim died"
        ).referrals[0]
        for _ in range(count)
    ]


def sign_in(page, user, password) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    signed_in(page)


def test_completing_asks_the_person_the_four_questions(page, dora, alice, password, service):
    (referral,) = _referrals(alice, service, 1)
    services.transition_referral(actor=dora, referral=referral, to_status=Status.ACCEPTED)
    sign_in(page, dora, password)
    page.goto(f"/referrals/{referral.pk}/")
    expect(page.get_by_role("heading", name="Wellbeing (ONS4)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Complete", exact=True).click()
    page.get_by_label("Yes, I am sure").check()
    page.get_by_role("button", name="Complete", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wellbeing at completion")
    assert_accessible(page)
    question = page.get_by_role("group", name="Overall, how satisfied are you with your life")
    question.get_by_label("7", exact=True).check()
    anxiety = page.get_by_role("group", name="Overall, how anxious did you feel yesterday?")
    anxiety.get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_text("Wellbeing answers saved")).to_be_visible()
    answers = WellbeingAnswers.objects.get(referral=referral, moment=Moment.COMPLETION)
    assert (answers.life_satisfaction, answers.anxiety) == (7, None)


@pytest.fixture
def manager(password, dora, alice) -> User:
    user = User.objects.create_user(
        email="pam@partnership.example", password=password, is_partnership_manager=True
    )
    place = Partnership.objects.create(name="Ashdown Together")
    place.managers.add(user)
    for membership in (dora.memberships.get(), alice.memberships.get()):
        PartnershipMember.objects.create(partnership=place, organization=membership.organization)
    return user


def _answered(alice, service, count: int) -> None:
    now = timezone.now() - datetime.timedelta(days=3)
    for referral in _referrals(alice, service, count):
        Referral.objects.filter(pk=referral.pk).update(status=Status.COMPLETED)
        for moment, score in ((Moment.REFERRAL, 3), (Moment.COMPLETION, 6)):
            WellbeingAnswers.objects.create(
                referral=referral,
                moment=moment,
                recorded_at=now,
                life_satisfaction=score,
                anxiety=8 - score,
            )


@pytest.mark.parametrize("width", [1280, 375])
def test_the_board_reads_the_change_on_a_desktop_and_a_phone(
    page, manager, alice, password, service, width
):
    _answered(alice, service, 6)
    sign_in(page, manager, password)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/insights/wellbeing/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Did people feel better?")
    expect(
        page.get_by_role("img", name="Average change in wellbeing, Ashdown Together")
    ).to_be_visible()
    table = page.get_by_role("table", name="Befriending visits (Ashdown Food Bank)")
    row = table.get_by_role("row", name="Life satisfaction")
    expect(row).to_contain_text("+3.00")
    expect(row.get_by_role("cell").last).to_have_text("6")
    assert_accessible(page)
    if width == 375:
        # What sticks out, if anything does: the failure names it.
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')]"
            ".filter(e => e.getBoundingClientRect().right > 376).map(e => e.tagName).slice(0, 5)"
        )
        assert page_width(page) <= 375, wide


def test_the_page_works_without_javascript(page_without_js, manager, alice, password, service):
    _answered(alice, service, 6)
    page = page_without_js
    sign_in(page, manager, password)
    page.goto("/insights/wellbeing/?from=2026-01-01&to=nonsense")
    expect(page.get_by_text("Dates are written as 2026-04-01")).to_be_visible()
    assert_accessible(page)
