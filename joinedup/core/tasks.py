"""Background work for the outbox: thin, idempotent tasks (a message is claimed before it is
sent, so a task run twice sends it once)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from joinedup.core import outbox


@task()
def deliver_outbox(message_ids: list[int]) -> dict[str, Any]:
    """Send these outbox messages if they are due (enqueued when their transaction commits)."""
    return outbox.deliver(message_ids).as_dict()
