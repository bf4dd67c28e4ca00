"""Reading inputs and telling their format from their content (never from the file name alone).

Accepted:
- HSDS 3.0 JSON: one object, a list, a `Page` envelope (`{"total_items", ..., "contents"}`), a
  folder of such page files, NDJSON (one object per line), our export bundle
  (`{"organizations": [...], "services": [...], "taxonomies": [...], "taxonomy_terms": [...]}`) and
  HSDS's `tabular.json`;
- ORUK 1.0 JSON: a plain array or the `{"content", "totalElements"}` envelope, Outpost's variant,
  and Outpost's `/taxonomies` tree;
- the HSDS CSV datapackage: a folder holding `datapackage.json` and the CSV tables.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from joinedup.core import safejson
from joinedup.directory.importers import oruk1

Json = dict[str, Any]
BUNDLE_KEYS = ("taxonomies", "taxonomy_terms", "organizations", "locations", "services")
BUNDLE_KINDS = {
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
    "organizations": "organization",
    "locations": "location",
    "services": "service",
}
# Extension key our NDJSON export puts on the lines that are not services.
RECORD_TYPE_KEY = "joinedup_record_type"


# Stands in for an NDJSON line that is not JSON, so the line is reported and the rest imported.
INVALID_LINE = object()


class FeedError(Exception):
    """A whole input cannot be read: the message says which and why, for a person."""


@dataclass
class Record:
    kind: str  # service, organization, location, taxonomy, taxonomy_term
    position: str  # for the report: "feed.json item 12"
    source_format: str  # hsds3, hsds3-csv, oruk1, outpost
    doc: Any  # HSDS 3.0-shaped (converted for ORUK 1.0 and Outpost)
    original: Any  # as found in the input, kept in source_document


def decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FeedError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedError(
            f"{path} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 and import it again"
        ) from exc


def read(path: Path) -> Iterator[Record]:
    """Every record in one path (file or folder). Raises FeedError before the first record when
    the input is not a feed at all."""
    if not path.exists():
        raise FeedError(f"{path} does not exist")
    if path.is_dir():
        if (path / "datapackage.json").exists():
            from joinedup.directory.importers import tabular

            rows = tabular.read_datapackage(path)
            yield from tabular.records(rows, source=path.name, source_format="hsds3-csv")
            return
        files = sorted(
            (p for p in path.iterdir() if p.suffix.lower() in (".json", ".ndjson")),
            key=_natural,
        )
        if not files:
            raise FeedError(f"{path} is a folder with no .json files and no datapackage.json")
        for file in files:
            yield from read(file)
        return
    if path.suffix.lower() == ".csv":
        raise FeedError(
            f"{path} is a single CSV table: import the folder that holds datapackage.json"
        )
    text = decode(path)
    if not text.strip():
        raise FeedError(f"{path} is empty")
    try:
        data = _parse(text)
    except json.JSONDecodeError as exc:
        # NDJSON lines end with "\n" only: str.splitlines() would also split inside a value
        # holding U+2028 (which JSON leaves unescaped).
        lines = [line.rstrip("\r") for line in text.split("\n") if line.strip()]
        if len(lines) > 1 and _is_json_object(lines[0]):
            yield from _ndjson(lines, path.name)
            return
        raise FeedError(
            f"{path} is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from exc
    yield from from_json(data, path.name, shown_as=str(path))


def _parse(text: str) -> Any:
    """JSON of any size, but never nested past JSON_MAX_DEPTH: a `[[[[…` file is reported as
    not valid JSON (with why), not a RecursionError that stops the import."""
    try:
        return safejson.loads(text, max_bytes=len(text))
    except safejson.JsonRefused as exc:
        raise json.JSONDecodeError(str(exc), text, 0) from None


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(_parse(line), dict)
    except json.JSONDecodeError:
        return False


def _natural(path: Path) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", path.name)]


def _ndjson(lines: list[str], source: str) -> Iterator[Record]:
    parsed: list[Any] = []
    for line in lines:
        try:
            parsed.append(_parse(line))
        except json.JSONDecodeError as exc:
            parsed.append(exc)
    family = _family([x for x in parsed if isinstance(x, dict)])
    for number, item in enumerate(parsed, start=1):
        where = f"{source} line {number}"
        if isinstance(item, json.JSONDecodeError):
            yield Record("service", where, "hsds3", INVALID_LINE, None)
        else:
            yield _item(item, where, family)


def _family(items: list[Json]) -> str:
    """Which standard a list of objects follows, judged on its first items."""
    sample = items[:20]
    if any(oruk1.looks_like_outpost(x) for x in sample):
        return "outpost"
    if any(oruk1.looks_like_oruk1(x) or oruk1.looks_like_taxonomy(x) for x in sample):
        return "oruk1"
    return "hsds3"


def hsds_kind(doc: Json) -> str:
    """What an HSDS 3.0 object is, from the fields only that type has."""
    marked = doc.get(RECORD_TYPE_KEY)
    if isinstance(marked, str) and marked in BUNDLE_KINDS.values():
        return marked
    keys = doc.keys()
    if "name" not in keys and (
        {"service_id", "location_id"} <= keys
        or isinstance(doc.get("service"), dict)
        or isinstance(doc.get("location"), dict)
    ):
        return "service_at_location"
    if keys & {"status", "service_at_locations", "organization", "program", "service_areas"}:
        return "service"
    if keys & {
        "website",
        "tax_status",
        "year_incorporated",
        "legal_status",
        "services",
        "organization_identifiers",
        "parent_organization_id",
        "programs",
    }:
        return "organization"
    if keys & {"parent_id", "taxonomy_detail", "term_uri", "code", "taxonomy", "taxonomy_id"}:
        return "taxonomy_term"
    if keys & {"location_type", "latitude", "longitude", "addresses", "transportation"}:
        return "location"
    if keys & {"taxonomy_terms", "version"}:
        return "taxonomy"
    return "service"


def _item(item: Any, where: str, family: str) -> Record:
    if not isinstance(item, dict):
        return Record("service", where, family, item, item)
    if family == "hsds3":
        return Record(hsds_kind(item), where, "hsds3", item, item)
    if oruk1.looks_like_taxonomy(item):
        return Record("taxonomy_term", where, family, oruk1.taxonomy_term(item), item)
    return Record("service", where, family, oruk1.service(item), item)


def _is_feed_object(doc: Any) -> bool:
    return isinstance(doc, dict) and ("id" in doc or "name" in doc)


def from_json(data: Any, source: str, *, shown_as: str = "") -> Iterator[Record]:
    # A generator throughout: a document that is not a feed fails when it is first read.
    yield from _json_records(data, source, shown_as or source)


def _json_records(data: Any, source: str, shown_as: str) -> Iterator[Record]:
    """The records of a JSON document, by the shape it has (tried in this order)."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return _items(data["contents"], "contents item", source, shown_as)  # HSDS Page
    if isinstance(data, dict) and isinstance(data.get("content"), list):
        return _items(data["content"], "content item", source, shown_as)  # ORUK 1.0 / Outpost
    if (
        isinstance(data, dict)
        and "id" not in data  # an HSDS organisation also has "services" and "locations" lists
        and any(isinstance(data.get(k), list) for k in BUNDLE_KEYS)
    ):
        return _bundle(data, source)
    if isinstance(data, dict) and any(k.endswith(".csv") for k in data):
        from joinedup.directory.importers import tabular

        rows = tabular.from_tabular_json(data)
        return tabular.records(rows, source=source, source_format="hsds3")
    if isinstance(data, list):
        return _items(data, "item", source, shown_as)
    if _is_feed_object(data):
        return _items([data], "object", source, shown_as)
    found = ", ".join(sorted(data)[:8]) if isinstance(data, dict) else type(data).__name__
    raise FeedError(
        f"{shown_as} is JSON but not a directory feed: expected services (a list, an HSDS "
        f"Page with 'contents' or an ORUK page with 'content'); found {found or 'nothing'}"
    )


