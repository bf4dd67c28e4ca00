"""Background index upkeep: directory edits and imports re-index the services they changed.

Use cases call `reindex_on_commit(ids)` inside their transaction; the task is enqueued only
once the change has committed (a rolled-back edit leaves the index alone), and the task itself
reads the committed rows, so it is idempotent and safe to run twice or late.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import transaction
from django_tasks import task

from joinedup.search import services

# Ids per task: an import of thousands of services becomes a handful of tasks, each small
# enough to finish well within a worker's patience.
TASK_BATCH = 500


@task()
def reindex_services(service_ids: list[str]) -> int:
    """Re-index these services in one batch (a deleted one leaves the index); returns how many
    were asked for."""
    services.reindex_services(service_ids=[uuid.UUID(pk) for pk in service_ids])
    return len(service_ids)


def reindex_on_commit(service_ids: Iterable[uuid.UUID]) -> None:
    """Enqueue re-indexing of these services after the current transaction commits."""
    # Task arguments must be JSON: ids travel as strings, sorted so a batch is repeatable.
    ids = sorted({str(pk) for pk in service_ids})
    if not ids:
        return

    def enqueue() -> None:
        for start in range(0, len(ids), TASK_BATCH):
            reindex_services.enqueue(ids[start : start + TASK_BATCH])

    transaction.on_commit(enqueue)
