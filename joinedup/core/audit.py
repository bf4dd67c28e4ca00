"""Write the audit log explicitly from each use case (no signals)."""

from __future__ import annotations

import contextlib
from typing import Any

from django.db import models

from joinedup.core.batching import Deferred
from joinedup.core.models import AuditEvent, User


def record(
    action: str,
    *,
    actor: User | None = None,
    target: models.Model | None = None,
    organization: Any = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event; `action` is a dotted noun.verb such as `service.capacity_changed`.

    Inside `batch()` the event is written when the batch ends (in the same transaction)."""
    event = AuditEvent(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organization=organization,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details or {},
    )
    if not _deferred.defer([event]):
        event.save(force_insert=True)
    return event


def _write(events: list[AuditEvent]) -> None:
    AuditEvent.objects.bulk_create(events)


_deferred: Deferred[AuditEvent] = Deferred("audit_pending", _write)


def batch() -> contextlib.AbstractContextManager[None]:
    """Write the events recorded inside in one INSERT as the block ends; none if it raises.

    For a use case that records several events in one transaction: open it inside the
    transaction (`with transaction.atomic(), audit.batch():`), so the events commit or roll
    back with the rows they describe. Each event keeps the time it was recorded. See
    `core.batching` for the care it needs.
    """
    return _deferred.collect()