def _items(items: list[Any], label: str, source: str, shown_as: str) -> Iterator[Record]:
    if items and not any(_is_feed_object(x) for x in items):
        raise FeedError(
            f"{shown_as} is JSON but not a directory feed: none of its {len(items)} items has an "
            "id or a name"
        )
    dicts = [x for x in items if isinstance(x, dict)]
    if dicts and all(oruk1.looks_like_taxonomy(x) and "children" in x for x in dicts):
        yield from _outpost_terms(dicts, source)
        return
    family = _family(dicts)
    for number, item in enumerate(items, start=1):
        yield _item(item, f"{source} {label} {number}", family)


def _outpost_terms(tree: list[Json], source: str) -> Iterator[Record]:
    """Outpost's /taxonomies: one tree of terms, flattened parents first."""
    for number, term in enumerate(oruk1.outpost_tree(tree), start=1):
        yield Record(
            "taxonomy_term",
            f"{source} term {number}",
            "outpost",
            term,
            term.get("__original__", term),
        )


def _bundle(data: Json, source: str) -> Iterator[Record]:
    """Our JSON export: each list named for its record type, in dependency order."""
    for key in BUNDLE_KEYS:
        items = data.get(key)
        if not isinstance(items, list):
            continue
        kind = BUNDLE_KINDS[key]
        parent_key = {"taxonomy_term": "parent_id", "organization": "parent_organization_id"}
        if kind in parent_key:
            from joinedup.directory.importers.tabular import parents_first

            items = parents_first(items, parent_key[kind])
        for number, item in enumerate(items, start=1):
            yield Record(kind, f"{source} {key} item {number}", "hsds3", item, item)
