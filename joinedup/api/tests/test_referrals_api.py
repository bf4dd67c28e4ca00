"""The referrals API over HTTP: the closed loop between two organisations' systems, the third
organisation refused everywhere, and every response checked against the OpenAPI document."""

# The shared fixtures are imported by name from referral_cast (pytest finds them in the module);
# ruff would read each use as a redefinition.
# ruff: noqa: F401, F811
from __future__ import annotations

from typing import Any

import pytest

from joinedup.api.referral_openapi import openapi_document, schema_errors
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
from joinedup.referrals.models import Consent, Person, Referral, ReferralEvent

pytestmark = pytest.mark.django_db


def fits(schema: str, body: Any) -> None:
    errors = schema_errors(schema, body)
    assert errors == {}, errors


def test_full_loop_over_http(referrer, receiver, outsider, food_service, carers_centre):
    created = referrer.post("/api/referrals", create_body(food_service))
    assert created.status_code == 201
    fits("CreateResult", created.json())
    pk = created.json()["referrals"][0]["id"]
    assert created.json()["referrals"][0]["status"] == "requested"

    # The receiver finds it in its inbox and sees the person (consent stands).
    inbox = receiver.get("/api/referrals", role="received", status="requested")
    assert inbox.status_code == 200
    fits("ReferralList", inbox.json())
    assert [r["id"] for r in inbox.json()["items"]] == [pk]
    detail = receiver.get(f"/api/referrals/{pk}")
    fits("ReferralDetail", detail.json())
    assert detail.json()["person"]["name"] == "Mary Testcarer"
    assert detail.json()["moves"] == ["accepted", "rejected"]

    accepted = receiver.post(f"/api/referrals/{pk}/transitions", {"status": "accepted"})
    assert accepted.status_code == 200, accepted.content
    fits("ReferralDetail", accepted.json())
    message = receiver.post(f"/api/referrals/{pk}/messages", {"body": "We will call on Monday"})
    assert message.status_code == 201
    fits("Message", message.json())
    completed = receiver.post(f"/api/referrals/{pk}/transitions", {"status": "completed"})
    assert completed.json()["status"] == "completed"
    outcome = receiver.post(
        f"/api/referrals/{pk}/outcome", {"outcome": "got_help", "note": "Parcel delivered"}
    )
    assert outcome.status_code == 200
    fits("ReferralDetail", outcome.json())

    # The referrer sees the outcome, the events and the message.
    seen = referrer.get(f"/api/referrals/{pk}").json()
    assert seen["outcome"]["code"] == "got_help"
    assert [e["to"] for e in seen["events"]] == ["draft", "requested", "accepted", "completed"]
    assert seen["events"][2]["by"]["name"] == "Ashdown Food Bank"
    assert seen["messages"][0]["body"] == "We will call on Monday"
    sent_list = referrer.get("/api/referrals", role="sent").json()
    assert sent_list["items"][0]["outcome"]["label"] == "Got help"

    # The third organisation gets 404 on every endpoint of it.
    assert outsider.get(f"/api/referrals/{pk}").status_code == 404
    for suffix, body in [
        ("transitions", {"status": "cancelled"}),
        ("messages", {"body": "hello"}),
        ("outcome", {"outcome": "got_help"}),
    ]:
        response = outsider.post(f"/api/referrals/{pk}/{suffix}", body)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
    assert outsider.get("/api/referrals").json()["items"] == []

    # Rows made by a token name no user; the audit names the token by prefix.
    referral = Referral.objects.get(pk=pk)
    assert referral.referring_user is None
    assert ReferralEvent.objects.filter(referral=referral, actor__isnull=False).count() == 0
    accepted_audit = AuditEvent.objects.get(action="referral.accepted")
    assert accepted_audit.actor is None
    assert accepted_audit.details["api_token"] == receiver.headers["Authorization"][10:18]
    # Every response carrying the person's details was audited (two for the receiver's reads
    # after transitions too: detail, accept, complete, outcome).
    views = AuditEvent.objects.filter(action="person.viewed", target_id=str(referral.person_id))
    assert views.filter(organization=food_service.organization).count() == 4
    assert views.filter(organization=carers_centre).count() == 1


