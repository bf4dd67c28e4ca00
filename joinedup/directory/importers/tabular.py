"""The HSDS 3.0 tabular form (CSV datapackage, or `tabular.json`) → nested HSDS records.

Each table row points at its parent by `*_id` columns. Where a row names several parents (the
HSDS example's contacts name an organisation, a service, a location and a service-at-location),
it hangs off the most specific one, as the nested JSON form would show it.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from joinedup.directory.importers.sources import FeedError, Record, decode

Json = dict[str, Any]
Rows = dict[str, list[Json]]

TABLES = (
    "organizations",
    "programs",
    "services",
    "service_at_location",
    "locations",
    "addresses",
    "accessibility",
    "phones",
    "contacts",
    "schedules",
    "funding",
    "service_areas",
    "required_documents",
    "languages",
    "cost_options",
    "organization_identifiers",
    "taxonomies",
    "taxonomy_terms",
    "attributes",
)


def read_datapackage(folder: Path) -> Rows:
    """The tables of a CSV datapackage, by table name (missing tables are empty)."""
    try:
        package = json.loads(decode(folder / "datapackage.json"))
    except json.JSONDecodeError:
        package = {}  # the tables are still found by their HSDS file names below
    paths: dict[str, Path] = {}
    resources = package.get("resources") if isinstance(package, dict) else None
    for resource in resources if isinstance(resources, list) else []:
        if isinstance(resource, dict) and isinstance(resource.get("path"), str):
            path = (folder / resource["path"]).resolve()
            if folder.resolve() not in path.parents:
                raise FeedError(f"{folder}: resource path {resource['path']!r} leaves the folder")
            paths[Path(resource["path"]).stem] = path
    for csv_file in folder.glob("*.csv"):
        paths.setdefault(csv_file.stem, csv_file)
    rows: Rows = {}
    for table in TABLES:
        path = paths.get(table)
        if path is None or not path.exists():
            rows[table] = []
            continue
        text = decode(path)
        try:
            rows[table] = [dict(row) for row in csv.DictReader(io.StringIO(text))]
        except csv.Error as exc:
            raise FeedError(f"{path} is not a readable CSV table: {exc}") from exc
    if not any(rows.values()):
        raise FeedError(f"{folder}: the datapackage has no HSDS tables with rows")
    return rows


def from_tabular_json(data: Json) -> Rows:
    """HSDS's `tabular.json`: {"services.csv": [rows], ...}."""
    return {t: [r for r in data.get(f"{t}.csv") or [] if isinstance(r, dict)] for t in TABLES}


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _parent(row: Json, keys: tuple[str, ...]) -> tuple[str, str] | None:
    for key in keys:
        if not _blank(row.get(key)):
            return key, str(row[key])
    return None


# Where each child table's rows go: (table, the list they form in their parent, the columns
# that may name the parent, most specific first, and the table each of those columns points
# into). Leaves first, so that a phone is inside its contact before the contact is placed.
_PLACEMENTS: tuple[tuple[str, str, tuple[str, ...], dict[str, str]], ...] = (
    (
        "languages",
        "languages",
        ("phone_id", "service_id", "location_id"),
        {"phone_id": "phones", "service_id": "services", "location_id": "locations"},
    ),
    (
        "phones",
        "phones",
        ("contact_id", "service_at_location_id", "service_id", "location_id", "organization_id"),
        {
            "contact_id": "contacts",
            "service_at_location_id": "service_at_location",
            "service_id": "services",
            "location_id": "locations",
            "organization_id": "organizations",
        },
    ),
    (
        "contacts",
        "contacts",
        ("service_at_location_id", "service_id", "location_id", "organization_id"),
        {
            "service_at_location_id": "service_at_location",
            "service_id": "services",
            "location_id": "locations",
            "organization_id": "organizations",
        },
    ),
    (
        "schedules",
        "schedules",
        ("service_at_location_id", "service_id", "location_id"),
        {
            "service_at_location_id": "service_at_location",
            "service_id": "services",
            "location_id": "locations",
        },
    ),
    (
        "funding",
        "funding",
        ("service_id", "organization_id"),
        {"service_id": "services", "organization_id": "organizations"},
    ),
    *(
        (table, table, ("service_id",), {"service_id": "services"})
        for table in ("service_areas", "required_documents", "cost_options")
    ),
    ("addresses", "addresses", ("location_id",), {"location_id": "locations"}),
    ("accessibility", "accessibility", ("location_id",), {"location_id": "locations"}),
    ("programs", "programs", ("organization_id",), {"organization_id": "organizations"}),
    (
        "organization_identifiers",
        "organization_identifiers",
        ("organization_id",),
        {"organization_id": "organizations"},
    ),
    ("service_at_location", "service_at_locations", ("service_id",), {"service_id": "services"}),
)
# The table of each entity an attribute row can name in its link_entity column.
_ENTITY_TABLES = {
    "service": "services",
    "organization": "organizations",
    "location": "locations",
    "service_at_location": "service_at_location",
}
# The tables of top-level records, in the order they are written, with their record kinds.
_TOP_LEVEL = {
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
    "organizations": "organization",
    "locations": "location",
    "services": "service",
}
Nested = dict[str, dict[str, Json]]


