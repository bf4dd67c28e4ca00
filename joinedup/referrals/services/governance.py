"""Information governance: a person's subject-access export, erasure, and the retention of
closed referrals. Run by commands (`joinedup export_person`, `erase_person`, `apply_retention`),
never by hand in SQL, and each audited.

Erasing keeps what the partnership's statistics need and nothing that identifies anyone: each
referral's status, dates, service, organisations, urgency and outcome code stay; the person's
details, the need in their words, intake answers, free-text reasons, outcome notes, message
bodies and wellbeing answers go. The postcode is cut to its outward code (the district), which
the insights on unmet need by area use and which identifies no one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from joinedup.core import outbox
from joinedup.core.models import AuditEvent, User
from joinedup.partnerships.models import PartnershipMember
from joinedup.referrals.models import (
    CLOSED_STATUSES,
    Consent,
    ContactPreference,
    IdempotencyRecord,
    Person,
    Referral,
    ReferralEvent,
    ReferralMessage,
    Status,
    WellbeingAnswers,
)
from joinedup.referrals.services.common import move, record_audit
from joinedup.referrals.transitions import Role

ERASED = "[erased]"
ERASED_NAME = "Erased person"
# A referral between organisations in no partnership keeps the partnership default.
DEFAULT_RETENTION_MONTHS = 24
# An Idempotency-Key only has to outlive a client's retries. Its record keeps the create's
# answer (which names the person and their referrals) and a hash of the request (their
# details), so after a day retention deletes it; erasure deletes the person's at once.
IDEMPOTENCY_KEY_LIFETIME = datetime.timedelta(hours=24)


def _when(value: datetime.datetime | datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _audit_lines(targets: list[tuple[str, str]]) -> list[dict[str, Any]]:
    if not targets:
        return []
    match = Q()
    for target_type, target_id in targets:
        match |= Q(target_type=target_type, target_id=target_id)
    events = AuditEvent.objects.filter(match).select_related("organization").order_by("created_at")
    # Which organisation did what is the person's to know; staff members' own identities are
    # not theirs (a subject-access response may redact third parties).
    return [
        {
            "at": _when(e.created_at),
            "action": e.action,
            "organization": e.organization.name if e.organization else None,
            "target": f"{e.target_type}:{e.target_id}",
            "details": e.details,
        }
        for e in events
    ]


def export_person(*, person: Person, actor: User | None = None) -> dict[str, Any]:
    """Everything held about a person, as JSON-ready data, for a subject-access request."""
    referrals = list(
        Referral.objects.filter(person=person)
        .select_related("service", "referring_organization", "receiving_organization")
        .prefetch_related("events", "messages__author_organization", "wellbeing")
        .order_by("created_at")
    )
    consents = list(Consent.objects.filter(person=person).select_related("recipient"))
    data = {
        "exported_at": _when(timezone.now()),
        "person": {
            "id": str(person.pk),
            "held_by": person.organization.name,
            "name": person.name,
            "date_of_birth": _when(person.date_of_birth),
            "postcode": person.postcode,
            "contact_preference": person.contact_preference,
            "phone": person.phone,
            "email": person.email,
            "address": person.address,
            "preferred_language": person.preferred_language,
            "access_needs": person.access_needs,
            "nhs_number": person.nhs_number,
            "created_at": _when(person.created_at),
            "updated_at": _when(person.updated_at),
        },
        "consents": [
            {
                "id": str(c.pk),
                "recipient": c.recipient.name,
                "purpose": c.purpose,
                "method": c.method,
                "given_at": _when(c.given_at),
                "withdrawn_at": _when(c.withdrawn_at),
                "withdrawal_reason": c.withdrawal_reason,
            }
            for c in consents
        ],
        "referrals": [
            {
                "id": str(r.pk),
                "reference": r.reference,
                "service": r.service.name,
                "referring_organization": r.referring_organization.name,
                "receiving_organization": r.receiving_organization.name,
                "need": r.need,
                "urgency": r.urgency,
                "intake_answers": r.intake_answers,
                "status": r.status,
                "created_at": _when(r.created_at),
                "outcome": r.outcome,
                "outcome_note": r.outcome_note,
                "events": [
                    {
                        "at": _when(e.created_at),
                        "from": e.from_status,
                        "to": e.to_status,
                        "reason_code": e.reason_code,
                        "reason_text": e.reason_text,
                    }
                    for e in r.events.all()
                ],
                "messages": [
                    {
                        "at": _when(m.created_at),
                        "from": m.author_organization.name,
                        "body": m.body,
                    }
                    for m in r.messages.all()
                ],
                "wellbeing": [
                    {"moment": w.moment, "at": _when(w.recorded_at), **w.scores()}
                    for w in r.wellbeing.all()
                ],
            }
            for r in referrals
        ],
        "audit_events": _audit_lines(
            [("referrals.person", str(person.pk))]
            + [("referrals.consent", str(c.pk)) for c in consents]
            + [("referrals.referral", str(r.pk)) for r in referrals]
        ),
    }
    record_audit(
        "person.exported",
        actor=actor,
        target=person,
        organization=person.organization,
        details={"referrals": len(referrals), "consents": len(consents)},
    )
    return data


class ErasureRefused(Exception):
    """The person has open referrals: someone is working on them."""


@dataclass
class ErasureResult:
    person: Person
    referrals: int
    cancelled: list[str] = field(default_factory=list)
    idempotency_records: int = 0


def _forget_idempotency_keys(person_ids: list[Any]) -> int:
    """Delete the Idempotency-Key records of creates that made or picked these people."""
    if not person_ids:
        return 0
    deleted, _ = IdempotencyRecord.objects.filter(
        response_body__person_id__in=[str(pk) for pk in person_ids]
    ).delete()
    return deleted


def _scrub_referrals(referral_ids: list[Any]) -> None:
    """Remove the free text of these referrals, their events and messages (the rest stays).

    Events are append-only for the application; erasure is the one lawful exception, done
    with a QuerySet update that touches only the words.
    """
    Referral.objects.filter(pk__in=referral_ids).update(
        need=ERASED, intake_answers={}, outcome_note=""
    )
    ReferralEvent.objects.filter(referral_id__in=referral_ids).exclude(reason_text="").update(
        reason_text=ERASED
    )
    ReferralMessage.objects.filter(referral_id__in=referral_ids).update(body=ERASED)
    # Wellbeing scores are about the person's health: they go whole, with nothing kept.
    WellbeingAnswers.objects.filter(referral_id__in=referral_ids).delete()


def _scrub_person(person: Person) -> None:
    outward = person.postcode.split(" ")[0] if person.postcode else ""
    Person.objects.filter(pk=person.pk).update(
        name=ERASED_NAME,
        date_of_birth=None,
        postcode=outward,
        contact_preference=ContactPreference.DO_NOT_CONTACT,
        phone="",
        email="",
        address="",
        preferred_language="",
        access_needs="",
        nhs_number="",
        updated_at=timezone.now(),
    )
    Consent.objects.filter(person=person).exclude(withdrawal_reason="").update(
        withdrawal_reason=ERASED
    )
    person.refresh_from_db()


def erase_person(
    *, person: Person, force: bool = False, actor: User | None = None
) -> ErasureResult:
    """Erase a person's details and the words of their referrals, keeping anonymised statistics.

    Refused while a referral is open (or a draft) unless `force`, which cancels them first, so
    no receiving team is left working on someone who is no longer there.
    """
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        unfinished = list(
            Referral.objects.filter(person=person).exclude(status__in=CLOSED_STATUSES)
        )
        if unfinished and not force:
            references = ", ".join(r.reference for r in unfinished)
            raise ErasureRefused(
                f"{len(unfinished)} referral(s) still open ({references}): close them first, "
                "or erase with --force to cancel them"
            )
        now = timezone.now()
        for referral in unfinished:
            move(
                referral=referral,
                actor=actor,
                roles=frozenset({Role.REFERRER}),
                to_status=Status.CANCELLED,
                reason_code="other",
                reason_text="The person's details were erased at their request",
                now=now,
            )
        referral_ids = list(Referral.objects.filter(person=person).values_list("pk", flat=True))
        _scrub_referrals(referral_ids)
        _scrub_person(person)
        forgotten = _forget_idempotency_keys([person.pk])
        # Support plans waiting, failed or sent carry their details: none is sent or kept.
        messages = outbox.forget(person.outbox_ref)
        record_audit(
            "person.erased",
            actor=actor,
            target=person,
            organization=person.organization,
            details={
                "referrals": len(referral_ids),
                "cancelled": [r.reference for r in unfinished],
                "idempotency_records": forgotten,
                "outbox_messages": messages,
            },
        )
    return ErasureResult(
        person=person,
        referrals=len(referral_ids),
        cancelled=[r.reference for r in unfinished],
        idempotency_records=forgotten,
    )


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the month's end)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def retention_months_by_organization() -> dict[Any, int]:
    """Each organisation in a partnership, with the shortest retention of its partnerships: a
    referral is kept no longer than any partnership it passed through allows."""
    rows = (
        PartnershipMember.objects.order_by()
        .values("organization_id")
        .annotate(months=Min("partnership__closed_referral_retention_months"))
    )
    return {row["organization_id"]: int(row["months"]) for row in rows}


def due_for_retention(*, now: datetime.datetime | None = None) -> list[Referral]:
    """Closed referrals past their retention period, not yet anonymised."""
    now = now or timezone.now()
    months = retention_months_by_organization()
    # The shortest period narrows the query; each row then gets its own period.
    shortest = min([DEFAULT_RETENTION_MONTHS, *months.values()])
    candidates = (
        Referral.objects.filter(
            status__in=CLOSED_STATUSES, status_changed_at__lt=months_before(now, shortest)
        )
        .exclude(need=ERASED)
        .order_by("status_changed_at")
    )
    due = []
    for referral in candidates:
        periods = [
            months[o]
            for o in (referral.referring_organization_id, referral.receiving_organization_id)
            if o in months
        ]
        period = min(periods) if periods else DEFAULT_RETENTION_MONTHS
        if referral.status_changed_at < months_before(now, period):
            due.append(referral)
    return due


@dataclass
class RetentionResult:
    referrals: list[str]
    people: list[str]
    idempotency_records: int = 0


def apply_retention(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> RetentionResult:
    """Anonymise closed referrals older than their partnership's retention period, erase the
    person too once none of their referrals is open or still within its period, and delete
    Idempotency-Key records older than their lifetime."""
    now = now or timezone.now()
    due = due_for_retention(now=now)
    result = RetentionResult(referrals=[r.reference for r in due], people=[])
    people = {r.person_id for r in due}
    due_ids = {r.pk for r in due}
    for person_id in people:
        others = Referral.objects.filter(person_id=person_id).exclude(pk__in=due_ids)
        if not others.exclude(need=ERASED).exists():
            result.people.append(str(person_id))
    stale = IdempotencyRecord.objects.filter(created_at__lt=now - IDEMPOTENCY_KEY_LIFETIME)
    if dry_run:
        result.idempotency_records = stale.count()
        return result
    with transaction.atomic():
        _scrub_referrals(list(due_ids))
        for referral in due:
            record_audit(
                "referral.anonymised",
                actor=None,
                target=referral,
                organization=referral.referring_organization,
                details={"reference": referral.reference, "reason": "retention"},
            )
        for person in Person.objects.filter(pk__in=result.people).select_related("organization"):
            _scrub_person(person)
            messages = outbox.forget(person.outbox_ref)
            record_audit(
                "person.erased",
                actor=None,
                target=person,
                organization=person.organization,
                details={"reason": "retention", "outbox_messages": messages},
            )
        forgotten = _forget_idempotency_keys(result.people)
        result.idempotency_records = forgotten + stale.delete()[0]
        if result.idempotency_records:
            record_audit(
                "idempotency_records.deleted",
                actor=None,
                details={"records": result.idempotency_records, "reason": "retention"},
            )
    return result


# --- Erasures across a restore ----------------------------------------------------------------
#
# A backup holds the people erased after it was taken. Restoring it would bring them back, so
# the erasure log (the `person.erased` audit events) of the database being replaced is saved
# before a restore and replayed after it (`joinedup restore --force` does both; ADR 32).


def erasure_log() -> list[dict[str, str]]:
    """Every erasure in the audit log, oldest first: event id, person id, when and why."""
    events = AuditEvent.objects.filter(
        action="person.erased", target_type=Person._meta.label_lower
    ).order_by("created_at")
    return [
        {
            "event": str(event.pk),
            "person": event.target_id,
            "at": event.created_at.isoformat(),
            "reason": str(event.details.get("reason", "request")),
        }
        for event in events
    ]


@dataclass
class ReapplyResult:
    erased: list[str] = field(default_factory=list)
    already_erased: int = 0
    not_here: int = 0


def reapply_erasures(*, log: list[dict[str, str]]) -> ReapplyResult:
    """Erase again everyone in an erasure log who is not erased in this database (one restored
    from a backup taken before their erasure). Their open referrals are cancelled, as the
    erasure did; someone created after the backup is not here and needs nothing."""
    result = ReapplyResult()
    recorded = {
        str(pk)
        for pk in AuditEvent.objects.filter(action="person.erased").values_list("pk", flat=True)
    }
    for entry in log:
        person = Person.objects.select_related("organization").filter(pk=entry["person"]).first()
        if entry["event"] in recorded or (person is not None and person.name == ERASED_NAME):
            result.already_erased += 1
            continue
        if person is None:
            result.not_here += 1
            continue
        erase_person(person=person, force=True)
        record_audit(
            "person.erasure_reapplied",
            actor=None,
            target=person,
            organization=person.organization,
            details={"erased_at": entry["at"], "event": entry["event"]},
        )
        result.erased.append(str(person.pk))
    return result
