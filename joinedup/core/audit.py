"""Write the audit log explicitly from each use case (no signals)."""

from __future__ import annotations

from typing import Any

from django.db import models

from joinedup.core.models import AuditEvent, User


def record(
    action: str,
    *,
    actor: User | None = None,
    target: models.Model | None = None,
    organization: Any = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event; `action` is a dotted noun.verb such as `service.capacity_changed`."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organization=organization,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details or {},
    )
