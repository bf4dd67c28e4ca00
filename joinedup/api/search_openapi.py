"""The OpenAPI 3.1 document for /api/search (served at /api/search/openapi.json).

Written by hand next to the view it describes; the tests validate real responses against the
schemas here, so the document and the endpoint cannot drift apart unnoticed.
"""

from __future__ import annotations

from typing import Any

from joinedup.directory.models import CapacityStatus, IntakeMode, WaitBand
from joinedup.search.forms import MAX_PAGE
from joinedup.search.query import ACCESSIBILITY, DAYS, DELIVERY_MODES, MAX_AGE, MAX_DISTANCE_KM

Json = dict[str, Any]


def _param(name: str, schema: Json, description: str) -> Json:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


FLAG: Json = {"type": "string", "enum": ["true", "false", "1", "0", "yes", "no", "on", "off"]}
NULLABLE_NUMBER: Json = {"type": ["number", "null"]}

PARAMETERS = [
    _param(
        "q",
        {"type": "string", "maxLength": 500},
        "The need, in the person's own words. A postcode typed in it is used as the place "
        "when `postcode` is empty.",
    ),
    _param(
        "postcode",
        {"type": "string", "maxLength": 16},
        "A full UK postcode or a postcode district (BS5).",
    ),
    _param(
        "distance_km",
        {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_DISTANCE_KM},
        "Only services with a place within this distance of the postcode. Online and phone "
        "services are kept.",
    ),
    _param(
        "taxonomy_term",
        {"type": "string", "format": "uuid"},
        "A category id; a parent includes its children.",
    ),
    _param(
        "age",
        {"type": "integer", "minimum": 0, "maximum": MAX_AGE},
        "The person's age: services whose age range fits.",
    ),
    _param("free", FLAG, "Free services only."),
    _param(
        "language", {"type": "string", "maxLength": 50}, "A language code (pl) or name (Polish)."
    ),
    _param(
        "delivery", {"type": "string", "enum": list(DELIVERY_MODES)}, "How the service is given."
    ),
    _param("open_on", {"type": "string", "enum": list(DAYS)}, "Open on this day of the week."),
    _param("accepting_referrals", FLAG, "Only services accepting referrals now."),
    _param(
        "intake_mode",
        {"type": "string", "enum": list(IntakeMode.values)},
        "How people are referred.",
    ),
    _param(
        "accessibility",
        {"type": "string", "enum": list(ACCESSIBILITY)},
        "Only services with a place that has this accessibility feature.",
    ),
    _param(
        "spelling",
        {"type": "string", "enum": ["exact"]},
        "`exact`: search the words exactly as typed, with no spelling correction.",
    ),
    _param("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "Page number, from 1."),
    _param(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": 100},
        "Results per page (default 20).",
    ),
]

FACET_ITEM: Json = {
    "type": "object",
    "required": ["value", "label", "count"],
    "properties": {
        "value": {"type": "string"},
        "label": {"type": "string"},
        "count": {"type": "integer", "minimum": 0},
        "parent": {"type": ["string", "null"], "description": "Categories only: the parent's id."},
    },
    "additionalProperties": False,
}

SCHEMAS: Json = {
    "SearchResponse": {
        "type": "object",
        "required": ["query", "results", "facets", "pagination", "crisis"],
        "additionalProperties": False,
        "properties": {
            "query": {"$ref": "#/components/schemas/InterpretedQuery"},
            "crisis": {"$ref": "#/components/schemas/Crisis"},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Result"}},
            "facets": {
                "type": "object",
                "description": "Counts of the results (all pages) by each filter's values.",
                "additionalProperties": {"type": "array", "items": FACET_ITEM},
            },
            "pagination": {"$ref": "#/components/schemas/Pagination"},
        },
    },
    "InterpretedQuery": {
        "type": "object",
        "required": [
            "text",
            "searched_text",
            "exact_spelling",
            "postcode",
            "postcode_from_text",
            "corrections",
            "notes",
            "filters",
        ],
        "additionalProperties": False,
        "properties": {
            "text": {"type": "string", "description": "The text as sent."},
            "searched_text": {
                "type": "string",
                "description": 'The text with the spelling corrections: show "Showing results '
                'for <searched_text>. Search instead for <text>" when they differ, the second '
                "a search with spelling=exact.",
            },
            "exact_spelling": {
                "type": "boolean",
                "description": "Whether spelling=exact was asked (no corrections).",
            },
            "postcode": {
                "type": "string",
                "description": "The place used, normalised; empty if none.",
            },
            "postcode_from_text": {
                "type": "boolean",
                "description": "Whether the place was found inside the text.",
            },
            "corrections": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "Misspelt word → the word searched for.",
            },
            "notes": {"type": "array", "items": {"type": "string"}},
            "filters": {"type": "object", "description": "The filters applied, by parameter name."},
        },
    },
    "Result": {
        "type": "object",
        "required": [
            "id",
            "name",
            "organisation",
            "distance_m",
            "opening_today",
            "capacity",
            "explanation",
            "link",
        ],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "name": {"type": "string"},
            "organisation": {
                "type": "object",
                "required": ["id", "name"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": ["string", "null"], "format": "uuid"},
                    "name": {"type": "string"},
                },
            },
            "distance_m": {
                **NULLABLE_NUMBER,
                "description": "Metres from the postcode; null for online and phone services, "
                "or without a place.",
            },
            "opening_today": {
                "type": "object",
                "required": ["open", "hours"],
                "additionalProperties": False,
                "properties": {"open": {"type": "boolean"}, "hours": {"type": "string"}},
            },
            "capacity": {
                "type": "object",
                "required": ["status", "label", "wait_band"],
                "additionalProperties": False,
                "properties": {
                    "status": {"type": "string", "enum": list(CapacityStatus.values)},
                    "label": {"type": "string"},
                    "wait_band": {"type": "string", "enum": ["", *WaitBand.values]},
                },
            },
            "explanation": {
                "type": "object",
                "required": [
                    "reasons",
                    "matched_words",
                    "corrections",
                    "synonyms",
                    "taxonomy_terms",
                    "open_today",
                    "accepting_referrals",
                ],
                "properties": {
                    "reasons": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "Why this result, in plain words.",
                    },
                    "matched_words": {"type": "array", "items": {"type": "string"}},
                    "corrections": {"type": "object", "additionalProperties": {"type": "string"}},
                    "synonyms": {"type": "array", "items": {"type": "string"}},
                    "taxonomy_terms": {"type": "array", "items": {"type": "string"}},
                    "open_today": {"type": "boolean"},
                    "accepting_referrals": {"type": "boolean"},
                },
            },
            "link": {"type": "string", "format": "uri", "description": "The service's page."},
        },
    },
    "Crisis": {
        "type": "object",
        "description": (
            "Crisis help. When the text or the chosen category signals risk to life, "
            "self-harm, abuse, immediate danger or a medical emergency, `shown` is true and a "
            "client must show the contacts above the results, with 999 for immediate danger "
            "and for a medical emergency (`medical`: someone seriously ill or injured now). "
            "Detection is a "
            "reviewed list of phrases plus the meaning model; it errs towards showing."
        ),
        "required": ["shown", "kinds", "exit_this_page", "contacts"],
        "additionalProperties": False,
        "properties": {
            "shown": {"type": "boolean"},
            "kinds": {
                "type": "array",
                "items": {
                    "type": "string",
                    "enum": ["danger", "medical", "suicide", "self_harm", "abuse", "crisis"],
                },
                "description": "What was signalled, most urgent first; empty when not shown.",
            },
            "exit_this_page": {
                "type": "boolean",
                "description": "Abuse was signalled: offer a quick way to leave the page.",
            },
            "contacts": {
                "type": "array",
                "description": "National helplines first, then the partnership's own crisis "
                "services; empty when not shown.",
                "items": {
                    "type": "object",
                    "required": ["name", "phone", "description", "url", "national"],
                    "additionalProperties": False,
                    "properties": {
                        "name": {"type": "string"},
                        "phone": {"type": "string", "description": "As written; may be empty."},
                        "description": {"type": "string"},
                        "url": {"type": "string", "description": "May be empty."},
                        "national": {"type": "boolean"},
                    },
                },
            },
        },
    },
    "Pagination": {
        "type": "object",
        "required": ["page", "page_size", "total_items", "total_pages", "next", "previous"],
        "additionalProperties": False,
        "properties": {
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1},
            "total_items": {"type": "integer", "minimum": 0},
            "total_pages": {"type": "integer", "minimum": 0},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
        },
    },
    "Problem": {
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "invalid_params": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "reason"],
                    "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
                },
            },
        },
    },
}


def search_openapi_document(server_url: str) -> Json:
    """The document, with this server's /api as the base."""
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "joinedup: search",
            "version": "1",
            "description": (
                "Search the directory by need, place and circumstances. Results come best "
                "first, each with why it is there; facets count the results by each filter. "
                "Any invalid parameter is a 400 problem (RFC 9457) naming it in invalid_params."
            ),
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "paths": {
            "/search": {
                "get": {
                    "summary": "Services that meet a need, near a place, best first.",
                    "operationId": "search",
                    "parameters": PARAMETERS,
                    "responses": {
                        "200": {
                            "description": "Results, facets and the query as understood.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/SearchResponse"}
                                }
                            },
                        },
                        "400": {"description": "An invalid parameter.", "content": problem},
                        "405": {"description": "Only GET is allowed.", "content": problem},
                    },
                }
            },
            "/search/openapi.json": {
                "get": {
                    "summary": "This document.",
                    "operationId": "getSearchOpenApiDocument",
                    "responses": {"200": {"description": "The OpenAPI document for search."}},
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
