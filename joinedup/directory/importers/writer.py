"""Write cleaned nodes to the database: upsert by id, unchanged by hash, a savepoint per record."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.directory.importers.cleaning import Rejected
from joinedup.directory.importers.nodes import Node
from joinedup.directory.importers.report import ImportReport
from joinedup.directory.models import (
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
from joinedup.directory.models.locations import Accessibility, Address

TOP_LEVEL: dict[str, type[models.Model]] = {
    "taxonomy": Taxonomy,
    "taxonomy_term": TaxonomyTerm,
    "organization": Organization,
    "location": Location,
    "service": Service,
    "program": Program,
}

# Rows an update replaces wholesale, by the HSDS key of the list they come from.
_CHILDREN: dict[str, dict[str, tuple[type[models.Model], str]]] = {
    "service": {
        "phones": (Phone, "service"),
        "schedules": (Schedule, "service"),
        "service_areas": (ServiceArea, "service"),
        "languages": (Language, "service"),
        "funding": (Funding, "service"),
        "cost_options": (CostOption, "service"),
        "required_documents": (RequiredDocument, "service"),
        "contacts": (Contact, "service"),
        "service_at_locations": (ServiceAtLocation, "service"),
    },
    "organization": {
        "funding": (Funding, "organization"),
        "contacts": (Contact, "organization"),
        "phones": (Phone, "organization"),
        "organization_identifiers": (OrganizationIdentifier, "organization"),
    },
    "location": {
        "languages": (Language, "location"),
        "addresses": (Address, "location"),
        "contacts": (Contact, "location"),
        "accessibility": (Accessibility, "location"),
        "phones": (Phone, "location"),
        "schedules": (Schedule, "location"),
    },
}
# A required foreign key: a child whose link cannot be resolved is dropped, not written half.
_REQUIRED_LINKS = {"location_id", "taxonomy_term_id"}


_PLAIN_TYPES = (str, int, float, bool)
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.FloatField,
    models.BooleanField,
)
_INSERT_SQL: dict[type[models.Model], tuple[str, list[models.Field]]] = {}


def insert(model: type[models.Model], pk: uuid.UUID, values: dict[str, Any]) -> None:
    """INSERT one row without the ORM's per-call query compilation (a third of import time).

    Field defaults, auto_now_add and database conversions are Django's own (`pre_save`,
    `get_db_prep_save`); there are no signals to skip (house rule: no signals).
    """
    if model not in _INSERT_SQL:
        fields = list(model._meta.concrete_fields)
        qn = connection.ops.quote_name
        # Table and column names come from our own models, quoted; values are parameters.
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            qn(model._meta.db_table),
            ", ".join(qn(f.column) for f in fields),
            ", ".join(["%s"] * len(fields)),
        )
        _INSERT_SQL[model] = (sql, fields)
    sql, fields = _INSERT_SQL[model]
    now = timezone.now()
    params = []
    for f in fields:
        if f.primary_key:
            value: Any = pk
        elif f.attname in values:
            value = values[f.attname]
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        else:
            value = f.get_default()
        if value is None or (type(value) in _PLAIN_TYPES and isinstance(f, _PLAIN_FIELDS)):
            params.append(value)  # nothing to convert: skip the per-field conversion calls
        else:
            params.append(f.get_db_prep_save(value, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def normalise_name(name: str) -> str:
    """How two spellings of one organisation's name are compared."""
    name = name.casefold().replace("&", " and ")
    name = re.sub(r"[^\w]+", " ", name)
    name = re.sub(r"\b(the|ltd|limited|cic|cio)\b", " ", name)
    return " ".join(name.split())


@dataclass
class _Pending:
    """What one record's savepoint did; merged into the run only if the savepoint commits."""

    done: dict[tuple[str, uuid.UUID], uuid.UUID | None] = field(default_factory=dict)
    hashes: dict[str, dict[uuid.UUID, str]] = field(default_factory=lambda: defaultdict(dict))
    names: dict[str, uuid.UUID] = field(default_factory=dict)
    outcomes: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    child_ids: set[uuid.UUID] = field(default_factory=set)
    roots: set[tuple[str, uuid.UUID]] = field(default_factory=set)
    written: set[uuid.UUID] = field(default_factory=set)


