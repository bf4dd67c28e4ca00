"""The referrals API (/api/referrals): an organisation's systems refer people and work their
referrals. Views parse, call one use case or queryset, and render; errors are problem+json."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from joinedup.api.auth import ApiFailure, json_body, token_api
from joinedup.api.referral_json import (
    detail_json,
    message_json,
    named,
    possible_match_json,
    referral_json,
    when,
)
from joinedup.api.referral_openapi import openapi_document, schema_errors
from joinedup.core.postcodes import PostcodeError, normalise
from joinedup.directory.models import Organization
from joinedup.directory.permissions import OrganizationClient, is_member
from joinedup.referrals.models import Consent, Person, Referral, Status, nhs_number_is_valid
from joinedup.referrals.models.referrals import ReferralQuerySet
from joinedup.referrals.services import (
    post_message,
    record_outcome,
    transition_referral,
    withdraw_consent,
)
from joinedup.referrals.services.one_step import IdempotencyMismatch, fingerprint, run_once
from joinedup.referrals.services.people import offer_possible_matches
from joinedup.referrals.services.prescription import ConsentGiven, refer_person, services_by_id

Json = dict[str, Any]
MAX_PAGE_SIZE = 200


def problem_response(failure: ApiFailure) -> HttpResponse:
    body: Json = {
        "type": "about:blank",
        "title": failure.title,
        "status": failure.status,
        "detail": failure.detail,
    }
    if failure.errors:
        body["errors"] = failure.errors
    return JsonResponse(body, status=failure.status, content_type="application/problem+json")


api = token_api


def _checked(request: HttpRequest, schema: str) -> Any:
    body = json_body(request)
    errors = schema_errors(schema, body)
    if errors:
        raise ApiFailure(
            400, "Bad request", "The body does not match the " + schema + " schema.", errors
        )
    return body


def _organization(client: OrganizationClient) -> Organization:
    return client.organization or Organization.objects.get(pk=client.organization_id)


def _visible(client: OrganizationClient) -> ReferralQuerySet:
    return Referral.objects.visible_to_organization(client.organization_id).select_related(
        "service", "referring_organization", "receiving_organization"
    )


def _referral(client: OrganizationClient, pk: str) -> Referral:
    try:
        key = uuid.UUID(pk)
    except ValueError:
        raise ApiFailure(404, "Not found", "There is nothing at this address.") from None
    return get_object_or_404(_visible(client).select_related("person"), pk=key)


def openapi(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri(reverse("api:referrals")).removesuffix("/referrals")
    return JsonResponse(openapi_document(base))


@api("GET", "POST", render=problem_response)
def referrals(request: HttpRequest, client: OrganizationClient) -> HttpResponse:
    if request.method == "GET":
        return _list(request, client)
    return _create(request, client)


def _list(request: HttpRequest, client: OrganizationClient) -> HttpResponse:
    now = timezone.now()
    qs = _list_filters(request, _visible(client), client.organization_id, now).with_overdue(now)
    try:
        page = int(request.GET.get("page", "1"))
        size = int(request.GET.get("size", "50"))
    except ValueError:
        raise ApiFailure(400, "Bad request", "page and size are whole numbers.") from None
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise ApiFailure(400, "Bad request", f"page >= 1 and size from 1 to {MAX_PAGE_SIZE}.")
    total = qs.count()
    start = (page - 1) * size
    # Past the end there is nothing to fetch (and a huge page would overflow the database's
    # integer: a 500 instead of an empty page).
    items = list(qs.order_by("-created_at", "pk")[start : start + size]) if start < total else []
    return JsonResponse(
        {
            "items": [referral_json(r, request, overdue=True) for r in items],
            "total_items": total,
            "page": page,
            "size": size,
        }
    )


def _list_filters(
    request: HttpRequest, qs: ReferralQuerySet, organization_id: Any, now: datetime.datetime
) -> ReferralQuerySet:
    """role, status and overdue, each checked; overdue means what the inbox means by it."""
    role = request.GET.get("role", "")
    if role == "sent":
        qs = qs.filter(referring_organization_id=organization_id)
    elif role == "received":
        qs = qs.filter(receiving_organization_id=organization_id)
    elif role:
        raise ApiFailure(400, "Bad request", "role is 'sent' or 'received'.")
    status = request.GET.get("status", "")
    if status:
        if status not in Status.values:
            raise ApiFailure(400, "Bad request", f"status is one of {', '.join(Status.values)}.")
        qs = qs.filter(status=status)
    overdue = request.GET.get("overdue", "")
    if overdue not in ("", "true", "false"):
        raise ApiFailure(400, "Bad request", "overdue is 'true' or 'false'.")
    if overdue:
        qs = qs.overdue(now) if overdue == "true" else qs.not_overdue(now)
    return qs


def _create(request: HttpRequest, client: OrganizationClient) -> HttpResponse:
    body = _checked(request, "ReferralCreate")
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (0 < len(key) <= 255 and key.isprintable()):
        raise ApiFailure(400, "Bad request", "Idempotency-Key is 1 to 255 printable characters.")

    def run() -> tuple[int, Json]:
        return 201, _refer(request, client, body)

    replayed = False
    if key is None:
        status, data = run()
    else:
        try:
            status, data, replayed = run_once(
                organization_id=client.organization_id,
                key=key,
                request_fingerprint=fingerprint(body),
                run=run,
            )
        except IdempotencyMismatch:
            raise ApiFailure(
                422,
                "Idempotency-Key reused",
                "This Idempotency-Key was used with a different request: use a new key.",
            ) from None
    response = JsonResponse(data, status=status)
    if key is not None:
        response["Idempotent-Replayed"] = "true" if replayed else "false"
    return response


def _refer(request: HttpRequest, client: OrganizationClient, body: Json) -> Json:
    organization = _organization(client)
    person = None
    details = None
    if "person_id" in body:
        person = Person.objects.filter(organization=organization, pk=body["person_id"]).first()
        if person is None:
            raise ApiFailure(
                422,
                "Invalid input",
                "Your organisation holds no person with this id.",
                {"person_id": ["Your organisation holds no person with this id"]},
            )
    else:
        details = dict(body["person"])
        if details.get("date_of_birth"):
            details["date_of_birth"] = datetime.date.fromisoformat(details["date_of_birth"])
        else:
            details.pop("date_of_birth", None)
    consents = []
    given_for: dict[uuid.UUID, int] = {}
    for index, item in enumerate(body.get("consents", [])):
        recipient_id = uuid.UUID(item["organization"])
        if recipient_id in given_for:
            # One consent per recipient: a second would be dropped, and its words may differ.
            raise ApiFailure(
                400,
                "Bad request",
                "Give one consent per receiving organisation.",
                {
                    f"consents/{index}/organization": [
                        f"Consent for this organisation is already in consents/"
                        f"{given_for[recipient_id]}"
                    ]
                },
            )
        given_for[recipient_id] = index
        try:
            given_at = parse_datetime(item["given_at"]) if item.get("given_at") else None
        except ValueError:  # the right shape with an impossible date (month 13)
            given_at = None
        if item.get("given_at") and (given_at is None or given_at.tzinfo is None):
            raise ApiFailure(
                400,
                "Bad request",
                "given_at is a date and time with a time zone.",
                {f"consents/{index}/given_at": ["Give a date and time with a time zone"]},
            )
        consents.append(
            ConsentGiven(
                recipient=recipient_id,
                method=item["method"],
                purpose=item["purpose"],
                given_at=given_at,
            )
        )
    # The one door (ADR 0021): the same use case, and so the same rules, as the referring
    # journey's pages and a person's own request for help.
    result = refer_person(
        actor=client,
        organization=organization,
        services=services_by_id([uuid.UUID(s["id"]) for s in body["services"]]),
        person=person,
        new_person=details,
        consents=consents,
        intake_answers={uuid.UUID(s["id"]): s.get("intake_answers", {}) for s in body["services"]},
        need=body["need"],
        urgency=body.get("urgency", "routine"),
    )
    return {
        "prescription": str(result.prescription),
        "person_id": str(result.person.pk),
        "referrals": [referral_json(r, request) for r in result.referrals],
        "warnings": result.warnings,
    }


@api("GET", render=problem_response)
def referral(request: HttpRequest, client: OrganizationClient, pk: str) -> HttpResponse:
    return JsonResponse(detail_json(_referral(client, pk), client, request))


@api("POST", render=problem_response)
def transitions(request: HttpRequest, client: OrganizationClient, pk: str) -> HttpResponse:
    found = _referral(client, pk)
    body = _checked(request, "TransitionRequest")
    transition_referral(
        actor=client,
        referral=found,
        to_status=body["status"],
        reason_code=body.get("reason_code", ""),
        reason_text=body.get("reason_text", ""),
    )
    return JsonResponse(detail_json(found, client, request))


@api("POST", render=problem_response)
def messages(request: HttpRequest, client: OrganizationClient, pk: str) -> HttpResponse:
    found = _referral(client, pk)
    body = _checked(request, "MessageCreate")
    message = post_message(actor=client, referral=found, body=body["body"])
    return JsonResponse(message_json(message), status=201)


@api("POST", render=problem_response)
def outcome(request: HttpRequest, client: OrganizationClient, pk: str) -> HttpResponse:
    found = _referral(client, pk)
    body = _checked(request, "OutcomeRequest")
    with transaction.atomic():
        record_outcome(
            actor=client, referral=found, outcome=body["outcome"], note=body.get("note", "")
        )
    return JsonResponse(detail_json(found, client, request))


@api("POST", render=problem_response)
def consent_withdrawal(request: HttpRequest, client: OrganizationClient, pk: str) -> HttpResponse:
    found = _referral(client, pk)
    # The referrer holds the person and their consent; the receiver learns of a withdrawal
    # from the cancellation, and may not cause one.
    if not is_member(client, found.referring_organization_id):
        raise ApiFailure(404, "Not found", "There is nothing at this address.")
    body = _checked(request, "ConsentWithdrawalRequest") if request.body else {}
    consent = _consent_to_withdraw(found)
    now = timezone.now()
    cancelled = withdraw_consent(
        actor=client, consent=consent, reason=body.get("reason", ""), now=now
    )
    consent.refresh_from_db()
    return JsonResponse(
        {
            "recipient": named(found.receiving_organization),
            "withdrawn_at": when(consent.withdrawn_at),
            # Another time than ours: withdrawn before (by us or by a request racing ours).
            "already_withdrawn": consent.withdrawn_at != now,
            "cancelled": [referral_json(r, request) for r in cancelled],
        }
    )


def _consent_to_withdraw(referral: Referral) -> Consent:
    """The person's standing consent to the receiver; else the last withdrawn one, so that
    withdrawing again is a harmless repeat rather than an error."""
    consent = (
        Consent.objects.for_recipient(
            person=referral.person, recipient=referral.receiving_organization
        )
        .order_by(F("withdrawn_at").desc(nulls_first=True), "-given_at")
        .first()
    )
    if consent is None:
        raise ApiFailure(409, "Conflict", "No consent to share with this organisation is recorded.")
    return consent


@api("POST", render=problem_response)
def people_match(request: HttpRequest, client: OrganizationClient) -> HttpResponse:
    matches = offer_possible_matches(
        actor=client, organization=_organization(client), **_match_criteria(request)
    )
    return JsonResponse({"items": [possible_match_json(m) for m in matches]})


def _match_criteria(request: HttpRequest) -> Json:
    """The body of a match request as `offer_possible_matches` takes it; a 400 naming each
    field that is not a real postcode or NHS number (a typo would silently match nobody)."""
    body = _checked(request, "PersonMatchRequest")
    errors = {}
    if body.get("postcode"):
        try:
            normalise(body["postcode"])
        except PostcodeError as exc:
            errors["postcode"] = [str(exc)]
    if body.get("nhs_number") and not nhs_number_is_valid(body["nhs_number"]):
        errors["nhs_number"] = ["Enter a valid NHS number (10 digits, as on an NHS letter)"]
    if errors:
        raise ApiFailure(400, "Bad request", "Correct the fields named.", errors)
    born = body.get("date_of_birth")
    return {
        "name": body["name"],
        "date_of_birth": datetime.date.fromisoformat(born) if born else None,
        "postcode": body.get("postcode", ""),
        "nhs_number": body.get("nhs_number", ""),
    }
