"""The FHIR R4 view: every resource served parses with `fhir.resources` (R4B models, which
carry R4's Task, ServiceRequest, Bundle and OperationOutcome unchanged), status changes by
PATCH follow the workflow's role rules, and the third organisation gets 404."""

# The shared fixtures are imported by name from referral_cast (pytest finds them in the module);
# ruff would read each use as a redefinition.
# ruff: noqa: F401, F811
from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from joinedup.api.tests.referral_cast import (
    create_body,
    food_bank,
    food_service,
    outsider,
    receiver,
    referrer,
    sent,
)
from joinedup.core.models import AuditEvent
from joinedup.referrals.models import Referral

pytestmark = pytest.mark.django_db
FHIR = "application/fhir+json"


def parse(model, response):
    assert response["Content-Type"].startswith(FHIR)
    return model.model_validate_json(response.content)


def test_task_and_service_request_parse(referrer, receiver, sent, food_bank, carers_centre):
    pk = sent["id"]
    task = parse(Task, receiver.get(f"/api/fhir/Task/{pk}"))
    assert task.status == "requested"
    assert task.intent == "order"
    assert task.priority == "urgent"
    assert task.owner.reference == f"Organization/{food_bank.pk}"
    assert task.requester.reference == f"Organization/{carers_centre.pk}"
    assert task.focus.reference == f"ServiceRequest/{pk}"
    assert task.identifier[0].value == sent["reference"]

    request = parse(ServiceRequest, receiver.get(f"/api/fhir/ServiceRequest/{pk}"))
    assert request.status == "active"
    assert request.subject.display == "Mary Testcarer"
    assert request.reasonCode[0].text == "We have run out of food this week"
    assert "household_size: 2" in request.note[0].text
    # Naming the person in the ServiceRequest is an audited view of their details.
    assert AuditEvent.objects.filter(action="person.viewed", organization=food_bank).count() == 1


def test_search_is_a_searchset_bundle(referrer, receiver, food_service, food_bank):
    for n in range(3):
        referrer.post("/api/referrals", create_body(food_service, need=f"Need {n}"))
    response = receiver.get(
        "/api/fhir/Task", owner=f"Organization/{food_bank.pk}", status="requested"
    )
    bundle = parse(Bundle, response)
    assert bundle.type == "searchset"
    assert bundle.total == 3
    assert all(isinstance(e.resource, Task) for e in bundle.entry)
    page = parse(Bundle, receiver.get("/api/fhir/Task", _count="2"))
    assert len(page.entry) == 2
    assert [link.relation for link in page.link] == ["self", "next"]
    none = parse(Bundle, receiver.get("/api/fhir/Task", status="completed,failed"))
    assert none.total == 0


def test_patch_with_a_partial_task_moves_through_the_workflow(receiver, referrer, sent):
    pk = sent["id"]
    accepted = receiver.patch(
        f"/api/fhir/Task/{pk}", {"resourceType": "Task", "status": "accepted"}, FHIR
    )
    assert accepted.status_code == 200, accepted.content
    assert parse(Task, accepted).status == "accepted"
    paused = receiver.patch(
        f"/api/fhir/Task/{pk}",
        {
            "status": "on-hold",
            "statusReason": {
                "coding": [{"code": "waiting_list"}],
                "text": "On the list for next week",
            },
        },
        FHIR,
    )
    task = parse(Task, paused)
    assert task.status == "on-hold"
    assert task.statusReason.coding[0].code == "waiting_list"
    assert task.statusReason.text == "On the list for next week"
    # The referrer may not work the referral (the role rules of transition_referral).
    refused = referrer.patch(f"/api/fhir/Task/{pk}", {"status": "in-progress"}, FHIR)
    assert refused.status_code == 409
    outcome = parse(OperationOutcome, refused)
    assert outcome.issue[0].code == "conflict"


