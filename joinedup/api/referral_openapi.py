"""The OpenAPI 3.1 document of the referrals API, and validators built from it.

Its schemas (what a client sends and what it gets back) come first; the request schemas are the
ones the views check bodies against, so the published document and the server cannot drift
apart; tests check every response against the response schemas the same way.
"""

from __future__ import annotations

import functools
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from joinedup.referrals.models import ContactPreference, Outcome, Status, Urgency
from joinedup.referrals.services.people import REFERRER_CONSENT_METHODS
from joinedup.referrals.transitions import REASONS

Json = dict[str, Any]

UUID = {"type": "string", "format": "uuid"}
TEXT = {"type": "string", "maxLength": 10000}
WHEN = {"type": "string", "format": "date-time"}
PERSON_PROPERTIES: Json = {
    "name": {"type": "string", "minLength": 1, "maxLength": 300},
    "date_of_birth": {"type": ["string", "null"], "format": "date"},
    "postcode": {"type": "string", "maxLength": 10},
    "contact_preference": {"enum": ContactPreference.values},
    "phone": {"type": "string", "maxLength": 40},
    "email": {"type": "string", "maxLength": 320},
    "address": TEXT,
    "preferred_language": {"type": "string", "maxLength": 100},
    "access_needs": TEXT,
    "nhs_number": {"type": "string", "maxLength": 20},
}

NAMED = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": UUID, "name": {"type": "string"}},
}


def ref(name: str) -> Json:
    return {"$ref": f"#/components/schemas/{name}"}


MATCH_REASONS = [
    "same_nhs_number",
    "same_date_of_birth_and_postcode",
    "same_name_and_date_of_birth",
    "same_name",
]