class Writer:
    """Upserts records for one import run, keeping run-wide lookups in memory (few queries)."""

    def __init__(self, *, report: ImportReport, source_format: str = "") -> None:
        self.report = report
        self.source_format = source_format
        self._hashes: dict[str, dict[uuid.UUID, str]] = {}
        self._names: dict[str, uuid.UUID] | None = None
        self.done: dict[tuple[str, uuid.UUID], uuid.UUID | None] = {}
        self.roots: set[tuple[str, uuid.UUID]] = set()  # this input's records
        self.earlier_inputs: set[tuple[str, uuid.UUID]] = set()  # records of earlier inputs
        self.written: set[uuid.UUID] = set()

    # --- lookups -----------------------------------------------------------------------------

    def next_input(self) -> None:
        self.earlier_inputs |= self.roots
        self.roots = set()

    def hashes(self, kind: str) -> dict[uuid.UUID, str]:
        if kind not in self._hashes:
            model = TOP_LEVEL[kind]
            column = "source_hash" if kind != "program" else "name"
            self._hashes[kind] = {
                pk: value or "" for pk, value in model._default_manager.values_list("pk", column)
            }
        return self._hashes[kind]

    def org_names(self) -> dict[str, uuid.UUID]:
        if self._names is None:
            self._names = {}
            for pk, name in Organization.objects.order_by("created_at").values_list("pk", "name"):
                self._names.setdefault(normalise_name(name), pk)
        return self._names

    def _exists(self, kind: str, pk: uuid.UUID, pending: _Pending) -> bool:
        return pk in pending.hashes[kind] or pk in self.hashes(kind)

    def _old_hash(self, kind: str, pk: uuid.UUID, pending: _Pending) -> str | None:
        if pk in pending.hashes[kind]:
            return pending.hashes[kind][pk]
        return self.hashes(kind).get(pk)

    def services_affected(self, written: set[uuid.UUID]) -> set[uuid.UUID]:
        """Services whose search entry may have changed with these written records: the
        services themselves, and those of a written organisation, location or category."""
        if not written:
            return set()
        ids = list(written)
        tagged = Attribute.objects.filter(link_entity="service", taxonomy_term_id__in=ids)
        return set(
            Service.objects.filter(
                Q(id__in=ids)
                | Q(organization_id__in=ids)
                | Q(service_at_locations__location_id__in=ids)
                | Q(id__in=tagged.values("link_id"))
            ).values_list("id", flat=True)
        )

    # --- one record --------------------------------------------------------------------------

    def write(self, node: Node, *, position: str, source_format: str, warnings: list[str]) -> bool:
        """Write one record in its own savepoint; a failure rolls back all of it and is reported."""
        pending = _Pending(warnings=list(warnings))
        try:
            with transaction.atomic():
                self._upsert(node, pending, source_format, root=True)
        except Rejected as exc:
            self.report.reject(node.kind, position, str(node.id), str(exc))
            return False
        except (DatabaseError, ValueError, TypeError) as exc:
            reason = f"the database refused it: {str(exc).splitlines()[0][:300]}"
            self.report.reject(node.kind, position, str(node.id), reason)
            return False
        self.done.update(pending.done)
        self.roots |= pending.roots
        self.written |= pending.written
        for kind, values in pending.hashes.items():
            self.hashes(kind).update(values)
        self.org_names().update(pending.names)
        for kind, outcome in pending.outcomes:
            self.report.count(kind, outcome)
        for message in pending.warnings:
            self.report.warn(node.kind, position, str(node.id), message)
        return True

    def _upsert(
        self, node: Node, pending: _Pending, source_format: str, *, root: bool = False
    ) -> uuid.UUID | None:
        key = (node.kind, node.id)
        if root and self._claim_root(node, pending):
            return self.done.get(key, node.id)
        if not root and (key in pending.done or key in self.done):
            return pending.done[key] if key in pending.done else self.done[key]
        if node.reference_only:
            return self._link_only(node, pending)
        target = self._merge_target(node, pending)
        if target != node.id and target in self.written | pending.written:
            pending.done[key] = target  # merged into one written earlier in this run
            return target
        digest = node.digest(source_format)
        old = self._old_hash(node.kind, target, pending)
        if old == digest:
            pending.done[key] = target
            pending.outcomes.append((node.kind, "unchanged"))
            self._mark_unchanged(node, pending)
        else:
            self._write_row(node, target, pending, source_format, digest=digest, old=old)
        return target

    def _claim_root(self, node: Node, pending: _Pending) -> bool:
        """Take a record of this input; True when an earlier input of the run already had it."""
        key = (node.kind, node.id)
        if key in self.roots:
            raise Rejected(
                f"duplicate {node.kind} id {node.id}: a record with this id came earlier"
            )
        pending.roots.add(key)
        if key not in self.earlier_inputs:
            return False
        # The same record in two inputs of one run: the first copy wins, so that the run is
        # repeatable (a later, different copy would rewrite it on every run).
        pending.outcomes.append((node.kind, "unchanged"))
        pending.warnings.append("already imported from an earlier input of this run")
        return True

    def _link_only(self, node: Node, pending: _Pending) -> uuid.UUID | None:
        """A record too thin to create links to an existing row, or to nothing."""
        if self._exists(node.kind, node.id, pending):
            return node.id
        pending.warnings.append(f"{node.kind} {node.id} has no name and is not known: not linked")
        pending.done[(node.kind, node.id)] = None
        return None

    def _merge_target(self, node: Node, pending: _Pending) -> uuid.UUID:
        """The row to write: a new organisation goes into one already known by the same name
        (under another id, or with no id of its own): the first one wins."""
        if node.kind != "organization" or self._exists(node.kind, node.id, pending):
            return node.id
        same = normalise_name(node.fields["name"])
        return pending.names.get(same) or self.org_names().get(same) or node.id

    def _write_row(
        self,
        node: Node,
        target: uuid.UUID,
        pending: _Pending,
        source_format: str,
        *,
        digest: str,
        old: str | None,
    ) -> None:
        """Insert or update the record's row, then write its children."""
        kind = node.kind
        fields = self._resolve(node, pending, source_format)
        values = {
            **fields,
            "source_format": source_format,
            "source_document": node.document,
            "source_hash": digest,
        }
        if kind == "service" and values.get("organization_id") is None:
            # Nobody answers for a service without an organisation: it comes in unpublished
            # (the database refuses a published one) until an organisation adopts it.
            values["published"] = False
        if old is None:
            insert(node.model, target, values)
            pending.outcomes.append((kind, "created"))
        else:
            node.model._default_manager.filter(pk=target).update(**values)
            self._delete_children(kind, target, node.present)
            pending.outcomes.append((kind, "updated"))
        pending.done[(kind, node.id)] = target
        pending.written.add(target)
        pending.hashes[kind][target] = digest
        if kind == "organization":
            pending.names.setdefault(normalise_name(fields["name"]), target)
        self._write_children(node, target, pending, source_format)

    def _mark_unchanged(self, node: Node, pending: _Pending) -> None:
        """The records an unchanged record points to are unchanged too (not written, counted)."""
        for ref in [
            *node.refs.values(),
            *node.after,
            *(r for c in node.children for r in c.refs.values()),
        ]:
            key = (ref.kind, ref.id)
            if ref.reference_only or key in pending.done or key in self.done:
                continue
            if ref.id not in self.hashes(ref.kind):
                continue  # merged into another record by name: nothing of its own to count
            pending.done[key] = ref.id
            pending.outcomes.append((ref.kind, "unchanged"))
            self._mark_unchanged(ref, pending)

    def _resolve(self, node: Node, pending: _Pending, source_format: str) -> dict[str, Any]:
        fields = dict(node.fields)
        for attname, ref in node.refs.items():
            fields[attname] = self._upsert(ref, pending, source_format)
        for attname, (kind, pk) in node.links.items():
            if self._exists(kind, pk, pending):
                fields[attname] = pk
            else:
                fields[attname] = None
                pending.warnings.append(f"{attname} {pk} is not in the directory: not linked")
        return fields

    def _write_children(
        self, node: Node, parent: uuid.UUID, pending: _Pending, source_format: str
    ) -> None:
        for child in node.children:
            if child.id in pending.child_ids:
                pending.warnings.append(f"{child.kind} {child.id} appears twice: second dropped")
                continue
            fields = self._resolve(child, pending, source_format)
            missing = [k for k in _REQUIRED_LINKS if k in fields and fields[k] is None]
            if missing:
                pending.warnings.append(f"{child.kind} {child.id}: {missing[0]} unknown; dropped")
                continue
            pending.child_ids.add(child.id)
            fields[child.parent_field] = parent
            if child.model is Program:
                Program.objects.update_or_create(pk=child.id, defaults=fields)
            elif not (child.source_id and self._share(child, fields)):
                insert(child.model, child.id, fields)
            self._write_children(child, child.id, pending, source_format)
        for after in node.after:
            after.fields[after.parent_field] = parent
            self._upsert(after, pending, source_format)

    def _share(self, child: Node, fields: dict[str, Any]) -> bool:
        """Link an existing row with this id to this parent too, if it has no parent of this kind
        yet (one HSDS phone row listed under its service and its location). A row that already
        has another parent of this kind is a clash: the insert fails and the record is rejected."""
        parent_field = child.parent_field
        free = child.model._default_manager.filter(
            Q(**{parent_field: None}) | Q(**{parent_field: fields[parent_field]}), pk=child.id
        )
        return bool(free.update(**fields))

    def _delete_children(self, kind: str, pk: uuid.UUID, present: frozenset[str]) -> None:
        if kind == "service" and "service_at_locations" in present:
            sal_ids = list(
                ServiceAtLocation.objects.filter(service_id=pk).values_list("pk", flat=True)
            )
            Attribute.objects.filter(
                link_entity="service_at_location", link_id__in=sal_ids
            ).delete()
        if "attributes" in present:
            Attribute.objects.filter(link_entity=kind, link_id=pk).delete()
        for key, (model, fk) in _CHILDREN.get(kind, {}).items():
            if key in present:
                model._default_manager.filter(**{f"{fk}_id": pk}).delete()
