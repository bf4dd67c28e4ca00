"""A small partnership whose referrals are written event by event, so every figure can be
worked out by hand.

Ashdown Partnership (pam manages it): alice's Ashdown Carers Centre (vcs), dora's Ashdown Food
Bank (vcs) and Ashdown Council (council) are members. charlie's Brookfield Housing is not a
member; quentin manages another partnership (Quarry Vale): both are outsiders.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from joinedup.core.models import User
from joinedup.directory.models import (
    Attribute,
    IntakeMode,
    Membership,
    Organization,
    Sector,
    Service,
    TaxonomyTerm,
)
from joinedup.insights import periods
from joinedup.partnerships import services as partnership_services
from joinedup.partnerships.models import Partnership
from joinedup.referrals.models import Outcome, Person, Referral, ReferralEvent, Status

# A Monday in the middle of a quarter (Q1 2026), at noon UTC (no daylight saving in January).
T0 = datetime.datetime(2026, 1, 5, 12, 0, tzinfo=datetime.UTC)
Q1 = periods.quarter(2026, 1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Partnership ids repeat between tests (rolled back): no figures may outlive a test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def council(db) -> Organization:
    return Organization.objects.create(name="Ashdown Council", sector=Sector.COUNCIL)


@pytest.fixture
def food_bank(db) -> Organization:
    return Organization.objects.create(name="Ashdown Food Bank", sector=Sector.VCS)


@pytest.fixture
def dora(food_bank, password) -> User:
    user = User.objects.create_user(email="dora@food.example", password=password)
    Membership.objects.create(user=user, organization=food_bank, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def quentin(db, password) -> User:
    """Manages another partnership."""
    user = User.objects.create_user(
        email="quentin@quarry.example", password=password, is_partnership_manager=True
    )
    partnership_services.create_partnership(actor=user, name="Quarry Vale Partnership")
    return user


@pytest.fixture
def partnership(pam, alice, dora, carers_centre, council, food_bank) -> Partnership:
    # pam's partnership (the root cast: it has Ashdown Carers Centre already), with the others.
    partnership = Partnership.objects.get(managers=pam)
    for organization in (council, food_bank):
        partnership_services.add_member(
            actor=pam, partnership=partnership, organization=organization
        )
    return partnership


@pytest.fixture
def food_term(db) -> TaxonomyTerm:
    return TaxonomyTerm.objects.create(name="Food")


@pytest.fixture
def food_service(food_bank, food_term) -> Service:
    service = Service.objects.create(
        organization=food_bank, name="Emergency food", intake_mode=IntakeMode.JOINEDUP
    )
    Attribute.objects.create(taxonomy_term=food_term, link_id=service.pk, link_entity="service")
    return service


@pytest.fixture
def council_service(council) -> Service:
    return Service.objects.create(
        organization=council, name="Adult social care", intake_mode=IntakeMode.JOINEDUP
    )


@pytest.fixture
def helpline(council) -> Service:
    return Service.objects.create(
        organization=council, name="Council helpline", intake_mode=IntakeMode.PHONE
    )


@pytest.fixture
def carers_service(carers_centre) -> Service:
    return Service.objects.create(
        organization=carers_centre, name="Carers support", intake_mode=IntakeMode.JOINEDUP
    )


Step = tuple[float, str, str]  # (hours after sending, to status, reason code)


@pytest.fixture
def refer(alice) -> Callable[..., Referral]:
    """Write one sent referral and its events directly (not through the workflow), at known
    times: `steps` are (hours after sending, new status, reason)."""
    people: dict[Any, Person] = {}

    def make(
        service: Service,
        *,
        sender: Organization,
        sent: datetime.datetime = T0,
        steps: list[Step] | tuple[Step, ...] = (),
        outcome: str = "",
    ) -> Referral:
        person = people.get(sender.pk) or Person.objects.create(organization=sender, name="P")
        people[sender.pk] = person
        status = steps[-1][1] if steps else Status.REQUESTED
        referral = Referral.objects.create(
            person=person,
            referring_organization=sender,
            service=service,
            receiving_organization_id=service.organization_id,  # type: ignore[misc]
            intake_mode=service.intake_mode,
            need="-",
            status=status,
            status_changed_at=sent,
            requested_at=sent,
            outcome=outcome,
        )
        ReferralEvent.objects.create(
            referral=referral,
            sequence=1,
            created_at=sent,
            from_status="draft",
            to_status="requested",
        )
        previous: str = Status.REQUESTED
        for number, (hours, to_status, reason) in enumerate(steps, start=2):
            ReferralEvent.objects.create(
                referral=referral,
                sequence=number,
                created_at=sent + datetime.timedelta(hours=hours),
                from_status=previous,
                to_status=to_status,
                reason_code=reason,
            )
            previous = to_status
        return referral

    return make


A, IP, C, R, X = (
    Status.ACCEPTED,
    Status.IN_PROGRESS,
    Status.COMPLETED,
    Status.REJECTED,
    Status.CANCELLED,
)


@pytest.fixture
def scenario(
    refer, carers_centre, council, food_service, council_service, helpline, carers_service
):
    """carers centre -> food bank: 10, accepted after 1..10 hours; the first six then started and
    completed (got help), the seventh completed straight from accepted (got help), 8-10 still
    accepted. carers centre -> council: 3 declined after 48 hours (not eligible twice, no
    capacity once), 2 expired after 14 days, 1 waiting, and 2 logged on the phone helpline.
    council -> carers centre: 7 accepted after 24 hours."""
    for hours in range(1, 11):
        day = T0 + datetime.timedelta(days=hours)
        if hours <= 6:
            steps = [(hours, A, ""), (hours + 1, IP, ""), (hours + 2, C, "")]
        elif hours == 7:
            steps = [(hours, A, ""), (hours + 2, C, "")]
        else:
            steps = [(hours, A, "")]
        outcome = Outcome.GOT_HELP if hours <= 7 else ""
        refer(food_service, sender=carers_centre, sent=day, steps=steps, outcome=outcome)
    for reason in ("not_eligible", "not_eligible", "no_capacity"):
        refer(
            council_service,
            sender=carers_centre,
            steps=[(48, R, reason)],
            outcome="not_eligible" if reason == "not_eligible" else "no_capacity",
        )
    for _ in range(2):
        refer(council_service, sender=carers_centre, steps=[(336, X, "no_response")])
    refer(council_service, sender=carers_centre)
    for _ in range(2):
        refer(helpline, sender=carers_centre)
    for _ in range(7):
        refer(carers_service, sender=council, steps=[(24, A, "")])
