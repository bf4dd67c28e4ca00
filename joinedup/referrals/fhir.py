"""Referrals as FHIR R4: a Task (the work, its status and outcome) based on a ServiceRequest (what
is asked for, of whom, for whom) — the pattern of the closed-loop referral guides (e.g. the
Gravity Project's SDOH referral). And back: a status change sent as a partial Task.

Codes our own (reasons, outcomes) are systems under the server's FHIR base, which is the one
address a client of this server can resolve.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from joinedup.referrals.models import Outcome, Referral, Status
from joinedup.referrals.transitions import REASONS, reason_label

Json = dict[str, Any]
TASK_CODE_SYSTEM = "http://hl7.org/fhir/CodeSystem/task-code"

# ServiceRequest.status (request-status) for each Task status: the request stays active while
# the work is asked for or under way, and is revoked when it ended without being done.
REQUEST_STATUS = {
    Status.DRAFT: "draft",
    Status.REQUESTED: "active",
    Status.ACCEPTED: "active",
    Status.IN_PROGRESS: "active",
    Status.ON_HOLD: "on-hold",
    Status.COMPLETED: "completed",
    Status.REJECTED: "revoked",
    Status.CANCELLED: "revoked",
    Status.FAILED: "revoked",
    Status.ENTERED_IN_ERROR: "entered-in-error",
}


def systems(base: str) -> dict[str, str]:
    base = base.rstrip("/")
    return {
        "reference": f"{base}/NamingSystem/referral-reference",
        "prescription": f"{base}/NamingSystem/prescription",
        "reason": f"{base}/CodeSystem/referral-status-reason",
        "outcome": f"{base}/CodeSystem/referral-outcome",
    }


def _instant(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _organization(organization: Any) -> Json:
    return {"reference": f"Organization/{organization.pk}", "display": organization.name}


def status_reason(referral: Referral) -> tuple[str, str] | None:
    """The reason code and words of the move into the current status, if it takes one."""
    if referral.status not in REASONS:
        return None
    event = (
        referral.events.filter(to_status=referral.status)
        .exclude(reason_code="")
        .order_by("-sequence")
        .first()
    )
    return (event.reason_code, event.reason_text) if event is not None else None


def task(referral: Referral, base: str, reason: tuple[str, str] | None = None) -> Json:
    """The referral as a FHIR R4 Task (no personal details: the person is an opaque reference)."""
    names = systems(base)
    pk = str(referral.pk)
    resource: Json = {
        "resourceType": "Task",
        "id": pk,
        "meta": {"lastUpdated": _instant(referral.status_changed_at)},
        "identifier": [{"system": names["reference"], "value": referral.reference}],
        "basedOn": [{"reference": f"ServiceRequest/{pk}"}],
        "groupIdentifier": {"system": names["prescription"], "value": str(referral.prescription)},
        "status": referral.status,
        "intent": "order",
        "priority": referral.urgency,
        "code": {
            "coding": [
                {
                    "system": TASK_CODE_SYSTEM,
                    "code": "fulfill",
                    "display": "Fulfill the focal request",
                }
            ]
        },
        "description": f"Referral {referral.reference} to {referral.service.name}",
        "focus": {"reference": f"ServiceRequest/{pk}"},
        "for": {"reference": f"Patient/{referral.person_id}"},
        "authoredOn": _instant(referral.created_at),
        "lastModified": _instant(referral.status_changed_at),
        "requester": _organization(referral.referring_organization),
        "owner": _organization(referral.receiving_organization),
    }
    if reason is not None:
        code, text = reason
        resource["statusReason"] = {
            "coding": [{"system": names["reason"], "code": code, "display": reason_label(code)}],
            "text": text or reason_label(code),
        }
    if referral.outcome:
        # The outcome is kept apart from the workflow status: FHIR's businessStatus is that place.
        resource["businessStatus"] = {
            "coding": [
                {
                    "system": names["outcome"],
                    "code": referral.outcome,
                    "display": referral.get_outcome_display(),
                }
            ],
            "text": referral.outcome_note or referral.get_outcome_display(),
        }
    return resource


def service_request(referral: Referral, base: str, person_name: str | None = None) -> Json:
    """The referral as a FHIR R4 ServiceRequest; `person_name` only for a reader allowed to see
    the person's details, and the need and intake answers (the person's words) only with it."""
    names = systems(base)
    pk = str(referral.pk)
    subject: Json = {"reference": f"Patient/{referral.person_id}"}
    if person_name:
        subject["display"] = person_name
    resource: Json = {
        "resourceType": "ServiceRequest",
        "id": pk,
        "meta": {"lastUpdated": _instant(referral.status_changed_at)},
        "identifier": [{"system": names["reference"], "value": referral.reference}],
        "requisition": {"system": names["prescription"], "value": str(referral.prescription)},
        "status": REQUEST_STATUS[Status(referral.status)],
        "intent": "order",
        "priority": referral.urgency,
        "code": {"text": f"Referral to {referral.service.name}"},
        "subject": subject,
        "authoredOn": _instant(referral.created_at),
        "requester": _organization(referral.referring_organization),
        "performer": [
            {
                "reference": f"HealthcareService/{referral.service_id}",
                "display": referral.service.name,
            },
            _organization(referral.receiving_organization),
        ],
    }
    if person_name is None:
        return resource
    resource["reasonCode"] = [{"text": referral.need}]
    answers = [f"{k}: {v}" for k, v in (referral.intake_answers or {}).items()]
    if answers:
        resource["note"] = [{"text": "Intake answers. " + "; ".join(answers)}]
    return resource


class TaskPatchError(ValueError):
    """A PATCH this server cannot apply (the message says why)."""


@dataclass(frozen=True)
class TaskChange:
    status: str | None
    reason_code: str
    reason_text: str
    outcome: str | None


CHANGEABLE = {"status", "statusReason", "businessStatus"}


def apply_json_patch(current: Json, operations: Any) -> Json:
    """Apply a JSON Patch (RFC 6902) limited to Task's changeable fields to `current`."""
    if not isinstance(operations, list) or not operations:
        raise TaskPatchError("A JSON Patch is a non-empty array of operations")
    patched = dict(current)
    for op in operations:
        if not isinstance(op, dict) or not isinstance(op.get("path"), str):
            raise TaskPatchError("Each operation is an object with 'op' and 'path'")
        field = op["path"].removeprefix("/")
        if field not in CHANGEABLE:
            raise TaskPatchError(f"Only {', '.join(sorted(CHANGEABLE))} can be changed")
        if op.get("op") in ("replace", "add"):
            if "value" not in op:
                raise TaskPatchError(f"'{op['op']}' needs a value")
            patched[field] = op["value"]
        elif op.get("op") == "remove":
            patched.pop(field, None)
        elif op.get("op") == "test":
            if patched.get(field) != op.get("value"):
                raise TaskPatchError(f"test failed: {field} is not {op.get('value')!r}")
        else:
            raise TaskPatchError("Supported operations: replace, add, remove, test")
    return patched


