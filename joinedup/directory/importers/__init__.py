"""Import a directory feed (HSDS 3.0 JSON / CSV, ORUK 1.0, Outpost) into the directory.

`import_directory(paths=[...])` is the one door: the `import_directory` command, tests and the
benchmark call it. Per input: read and detect the format (`sources`), convert to HSDS 3.0 dicts
(`oruk1`, `tabular`), clean each record into nodes (`nodes`), then write each record in its own
savepoint (`writer`). See docs/adr/0003-directory-import.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from django.apps import apps
from django.db import transaction

from joinedup.core import audit, planner
from joinedup.directory.changes import listings_changed
from joinedup.directory.importers.builders import BUILDERS, Builder
from joinedup.directory.importers.cleaning import Rejected, type_name
from joinedup.directory.importers.nodes import Node
from joinedup.directory.importers.report import ImportReport, Problem
from joinedup.directory.importers.sources import INVALID_LINE, FeedError, Record, read
from joinedup.directory.importers.writer import Writer

if TYPE_CHECKING:
    from joinedup.core.models import User

__all__ = ["FeedError", "ImportReport", "Problem", "import_directory"]

# Records per outer transaction: one commit per batch is what makes SQLite fast; each record
# still has its own savepoint inside it.
BATCH_SIZE = 500

Progress = Callable[[int, int], None]


def _expand(records: list[Record]) -> Iterator[Record]:
    """An HSDS organisation may nest its services, a service_at_location its service and
    location: each becomes a record of its own."""
    for record in records:
        doc = record.doc
        if record.kind == "service_at_location" and isinstance(doc, dict):
            for kind in ("location", "service"):
                if isinstance(doc.get(kind), dict):
                    where = f"{record.position} {kind}"
                    yield Record(kind, where, record.source_format, doc[kind], doc[kind])
            continue
        if record.kind == "organization" and isinstance(doc, dict):
            services = doc.get("services")
            if isinstance(services, list):
                yield Record(
                    "organization",
                    record.position,
                    record.source_format,
                    {k: v for k, v in doc.items() if k != "services"},
                    record.original,
                )
                for number, service in enumerate(services, start=1):
                    if isinstance(service, dict) and "organization" not in service:
                        service = {**service, "organization_id": doc.get("id")}
                    yield Record(
                        "service",
                        f"{record.position} service {number}",
                        record.source_format,
                        service,
                        service,
                    )
                continue
        yield record


def _build(record: Record, namespace: str | None) -> tuple[Node, list[str]]:
    if not isinstance(record.doc, dict):
        what = (
            "a line that is not valid JSON" if record.doc is INVALID_LINE else type_name(record.doc)
        )
        raise Rejected(f"expected an object, got {what}")
    builder = Builder(namespace=namespace or record.source_format)
    node = BUILDERS[record.kind](builder, record.doc)
    node.document = record.original
    return node, builder.warnings


def _import_one(
    record: Record, *, writer: Writer, seen: dict[tuple[str, str], str], namespace: str | None
) -> None:
    report = writer.report
    report.formats.add(record.source_format)
    raw_id = record.doc.get("id") if isinstance(record.doc, dict) else None
    if raw_id not in (None, ""):
        key = (record.kind, str(raw_id).strip().lower())
        if key in seen:
            reason = f"duplicate {record.kind} id {raw_id}: it came first at {seen[key]}"
            report.reject(record.kind, record.position, str(raw_id), reason)
            return
        seen[key] = record.position
    try:
        node, warnings = _build(record, namespace)
    except Rejected as exc:
        report.reject(record.kind, record.position, str(raw_id or ""), str(exc))
        return
    writer.write(
        node, position=record.position, source_format=record.source_format, warnings=warnings
    )


def import_directory(
    *,
    paths: Sequence[str | Path],
    actor: User | None = None,
    namespace: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every record of every path, report what happened, audit the run."""
    report = ImportReport()
    loaded: list[tuple[int, Record]] = []
    for number, path in enumerate(paths):
        try:
            loaded.extend((number, record) for record in _expand(list(read(Path(path)))))
        except FeedError as exc:
            report.errors.append(str(exc))
    writer = Writer(report=report)
    # Duplicate ids are looked for within one input (a file, or a folder of pages): the same
    # record in two inputs (a services file and an organisations file) is an upsert.
    seen: dict[tuple[str, str], str] = {}  # (kind, id as given) → where it came first
    current = -1
    total = len(loaded)
    for start in range(0, total, BATCH_SIZE):
        with transaction.atomic():
            written_before = set(writer.written)
            batch = loaded[start : start + BATCH_SIZE]
            for number, (source, record) in enumerate(batch, start=start + 1):
                if source != current:
                    current = source
                    seen.clear()
                    writer.next_input()
                _import_one(record, writer=writer, seen=seen, namespace=namespace)
                if progress is not None:
                    progress(number, total)
            # One background task per batch brings search up to date once the batch commits.
            listings_changed(writer.services_affected(writer.written - written_before))
    if len(writer.written) >= planner.BULK_ROWS:
        planner.analyse(apps.get_app_config("directory").get_models())
    audit.record(
        "directory.imported",
        actor=actor,
        details={"paths": [str(p) for p in paths], **report.as_dict()},
    )
    return report