SCHEMAS: Json = {
    "PersonDetails": {
        "type": "object",
        "description": "The minimum a referral needs about the person.",
        "required": ["name"],
        "additionalProperties": False,
        "properties": PERSON_PROPERTIES,
    },
    "Person": {
        "type": "object",
        "description": "A person as held: their id and details.",
        "required": ["id", "name"],
        "properties": {"id": UUID, **PERSON_PROPERTIES},
    },
    "ConsentEvidence": {
        "type": "object",
        "description": "The person agreed to be referred to this organisation and to their "
        "details being shared with it for this purpose.",
        "required": ["organization", "method", "purpose"],
        "additionalProperties": False,
        "properties": {
            "organization": UUID,
            # What the one door lets a referrer record (self-referral is the person's own).
            "method": {"enum": [m.value for m in REFERRER_CONSENT_METHODS]},
            "purpose": {"type": "string", "minLength": 1, "maxLength": 2000},
            "given_at": WHEN,
        },
    },
    "ReferralCreate": {
        "type": "object",
        "description": "Refer one person to one or several services (a prescription): give "
        "`person` (a new person) or `person_id` (one your organisation holds), and consent for "
        "every receiving organisation that lacks standing consent. The same rules as the "
        "referring pages: consent naming an organisation that receives none of the services is "
        "refused (422), as is a second consent for one organisation (400); each service's "
        "required intake questions must be answered (422, under "
        "`intake_answers.<service id>.<question key>`), and answers to questions the service "
        "does not ask are not kept.",
        "required": ["services", "need"],
        "additionalProperties": False,
        "properties": {
            "person": ref("PersonDetails"),
            "person_id": {
                **UUID,
                "description": "A person your organisation already holds: to refer someone "
                "`POST /people/match` offered, give their `id` here instead of `person`.",
            },
            "services": {
                "type": "array",
                "minItems": 1,
                "maxItems": 20,
                "items": {
                    "type": "object",
                    "required": ["id"],
                    "additionalProperties": False,
                    "properties": {
                        "id": UUID,
                        "intake_answers": {
                            "type": "object",
                            "additionalProperties": {"type": ["string", "boolean", "number"]},
                        },
                    },
                },
            },
            "need": {"type": "string", "minLength": 1, "maxLength": 10000},
            "urgency": {"enum": Urgency.values, "default": Urgency.ROUTINE},
            "consents": {"type": "array", "maxItems": 20, "items": ref("ConsentEvidence")},
        },
        "oneOf": [{"required": ["person"]}, {"required": ["person_id"]}],
    },
    "PersonMatchRequest": {
        "type": "object",
        "description": "Who you are about to refer, to find them among the people your "
        "organisation already holds.",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {
            key: PERSON_PROPERTIES[key]
            for key in ("name", "date_of_birth", "postcode", "nhs_number")
        },
    },
    "PossibleMatch": {
        "type": "object",
        "description": "A person your organisation holds who may be the one you are referring.",
        "required": ["id", "name", "date_of_birth", "postcode", "reasons"],
        "properties": {
            "id": UUID,
            "name": {"type": "string"},
            "date_of_birth": {"type": ["string", "null"], "format": "date"},
            "postcode": {"type": "string"},
            "reasons": {
                "type": "array",
                "minItems": 1,
                "description": "Why they may be the same person. `same_name`: the same name, "
                "with a date of birth unknown on one side.",
                "items": {"enum": MATCH_REASONS},
            },
        },
    },
    "PossibleMatches": {
        "type": "object",
        "required": ["items"],
        "properties": {
            "items": {"type": "array", "maxItems": 10, "items": ref("PossibleMatch")},
        },
    },
    "ConsentWithdrawalRequest": {
        "type": "object",
        "additionalProperties": False,
        "properties": {"reason": {"type": "string", "maxLength": 2000}},
    },
    "ConsentWithdrawal": {
        "type": "object",
        "required": ["recipient", "withdrawn_at", "already_withdrawn", "cancelled"],
        "properties": {
            "recipient": NAMED,
            "withdrawn_at": WHEN,
            "already_withdrawn": {
                "type": "boolean",
                "description": "True when consent had been withdrawn before this request "
                "(nothing more was cancelled).",
            },
            "cancelled": {
                "type": "array",
                "description": "The referrals this withdrawal cancelled.",
                "items": ref("Referral"),
            },
        },
    },
    "TransitionRequest": {
        "type": "object",
        "required": ["status"],
        "additionalProperties": False,
        "properties": {
            "status": {"enum": Status.values},
            "reason_code": {
                "type": "string",
                "description": "Required for rejected, cancelled, on-hold and failed: "
                + "; ".join(f"{s.value}: {', '.join(codes)}" for s, codes in REASONS.items()),
            },
            "reason_text": TEXT,
        },
    },
    "MessageCreate": {
        "type": "object",
        "required": ["body"],
        "additionalProperties": False,
        "properties": {"body": {"type": "string", "minLength": 1, "maxLength": 10000}},
    },
    "OutcomeRequest": {
        "type": "object",
        "required": ["outcome"],
        "additionalProperties": False,
        "properties": {"outcome": {"enum": Outcome.values}, "note": TEXT},
    },
    "Outcome": {
        "type": ["object", "null"],
        "required": ["code", "label", "note", "recorded_at"],
        "properties": {
            "code": {"enum": Outcome.values},
            "label": {"type": "string"},
            "note": {"type": "string"},
            "recorded_at": {"type": ["string", "null"], "format": "date-time"},
        },
    },
    "Referral": {
        "type": "object",
        "required": [
            "id",
            "reference",
            "status",
            "prescription",
            "service",
            "referring_organization",
            "receiving_organization",
            "need",
            "urgency",
            "intake_mode",
            "intake_answers",
            "created_at",
            "status_changed_at",
            "requested_at",
            "outcome",
            "links",
        ],
        "properties": {
            "id": UUID,
            "reference": {"type": "string", "pattern": "^R-[0-9A-Z]{4}-[0-9A-Z]{4}$"},
            "status": {"enum": Status.values},
            "status_label": {"type": "string"},
            "prescription": UUID,
            "service": NAMED,
            "referring_organization": NAMED,
            "receiving_organization": NAMED,
            "need": {
                "type": ["string", "null"],
                "description": "The need in the person's words: only in a referral's detail, "
                "beside the person's details and on the same terms (null elsewhere).",
            },
            "urgency": {"enum": Urgency.values},
            "intake_mode": {"type": "string"},
            "intake_answers": {
                "type": ["object", "null"],
                "description": "Answers to the service's own questions: on the same terms as "
                "`need`.",
            },
            "created_at": WHEN,
            "status_changed_at": WHEN,
            "requested_at": {"type": ["string", "null"], "format": "date-time"},
            "overdue": {
                "type": "boolean",
                "description": "In lists and a referral's detail (not in create results): "
                "sent and still waiting for the receiver's first answer past the "
                "day the receiver's inbox marks it overdue and its team is reminded (the first "
                "reminder day, or two days before it expires if that comes first).",
            },
            "outcome": ref("Outcome"),
            "links": {
                "type": "object",
                "required": ["self", "fhir_task", "fhir_service_request"],
                "properties": {
                    "self": {"type": "string"},
                    "fhir_task": {"type": "string"},
                    "fhir_service_request": {"type": "string"},
                },
            },
        },
    },
    "Event": {
        "type": "object",
        "required": ["sequence", "at", "from", "to", "reason_code", "reason_text", "by"],
        "properties": {
            "sequence": {"type": "integer"},
            "at": WHEN,
            "from": {"type": "string"},
            "to": {"enum": Status.values},
            "reason_code": {"type": "string"},
            "reason_text": {"type": "string"},
            "by": {"anyOf": [NAMED, {"type": "null"}]},
        },
    },
    "Message": {
        "type": "object",
        "required": ["id", "body", "organization", "created_at"],
        "properties": {
            "id": {"type": "integer"},
            "body": {"type": "string"},
            "organization": NAMED,
            "created_at": WHEN,
        },
    },
    "ReferralDetail": {
        "allOf": [
            ref("Referral"),
            {
                "type": "object",
                "required": [
                    "overdue",
                    "person_details_visible",
                    "person",
                    "events",
                    "messages",
                    "moves",
                ],
                "properties": {
                    "person_details_visible": {"type": "boolean"},
                    "person": {
                        "description": "Only while your organisation may see the person's "
                        "details (the referrer; the receiver while consent stands). The "
                        "receiver gets the name, how to contact them and the fields the "
                        "service's intake asks for. Every response that carries them is "
                        "written to the audit log.",
                        "anyOf": [
                            {"type": "null"},
                            ref("Person"),
                        ],
                    },
                    "events": {"type": "array", "items": ref("Event")},
                    "messages": {"type": "array", "items": ref("Message")},
                    "moves": {
                        "type": "array",
                        "description": "The statuses your organisation may move it to now.",
                        "items": {"enum": Status.values},
                    },
                },
            },
        ]
    },
    "ReferralList": {
        "type": "object",
        "required": ["items", "total_items", "page", "size"],
        "properties": {
            "items": {
                "type": "array",
                "items": {"allOf": [ref("Referral"), {"required": ["overdue"]}]},
            },
            "total_items": {"type": "integer"},
            "page": {"type": "integer"},
            "size": {"type": "integer"},
        },
    },
    "CreateResult": {
        "type": "object",
        "required": ["prescription", "person_id", "referrals", "warnings"],
        "properties": {
            "prescription": UUID,
            "person_id": UUID,
            "referrals": {"type": "array", "items": ref("Referral")},
            "warnings": {"type": "array", "items": {"type": "string"}},
        },
    },
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details; `errors` names the fields at fault.",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
}


