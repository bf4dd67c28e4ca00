"""Fixtures for the place pages: the Ashdown Partnership (pam manages it; alice's and bob's
carers centre is a member), Brookfield's charlie as the outsider, another partnership's
manager (olga), and referrals written straight into the tables with the postcodes and times a
test names (the referral use cases are tested in their own app)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.utils import timezone

from joinedup.core.models import User
from joinedup.directory.models import CapacityStatus, Organization, Sector, Service
from joinedup.partnerships import services as partnership_services
from joinedup.partnerships.models import Partnership
from joinedup.referrals.models import Person, Referral, ReferralEvent, Status
from joinedup.search.models import UnmetNeed

# The last full quarter, as of TODAY: 1 July to 30 September 2026.
TODAY = datetime.date(2026, 11, 20)
IN_QUARTER = datetime.datetime(2026, 8, 10, 12, tzinfo=datetime.UTC)
BEFORE = datetime.datetime(2026, 5, 10, 12, tzinfo=datetime.UTC)


@pytest.fixture
def council(db) -> Organization:
    return Organization.objects.create(name="Ashdown Council", sector=Sector.COUNCIL)


@pytest.fixture
def partnership(pam, alice, bob, carers_centre, council) -> Partnership:
    found = partnership_services.create_partnership(actor=pam, name="Ashdown Partnership")
    partnership_services.add_member(actor=pam, partnership=found, organization=carers_centre)
    partnership_services.add_member(actor=pam, partnership=found, organization=council)
    return found


@pytest.fixture
def olga(db, password) -> User:
    """Manager of another partnership: an outsider to Ashdown's."""
    user = User.objects.create_user(
        email="olga@elsewhere.example", password=password, is_partnership_manager=True
    )
    partnership_services.create_partnership(actor=user, name="Elsewhere Partnership")
    return user


@pytest.fixture
def council_service(council) -> Service:
    return Service.objects.create(organization=council, name="Housing advice", status="active")


@pytest.fixture
def make_referrals(carers_centre, alice) -> Callable[..., list[Referral]]:
    def make(
        n: int,
        service: Service,
        *,
        postcode: str = "BS5 6XX",
        when: datetime.datetime = IN_QUARTER,
        declined: str = "",
    ) -> list[Referral]:
        made = []
        for _ in range(n):
            person = Person.objects.create(
                organization=carers_centre, name="A person", postcode=postcode
            )
            referral = Referral.objects.create(
                person=person,
                referring_organization=carers_centre,
                referring_user=alice,
                service=service,
                receiving_organization=cast(Organization, service.organization),
                intake_mode="joinedup",
                need="Help",
                status=Status.REJECTED if declined else Status.REQUESTED,
                status_changed_at=when,
                requested_at=when,
            )
            if declined:
                ReferralEvent.objects.create(
                    referral=referral,
                    sequence=1,
                    created_at=when,
                    from_status=Status.REQUESTED,
                    to_status=Status.REJECTED,
                    reason_code=declined,
                )
            made.append(referral)
        return made

    return make


@pytest.fixture
def today(monkeypatch) -> datetime.date:
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return TODAY


def params(**extra: Any) -> dict[str, Any]:
    return {"period": "quarter", **extra}


@pytest.fixture
def region(partnership, council, council_service, make_referrals, today) -> None:
    """Searches (a 3 among them), referrals turned away (a 3 among them), referrals by district
    (a 2 among them), and a service on a waiting list."""
    day = datetime.date(2026, 8, 1)
    for theme, area, band, n in (
        ("homeless", "BS5", "none", 10),
        ("homeless", "BS5", "enough", 1010),
        ("carer", "BS3", "none", 6),
        ("carer", "BS3", "enough", 24),
        ("debt", "BS1", "none", 3),
        ("debt", "BS1", "enough", 30),
    ):
        UnmetNeed.objects.create(day=day, theme=theme, area=area, band=band, count=n)
    UnmetNeed.objects.create(
        day=datetime.date(2026, 5, 1), theme="carer", area="BS3", band="none", count=10
    )
    make_referrals(6, council_service, postcode="NE6 1AA", declined="no_capacity")
    make_referrals(3, council_service, postcode="NE6 1AA", declined="not_eligible")
    tenancy = Service.objects.create(organization=council, name="Tenancy", status="active")
    make_referrals(9, tenancy, postcode="NE4 1AA", declined="no_capacity")
    make_referrals(2, council_service, postcode="NE2 1AA")
    make_referrals(7, council_service, postcode="NE5 1AA")
    Service.objects.filter(pk=tenancy.pk).update(capacity_status=CapacityStatus.WAITING_LIST)
