"""Issue 4's closed loop, scripted over HTTP end to end: pages, the JSON API and FHIR together.

alice (Ashdown Carers Centre) refers a person through the pages to a food bank service with
consent; dora (Ashdown Food Bank) sees it in her inbox, accepts, completes it with an outcome;
alice sees the outcome; charlie (Brookfield Housing) and his organisation's API token get 404 on
every page and endpoint of it; the food bank cannot see the person before consent or after it is
withdrawn; every view of the person is in the audit log; a create sent twice with the same
Idempotency-Key makes one referral.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import AuditEvent, User
from joinedup.directory.models import Membership, Organization
from joinedup.directory.tokens import issue_api_token
from joinedup.referrals import services
from joinedup.referrals.models import Person, Referral, Status
from joinedup.referrals.services.intake import set_service_intake

pytestmark = pytest.mark.django_db

NAME = "Maria Closedloop"
PHONE = "07700 900777"
NEED = "Caring for her husband, and the cupboards are bare"
ANSWER = "Three adults"


class Api:
    """One organisation's API client: JSON with its bearer token."""

    def __init__(self, organization: Organization) -> None:
        self.client = Client()
        secret = issue_api_token(organization=organization, name="Case system")[1]
        self.auth = {"Authorization": f"Bearer {secret}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.auth)

    def post(self, path: str, body: Any, key: str | None = None) -> Any:
        headers = {**self.auth, **({"Idempotency-Key": key} if key else {})}
        return self.client.post(
            path, json.dumps(body), content_type="application/json", headers=headers
        )

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(
            path, json.dumps(body), content_type="application/fhir+json", headers=self.auth
        )


def _browser(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(name: str, referral: Referral) -> str:
    return reverse(f"referrals:{name}", args=[referral.pk])


def _views(person: Person, organization: Organization) -> int:
    return AuditEvent.objects.filter(
        action="person.viewed", target_id=str(person.pk), organization=organization
    ).count()


def _refer_through_the_pages(alice_web: Client, food_service) -> str:
    """alice's journey: shortlist, the person, the need with the service's question and
    consent, check, send."""
    alice_web.post(reverse("referrals:shortlist-change"), {"add": str(food_service.pk)})
    response = alice_web.post(reverse("referrals:start"), {"name": NAME})
    assert response["Location"].endswith("/person/new/")
    details_url = response["Location"]

    def step(name: str) -> str:
        return details_url.replace("/person/new/", f"/{name}/")

    response = alice_web.post(
        details_url,
        {"name": NAME, "postcode": "BS5 6XX", "contact_preference": "phone", "phone": PHONE},
    )
    assert response["Location"].endswith("/what/"), response.content.decode()[:2000]
    today = timezone.localdate()
    response = alice_web.post(
        step("what"),
        {
            "need": NEED,
            "urgency": "urgent",
            "s0_how_many_people_live_with_you": ANSWER,
            "include": [str(food_service.organization_id)],
            "method": "in_person",
            "given_on_0": str(today.day),
            "given_on_1": str(today.month),
            "given_on_2": str(today.year),
        },
    )
    assert response["Location"].endswith("/check/")
    response = alice_web.post(step("check"))
    assert response["Location"].endswith("/sent/")
    return response["Location"]


def test_closed_loop_over_http(alice, dora, charlie, pam, food_bank, food_service, housing_org):
    fran = User.objects.create_user(email="fran@foodbank.example", password="x")
    Membership.objects.create(user=fran, organization=food_bank, role=Membership.Role.ADMIN)
    set_service_intake(
        actor=fran,
        service=food_service,
        person_fields=["postcode"],
        questions=[{"label": "How many people live with you?", "required": True}],
        accepts_self_referral=False,
    )
    carers_centre = alice.memberships.get().organization
    alice_web, dora_web, charlie_web, pam_web = map(_browser, (alice, dora, charlie, pam))
    referrer_api, receiver_api, outsider_api = map(Api, (carers_centre, food_bank, housing_org))

    # 1. alice refers through the pages; nothing reaches the food bank before she sends it.
    sent_page = _refer_through_the_pages(alice_web, food_service)
    referral = Referral.objects.select_related("person").get()
    person = referral.person
    # The referring organisation holds their date of birth too (recorded another time); the
    # food bank's intake does not ask for it, so it must never see it.
    Person.objects.filter(pk=person.pk).update(date_of_birth=datetime.date(1958, 3, 14))
    assert referral.status == Status.REQUESTED
    assert referral.referring_user == alice
    assert referral.receiving_organization == food_bank
    assert (
        reverse("referrals:detail", args=[referral.pk]) in alice_web.get(sent_page).content.decode()
    )

    # 2. dora sees it in her inbox (the person's name, with their consent, and nothing else
    #    personal: the name shown is a read, audited), then opens it: only what the intake asks
    #    for, and the view is audited on the food bank's side.
    inbox = dora_web.get(reverse("referrals:inbox")).content.decode()
    assert referral.reference in inbox and NAME in inbox
    assert PHONE not in inbox and NEED not in inbox
    assert _views(person, food_bank) == 1
    page = dora_web.get(_page("detail", referral)).content.decode()
    assert NAME in page and PHONE in page and "BS5 6XX" in page
    assert NEED in page and ANSWER in page
    assert "14 March 1958" not in page  # date of birth: not asked for by this intake
    assert _views(person, food_bank) == 2
    # Its system sees the same through the API and FHIR: each read audited, minimised alike.
    detail = receiver_api.get(f"/api/referrals/{referral.pk}").json()
    assert detail["person"]["name"] == NAME and detail["person"]["postcode"] == "BS5 6XX"
    assert "date_of_birth" not in detail["person"]
    assert detail["need"] == NEED
    assert detail["intake_answers"] == {"how_many_people_live_with_you": ANSWER}
    service_request = receiver_api.get(f"/api/fhir/ServiceRequest/{referral.pk}").json()
    assert service_request["subject"]["display"] == NAME
    assert _views(person, food_bank) == 4
    # The API's lists never carry the person's details, so they are not views of them.
    listed = receiver_api.get("/api/referrals", role="received").json()["items"]
    assert [item["id"] for item in listed] == [str(referral.pk)]
    assert listed[0]["need"] is None
    assert _views(person, food_bank) == 4

    # 3. dora accepts, completes, records the outcome (the page redirects; each move audited).
    assert (
        dora_web.post(_page("change-status", referral), {"to_status": "accepted"}).status_code
        == 302
    )
    response = dora_web.post(_page("post-message", referral), {"body": "We will call on Monday"})
    assert response.status_code == 302
    # Completing asks "are you sure?" first.
    completing = {"to_status": "completed", "step": "confirm", "confirm": "on"}
    assert dora_web.post(_page("change-status", referral), completing).status_code == 302
    response = dora_web.post(
        _page("record-outcome", referral), {"outcome": "got_help", "note": "Parcel delivered"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED == referral.derived_status()
    for action in ("referral.requested", "referral.accepted", "referral.completed"):
        assert AuditEvent.objects.filter(action=action, target_id=str(referral.pk)).count() == 1

    # 4. alice sees the outcome on the page and in "my referrals"; her system through the API.
    before = _views(person, carers_centre)
    page = alice_web.get(_page("detail", referral)).content.decode()
    assert "Got help" in page and "Parcel delivered" in page and "We will call on Monday" in page
    assert _views(person, carers_centre) == before + 1
    assert "Got help" in alice_web.get(reverse("referrals:sent")).content.decode()
    assert _views(person, carers_centre) == before + 2  # the name in "my referrals"
    seen = referrer_api.get(f"/api/referrals/{referral.pk}").json()
    assert seen["outcome"]["code"] == "got_help" and seen["status"] == "completed"
    assert seen["person"]["date_of_birth"] == "1958-03-14"  # the referrer holds all of it
    assert _views(person, carers_centre) == before + 3

    # 5. Brookfield Housing: 404 on every page and endpoint of it, and it reads nothing.
    for name in ("detail", "change-status", "record-outcome", "post-message", "withdraw-consent"):
        assert charlie_web.get(_page(name, referral)).status_code in (404, 405), name
        response = charlie_web.post(_page(name, referral), {"to_status": "cancelled", "body": "x"})
        assert response.status_code == 404, name
    assert charlie_web.get(sent_page).status_code == 404
    assert referral.reference not in charlie_web.get(reverse("referrals:inbox")).content.decode()
    assert pam_web.get(_page("detail", referral)).status_code == 404
    api_paths = [f"/api/referrals/{referral.pk}", f"/api/fhir/Task/{referral.pk}"]
    api_paths.append(f"/api/fhir/ServiceRequest/{referral.pk}")
    for path in api_paths:
        assert outsider_api.get(path).status_code == 404, path
    for suffix, body in [
        ("transitions", {"status": "cancelled", "reason_code": "other", "reason_text": "x"}),
        ("messages", {"body": "hello"}),
        ("outcome", {"outcome": "no_longer_wanted"}),
    ]:
        assert outsider_api.post(f"/api/referrals/{referral.pk}/{suffix}", body).status_code == 404
    patch = {"resourceType": "Task", "status": "cancelled"}
    assert outsider_api.patch(f"/api/fhir/Task/{referral.pk}", patch).status_code == 404
    assert outsider_api.get("/api/referrals").json()["items"] == []
    search = outsider_api.get("/api/fhir/Task", owner=f"Organization/{food_bank.pk}").json()
    assert search["total"] == 0
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED and referral.outcome == "got_help"
    assert not AuditEvent.objects.filter(
        action="person.viewed", target_id=str(person.pk), organization=housing_org
    ).exists()
    assert not AuditEvent.objects.filter(action="person.viewed", actor__in=[charlie, pam]).exists()

    # 6. Before consent: a person alice holds, whom the food bank has not been given.
    other = services.create_person(
        actor=alice,
        organization=carers_centre,
        name="Olive Noconsent",
        contact_preference="post",
        address="1 High Street",
        postcode="BS5 6XX",
    )
    refused = referrer_api.post(
        "/api/referrals",
        {
            "person_id": str(other.pk),
            "services": [{"id": str(food_service.pk)}],
            "need": "Food",
            "consents": [],
        },
    )
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"
    assert Referral.objects.filter(person=other).count() == 0
    draft = services.draft_referral(actor=alice, person=other, service=food_service, need="Food")
    assert dora_web.get(_page("detail", draft)).status_code == 404
    assert receiver_api.get(f"/api/referrals/{draft.pk}").status_code == 404
    assert receiver_api.get(f"/api/fhir/ServiceRequest/{draft.pk}").status_code == 404
    assert not Person.objects.visible_to(dora).filter(pk=other.pk).exists()
    assert _views(other, food_bank) == 0

    # 7. A create sent twice with the same Idempotency-Key makes one referral (the same answer).
    again = {
        "person_id": str(person.pk),
        "services": [
            {
                "id": str(food_service.pk),
                "intake_answers": {"how_many_people_live_with_you": ANSWER},
            }
        ],
        "need": NEED,
    }
    first = referrer_api.post("/api/referrals", again, key="retry-7")
    second = referrer_api.post("/api/referrals", again, key="retry-7")
    assert first.status_code == second.status_code == 201, first.content
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Referral.objects.filter(person=person).count() == 2
    reopened = Referral.objects.get(pk=first.json()["referrals"][0]["id"])
    dora_web.post(_page("change-status", reopened), {"to_status": "accepted"})

    # 8. alice records that the person withdrew consent: the open referral is cancelled, and the
    #    food bank no longer sees the person anywhere, nor is any read of them audited.
    response = alice_web.post(_page("withdraw-consent", reopened), {"reason": "Changed her mind"})
    assert response.status_code == 302
    reopened.refresh_from_db()
    assert reopened.status == Status.CANCELLED
    assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1
    views_before = _views(person, food_bank)
    for each in (referral, reopened):
        page = dora_web.get(_page("detail", each)).content.decode()
        assert NAME not in page and PHONE not in page and NEED not in page and ANSWER not in page
        detail = receiver_api.get(f"/api/referrals/{each.pk}").json()
        assert detail["person"] is None and detail["person_details_visible"] is False
        assert detail["need"] is None and detail["intake_answers"] is None
        service_request = receiver_api.get(f"/api/fhir/ServiceRequest/{each.pk}").json()
        assert NAME not in json.dumps(service_request) and NEED not in json.dumps(service_request)
    assert _views(person, food_bank) == views_before
    # The food bank keeps its record of the work, and the referrer still sees everything.
    assert receiver_api.get(f"/api/referrals/{referral.pk}").json()["outcome"]["code"] == "got_help"
    assert NAME in alice_web.get(_page("detail", reopened)).content.decode()

    # Every read of the person's details is in the audit log, and nothing else wrote one.
    reads = AuditEvent.objects.filter(action="person.viewed", target_id=str(person.pk))
    # Inbox (the name), page, API, FHIR (step 2).
    assert reads.filter(organization=food_bank).count() == 4
    assert set(reads.values_list("organization_id", flat=True)) == {food_bank.pk, carers_centre.pk}