def records(rows: Rows, *, source: str, source_format: str) -> Iterator[Record]:
    """Nested HSDS records, in an order where everything a record points to comes first."""
    nested = _by_id(rows)
    for table, key, columns, targets in _PLACEMENTS:
        _attach(nested, table, key, columns, targets)
    _attach_attributes(nested)

    def emit(table: str, docs: list[Json]) -> Iterator[Record]:
        positions = {str(r.get("id")): i for i, r in enumerate(rows[table], start=2)}
        for doc in docs:
            where = f"{source} {table}.csv row {positions.get(str(doc.get('id')), '?')}"
            yield Record(_TOP_LEVEL[table], where, source_format, doc, doc)

    yield from emit("taxonomies", list(nested["taxonomies"].values()))
    yield from emit("taxonomy_terms", parents_first(list(nested["taxonomy_terms"].values())))
    orgs = parents_first(list(nested["organizations"].values()), "parent_organization_id")
    yield from emit("organizations", orgs)
    yield from emit("locations", list(nested["locations"].values()))
    yield from emit("services", list(nested["services"].values()))
    # Rows with no id cannot be upserted: every one is reported.
    for table, kind in _TOP_LEVEL.items():
        for i, row in enumerate(rows[table], start=2):
            if _blank(row.get("id")):
                yield Record(kind, f"{source} {table}.csv row {i}", source_format, row, row)


def _by_id(rows: Rows) -> Nested:
    """Each table's rows by id (the first row of an id wins), with empty child lists."""
    nested: Nested = {}
    for table in TABLES:
        nested[table] = {}
        for row in rows[table]:
            if not _blank(row.get("id")):
                nested[table].setdefault(str(row["id"]), dict(row))

    # The tables are the whole truth: a child row gone from its table is gone from the record.
    from joinedup.directory.importers.nodes import CHILD_KEYS

    for table, kind in (
        ("services", "service"),
        ("organizations", "organization"),
        ("locations", "location"),
    ):
        for doc in nested[table].values():
            for key in CHILD_KEYS[kind]:
                doc[key] = []
    return nested


def _attach(
    nested: Nested, table: str, key: str, columns: tuple[str, ...], targets: dict[str, str]
) -> None:
    """Each row of `table` into the `key` list of the parent its first filled column names."""
    for row in nested[table].values():
        found = _parent(row, columns)
        if found is None:
            continue
        parent = nested[targets[found[0]]].get(found[1])
        if parent is not None:
            parent.setdefault(key, []).append(row)


def _attach_attributes(nested: Nested) -> None:
    for row in nested["attributes"].values():
        entity_table = _ENTITY_TABLES.get(str(row.get("link_entity") or ""))
        parent = nested[entity_table].get(str(row.get("link_id"))) if entity_table else None
        if parent is not None:
            parent.setdefault("attributes", []).append(row)


def parents_first(items: list[Any], parent_key: str = "parent_id") -> list[Any]:
    """Records ordered so that each comes after its parent (when the parent is among them)."""
    ids = {str(t.get("id")) for t in items if isinstance(t, dict)}
    children: dict[str, list[Any]] = defaultdict(list)
    roots = []
    for item in items:
        parent = item.get(parent_key) if isinstance(item, dict) else None
        if _blank(parent) or str(parent) not in ids or parent == item.get("id"):
            roots.append(item)
        else:
            children[str(parent)].append(item)
    ordered: list[Any] = []
    frontier = roots
    while frontier:
        ordered.extend(frontier)
        frontier = [
            c for t in frontier if isinstance(t, dict) for c in children.pop(str(t["id"]), [])
        ]
    for rest in children.values():  # a cycle: import them anyway, parents may not link
        ordered.extend(rest)
    return ordered
