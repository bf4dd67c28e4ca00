"""The place pages' part of the insights API's OpenAPI document (`insights_openapi` adds these
to its own): unmet need, referrals by area, a line's stops and wellbeing, as tables of plain
cells. The
tests check the answers against these schemas, so the document and the server cannot drift."""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]


# The pieces both halves of the insights document use (`insights_openapi` imports them: it
# builds on this module).


def ref(name: str) -> Json:
    return {"$ref": f"#/components/schemas/{name}"}


def ok(schema: str, description: str) -> Json:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


def problem(description: str) -> Json:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": ref("Problem")}},
    }


# What every paged table in the insights API says of its page (the board's tables and the
# place pages' alike: `api_answers.paged`).
PAGING_REQUIRED = ["total_rows", "page", "per_page", "next", "previous"]
PAGING: Json = {
    "total_rows": {
        "type": "integer",
        "description": "Rows in the whole table, its total row included.",
    },
    "page": {"type": "integer", "minimum": 1},
    "per_page": {"type": "integer", "minimum": 1},
    "next": {
        "type": ["string", "null"],
        "description": "The next page of this table (same period and filters), or null on the "
        "last.",
    },
    "previous": {"type": ["string", "null"], "description": "null on the first page."},
}

NAMED = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}

SCHEMAS: Json = {
    "PlaceColumn": {
        "type": "object",
        "required": ["label", "kind"],
        "properties": {
            "label": {"type": "string", "description": "The heading, as the page's CSV has it."},
            "kind": {
                "enum": ["text", "count", "percent", "value", "date"],
                "description": "text: words; count: referrals, searches or services; percent: "
                "0 to 100; value: an area indicator's own figure; date: a day (ISO 8601).",
            },
        },
    },
    "PlaceRow": {
        "type": "object",
        "required": ["cells", "total"],
        "properties": {
            "cells": {
                "type": "array",
                "description": "One a column, in the columns' order. null: not shown (a small "
                "number, or one that would let a small number be worked out; the page and its "
                "CSV say 'Not shown'). A word in a number's column says why there is no "
                "figure: 'No searches', 'No data'.",
                "items": {"type": ["number", "string", "null"]},
            },
            "total": {"type": "boolean", "description": "The table's total row."},
        },
    },
    "PlaceTable": {
        "type": "object",
        "description": "One page of a place table's rows, in the page's order (the total row, "
        "when there is one, last). The same cells as the page's CSV download.",
        "required": [
            "key",
            "title",
            "columns",
            "rows",
            "any_hidden",
            *PAGING_REQUIRED,
        ],
        "properties": {
            "key": {
                "type": "string",
                "description": "Which table: one of a place page's (see the `key` path "
                "parameter) or wellbeing-<scope>.",
            },
            "title": {"type": "string"},
            "columns": {"type": "array", "items": ref("PlaceColumn")},
            "rows": {"type": "array", "items": ref("PlaceRow")},
            "any_hidden": {
                "type": "boolean",
                "description": "Whether any cell of the whole table is not shown.",
            },
            **PAGING,
        },
    },
    "PlacePage": {
        "type": "object",
        "description": "A place page's tables, each with its first page of rows.",
        "required": ["partnership", "period", "previous_period", "threshold", "tables"],
        "properties": {
            "partnership": NAMED,
            "period": ref("Period"),
            "previous_period": ref("Period"),
            "threshold": {
                "type": "integer",
                "description": "Counts under this are not shown (for every reader alike).",
            },
            "line": NAMED,
            "indicators": {
                "type": "array",
                "description": "The area indicators `indicator` (and `band`) may choose.",
                "items": NAMED,
            },
            "indicator": {"type": ["integer", "null"]},
            "band": {"type": ["integer", "null"]},
            "tables": {"type": "array", "items": ref("PlaceTable")},
        },
    },
    "Place": {
        "type": "object",
        "required": ["partnership", "unmet_need", "areas", "lines", "indicators"],
        "properties": {
            "partnership": NAMED,
            "unmet_need": {"type": "string"},
            "areas": {"type": "string"},
            "lines": {
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
            },
            "indicators": {"type": "array", "items": NAMED},
        },
    },
}