def test_json_patch_and_outcome_as_business_status(receiver, sent):
    pk = sent["id"]
    patch = "application/json-patch+json"
    receiver.patch(
        f"/api/fhir/Task/{pk}", [{"op": "replace", "path": "/status", "value": "accepted"}], patch
    )
    done = receiver.patch(
        f"/api/fhir/Task/{pk}",
        [
            {"op": "test", "path": "/status", "value": "accepted"},
            {"op": "replace", "path": "/status", "value": "completed"},
            {"op": "add", "path": "/businessStatus", "value": {"coding": [{"code": "got_help"}]}},
        ],
        patch,
    )
    task = parse(Task, done)
    assert task.status == "completed"
    assert task.businessStatus.coding[0].code == "got_help"
    referral = Referral.objects.get(pk=pk)
    assert (referral.status, referral.outcome) == ("completed", "got_help")
    failed_test = receiver.patch(
        f"/api/fhir/Task/{pk}", [{"op": "test", "path": "/status", "value": "accepted"}], patch
    )
    assert failed_test.status_code == 422
    parse(OperationOutcome, failed_test)


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ({"status": "nonsense"}, FHIR, 422),
        ({"priority": "urgent"}, FHIR, 422),
        ({"resourceType": "Patient"}, FHIR, 422),
        ({"status": "rejected"}, FHIR, 422),  # a reason is required
        ([{"op": "move", "path": "/status"}], "application/json-patch+json", 422),
        ([{"op": "replace", "path": "/owner", "value": {}}], "application/json-patch+json", 422),
        ("{not json", FHIR, 400),
        ({"status": "accepted"}, "text/plain", 415),
    ],
)
def test_bad_patches_get_operation_outcomes(receiver, sent, body, content_type, status):
    response = receiver.patch(f"/api/fhir/Task/{sent['id']}", body, content_type)
    assert response.status_code == status
    parse(OperationOutcome, response)
    assert Referral.objects.get(pk=sent["id"]).status == "requested"


def test_outsider_gets_404_on_every_fhir_endpoint(outsider, sent, food_bank):
    pk = sent["id"]
    for response in (
        outsider.get(f"/api/fhir/Task/{pk}"),
        outsider.get(f"/api/fhir/ServiceRequest/{pk}"),
        outsider.patch(f"/api/fhir/Task/{pk}", {"status": "cancelled"}, FHIR),
    ):
        assert response.status_code == 404
        assert parse(OperationOutcome, response).issue[0].code == "not-found"
    bundle = parse(Bundle, outsider.get("/api/fhir/Task", owner=str(food_bank.pk)))
    assert bundle.total == 0


def test_no_token_and_unknown_paths(client, sent):
    response = client.get(f"/api/fhir/Task/{sent['id']}")
    assert response.status_code == 401
    assert parse(OperationOutcome, response).issue[0].code == "login"
    unknown = client.get("/api/fhir/Patient/123")
    assert unknown.status_code == 404
    parse(OperationOutcome, unknown)


def test_bad_search_parameters_are_400(receiver, sent):
    for params in ({"owner": "Organization/not-a-uuid"}, {"status": "bogus"}, {"_count": "x"}):
        response = receiver.get("/api/fhir/Task", **params)
        assert response.status_code == 400
        parse(OperationOutcome, response)


def test_every_status_serves_a_parsing_task(receiver, sent):
    # Walk one referral through a route with reasons: each Task still parses as R4.
    pk = sent["id"]
    steps = [
        {"status": "accepted"},
        {
            "status": "on-hold",
            "statusReason": {"coding": [{"code": "waiting_list"}], "text": "List"},
        },
        {"status": "in-progress"},
        {
            "status": "failed",
            "statusReason": {"coding": [{"code": "could_not_contact"}], "text": "No answer"},
        },
    ]
    for step in steps:
        response = receiver.patch(f"/api/fhir/Task/{pk}", step, FHIR)
        assert response.status_code == 200, response.content
        assert parse(Task, response).status == step["status"]
        parse(ServiceRequest, receiver.get(f"/api/fhir/ServiceRequest/{pk}"))
    task = json.loads(receiver.get(f"/api/fhir/Task/{pk}").content)
    assert task["statusReason"]["coding"][0]["display"] == "Could not contact the person"


def test_an_offset_past_the_end_is_an_empty_bundle(receiver, sent):
    response = receiver.get("/api/fhir/Task", _offset="99999999999999999999999")
    assert response.status_code == 200
    bundle = parse(Bundle, response)
    assert bundle.total == 1 and not bundle.entry


def test_after_withdrawal_the_service_request_carries_no_words(receiver, sent, alice):
    from joinedup.referrals.models import Consent
    from joinedup.referrals.services import withdraw_consent

    referral = Referral.objects.get(pk=sent["id"])
    withdraw_consent(
        actor=alice, consent=Consent.objects.get(person=referral.person), reason="Changed mind"
    )
    request = parse(ServiceRequest, receiver.get(f"/api/fhir/ServiceRequest/{referral.pk}"))
    assert request.subject.display is None
    assert not request.reasonCode and not request.note