def _code(concept: Any, what: str) -> tuple[str, str]:
    if not isinstance(concept, dict):
        raise TaskPatchError(f"{what} is a CodeableConcept")
    codings = concept.get("coding") or []
    if not isinstance(codings, list) or not all(isinstance(c, dict) for c in codings):
        raise TaskPatchError(f"{what}.coding is a list of Codings")
    codes = [c.get("code") for c in codings if isinstance(c.get("code"), str)]
    text = concept.get("text", "")
    if not isinstance(text, str):
        raise TaskPatchError(f"{what}.text is a string")
    return (codes[0] if codes else ""), text


def change_from_task(partial: Any, referral: Referral) -> TaskChange:
    """What a partial Task asks to change: status (with its reason) and the outcome."""
    if not isinstance(partial, dict):
        raise TaskPatchError("Send a Task (or part of one) as a JSON object")
    if partial.get("resourceType", "Task") != "Task":
        raise TaskPatchError("The resource is a Task")
    if "id" in partial and partial["id"] != str(referral.pk):
        raise TaskPatchError("The id does not match the Task addressed")
    others = set(partial) - CHANGEABLE - {"resourceType", "id"}
    if others:
        raise TaskPatchError(
            f"Only {', '.join(sorted(CHANGEABLE))} can be changed, not {', '.join(sorted(others))}"
        )
    status = partial.get("status")
    if status is not None and status not in Status.values:
        raise TaskPatchError(f"status is one of {', '.join(Status.values)}")
    reason_code, reason_text = ("", "")
    if partial.get("statusReason") is not None:
        reason_code, reason_text = _code(partial["statusReason"], "statusReason")
    outcome = None
    if partial.get("businessStatus") is not None:
        outcome, _ = _code(partial["businessStatus"], "businessStatus")
        if outcome not in Outcome.values:
            raise TaskPatchError(f"businessStatus code is one of {', '.join(Outcome.values)}")
    if status == referral.status:
        status = None  # unchanged: nothing to move
    return TaskChange(
        status=status, reason_code=reason_code, reason_text=reason_text, outcome=outcome
    )