TABLE_KEYS = [
    "searches-by-theme",
    "searches-by-district",
    "turned-away",
    "waiting-lists",
    "referrals-by-district",
    "referrals-by-indicator",
    "line-stops",
    "line-districts",
]
SCOPE = r"^(partnership|organisation)-[0-9a-f-]+$"
SCHEMAS["WellbeingSection"] = {
    "type": "object",
    "required": ["scope", "title", "suppressed", "threshold", "table"],
    "properties": {
        "scope": {
            "type": "string",
            "pattern": SCOPE,
            "description": "partnership-<id>: a partnership the caller manages, its member "
            "organisations' services, suppressed; organisation-<id>: the caller's own "
            "organisation's services, every figure shown.",
        },
        "title": {"type": "string"},
        "suppressed": {"type": "boolean"},
        "threshold": {"type": "integer"},
        "table": {
            **ref("PlaceTable"),
            "description": "A row a question: all services' first, then each service with "
            "figures (all of them, not only the page's most answered), by name.",
        },
    },
}
SCHEMAS["Wellbeing"] = {
    "type": "object",
    "required": ["sections"],
    "properties": {"sections": {"type": "array", "items": ref("WellbeingSection")}},
}

ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
LINE = {"name": "line", "in": "path", "required": True, "schema": {"type": "integer"}}
KEY = {
    "name": "key",
    "in": "path",
    "required": True,
    "schema": {"enum": TABLE_KEYS},
}
PERIOD: list[Json] = [
    {
        "name": "period",
        "in": "query",
        "description": "quarter (the last full quarter, the default), year (the last four "
        "full quarters) or custom (with from and to). As the place pages read it: anything "
        "else is the default.",
        "schema": {"enum": ["quarter", "year", "custom"]},
    },
    {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
    {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
]
INDICATOR = {
    "name": "indicator",
    "in": "query",
    "description": "An area indicator's id (see `indicators`).",
    "schema": {"type": "integer"},
}
BAND = {
    "name": "band",
    "in": "query",
    "description": "An area indicator's id, shown beside the line's.",
    "schema": {"type": "integer"},
}
PER_PAGE = {
    "name": "per_page",
    "in": "query",
    "description": "Rows per page of a table (default 100).",
    "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100},
}
PAGE = {
    "name": "page",
    "in": "query",
    "description": "Which page of the table's rows (or follow `next`).",
    "schema": {"type": "integer", "minimum": 1, "default": 1},
}
ERRORS = {
    "400": problem("A page number or a date that cannot be read."),
    "401": problem("Neither a session nor an organisation API token."),
    "404": problem("No such partnership for this caller (or no such line or table)."),
}


def _get(summary: str, operation: str, schema: str, parameters: list[Json]) -> Json:
    return {
        "get": {
            "summary": summary,
            "operationId": operation,
            "parameters": parameters,
            "responses": {"200": ok(schema, summary), **ERRORS},
        }
    }


DATES: list[Json] = [
    {
        "name": "from",
        "in": "query",
        "description": "Referrals completed from this day (none: from the first).",
        "schema": {"type": "string", "format": "date"},
    },
    {
        "name": "to",
        "in": "query",
        "description": "Referrals completed up to this day, included (none: to the last).",
        "schema": {"type": "string", "format": "date"},
    },
]

PATHS: Json = {
    "/insights/wellbeing": _get(
        "Did people feel better? The ONS4 wellbeing change by service, as the wellbeing page "
        "shows the caller (a token: its own organisation's services, in full).",
        "getWellbeing",
        "Wellbeing",
        [*DATES, PER_PAGE],
    ),
    "/insights/wellbeing/{scope}": _get(
        "One page of one section's wellbeing table.",
        "getWellbeingSection",
        "WellbeingSection",
        [
            {
                "name": "scope",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "pattern": SCOPE},
            },
            *DATES,
            PAGE,
            PER_PAGE,
        ],
    ),
    "/insights/{id}/place": _get(
        "Where a partnership's place figures are: unmet need, areas, its lines and indicators.",
        "getPlace",
        "Place",
        [ID],
    ),
    "/insights/{id}/unmet-need": _get(
        "Unmet need: searches that found little by theme and district, referrals turned away "
        "by service (the most turned away first), services on a waiting list.",
        "getUnmetNeed",
        "PlacePage",
        [ID, *PERIOD, PER_PAGE],
    ),
    "/insights/{id}/unmet-need/tables/{key}": _get(
        "One page of one unmet-need table.",
        "getUnmetNeedTable",
        "PlaceTable",
        [ID, KEY, *PERIOD, PAGE, PER_PAGE],
    ),
    "/insights/{id}/areas": _get(
        "Referrals by postcode district beside the period before, and by an area indicator.",
        "getAreas",
        "PlacePage",
        [ID, *PERIOD, INDICATOR, PER_PAGE],
    ),
    "/insights/{id}/areas/tables/{key}": _get(
        "One page of one table of referrals by area.",
        "getAreasTable",
        "PlaceTable",
        [ID, KEY, *PERIOD, INDICATOR, PAGE, PER_PAGE],
    ),
    "/insights/{id}/lines/{line}": _get(
        "An indicator along a line's stops, and referrals and unmet need in its districts.",
        "getLine",
        "PlacePage",
        [ID, LINE, *PERIOD, INDICATOR, BAND, PER_PAGE],
    ),
    "/insights/{id}/lines/{line}/tables/{key}": _get(
        "One page of one table of a line.",
        "getLineTable",
        "PlaceTable",
        [ID, LINE, KEY, *PERIOD, INDICATOR, BAND, PAGE, PER_PAGE],
    ),
}