# The document: paths, and the responses they share.


def _problem(description: str) -> Json:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": ref("Problem")}},
    }


def _json(schema: str, description: str) -> Json:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


ID_PARAM = {"name": "id", "in": "path", "required": True, "schema": UUID}
ERRORS = {
    "400": _problem("The body is not JSON, or not the shape this document describes."),
    "401": _problem("No valid organisation API token."),
    "404": _problem("No such referral that your organisation is party to."),
    "422": _problem("The request is well formed but cannot be done (the fields say why)."),
}


def _post(schema: str, ok: str, ok_schema: str, summary: str, extra: Json | None = None) -> Json:
    return {
        "summary": summary,
        "parameters": [ID_PARAM],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ref(schema)}},
        },
        "responses": {ok: _json(ok_schema, "Done."), **ERRORS, **(extra or {})},
    }


PATHS: Json = {
    "/referrals": {
        "get": {
            "summary": "Referrals your organisation sent or received, newest first.",
            "parameters": [
                {"name": "role", "in": "query", "schema": {"enum": ["sent", "received"]}},
                {"name": "status", "in": "query", "schema": {"enum": Status.values}},
                {
                    "name": "overdue",
                    "in": "query",
                    "description": "true: only overdue referrals (see Referral.overdue); "
                    "false: none of them.",
                    "schema": {"enum": ["true", "false"]},
                },
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                {
                    "name": "size",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 200},
                },
            ],
            "responses": {"200": _json("ReferralList", "A page of referrals."), **ERRORS},
        },
        "post": {
            "summary": "Create and send referrals in one transaction (all or none).",
            "parameters": [
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "description": "Send the same key with the same body to retry safely: the "
                    "first answer is replayed and only one set of referrals is made. The same "
                    "key with a different body is refused with 422. A key is kept for at least "
                    "24 hours, then forgotten (and at once if the person is erased): retry "
                    "within the day.",
                    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                }
            ],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ref("ReferralCreate")}},
            },
            "responses": {
                "201": _json("CreateResult", "The referrals made, one per service."),
                **ERRORS,
            },
        },
    },
    "/referrals/{id}": {
        "get": {
            "summary": "One referral, with its events, messages and (if you may see them, "
            "audited) the person's details.",
            "parameters": [ID_PARAM],
            "responses": {"200": _json("ReferralDetail", "The referral."), **ERRORS},
        }
    },
    "/referrals/{id}/transitions": {
        "post": _post(
            "TransitionRequest",
            "200",
            "ReferralDetail",
            "Move the referral to another status, as the workflow allows your side.",
            {"409": _problem("The workflow does not allow this move now.")},
        )
    },
    "/referrals/{id}/messages": {
        "post": _post("MessageCreate", "201", "Message", "Post a message to the other side.")
    },
    "/referrals/{id}/outcome": {
        "post": _post(
            "OutcomeRequest", "200", "ReferralDetail", "Record what happened for the person."
        )
    },
    "/referrals/{id}/consent/withdraw": {
        "post": {
            "summary": "Record that the person withdrew their consent to share with the "
            "referral's receiving organisation (the referring organisation only).",
            "description": "Every open referral of the person to that organisation (this one "
            "and any other, drafts included) is cancelled with reason `consent_withdrawn`, and "
            "the organisation can no longer see the person's details. Withdrawing again is "
            "harmless: 200 with `already_withdrawn` true and nothing cancelled, so a retry is "
            "safe. To refer the person to it again, record their consent again on a new "
            "referral. The receiving organisation gets 404 here, as does anyone else.",
            "parameters": [ID_PARAM],
            "requestBody": {
                "required": False,
                "content": {"application/json": {"schema": ref("ConsentWithdrawalRequest")}},
            },
            "responses": {
                "200": _json("ConsentWithdrawal", "Consent is withdrawn."),
                **ERRORS,
                "404": _problem("No such referral that your organisation made."),
                "409": _problem("No consent to share with that organisation was ever recorded."),
            },
        }
    },
    "/people/match": {
        "post": {
            "summary": "Before creating a person, the people your organisation already holds "
            "who may be them.",
            "description": "Only your organisation's own people are searched (another "
            "organisation's are never offered). A match is the same NHS number; or the same "
            "date of birth and postcode; or the same name (ignoring case and spacing) with no "
            "conflicting date of birth. At most 10, by name. Every person offered is a read of "
            "their details and is written to the audit log. To refer one, create with their "
            "`id` as `person_id` instead of `person`. This is a POST with a JSON body, not a "
            "GET with a query, so that names, dates of birth and NHS numbers stay out of "
            "URLs, which servers and proxies log.",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ref("PersonMatchRequest")}},
            },
            "responses": {
                "200": _json("PossibleMatches", "The possible matches (maybe none)."),
                "400": _problem(
                    "The body is not JSON or not this shape, or the postcode or NHS number "
                    "is not a valid one (`errors` names the field)."
                ),
                "401": ERRORS["401"],
            },
        }
    },
    "/referrals/openapi.json": {
        "get": {
            "summary": "This document.",
            "security": [],
            "responses": {"200": {"description": "The OpenAPI document."}},
        }
    },
}


