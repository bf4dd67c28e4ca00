"""The shared cast for every test (after healthchecks' alice / bob / charlie).

- alice: organisation admin of Ashdown Carers Centre
- bob: member (not admin) of Ashdown Carers Centre
- charlie: admin of another organisation, Brookfield Housing: the outsider, refused everywhere
- pam: partnership manager, no organisation
"""

from __future__ import annotations

import pytest

from joinedup.core.models import User
from joinedup.directory.models import Membership, Organization, Sector, Service

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _cheap_password_hashing(settings) -> None:
    # Still Argon2id (tests check the stored format), with costs fit for hundreds of test users.
    settings.PASSWORD_HASHERS = ["joinedup.core.testing.CheapArgon2PasswordHasher"]


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def carers_centre(db) -> Organization:
    return Organization.objects.create(
        name="Ashdown Carers Centre", description="Support for unpaid carers.", sector=Sector.VCS
    )


@pytest.fixture
def housing_org(db) -> Organization:
    return Organization.objects.create(
        name="Brookfield Housing", description="Social housing provider.", sector=Sector.HOUSING
    )


@pytest.fixture
def alice(carers_centre) -> User:
    user = User.objects.create_user(email="alice@carers.example", password=PASSWORD)
    Membership.objects.create(user=user, organization=carers_centre, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def bob(carers_centre) -> User:
    user = User.objects.create_user(email="bob@carers.example", password=PASSWORD)
    Membership.objects.create(user=user, organization=carers_centre, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def charlie(housing_org) -> User:
    user = User.objects.create_user(email="charlie@housing.example", password=PASSWORD)
    Membership.objects.create(user=user, organization=housing_org, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def pam(db) -> User:
    return User.objects.create_user(
        email="pam@partnership.example", password=PASSWORD, is_partnership_manager=True
    )


@pytest.fixture
def carers_service(carers_centre) -> Service:
    return Service.objects.create(
        organization=carers_centre,
        name="Carers' wellbeing check",
        description="A conversation about how you are coping as a carer, and a plan.",
        status="active",
    )
