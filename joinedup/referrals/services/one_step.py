"""Refer in one step: record (or pick) the person, their consent per recipient, and send.

The API's create is this one use case: a client system holds the whole referral at once, so
person, consent and referrals are written in one transaction, all or none. An Idempotency-Key
makes a retried create answer as the first one did (`run_once`).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from joinedup.directory.models import Organization, Service
from joinedup.directory.permissions import Actor
from joinedup.referrals.models import IdempotencyRecord, Person
from joinedup.referrals.services.common import batched
from joinedup.referrals.services.people import (
    check_consent,
    new_person,
    record_consent,
    save_new_person,
)
from joinedup.referrals.services.sending import (
    SendResult,
    check_referrals,
    require_consent,
    save_sent_referrals,
)


@dataclass(frozen=True)
class ConsentEvidence:
    recipient_id: uuid.UUID
    method: str
    purpose: str
    given_at: datetime.datetime | None = None


def refer_in_one_step(
    *,
    actor: Actor,
    organization: Organization,
    person: Person | None = None,
    person_details: Mapping[str, Any] | None = None,
    consents: Sequence[ConsentEvidence] = (),
    service_ids: Sequence[uuid.UUID],
    intake_answers: Mapping[uuid.UUID, Mapping[str, Any]] | None = None,
    need: str,
    urgency: str,
) -> tuple[Person, SendResult]:
    """Create the person if new, record each consent given, and send one referral per service."""
    found = Service.objects.select_related("organization").in_bulk(list(service_ids))
    unknown = [str(pk) for pk in service_ids if pk not in found]
    if unknown:
        raise ValidationError({"services": f"No service with id {', '.join(unknown)}"})
    services = [found[pk] for pk in service_ids]
    recipients = {s.organization_id: s.organization for s in services}
    strangers = [str(c.recipient_id) for c in consents if c.recipient_id not in recipients]
    if strangers:
        # Consent names one recipient for one purpose: consent to an organisation that is not
        # being referred to is a mistake, not something to keep.
        raise ValidationError(
            {"consents": f"No service chosen belongs to organisation {', '.join(strangers)}"}
        )
    recorded_here = person is None
    # Everything that can refuse is checked before anything is written: a refused create
    # writes nothing, and the writes below need no savepoints.
    if person is None:
        try:
            person = new_person(
                actor=actor, organization=organization, **dict(person_details or {})
            )
        except ValidationError as exc:
            raise ValidationError({f"person.{k}": v for k, v in exc.message_dict.items()}) from None
    for consent in consents:
        try:
            check_consent(
                actor=actor,
                person=person,
                purpose=consent.purpose,
                method=consent.method,
                given_at=consent.given_at,
            )
        except ValidationError as exc:
            raise ValidationError(
                {f"consents.{k}": v for k, v in exc.message_dict.items()}
            ) from None
    check_referrals(
        actor=actor,
        person=person,
        services=services,
        need=need,
        urgency=urgency,
        referring_organization=organization,
    )
    require_consent(person=person, services=services, given=[c.recipient_id for c in consents])
    # One transaction (the caller's, when there is one); audit lines and notifications are
    # written together at its end.
    with transaction.atomic(savepoint=False), batched():
        if recorded_here:
            save_new_person(actor=actor, person=person)
        recorded: set[uuid.UUID] = set()
        for consent in consents:
            # One standing consent per recipient: a second for the same one changes nothing.
            if consent.recipient_id in recorded:
                continue
            recorded.add(consent.recipient_id)
            recipient = recipients[consent.recipient_id]
            assert recipient is not None
            record_consent(
                actor=actor,
                person=person,
                recipient=recipient,
                purpose=consent.purpose,
                method=consent.method,
                given_at=consent.given_at,
                person_recorded_here=recorded_here,
            )
        result = save_sent_referrals(
            actor=actor,
            person=person,
            services=services,
            need=need,
            urgency=urgency,
            intake_answers=dict(intake_answers or {}),
            organization=organization,
        )
    return person, result


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
