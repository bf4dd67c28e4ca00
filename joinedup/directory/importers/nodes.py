"""HSDS 3.0 documents → cleaned `Node` trees ready to write.

Every input format is first converted to HSDS 3.0-shaped dicts (see `oruk1.py` and `tabular.py`);
this module is the single place where those dicts are validated and turned into model values.
Fields are cleaned by their model field type, so the model stays the one statement of lengths
and shapes.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from django.db import models

from joinedup.directory.models import (
    Service,
)

# Bumped when cleaning rules change, so that records imported under old rules are rewritten.
NORMALISATION_VERSION = "1"

# Key under which a converter keeps a nested object's original document (see oruk1.py).
ORIGINAL = "__original__"

# Not taken from documents: bookkeeping, or joinedup's own fields read from extension keys.
_SKIP = {
    "source_format",
    "source_document",
    "source_hash",
    "created_at",
    "published",
    "sector",
    "intake_mode",
    "capacity_status",
    "capacity_wait_band",
    "capacity_note",
    "capacity_updated_at",
}
# A service's status and ages decide who is sent to it: a bad value rejects the record.
_REJECT_IF_BAD = {"status", "minimum_age", "maximum_age"}
# The child lists of each top-level record, by their HSDS key.
CHILD_KEYS = {
    "service": frozenset(
        {
            "phones",
            "schedules",
            "service_areas",
            "languages",
            "funding",
            "cost_options",
            "required_documents",
            "contacts",
            "service_at_locations",
            "attributes",
        }
    ),
    "organization": frozenset(
        {"funding", "contacts", "phones", "organization_identifiers", "attributes"}
    ),
    "location": frozenset(
        {"languages", "addresses", "contacts", "accessibility", "phones", "schedules", "attributes"}
    ),
}
_RANGES = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0), "timezone": (-24.0, 24.0)}


@dataclass
class Node:
    """One row to write, with the rows that hang off it.

    - `refs`: top-level records (organisation, location, taxonomy term...) this row points to;
      upserted first, their final id goes into `fields[attname]`.
    - `links`: ids of rows that must already exist (a bare `organization_id`); dropped with a
      warning when they do not.
    - `after`: top-level records written after this one, pointing back to it by `parent_field`.
    - `reference_only`: a nested record too thin to create (an organisation with no name);
      it only links to an existing row.
    """

    kind: str
    model: type[models.Model]
    id: uuid.UUID
    fields: dict[str, Any] = field(default_factory=dict)
    parent_field: str = ""
    children: list[Node] = field(default_factory=list)
    refs: dict[str, Node] = field(default_factory=dict)
    links: dict[str, tuple[str, uuid.UUID]] = field(default_factory=dict)
    after: list[Node] = field(default_factory=list)
    document: Any = None
    reference_only: bool = False
    # The child lists the document carried: an update replaces only those (a service nested in
    # a list item with no "phones" key keeps the phones it has).
    present: frozenset[str] = frozenset()
    # A child row whose UUID came from the source may already exist under another parent (HSDS
    # lets one phone or language row belong to a service, a location and a contact at once).
    source_id: bool = False

    def digest(self, source_format: str) -> str:
        payload = json.dumps(
            [NORMALISATION_VERSION, source_format, self.snapshot()],
            sort_keys=True,
            default=str,
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    def snapshot(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "f": self.fields,
            "c": [c.snapshot() for c in self.children],
            "r": {k: v.snapshot() for k, v in self.refs.items()},
            "l": {k: str(v[1]) for k, v in self.links.items()},
            "a": [a.snapshot() for a in self.after],
            "ro": self.reference_only,
        }


Plan = list[tuple[str, str, dict[str, Any], bool, str | None]]
_PLANS: dict[type[models.Model], Plan] = {}
# A string: Django's Field is generic only in its type stubs.
AnyField: TypeAlias = "models.Field[Any, Any]"


def as_flag(value: Any) -> bool:
    """Our `joinedup_published` extension, from JSON (true/false) or CSV ("true"/"false")."""
    return str(value).strip().lower() not in ("false", "0", "no", "")


def _number_rule(f: AnyField, reject: bool) -> tuple[str, dict[str, Any]]:
    low, high = _RANGES.get(f.name, (-1e9, 1e9))
    return "number", {"minimum": low, "maximum": high}


# The Cleaner method for each field type, with its arguments (from the field, and whether a bad
# value rejects the record). The first matching type wins: subclasses come before their bases.
_RULES: tuple[
    tuple[type[AnyField], Callable[[AnyField, bool], tuple[str, dict[str, Any]]]], ...
] = (
    (models.EmailField, lambda f, reject: ("email", {})),
    (models.URLField, lambda f, reject: ("url", {})),
    (models.CharField, lambda f, reject: ("text", {"max_length": f.max_length or 500})),
    (models.TextField, lambda f, reject: ("text", {"html": True})),
    (
        models.PositiveSmallIntegerField,
        lambda f, reject: ("integer", {"maximum": 32767, "reject": reject}),
    ),
    (models.IntegerField, lambda f, reject: ("integer", {"reject": reject})),
    (models.FloatField, _number_rule),
    (models.DecimalField, lambda f, reject: ("decimal", {})),
    (models.DateTimeField, lambda f, reject: ("datetime", {})),
    (models.DateField, lambda f, reject: ("date", {})),
    (models.TimeField, lambda f, reject: ("time", {})),
)


def _cleaning_rule(f: AnyField, *, reject: bool) -> tuple[str, dict[str, Any]] | None:
    if f.choices:
        return "choice", {
            "choices": [str(k) for k, _ in f.choices],
            "default": f.default if isinstance(f.default, str) else "",
            "reject": reject,
        }
    for field_type, rule in _RULES:
        if isinstance(f, field_type):
            return rule(f, reject)
    return None  # pragma: no cover - a new field type needs a rule here


def _from_documents(f: AnyField) -> bool:
    """Whether a document sets this field (not keys, relations, flags or bookkeeping)."""
    if f.primary_key or f.is_relation or f.name in _SKIP:
        return False
    return not isinstance(f, models.BooleanField | models.JSONField | models.UUIDField)


def field_plan(model: type[models.Model]) -> Plan:
    """How to clean each field of a model, worked out once from its field types:
    (name, Cleaner method, its arguments, null allowed, value for an empty required text)."""
    if model in _PLANS:
        return _PLANS[model]
    plan: Plan = []
    for f in model._meta.concrete_fields:
        if not _from_documents(f):
            continue
        rule = _cleaning_rule(f, reject=f.name in _REJECT_IF_BAD and model is Service)
        if rule is None:  # pragma: no cover
            continue
        method, kwargs = rule
        empty = None
        if method in ("text", "email", "url") and not f.blank:
            empty = f.default if isinstance(f.default, str) else ""
        plan.append((f.name, method, kwargs, f.null, empty))
    _PLANS[model] = plan
    return plan
