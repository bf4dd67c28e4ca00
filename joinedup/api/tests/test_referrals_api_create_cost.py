"""What one referral create through the API costs and keeps: its queries pinned (so they cannot
silently grow back), every audit line in order, one task to email its notifications, and
nothing left behind when a write fails half-way (in a real transaction, as in production).

Queries are counted inside the test's own transaction, where the create's transaction shows as
a SAVEPOINT and its RELEASE (in production: BEGIN and COMMIT, which Django does not count).
"""

# The shared fixtures are imported by name from referral_cast (pytest finds them in the module);
# ruff would read each use as a redefinition.
# ruff: noqa: F401, F811
from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from joinedup.api.tests.referral_cast import create_body, food_bank, food_service, referrer
from joinedup.core.models import ApiToken, AuditEvent, User
from joinedup.directory.models import IntakeMode, Membership, Organization, Service
from joinedup.referrals import notifications
from joinedup.referrals.models import (
    Consent,
    IdempotencyRecord,
    Notification,
    Person,
    Referral,
    ReferralEvent,
)

pytestmark = pytest.mark.django_db

# token; key claimed; services; which of them someone answers (one query for all, ADR 21);
# person; consent; referral; its two events; the receiving team; their notification; its email in
# the outbox (ADR 22); the audit lines; the answer kept; and the savepoint and its release.
ONE_CREATE_QUERIES = 15


def member_of(organization: Organization, email: str) -> User:
    user = User.objects.create_user(email=email, password="not used here")
    Membership.objects.create(user=user, organization=organization, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def food_team(food_bank) -> User:
    """Someone in the receiving team, so that each create writes a notification: dora, the food
    bank's member (referral_cast), without whom the service would not be referable."""
    return User.objects.get(memberships__organization=food_bank)


@pytest.fixture
def used_token(referrer):
    """The referrer's token once used: when it was last used is noted at most once a minute, by
    the first request, not counted below."""
    assert referrer.get("/api/referrals").status_code == 200
    return referrer


@pytest.fixture
def advice_service(db) -> Service:
    org = Organization.objects.create(name="Ashdown Advice Centre")
    member_of(org, "eve@advice.example")
    return Service.objects.create(
        organization=org, name="Debt advice", intake_mode=IntakeMode.JOINEDUP
    )


def prescription_body(*services: Service) -> dict[str, Any]:
    body = create_body(services[0])
    body["services"] = [{"id": str(s.pk)} for s in services]
    body["consents"] = [
        {"organization": str(s.organization_id), "method": "phone", "purpose": "Referral"}
        for s in services
    ]
    return body


def test_one_create_costs_a_fixed_number_of_queries(
    used_token, referrer, food_service, food_team, django_assert_max_num_queries
):
    with django_assert_max_num_queries(ONE_CREATE_QUERIES):
        response = referrer.post(
            "/api/referrals", create_body(food_service), headers={"Idempotency-Key": "k1"}
        )
    assert response.status_code == 201
    assert Notification.objects.count() == 1


def test_a_create_without_a_key_costs_four_queries_fewer(
    used_token, referrer, food_service, food_team, django_assert_max_num_queries
):
    # No key to claim, no answer to keep, and the create joins the test's transaction.
    with django_assert_max_num_queries(ONE_CREATE_QUERIES - 4):
        response = referrer.post("/api/referrals", create_body(food_service))
    assert response.status_code == 201


def test_a_create_for_a_held_person_costs_a_fixed_number_of_queries(
    referrer, food_service, food_team, django_assert_max_num_queries
):
    first = referrer.post("/api/referrals", create_body(food_service))
    body = create_body(food_service)
    del body["person"]
    body["person_id"] = first.json()["person_id"]
    # Looking the person up, and locking them to find their standing consent, instead of
    # writing them and their consent.
    with django_assert_max_num_queries(ONE_CREATE_QUERIES + 1):
        response = referrer.post("/api/referrals", body, headers={"Idempotency-Key": "k2"})
    assert response.status_code == 201
    assert Consent.objects.count() == 1


def test_each_service_of_a_prescription_adds_two_queries(
    used_token, referrer, food_service, food_team, advice_service, django_assert_max_num_queries
):
    # Its consent, and who in its team to tell; every other row goes in with the first's.
    with django_assert_max_num_queries(ONE_CREATE_QUERIES + 2):
        response = referrer.post(
            "/api/referrals",
            prescription_body(food_service, advice_service),
            headers={"Idempotency-Key": "k3"},
        )
    assert response.status_code == 201
    assert Referral.objects.count() == 2
    assert ReferralEvent.objects.count() == 4
    assert Notification.objects.count() == 2


def test_a_create_audits_every_write_in_order(referrer, food_service, carers_centre):
    response = referrer.post("/api/referrals", create_body(food_service))
    referral = Referral.objects.get()
    consent = Consent.objects.get()
    lines = AuditEvent.objects.exclude(action__startswith="api_token.").order_by("created_at")
    assert [(e.action, e.target_id) for e in lines] == [
        ("person.created", response.json()["person_id"]),
        ("consent.recorded", str(consent.pk)),
        ("referral.drafted", str(referral.pk)),
        ("referral.requested", str(referral.pk)),
    ]
    assert {e.organization_id for e in lines} == {carers_centre.pk}
    token = ApiToken.objects.get(organization=carers_centre)
    assert all(e.details["api_token"] == token.prefix for e in lines)
    assert [(e.sequence, e.from_status, e.to_status) for e in referral.events.all()] == [
        (1, "", "draft"),
        (2, "draft", "requested"),
    ]


def test_a_prescription_is_emailed_by_one_task_after_commit(
    referrer, food_service, food_team, advice_service, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = referrer.post("/api/referrals", prescription_body(food_service, advice_service))
        assert response.status_code == 201
        assert mail.outbox == []  # nothing is sent before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    assert sorted(m.to[0] for m in mail.outbox) == ["dora@foodbank.example", "eve@advice.example"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("key", [None, "k-fail"])
def test_a_create_that_fails_at_its_last_write_leaves_nothing(
    referrer, food_service, food_team, monkeypatch, key
):
    def fail(rows: list[Notification]) -> list[Notification]:
        raise RuntimeError("the database went away")

    # The notifications are written after the person, consent, referral and events.
    monkeypatch.setattr(notifications, "_save", fail)
    headers = {"Idempotency-Key": key} if key else {}
    with pytest.raises(RuntimeError):
        referrer.post("/api/referrals", create_body(food_service), headers=headers)
    for model in (Person, Consent, Referral, ReferralEvent, Notification, IdempotencyRecord):
        assert model.objects.count() == 0, model
    assert not AuditEvent.objects.exclude(action__startswith="api_token.").exists()
    assert mail.outbox == []

    monkeypatch.undo()
    again = referrer.post("/api/referrals", create_body(food_service), headers=headers)
    assert again.status_code == 201
    assert Referral.objects.count() == 1
