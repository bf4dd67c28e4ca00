"""Referral fixtures on top of the shared cast.

alice and bob (Ashdown Carers Centre) refer; dora (Ashdown Food Bank) receives; charlie
(Brookfield Housing) is the outsider who must be refused everything; pam manages the partnership.
"""

from __future__ import annotations

import pytest

from joinedup.core.models import User
from joinedup.directory.models import IntakeMode, Membership, Organization, Sector, Service
from joinedup.referrals import services
from joinedup.referrals.models import ConsentMethod, Person, Referral


@pytest.fixture
def food_bank(db) -> Organization:
    return Organization.objects.create(name="Ashdown Food Bank", sector=Sector.VCS)


@pytest.fixture
def dora(food_bank) -> User:
    user = User.objects.create_user(email="dora@foodbank.example", password="x")
    Membership.objects.create(user=user, organization=food_bank, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def food_service(food_bank, dora) -> Service:
    # dora answers the food bank's referrals: a service with nobody to answer is not referable.
    return Service.objects.create(
        organization=food_bank,
        name="Emergency food parcels",
        intake_mode=IntakeMode.JOINEDUP,
    )


@pytest.fixture
def housing_service(housing_org, charlie) -> Service:
    # charlie answers Brookfield's referrals (signed in from the emailed link).
    return Service.objects.create(
        organization=housing_org, name="Tenancy support", intake_mode=IntakeMode.EMAIL
    )


@pytest.fixture
def person(alice) -> Person:
    return services.create_person(
        actor=alice,
        organization=alice.memberships.get().organization,
        name="Mary Carer",
        postcode="bs5 6xx",
        contact_preference="phone",
        phone="07700 900123",
    )


@pytest.fixture
def food_consent(alice, person, food_bank):
    return services.record_consent(
        actor=alice,
        person=person,
        recipient=food_bank,
        purpose="Referral for emergency food",
        method=ConsentMethod.IN_PERSON,
    )


@pytest.fixture
def draft(alice, person, food_service) -> Referral:
    return services.draft_referral(
        actor=alice, person=person, service=food_service, need="We have run out of food"
    )


@pytest.fixture
def referral(alice, person, food_service, food_consent, dora) -> Referral:
    """A referral from the carers centre to the food bank, sent with consent."""
    result = services.send_referrals(
        actor=alice, person=person, services=[food_service], need="We have run out of food"
    )
    return result.referrals[0]


@pytest.fixture
def put_in():
    """Place a referral in a status directly, so the transition tests can check each move from
    there. Not how the application changes status (that is `transition_referral`)."""

    def put(referral: Referral, status: str) -> Referral:
        Referral.objects.filter(pk=referral.pk).update(status=status)
        referral.refresh_from_db()
        return referral

    return put
