"""Export the whole directory: HSDS 3.0 JSON, NDJSON, or the HSDS CSV datapackage.

Everything the model holds is exported, published or not, so that importing an export into an
empty database and exporting again gives the same data (docs/adr/0003-directory-import.md).
The JSON shapes come from `joinedup.directory.hsds` (the same serialiser as the public feed);
joinedup's own fields travel as `joinedup_*` extension fields, which the importer reads back.

- json: one document `{"taxonomies": [...], "taxonomy_terms": [...], "organizations": [...],
  "locations": [...], "services": [...]}`, each list of HSDS 3.0 objects, in that order
  (what a record points to comes before it). Services are fully nested.
- ndjson: the same records, one per line, in the same order. Services are plain HSDS 3.0 service
  objects; every other line carries `"joinedup_record_type"` (taxonomy, taxonomy_term,
  organization, location) so that a reader can tell them apart.
- csv: a folder with `datapackage.json` and one CSV per HSDS table (see `tabular.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from joinedup.core import audit
from joinedup.directory.exporters.records import RECORD_LISTS, records
from joinedup.directory.exporters.tabular import write_datapackage

__all__ = ["FORMATS", "export_directory", "records"]

FORMATS = ("json", "ndjson", "csv")
RECORD_TYPE_KEY = "joinedup_record_type"


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False)


def write_json(out: IO[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    out.write("{")
    for number, (key, items) in enumerate(records()):
        out.write(f'{"," if number else ""}\n"{key}": [')
        count = 0
        for item in items:
            out.write(("," if count else "") + "\n" + _dumps(item))
            count += 1
        out.write("\n]")
        counts[key] = count
    out.write("\n}\n")
    return counts


def write_ndjson(out: IO[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for key, items in records():
        kind = RECORD_LISTS[key]
        count = 0
        for item in items:
            line = item if kind == "service" else {**item, RECORD_TYPE_KEY: kind}
            out.write(_dumps(line) + "\n")
            count += 1
        counts[key] = count
    return counts


def export_directory(*, format: str, output: Path, actor: Any = None) -> dict[str, int]:
    """Write the whole directory to `output` (a file; a folder for csv); return counts."""
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}: use one of {', '.join(FORMATS)}")
    writers: dict[str, Callable[[IO[str]], dict[str, int]]] = {
        "json": write_json,
        "ndjson": write_ndjson,
    }
    if format == "csv":
        counts = write_datapackage(output)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as out:
            counts = writers[format](out)
    audit.record(
        "directory.exported",
        actor=actor,
        details={"format": format, "output": str(output), "counts": counts},
    )
    return counts