def openapi_document(server_url: str) -> Json:
    """The document, with `server_url` (the /api base) as its server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "joinedup: referrals API",
            "version": "1",
            "description": "Closed-loop referral between the organisations of a place. "
            "Authenticate with an organisation API token (`joinedup create_api_token`): "
            "`Authorization: Bearer <token>`. A request acts for the token's organisation. "
            "The same referrals are served as FHIR R4 Task and ServiceRequest under /api/fhir/.",
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "security": [{"organisationToken": []}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"organisationToken": {"type": "http", "scheme": "bearer"}},
        },
    }


@functools.cache
def validator(schema_name: str) -> Draft202012Validator:
    """A validator for one of the document's schemas (its `$ref`s resolve within it)."""
    root = {"$ref": f"#/components/schemas/{schema_name}", "components": {"schemas": SCHEMAS}}
    return Draft202012Validator(root, format_checker=FormatChecker())


def schema_errors(schema_name: str, instance: Any) -> dict[str, list[str]]:
    """Where `instance` breaks the named schema: a JSON path -> messages ({} if it fits)."""
    errors: dict[str, list[str]] = {}
    for error in validator(schema_name).iter_errors(instance):
        where = "/".join(str(p) for p in error.absolute_path) or "body"
        errors.setdefault(where, []).append(_message(error))
    return errors


def _message(error: Any) -> str:
    if error.validator == "oneOf" and not error.absolute_path:
        return "Give either 'person' (a new person) or 'person_id' (one you hold), not both"
    if error.validator == "additionalProperties":
        return str(error.message).replace("Additional properties", "Unknown fields")
    return str(error.message)
