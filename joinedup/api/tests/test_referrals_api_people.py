"""The referrals API's person matching (before creating a person) and consent withdrawal: the
token's own organisation only, every person offered audited, the receiver and a third
organisation refused, and every response checked against the OpenAPI document."""

# The shared fixtures are imported by name from referral_cast (pytest finds them in the module);
# ruff would read each use as a redefinition.
# ruff: noqa: F401, F811
from __future__ import annotations

from typing import Any

import pytest

from joinedup.api.referral_openapi import schema_errors
from joinedup.api.tests.referral_cast import (
    ApiClient,
    create_body,
    food_bank,
    food_service,
    outsider,
    receiver,
    referrer,
    sent,
)
from joinedup.core.models import AuditEvent
from joinedup.referrals import services
from joinedup.referrals.models import Consent, Person, Referral, Status

pytestmark = pytest.mark.django_db

MATCH = "/api/people/match"
NHS_NUMBER = "9434765919"  # a valid check digit (the NHS's own example)


def fits(schema: str, body: Any) -> None:
    errors = schema_errors(schema, body)
    assert errors == {}, errors


def withdraw_url(referral: dict[str, Any]) -> str:
    return f"/api/referrals/{referral['id']}/consent/withdraw"


def viewed(person_id: Any) -> Any:
    return AuditEvent.objects.filter(action="person.viewed", target_id=str(person_id))


@pytest.fixture
def mary(sent) -> Person:
    """Mary Testcarer, born 1960-04-01, BS5 6XX: made by the carers centre's create."""
    return Referral.objects.get(pk=sent["id"]).person


# Possible matches


def test_match_offers_the_person_with_reasons_and_audits_the_read(referrer, mary, carers_centre):
    response = referrer.post(
        MATCH, {"name": "  mary   TESTCARER ", "date_of_birth": "1960-04-01", "postcode": "bs56xx"}
    )
    assert response.status_code == 200, response.content
    fits("PossibleMatches", response.json())
    assert response.json()["items"] == [
        {
            "id": str(mary.pk),
            "name": "Mary Testcarer",
            "date_of_birth": "1960-04-01",
            "postcode": "BS5 6XX",
            "reasons": ["same_date_of_birth_and_postcode", "same_name_and_date_of_birth"],
        }
    ]
    # Offering a match is a read of the person's details, by the token.
    read = viewed(mary.pk).get()
    assert read.organization == carers_centre
    assert read.details["api_token"] == referrer.headers["Authorization"][10:18]


def test_each_rule_names_its_reason(referrer, mary, alice, carers_centre):
    # A changed surname: the same date of birth and postcode.
    married = referrer.post(
        MATCH, {"name": "Mary Newname", "date_of_birth": "1960-04-01", "postcode": "BS5 6XX"}
    ).json()["items"]
    assert [(m["id"], m["reasons"]) for m in married] == [
        (str(mary.pk), ["same_date_of_birth_and_postcode"])
    ]
    # The same name with no date of birth given.
    assert referrer.post(MATCH, {"name": "Mary Testcarer"}).json()["items"][0]["reasons"] == [
        "same_name"
    ]
    # The same NHS number, whatever the name.
    numbered = services.create_person(
        actor=alice,
        organization=carers_centre,
        name="Jo Bloggs",
        contact_preference="do_not_contact",
        nhs_number=NHS_NUMBER,
    )
    found = referrer.post(MATCH, {"name": "Joanna Smith", "nhs_number": "943 476 5919"}).json()
    assert [(m["id"], m["reasons"]) for m in found["items"]] == [
        (str(numbered.pk), ["same_nhs_number"])
    ]


def test_a_conflicting_date_of_birth_is_not_a_match(referrer, mary):
    response = referrer.post(MATCH, {"name": "Mary Testcarer", "date_of_birth": "1961-04-01"})
    assert response.status_code == 200
    assert response.json() == {"items": []}
    assert not viewed(mary.pk).exists()


def test_a_match_is_referred_by_its_id(referrer, mary, food_service):
    offered = referrer.post(MATCH, {"name": "Mary Testcarer"}).json()["items"][0]
    body = create_body(food_service, person_id=offered["id"], consents=[])
    del body["person"]
    created = referrer.post("/api/referrals", body)
    assert created.status_code == 201, created.content
    assert created.json()["person_id"] == str(mary.pk)
    assert Person.objects.count() == 1


def test_outsider_is_offered_nothing_and_cannot_use_the_id(outsider, mary, food_service):
    # Housing holds no Mary: the carers centre's Mary is never offered (nor audited as read).
    response = outsider.post(
        MATCH,
        {"name": "Mary Testcarer", "date_of_birth": "1960-04-01", "postcode": "BS5 6XX"},
    )
    assert response.status_code == 200
    assert response.json() == {"items": []}
    assert not viewed(mary.pk).exists()
    body = create_body(food_service, person_id=str(mary.pk))
    del body["person"]
    assert outsider.post("/api/referrals", body).status_code == 422


def test_the_receiver_is_not_offered_the_people_referred_to_it(receiver, mary):
    assert receiver.post(MATCH, {"name": "Mary Testcarer"}).json() == {"items": []}


