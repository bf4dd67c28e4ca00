"""The HSDS 3.0 CSV datapackage: `datapackage.json` and one CSV per table.

Columns are HSDS 3.0's (as in its `datapackage.json` and example CSVs), in its order. joinedup's
own fields are extra columns named `joinedup_*` on `services.csv` and `organizations.csv`,
declared in our `datapackage.json`; the importer reads them back.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import json
import uuid
from pathlib import Path
from typing import Any

from django.db import models

from joinedup.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Program,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

# table → (model, HSDS columns, {column: model attribute} where they differ)
TABLES: dict[str, tuple[type[models.Model], list[str], dict[str, str]]] = {
    "organizations": (
        Organization,
        [
            "id", "name", "alternate_name", "description", "email", "website", "tax_status",
            "tax_id", "year_incorporated", "legal_status", "logo", "uri",
            "parent_organization_id", "joinedup_sector", "joinedup_published",
        ],
        {"joinedup_sector": "sector", "joinedup_published": "published"},
    ),
    "programs": (
        Program,
        ["id", "organization_id", "name", "alternate_name", "description"],
        {},
    ),
    "services": (
        Service,
        [
            "id", "organization_id", "program_id", "name", "alternate_name", "description",
            "url", "email", "status", "interpretation_services", "application_process",
            "fees_description", "wait_time", "fees", "accreditations", "eligibility_description",
            "minimum_age", "maximum_age", "assured_date", "assurer_email", "licenses", "alert",
            "last_modified", "joinedup_intake_mode", "joinedup_capacity_status",
            "joinedup_capacity_wait_band", "joinedup_capacity_note",
            "joinedup_capacity_updated_at", "joinedup_published",
        ],
        {
            "joinedup_intake_mode": "intake_mode",
            "joinedup_capacity_status": "capacity_status",
            "joinedup_capacity_wait_band": "capacity_wait_band",
            "joinedup_capacity_note": "capacity_note",
            "joinedup_capacity_updated_at": "capacity_updated_at",
            "joinedup_published": "published",
        },
    ),
    "service_at_location": (
        ServiceAtLocation, ["id", "service_id", "location_id", "description"], {}
    ),
    "locations": (
        Location,
        [
            "id", "location_type", "url", "organization_id", "name", "alternate_name",
            "description", "transportation", "latitude", "longitude", "external_identifier",
            "external_identifier_type",
        ],
        {},
    ),
    "addresses": (
        Address,
        [
            "id", "location_id", "attention", "address_1", "address_2", "city", "region",
            "state_province", "postal_code", "country", "address_type",
        ],
        {},
    ),
    "accessibility": (Accessibility, ["id", "location_id", "description", "details", "url"], {}),
    "phones": (
        Phone,
        [
            "id", "location_id", "service_id", "organization_id", "contact_id",
            "service_at_location_id", "number", "extension", "type", "description",
        ],
        {},
    ),
    "contacts": (
        Contact,
        [
            "id", "organization_id", "service_id", "service_at_location_id", "location_id",
            "name", "title", "department", "email",
        ],
        {},
    ),
    "schedules": (
        Schedule,
        [
            "id", "service_id", "location_id", "service_at_location_id", "valid_from",
            "valid_to", "dtstart", "timezone", "until", "count", "wkst", "freq", "interval",
            "byday", "byweekno", "bymonthday", "byyearday", "description", "opens_at",
            "closes_at", "schedule_link", "attending_type", "notes",
        ],
        {},
    ),
    "funding": (Funding, ["id", "organization_id", "service_id", "source"], {}),
    "service_areas": (
        ServiceArea,
        ["id", "service_id", "name", "description", "extent", "extent_type", "uri"],
        {},
    ),
    "required_documents": (RequiredDocument, ["id", "service_id", "document", "uri"], {}),
    "languages": (
        Language, ["id", "service_id", "location_id", "phone_id", "name", "code", "note"], {}
    ),
    "cost_options": (
        CostOption,
        [
            "id", "service_id", "valid_from", "valid_to", "option", "currency", "amount",
            "amount_description",
        ],
        {},
    ),
    "organization_identifiers": (
        OrganizationIdentifier,
        ["id", "organization_id", "identifier_scheme", "identifier_type", "identifier"],
        {},
    ),
    "taxonomies": (Taxonomy, ["id", "name", "description", "uri", "version"], {}),
    "taxonomy_terms": (
        TaxonomyTerm,
        [
            "id", "code", "name", "description", "parent_id", "taxonomy", "language",
            "taxonomy_id", "term_uri",
        ],
        {"taxonomy_id": "taxonomy_detail_id"},
    ),
    "attributes": (
        Attribute,
        ["id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"],
        {},
    ),
}  # fmt: skip


def cell(value: Any) -> str:
    """One CSV cell: ISO dates and times, plain numbers, "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def write_datapackage(folder: Path) -> dict[str, int]:
    """Write every table (in id order) and the datapackage describing them."""
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    resources = []
    for table, (model, columns, renamed) in TABLES.items():
        attributes = [renamed.get(c, c) for c in columns]
        rows = model._default_manager.order_by("pk").values_list(*attributes)
        with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            count = 0
            for row in rows.iterator(chunk_size=2000):
                writer.writerow([cell(v) for v in row])
                count += 1
        counts[table] = count
        resources.append(
            {
                "name": table,
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [{"name": c, "type": "string"} for c in columns]},
            }
        )
    package = {
        "name": "joinedup-directory",
        "title": "Service directory (HSDS 3.0 tabular data package)",
        "profile": "tabular-data-package",
        "resources": resources,
    }
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2) + "\n")
    return counts
