"""The FHIR R4 view of referrals (/api/fhir/): Task and ServiceRequest reads, a Task search and
status changes by PATCH through `transition_referral`. Errors are OperationOutcomes."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from joinedup.api.auth import ApiFailure, json_body, token_api
from joinedup.directory.permissions import OrganizationClient
from joinedup.referrals import fhir
from joinedup.referrals.models import Referral, Status
from joinedup.referrals.models.referrals import ReferralQuerySet
from joinedup.referrals.services import read_person_details, record_outcome, transition_referral
from joinedup.referrals.services.common import can_see_person_details

FHIR_JSON = "application/fhir+json; charset=utf-8"
MAX_COUNT = 200
ISSUE_CODES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    409: "conflict",
    413: "too-costly",
    415: "not-supported",
    422: "business-rule",
}


def fhir_response(resource: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(json.dumps(resource), status=status, content_type=FHIR_JSON)


def operation_outcome(failure: ApiFailure) -> HttpResponse:
    issues: list[dict[str, Any]] = [
        {
            "severity": "error",
            "code": ISSUE_CODES.get(failure.status, "processing"),
            "diagnostics": failure.detail,
        }
    ]
    issues += [
        {
            "severity": "error",
            "code": "invalid",
            "diagnostics": " ".join(messages),
            "expression": [where],
        }
        for where, messages in failure.errors.items()
    ]
    return fhir_response({"resourceType": "OperationOutcome", "issue": issues}, failure.status)


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("api:fhir-task-search")).removesuffix("/Task")


def _visible(client: OrganizationClient) -> ReferralQuerySet:
    return Referral.objects.visible_to_organization(client.organization_id).select_related(
        "service", "referring_organization", "receiving_organization"
    )


def _referral(client: OrganizationClient, pk: str) -> Referral:
    try:
        key = uuid.UUID(pk)
    except ValueError:
        raise ApiFailure(404, "Not found", f"There is no Task {pk}.") from None
    return get_object_or_404(_visible(client), pk=key)


def _task(referral: Referral, request: HttpRequest) -> dict[str, Any]:
    return fhir.task(referral, base_url(request), fhir.status_reason(referral))


@token_api("GET", "PATCH", render=operation_outcome)
def task(request: HttpRequest, client: OrganizationClient, pk: str) -> HttpResponse:
    found = _referral(client, pk)
    if request.method == "PATCH":
        _patch(request, client, found)
    return fhir_response(_task(found, request))


def _patch(request: HttpRequest, client: OrganizationClient, found: Referral) -> None:
    kind = request.content_type or ""
    body = json_body(request)
    try:
        if kind == "application/json-patch+json":
            current = {k: v for k, v in _task(found, request).items() if k in fhir.CHANGEABLE}
            body = fhir.apply_json_patch(current, body)
        elif kind not in (
            "application/fhir+json",
            "application/json",
            "application/merge-patch+json",
        ):
            raise ApiFailure(
                415,
                "Unsupported media type",
                "Send application/json-patch+json, or a partial Task as application/fhir+json.",
            )
        change = fhir.change_from_task(body, found)
    except fhir.TaskPatchError as exc:
        raise ApiFailure(422, "Invalid input", str(exc)) from None
    with transaction.atomic():
        if change.status is not None:
            transition_referral(
                actor=client,
                referral=found,
                to_status=change.status,
                reason_code=change.reason_code,
                reason_text=change.reason_text,
            )
        if change.outcome is not None and change.outcome != found.outcome:
            record_outcome(actor=client, referral=found, outcome=change.outcome)


@token_api("GET", render=operation_outcome)
def service_request(request: HttpRequest, client: OrganizationClient, pk: str) -> HttpResponse:
    found = _referral(client, pk)
    name = None
    if can_see_person_details(client, found):
        # Naming the person is a view of their details: through the audited door.
        name = read_person_details(actor=client, person=found.person, referral=found).name
    return fhir_response(fhir.service_request(found, base_url(request), person_name=name))


def _search_uuid(value: str, prefix: str) -> uuid.UUID:
    try:
        return uuid.UUID(value.removeprefix(prefix))
    except ValueError:
        raise ApiFailure(
            400, "Bad request", f"Not a reference to an {prefix[:-1]}: {value}"
        ) from None


@token_api("GET", render=operation_outcome)
def task_search(request: HttpRequest, client: OrganizationClient) -> HttpResponse:
    qs = _visible(client)
    for owner in request.GET.getlist("owner"):
        qs = qs.filter(receiving_organization_id=_search_uuid(owner, "Organization/"))
    for requester in request.GET.getlist("requester"):
        qs = qs.filter(referring_organization_id=_search_uuid(requester, "Organization/"))
    for status in request.GET.getlist("status"):
        codes = status.split(",")
        if not set(codes) <= set(Status.values):
            raise ApiFailure(400, "Bad request", f"status is one of {', '.join(Status.values)}")
        qs = qs.filter(status__in=codes)
    try:
        count = int(request.GET.get("_count", "50"))
        offset = int(request.GET.get("_offset", "0"))
    except ValueError:
        raise ApiFailure(400, "Bad request", "_count and _offset are whole numbers") from None
    if not 0 <= count <= MAX_COUNT or offset < 0:
        raise ApiFailure(400, "Bad request", f"_count from 0 to {MAX_COUNT}, _offset >= 0")
    total = qs.count()
    # Past the end there is nothing to fetch (and a huge offset would overflow the database's
    # integer: a 500 instead of an empty page).
    page = list(qs.order_by("-created_at", "pk")[offset : offset + count]) if offset < total else []
    base = base_url(request)
    self_url = request.build_absolute_uri()
    links = [{"relation": "self", "url": self_url}]
    if offset + count < total:
        query = request.GET.copy()
        query["_offset"] = str(offset + count)
        query["_count"] = str(count)
        links.append(
            {"relation": "next", "url": request.build_absolute_uri("?" + query.urlencode())}
        )
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": links,
        "entry": [
            {
                "fullUrl": f"{base}/Task/{r.pk}",
                "resource": fhir.task(r, base, fhir.status_reason(r)),
                "search": {"mode": "match"},
            }
            for r in page
        ],
    }
    return fhir_response(bundle)


def unknown(request: HttpRequest, path: str) -> HttpResponse:
    return operation_outcome(
        ApiFailure(404, "Not found", f"This server has no {path or 'base'} endpoint.")
    )