def test_at_most_ten_matches(referrer, alice, carers_centre):
    for _ in range(12):
        services.create_person(
            actor=alice,
            organization=carers_centre,
            name="Sam Smith",
            contact_preference="email",
            email="sam@example.org",
        )
    items = referrer.post(MATCH, {"name": "Sam Smith"}).json()["items"]
    assert len(items) == 10
    assert AuditEvent.objects.filter(action="person.viewed").count() == 10


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("not json", None),
        ({}, "body"),
        ({"name": ""}, "name"),
        ({"name": "Mary", "surname": "Testcarer"}, "body"),
        ({"name": "Mary", "date_of_birth": "1960-02-30"}, "date_of_birth"),
        ({"name": "Mary", "postcode": "NOT A CODE"}, "postcode"),
        ({"name": "Mary", "nhs_number": "1234567890"}, "nhs_number"),
    ],
)
def test_bad_match_bodies_are_400_problems(referrer, body, field):
    response = referrer.post(MATCH, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    fits("Problem", response.json())
    if field:
        assert field in response.json()["errors"]


def test_match_needs_a_token_and_a_post(referrer):
    assert ApiClient(None).post(MATCH, {"name": "Mary"}).status_code == 401
    response = referrer.get(MATCH, name="Mary")
    assert response.status_code == 405
    assert response["Allow"] == "POST"


# Consent withdrawal


def test_referrer_withdraws_consent_cancelling_every_open_referral_to_the_recipient(
    referrer, receiver, sent, mary, food_service
):
    body = create_body(food_service, person_id=str(mary.pk), consents=[], need="And nappies")
    del body["person"]
    second = referrer.post("/api/referrals", body).json()["referrals"][0]

    response = referrer.post(withdraw_url(sent), {"reason": "Mary changed her mind"})
    assert response.status_code == 200, response.content
    fits("ConsentWithdrawal", response.json())
    result = response.json()
    assert result["already_withdrawn"] is False
    assert result["recipient"]["name"] == "Ashdown Food Bank"
    assert {r["id"] for r in result["cancelled"]} == {sent["id"], second["id"]}
    assert {r["status"] for r in result["cancelled"]} == {"cancelled"}
    assert Consent.objects.get(person=mary).withdrawal_reason == "Mary changed her mind"

    # The receiver can no longer see Mary, on either referral.
    for pk in (sent["id"], second["id"]):
        detail = receiver.get(f"/api/referrals/{pk}").json()
        assert detail["person"] is None and detail["person_details_visible"] is False
        assert detail["status"] == "cancelled"
        assert detail["events"][-1]["reason_code"] == "consent_withdrawn"
    # Audited as on the pages: the withdrawal and each cancellation, naming the token.
    withdrawn = AuditEvent.objects.get(action="consent.withdrawn")
    assert withdrawn.details["api_token"] == referrer.headers["Authorization"][10:18]
    assert AuditEvent.objects.filter(action="referral.cancelled").count() == 2


def test_withdrawing_again_is_a_harmless_repeat(referrer, sent):
    first = referrer.post(withdraw_url(sent), "").json()  # no body: no reason given
    again = referrer.post(withdraw_url(sent), {})
    assert again.status_code == 200
    fits("ConsentWithdrawal", again.json())
    assert again.json()["already_withdrawn"] is True
    assert again.json()["cancelled"] == []
    assert again.json()["withdrawn_at"] == first["withdrawn_at"]
    assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1


def test_a_withdrawal_keeps_other_recipients_consent(referrer, sent, mary, housing_org, alice):
    other = services.record_consent(
        actor=alice, person=mary, recipient=housing_org, purpose="Housing", method="in_person"
    )
    assert referrer.post(withdraw_url(sent), {}).status_code == 200
    other.refresh_from_db()
    assert other.withdrawn_at is None


def test_receiver_and_outsider_get_404(receiver, outsider, sent, mary):
    for client in (receiver, outsider):
        response = client.post(withdraw_url(sent), {"reason": "Not ours to say"})
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        fits("Problem", response.json())
    assert Consent.objects.standing().filter(person=mary).count() == 1
    assert Referral.objects.get(pk=sent["id"]).status == Status.REQUESTED


def test_an_unknown_referral_is_404(referrer):
    for pk in ("6d1c8e40-3c36-4d7e-9d0e-4cd0d8d1c111", "nope"):
        assert referrer.post(withdraw_url({"id": pk}), {}).status_code == 404


def test_a_draft_with_no_consent_recorded_is_a_409(referrer, alice, mary, food_service):
    draft = services.draft_referral(actor=alice, person=mary, service=food_service, need="Food")
    Consent.objects.all().delete()
    response = referrer.post(withdraw_url({"id": str(draft.pk)}), {})
    assert response.status_code == 409
    fits("Problem", response.json())


@pytest.mark.parametrize("body", ["not json", [], {"why": "x"}, {"reason": "x" * 2001}])
def test_bad_withdrawal_bodies_are_400_and_change_nothing(referrer, sent, mary, body):
    response = referrer.post(withdraw_url(sent), body)
    assert response.status_code == 400
    fits("Problem", response.json())
    assert Consent.objects.standing().filter(person=mary).exists()


# One consent per recipient in a create


def test_two_consents_for_one_organisation_are_a_400(referrer, food_service):
    body = create_body(food_service)
    twice = dict(body["consents"][0], purpose="Something else")
    twice["organization"] = twice["organization"].upper()  # the same id, written differently
    body["consents"].append(twice)
    response = referrer.post("/api/referrals", body)
    assert response.status_code == 400
    fits("Problem", response.json())
    assert "consents/1/organization" in response.json()["errors"]
    assert Person.objects.count() == Referral.objects.count() == Consent.objects.count() == 0
