"""Answer a retried API create as the first one was answered (an Idempotency-Key).

The create itself is the one door, `prescription.refer_person` (ADR 0021); `run_once` wraps
it so that a client system retrying after a lost answer never refers the person twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

from joinedup.referrals.models import IdempotencyRecord


class IdempotencyMismatch(Exception):
    """The key was used before with a different request."""


def fingerprint(body: Any) -> str:
    """A hash of the request as parsed (key order and spacing do not make it a new request)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def run_once(
    *,
    organization_id: Any,
    key: str,
    request_fingerprint: str,
    run: Callable[[], tuple[int, dict[str, Any]]],
) -> tuple[int, dict[str, Any], bool]:
    """Run `run` once per (organisation, key) and keep its answer; a repeat returns the kept
    answer (and True). The unique constraint decides a race: the second insert waits for the
    first transaction and then fails, so two concurrent requests never both run."""
    claimed = False
    try:
        # The key is claimed by the transaction's first statement: if the insert fails there is
        # nothing else to roll back, so it needs no savepoint of its own.
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                organization_id=organization_id,
                key=key,
                fingerprint=request_fingerprint,
                response_status=0,
            )
            claimed = True
            status, body = run()
            record.response_status = status
            record.response_body = body
            record.save(update_fields=["response_status", "response_body"])
        return status, body, False
    except IntegrityError:
        if claimed:
            raise  # from `run`, not from the key
    kept = IdempotencyRecord.objects.get(organization_id=organization_id, key=key)
    if kept.fingerprint != request_fingerprint:
        raise IdempotencyMismatch(key)
    return kept.response_status, kept.response_body, True
