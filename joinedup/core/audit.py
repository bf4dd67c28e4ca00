"""Write the audit log explicitly from each use case (no signals)."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.db import models

from joinedup.core.models import AuditEvent, User

# The events recorded inside `batch()` on this thread, waiting for its one INSERT.
_pending: contextvars.ContextVar[list[AuditEvent] | None] = contextvars.ContextVar(
    "audit_pending", default=None
)


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
    pending = _pending.get()
    if pending is None:
        event.save(force_insert=True)
    else:
        pending.append(event)
    return event


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Write the events recorded inside in one INSERT as the block ends; none if it raises.

    For a use case that records several events in one transaction: open it inside the
    transaction (`with transaction.atomic(), audit.batch():`), so the events commit or roll
    back with the rows they describe. Each event keeps the time it was recorded. Nothing
    inside may catch an error and carry on (say, around a savepoint): the events recorded
    before it would still be written.
    """
    if _pending.get() is not None:
        yield  # already batching: the outer batch writes them
        return
    pending: list[AuditEvent] = []
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    AuditEvent.objects.bulk_create(pending)
