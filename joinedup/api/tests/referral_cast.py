"""Fixtures for the referrals API and FHIR tests (imported by those test modules).

The carers centre (alice's organisation) refers; the food bank (dora) receives; Brookfield Housing
(charlie's) is the third organisation whose token must get 404 everywhere. Each organisation
has an API token; requests go through Django's test client with `Authorization: Bearer`.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from joinedup.core.models import User
from joinedup.directory.models import IntakeMode, Membership, Organization, Sector, Service
from joinedup.directory.tokens import issue_api_token
from joinedup.referrals.models import ServiceIntake

FOOD_BANK_MEMBER = "dora@foodbank.example"


class ApiClient:
    """Django's test client speaking JSON with one organisation's token."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(
            path, data, content_type="application/json", headers={**self.headers, **(headers or {})}
        )

    def patch(self, path: str, body: Any, content_type: str) -> Any:
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.patch(path, data, content_type=content_type, headers=self.headers)


@pytest.fixture
def food_bank(db) -> Organization:
    organization = Organization.objects.create(name="Ashdown Food Bank", sector=Sector.VCS)
    # dora answers the food bank's referrals: a service nobody answers is refused by the one
    # door (`Service.objects.referable()`).
    user = User.objects.create_user(email=FOOD_BANK_MEMBER, password="not used here")
    Membership.objects.create(user=user, organization=organization, role=Membership.Role.MEMBER)
    return organization


@pytest.fixture
def food_service(food_bank) -> Service:
    service = Service.objects.create(
        organization=food_bank, name="Emergency food parcels", intake_mode=IntakeMode.JOINEDUP
    )
    # The question `create_body` answers: answers to no question are not kept (ADR 0021).
    ServiceIntake.objects.create(
        service=service, questions=[{"key": "household_size", "label": "How many at home?"}]
    )
    return service


@pytest.fixture
def referrer(carers_centre) -> ApiClient:
    return ApiClient(issue_api_token(organization=carers_centre, name="Case system")[1])


@pytest.fixture
def receiver(food_bank) -> ApiClient:
    return ApiClient(issue_api_token(organization=food_bank, name="Food bank CRM")[1])


@pytest.fixture
def outsider(housing_org) -> ApiClient:
    return ApiClient(issue_api_token(organization=housing_org, name="Housing system")[1])


def create_body(food_service: Service, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "person": {
            "name": "Mary Testcarer",
            "postcode": "BS5 6XX",
            "contact_preference": "phone",
            "phone": "07700 900123",
            "date_of_birth": "1960-04-01",
        },
        "services": [{"id": str(food_service.pk), "intake_answers": {"household_size": "2"}}],
        "need": "We have run out of food this week",
        "urgency": "urgent",
        "consents": [
            {
                "organization": str(food_service.organization_id),
                "method": "in_person",
                "purpose": "Referral for emergency food",
            }
        ],
    }
    body.update(overrides)
    return body


@pytest.fixture
def sent(referrer, food_service) -> dict[str, Any]:
    """A referral sent through the API by the carers centre to the food bank."""
    response = referrer.post("/api/referrals", create_body(food_service))
    assert response.status_code == 201, response.content
    referral: dict[str, Any] = response.json()["referrals"][0]
    return referral
