"""The OpenAPI 3.1 document of the referrals API, and validators built from it.

The request schemas (in `referral_schemas`) are the ones the views check bodies against, so
the published document and the server cannot drift apart; tests check every response against
the response schemas the same way.
"""

from __future__ import annotations

import functools
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from joinedup.api.referral_schemas import SCHEMAS, UUID, Json, ref
from joinedup.referrals.models import Status


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
        return error.message.replace("Additional properties", "Unknown fields")
    return str(error.message)
