"""The OpenAPI 3.1 document of the insights API (/api/insights): a partnership board's figures,
read-only, for a council's BI tools. Its schemas are the ones the tests check responses
against, so the published document and the server cannot drift apart."""

from __future__ import annotations

import functools
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from joinedup.api import insights_place_openapi
from joinedup.api.insights_place_openapi import PAGE, PER_PAGE, ref
from joinedup.api.insights_place_openapi import ok as _ok
from joinedup.api.insights_place_openapi import problem as _problem
from joinedup.directory.models import Sector

Json = dict[str, Any]


PERIOD = {
    "type": "object",
    "required": ["start", "end", "label"],
    "properties": {
        "start": {"type": "string", "format": "date", "description": "First day."},
        "end": {"type": "string", "format": "date", "description": "Last day (included)."},
        "label": {"type": "string"},
    },
}

SCHEMAS: Json = {
    "BoardList": {
        "type": "object",
        "required": ["boards"],
        "properties": {
            "boards": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "name", "url"],
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "url": {"type": "string"},
                    },
                },
            }
        },
    },
    "Period": PERIOD,
    "Column": {
        "type": "object",
        "required": ["key", "label", "kind"],
        "properties": {
            "key": {"type": "string"},
            "label": {"type": "string"},
            "kind": {
                "enum": ["count", "days", "percent"],
                "description": "count: referrals; days: a median or percentile of days to "
                "first answer; percent: 0 to 100.",
            },
        },
    },
    "Row": {
        "type": "object",
        "required": ["key", "label", "total", "values"],
        "properties": {
            "key": {"type": "string"},
            "label": {"type": "string"},
            "total": {"type": "boolean", "description": "The table's total row."},
            "values": {
                "type": "object",
                "description": "By column key. null: not shown (a small number, or one that "
                "would let a small number be worked out), or no figure (a rate of nothing).",
                "additionalProperties": {"type": ["number", "null"]},
            },
        },
    },
    "Table": {
        "type": "object",
        "description": "One page of a table's rows, in the table's order; the total row (when "
        "the table has one) is its last row, so on its last page.",
        "required": [
            "key",
            "title",
            "row_label",
            "columns",
            "rows",
            "any_hidden",
            *insights_place_openapi.PAGING_REQUIRED,
        ],
        "properties": {
            "key": {"type": "string"},
            "title": {"type": "string"},
            "row_label": {"type": "string"},
            "columns": {"type": "array", "items": ref("Column")},
            "rows": {"type": "array", "items": ref("Row")},
            "any_hidden": {
                "type": "boolean",
                "description": "Whether any cell of the whole table (not only this page) is "
                "not shown.",
            },
            **insights_place_openapi.PAGING,
        },
    },
    "Board": {
        "type": "object",
        "required": ["partnership", "period", "previous_period", "threshold", "tables"],
        "properties": {
            "partnership": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            },
            "period": ref("Period"),
            "previous_period": ref("Period"),
            "threshold": {
                "type": "integer",
                "description": "Counts under this are not shown (except the caller's own).",
            },
            "response_period_days": {"type": "integer"},
            "own_organisations": {"type": "array", "items": {"type": "string"}},
            "tables": {"type": "array", "items": ref("Table")},
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
            "errors": {"type": "object"},
        },
    },
}

PARAMETERS: list[Json] = [
    {
        "name": "period",
        "in": "query",
        "description": "q<year>-<1..4> (a quarter), y<year> (a year) or custom (with start and "
        "end). The current quarter when absent.",
        "schema": {"type": "string", "pattern": "^(q[0-9]{4}-[1-4]|y[0-9]{4}|custom)$"},
    },
    {"name": "start", "in": "query", "schema": {"type": "string", "format": "date"}},
    {"name": "end", "in": "query", "schema": {"type": "string", "format": "date"}},
    {"name": "sector", "in": "query", "schema": {"enum": Sector.values}},
    {
        "name": "organization",
        "in": "query",
        "description": "A member organisation (sending or receiving): its id, or its name or "
        "enough of it to match one only (400 when none or several match).",
        "schema": {"type": "string"},
    },
    {
        "name": "service",
        "in": "query",
        "description": "A member's service: its id, its name, or 'Name (Organisation)'.",
        "schema": {"type": "string"},
    },
    {
        "name": "need",
        "in": "query",
        "description": "A need category (and those beneath it): its id or its name.",
        "schema": {"type": "string"},
    },
]

ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
ERRORS = {
    "400": _problem("A period, filter or page that cannot be read."),
    "401": _problem("Neither a session nor an organisation API token."),
    "404": _problem("No such partnership for this caller (or no such table)."),
}

PATHS: Json = {
    "/insights": {
        "get": {
            "summary": "The partnership boards the caller may read.",
            "operationId": "listBoards",
            "responses": {"200": _ok("BoardList", "The boards."), "401": ERRORS["401"]},
        }
    },
    "/insights/{id}": {
        "get": {
            "summary": "Every table of a board for a period: flows, the loop, response times, "
            "outcomes, and the period beside the previous one; each table's first page of "
            "rows, with a `next` link to the rest.",
            "operationId": "getBoard",
            "parameters": [ID, *PARAMETERS, PER_PAGE],
            "responses": {"200": _ok("Board", "The board."), **ERRORS},
        }
    },
    "/insights/{id}/tables/{key}": {
        "get": {
            "summary": "One page of one table of a board.",
            "operationId": "getBoardTable",
            "parameters": [
                ID,
                {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}},
                *PARAMETERS,
                PAGE,
                PER_PAGE,
            ],
            "responses": {"200": _ok("Table", "The table."), **ERRORS},
        }
    },
}

# The place pages' tables (unmet need, areas, lines): declared in their own module.
SCHEMAS |= insights_place_openapi.SCHEMAS
PATHS |= insights_place_openapi.PATHS


def openapi_document(server_url: str) -> Json:
    """The document, with `server_url` (the /api base) as its server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "joinedup: insights API",
            "version": "1",
            "description": "A partnership board's figures, read-only, with the same small-number "
            "suppression as the pages: counts under the partnership's threshold (5 unless it set "
            "another) are null, with others where a total would reveal them. Authenticate with a "
            "session (a partnership manager or a member organisation's person) or an "
            "organisation API token (`Authorization: Bearer <token>`): the token's organisation "
            "sees the boards of the partnerships it is a member of, its own figures in full. "
            "Figures may be up to 5 minutes old.",
        },
        "servers": [{"url": server_url.rstrip("/")}],
        "security": [{"organisationToken": []}, {"session": []}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "organisationToken": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
            },
        },
    }


@functools.cache
def validator(schema_name: str) -> Draft202012Validator:
    root = {"$ref": f"#/components/schemas/{schema_name}", "components": {"schemas": SCHEMAS}}
    return Draft202012Validator(root, format_checker=FormatChecker())
