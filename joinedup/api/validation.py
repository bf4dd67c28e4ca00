"""Validators for feed responses against the official HSDS 3.0 and ORUK 3.0 JSON schemas.

The schemas are registered under their canonical URLs in a `referencing.Registry`, so every
`$ref` resolves offline. The project's tests use the copies in `joinedup/api/schemas/`; the CI
schema walk passes the upstream folders from `$JOINEDUP_SHARED_DIR/standards` instead.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"
HSDS_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
ORUK_BASE = "https://openreferraluk.org/specifications/3.0/schema/"

# HSDS's `Page` component (openapi.json): a list is a Page whose contents are entities.
HSDS_PAGE = {
    "type": "object",
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
    },
}
# HSDS openapi.json's inline schema for `GET /`.
HSDS_API_DETAILS = {
    "type": "object",
    "properties": {
        "version": {"type": "string"},
        "profile": {"type": "string", "format": "uri"},
        "openapi_url": {"type": "string", "format": "uri"},
    },
}
# What each endpoint answers with: (HSDS entity schema, ORUK schema). Lists wrap the HSDS
# entity in a Page; ORUK has its own `*_list.json`. /service_at_locations/{id} uses the
# service_at_location schema in both (HSDS openapi points it at service.json: quirk 3).
ENDPOINTS: dict[str, tuple[str | None, str]] = {
    "index": (None, "api_details.json"),
    "services": ("service.json", "service_list.json"),
    "service": ("service.json", "service.json"),
    "organizations": ("organization.json", "organization_list.json"),
    "organization": ("organization.json", "organization.json"),
    "taxonomies": ("taxonomy.json", "taxonomy_list.json"),
    "taxonomy": ("taxonomy.json", "taxonomy.json"),
    "taxonomy_terms": ("taxonomy_term.json", "taxonomy_term_list.json"),
    "taxonomy_term": ("taxonomy_term.json", "taxonomy_term.json"),
    "service_at_locations": ("service_at_location.json", "service_at_location_list.json"),
    "service_at_location": ("service_at_location.json", "service_at_location.json"),
}
LISTS = {"services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations"}


# jsonschema only asserts "uri" and "date-time" with optional packages installed; these
# checks keep the assertion on without them.
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def format_checker() -> FormatChecker:
    checker = FormatChecker()

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        return not isinstance(value, str) or bool(URI.match(value))

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not DATE_TIME.match(value):
            return False
        datetime.datetime.fromisoformat(value.replace("z", "Z"))
        return True

    return checker


def _registry(hsds_dir: Path, oruk_dir: Path) -> Registry[Any]:
    resources = []
    for folder, base in ((hsds_dir, HSDS_BASE), (oruk_dir, ORUK_BASE)):
        for path in sorted(folder.glob("*.json")):
            contents = json.loads(path.read_text(encoding="utf-8"))
            resource = Resource.from_contents(contents, default_specification=DRAFT202012)
            resources.append((base + path.name, resource))
    return Registry().with_resources(resources)


@dataclass
class FeedValidator:
    registry: Registry[Any]
    formats: bool = True

    def _validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        checker = format_checker() if self.formats else None
        return Draft202012Validator(schema, registry=self.registry, format_checker=checker)

    def schemas(self, endpoint: str) -> dict[str, dict[str, Any]]:
        hsds, oruk = ENDPOINTS[endpoint]
        out: dict[str, dict[str, Any]] = {"ORUK 3.0": {"$ref": ORUK_BASE + oruk}}
        if hsds is None:
            out["HSDS 3.0"] = HSDS_API_DETAILS
        elif endpoint in LISTS:
            out["HSDS 3.0"] = {
                "allOf": [HSDS_PAGE],
                "properties": {"contents": {"type": "array", "items": {"$ref": HSDS_BASE + hsds}}},
            }
        else:
            out["HSDS 3.0"] = {"$ref": HSDS_BASE + hsds}
        return out

    def errors(self, endpoint: str, document: Any) -> list[str]:
        """Every violation of either standard, as "<standard> at <path>: <message>"."""
        found = []
        for standard, schema in self.schemas(endpoint).items():
            for error in self._validator(schema).iter_errors(document):
                where = "/".join(str(p) for p in error.absolute_path) or "(top)"
                found.append(f"{standard} at {where}: {error.message[:300]}")
        return found


def project_validator() -> FeedValidator:
    """Against the copies shipped in the project."""
    return FeedValidator(_registry(SCHEMAS_DIR / "hsds-3.0", SCHEMAS_DIR / "oruk-3.0"))


def standards_validator(standards_dir: Path) -> FeedValidator:
    """Against the upstream folders (`hsds-3.0/schema`, `oruk-3.0/schema` under standards)."""
    return FeedValidator(
        _registry(standards_dir / "hsds-3.0" / "schema", standards_dir / "oruk-3.0" / "schema")
    )


__all__ = ["FeedValidator", "format_checker", "project_validator", "standards_validator"]