def test_idempotency_key_replays_and_makes_one(referrer, food_service):
    body = create_body(food_service)
    first = referrer.post("/api/referrals", body, headers={"Idempotency-Key": "abc-1"})
    again = referrer.post("/api/referrals", body, headers={"Idempotency-Key": "abc-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert first["Idempotent-Replayed"] == "false"
    assert again["Idempotent-Replayed"] == "true"
    assert Referral.objects.count() == 1
    assert Person.objects.count() == 1

    different = referrer.post(
        "/api/referrals", {**body, "need": "Something else"}, headers={"Idempotency-Key": "abc-1"}
    )
    assert different.status_code == 422
    assert different.json()["title"] == "Idempotency-Key reused"
    assert Referral.objects.count() == 1
    # A new key is a new referral.
    referrer.post("/api/referrals", body, headers={"Idempotency-Key": "abc-2"})
    assert Referral.objects.count() == 2


def test_idempotency_keys_are_per_organisation(referrer, outsider, food_service, housing_org):
    body = create_body(food_service)
    referrer.post("/api/referrals", body, headers={"Idempotency-Key": "same"})
    other = outsider.post("/api/referrals", body, headers={"Idempotency-Key": "same"})
    # Not a replay of the carers centre's answer: housing makes its own referral.
    assert other.status_code == 201
    assert other.json()["referrals"][0]["referring_organization"]["id"] == str(housing_org.pk)


def test_a_failed_create_does_not_use_up_the_key(referrer, food_service):
    body = create_body(food_service, consents=[])
    refused = referrer.post("/api/referrals", body, headers={"Idempotency-Key": "k"})
    assert refused.status_code == 422
    fixed = referrer.post(
        "/api/referrals", create_body(food_service), headers={"Idempotency-Key": "k"}
    )
    assert fixed.status_code == 201


def test_create_without_consent_is_refused_and_writes_nothing(referrer, food_service):
    response = referrer.post("/api/referrals", create_body(food_service, consents=[]))
    assert response.status_code == 422
    assert "consent" in response.json()["detail"]
    assert Person.objects.count() == 0
    assert Referral.objects.count() == 0


def test_create_for_an_existing_person(referrer, food_service, sent):
    person_id = Referral.objects.get(pk=sent["id"]).person_id
    body = create_body(food_service, person_id=str(person_id), consents=[])
    del body["person"]
    # Consent to the food bank already stands from the first referral.
    response = referrer.post("/api/referrals", body)
    assert response.status_code == 201, response.content
    assert response.json()["person_id"] == str(person_id)
    assert Person.objects.count() == 1
    assert Consent.objects.count() == 1


def test_cannot_refer_a_person_another_organisation_holds(outsider, food_service, sent):
    person_id = Referral.objects.get(pk=sent["id"]).person_id
    body = create_body(food_service, person_id=str(person_id))
    del body["person"]
    response = outsider.post("/api/referrals", body)
    assert response.status_code == 422
    assert "person_id" in response.json()["errors"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ("not json", 400, None),
        ([], 400, "body"),
        ({"need": "x"}, 400, "body"),
        (
            {"services": [{"id": "nope"}], "need": "x", "person": {"name": "A"}},
            400,
            "services/0/id",
        ),
        ({"services": [], "need": "x", "person": {"name": "A"}}, 400, "services"),
        (
            {
                "services": [{"id": "6d1c8e40-3c36-4d7e-9d0e-4cd0d8d1c111"}],
                "need": "x",
                "person": {"name": "A"},
            },
            422,
            "services",
        ),
    ],
)
def test_bad_create_bodies_get_problems(referrer, body, status, field):
    response = referrer.post("/api/referrals", body)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    fits("Problem", response.json())
    if field:
        assert field in response.json()["errors"]


def test_bad_person_details_name_the_field(referrer, food_service):
    body = create_body(food_service)
    body["person"]["nhs_number"] = "1234567890"
    body["person"]["postcode"] = "NOT A CODE"
    response = referrer.post("/api/referrals", body)
    assert response.status_code == 422
    assert {"person.nhs_number", "person.postcode"} <= set(response.json()["errors"])


def test_missing_or_bad_token_is_401(food_service):
    for client in (ApiClient(None), ApiClient("ju_not-a-real-token")):
        for response in (
            client.get("/api/referrals"),
            client.post("/api/referrals", create_body(food_service)),
        ):
            assert response.status_code == 401
            assert response["Content-Type"] == "application/problem+json"
            assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_stops_working(carers_centre):
    from joinedup.directory.tokens import issue_api_token, revoke_api_token

    token, secret = issue_api_token(organization=carers_centre, name="Old system")
    client = ApiClient(secret)
    assert client.get("/api/referrals").status_code == 200
    assert revoke_api_token(token=token)
    assert client.get("/api/referrals").status_code == 401


def test_refused_moves_are_problems(referrer, receiver, sent):
    pk = sent["id"]
    # The referrer cannot accept its own referral; the receiver cannot decline without reason.
    assert (
        referrer.post(f"/api/referrals/{pk}/transitions", {"status": "accepted"}).status_code == 409
    )
    no_reason = receiver.post(f"/api/referrals/{pk}/transitions", {"status": "rejected"})
    assert no_reason.status_code == 422
    declined = receiver.post(
        f"/api/referrals/{pk}/transitions",
        {"status": "rejected", "reason_code": "no_capacity", "reason_text": "Full until March"},
    )
    assert declined.status_code == 200
    assert declined.json()["events"][-1]["reason_code"] == "no_capacity"
    assert receiver.post(f"/api/referrals/{pk}/transitions", {"status": "bogus"}).status_code == 400


def test_list_filters_and_paging(referrer, receiver, food_service):
    for n in range(3):
        referrer.post("/api/referrals", create_body(food_service, need=f"Need {n}"))
    page = referrer.get("/api/referrals", role="sent", size=2, page=2).json()
    assert page["total_items"] == 3 and len(page["items"]) == 1
    assert referrer.get("/api/referrals", role="received").json()["total_items"] == 0
    assert receiver.get("/api/referrals", status="accepted").json()["total_items"] == 0
    for params in ({"role": "x"}, {"status": "x"}, {"size": "0"}, {"page": "a"}):
        assert referrer.get("/api/referrals", **params).status_code == 400


def test_list_query_count_does_not_grow(referrer, food_service, django_assert_max_num_queries):
    for n in range(5):
        referrer.post("/api/referrals", create_body(food_service, need=f"Need {n}"))
    with django_assert_max_num_queries(5):
        assert len(referrer.get("/api/referrals").json()["items"]) == 5


def test_withdrawn_consent_hides_the_person_from_the_receiver(receiver, sent, alice):
    from joinedup.referrals.services import withdraw_consent

    referral = Referral.objects.get(pk=sent["id"])
    consent = Consent.objects.get(person=referral.person)
    withdraw_consent(actor=alice, consent=consent, reason="Changed their mind")
    detail = receiver.get(f"/api/referrals/{referral.pk}").json()
    assert detail["person"] is None and detail["person_details_visible"] is False
    assert detail["status"] == "cancelled"


def test_openapi_document_is_served_and_valid(client):
    response = client.get("/api/referrals/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert "/referrals/{id}/transitions" in document["paths"]
    # Every schema is itself valid JSON Schema 2020-12.
    from jsonschema import Draft202012Validator

    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    assert openapi_document("http://x/api")["servers"] == [{"url": "http://x/api"}]


def test_wrong_method_is_405_problem(referrer, sent):
    response = referrer.client.delete(f"/api/referrals/{sent['id']}", headers=referrer.headers)
    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_too_large_a_body_is_413(referrer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = referrer.post("/api/referrals", {"need": "x" * 2000})
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"


def test_authorization_without_a_token_is_401(food_service):
    client = ApiClient(None)
    client.headers = {"Authorization": "Bearer"}
    assert client.get("/api/referrals").status_code == 401
    client.headers = {"Authorization": "Basic dXNlcjpwYXNz"}
    assert client.get("/api/referrals").status_code == 401


@pytest.mark.parametrize("given_at", ["yesterday", "2020-13-45T00:00:00Z", "2026-01-01T10:00:00"])
def test_consent_times_must_be_real_and_zoned(referrer, food_service, given_at):
    body = create_body(food_service)
    body["consents"][0]["given_at"] = given_at
    response = referrer.post("/api/referrals", body)
    assert response.status_code == 400
    assert "consents/0/given_at" in response.json()["errors"]
    assert Referral.objects.count() == 0


def test_future_dates_of_birth_and_consent_are_refused(referrer, food_service):
    body = create_body(food_service)
    body["person"]["date_of_birth"] = "2999-01-01"
    response = referrer.post("/api/referrals", body)
    assert response.status_code == 422
    assert "person.date_of_birth" in response.json()["errors"]
    body = create_body(food_service)
    body["consents"][0]["given_at"] = "2999-01-01T10:00:00Z"
    response = referrer.post("/api/referrals", body)
    assert response.status_code == 422
    assert "consents.given_at" in response.json()["errors"]
    assert Referral.objects.count() == Person.objects.count() == 0


def test_nul_characters_are_a_400_not_a_500(referrer, receiver, food_service, sent):
    # Valid JSON, but PostgreSQL cannot store U+0000 in text.
    response = referrer.post("/api/referrals", create_body(food_service, need="Food\u0000"))
    assert response.status_code == 400
    fits("Problem", response.json())
    response = receiver.post(f"/api/referrals/{sent['id']}/messages", {"body": "Hi\u0000"})
    assert response.status_code == 400
    assert Referral.objects.count() == 1


def test_a_page_past_the_end_is_empty_not_an_error(referrer, sent):
    response = referrer.get("/api/referrals", page="99999999999999999999999")
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["total_items"] == 1


def test_the_receiver_gets_only_what_the_intake_asks_and_lists_carry_no_words(
    referrer, receiver, sent
):
    # The intake names no extra person fields: name and how to contact them only.
    person = receiver.get(f"/api/referrals/{sent['id']}").json()["person"]
    assert set(person) == {"id", "name", "contact_preference", "phone"}
    assert referrer.get(f"/api/referrals/{sent['id']}").json()["person"]["date_of_birth"]
    for client in (referrer, receiver):
        listed = client.get("/api/referrals").json()
        fits("ReferralList", listed)
        assert listed["items"][0]["need"] is None
        assert listed["items"][0]["intake_answers"] is None
