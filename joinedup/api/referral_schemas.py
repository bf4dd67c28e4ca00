"""The schemas of the referrals API's OpenAPI document (`referral_openapi` builds the document
and the validators from them): what a client sends and what it gets back."""

from __future__ import annotations

from typing import Any

from joinedup.referrals.models import ConsentMethod, ContactPreference, Outcome, Status, Urgency
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
            "method": {"enum": [m for m in ConsentMethod.values if m != "self_referral"]},
            "purpose": {"type": "string", "minLength": 1, "maxLength": 2000},
            "given_at": WHEN,
        },
    },
    "ReferralCreate": {
        "type": "object",
        "description": "Refer one person to one or several services (a prescription): give "
        "`person` (a new person) or `person_id` (one your organisation holds), and consent for "
        "every receiving organisation that lacks standing consent.",
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
                "required": ["person_details_visible", "person", "events", "messages", "moves"],
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
            "items": {"type": "array", "items": ref("Referral")},
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
