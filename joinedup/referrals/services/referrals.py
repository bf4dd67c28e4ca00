"""Use cases for referrals: draft, send (a prescription of several), move, outcome, messages,
and the expiry of referrals nobody answered."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.directory.models import CapacityStatus, Organization, Service
from joinedup.referrals import notifications
from joinedup.referrals.models import (
    Consent,
    Outcome,
    Person,
    Referral,
    ReferralEvent,
    ReferralMessage,
    Status,
    Urgency,
)
from joinedup.referrals.services.common import (
    NO_RESPONSE,
    Actor,
    batched,
    is_member,
    move,
    record_audit,
    record_move,
    require_member,
    roles_of,
    user_of,
)
from joinedup.referrals.services.expiry import DEFAULT_EXPIRY_DAYS, expiry_days_by_organization
from joinedup.referrals.transitions import (
    ConsentMissing,
    Move,
    NotAParty,
    Role,
    allowed_moves,
    check,
)


@dataclass
class SendResult:
    """What `send_referrals` made: the referrals (one per service), their prescription id, and
    warnings to show (services not accepting or with a waiting list; each was still sent)."""

    prescription: uuid.UUID
    referrals: list[Referral]
    warnings: list[str] = field(default_factory=list)


def _referring_organization(
    actor: Actor, person: Person, organization: Organization | None
) -> Organization:
    organization = organization or person.organization
    require_member(actor, organization.pk, "refer people from it")
    # A referral is made by the organisation that holds the person: no one refers someone
    # whose record another organisation keeps.
    if person.organization_id != organization.pk:
        raise PermissionDenied("This person is held by another organisation")
    return organization


def _validate(service: Service, need: str, urgency: str) -> None:
    errors: dict[str, str] = {}
    if service.organization_id is None:
        errors["service"] = f"{service.name} has no organisation to receive referrals"
    if not need.strip():
        errors["need"] = "Describe the need, in the person's own words"
    if urgency not in Urgency.values:
        errors["urgency"] = "Choose how urgent it is"
    if errors:
        raise ValidationError(errors)


def capacity_warning(service: Service) -> str:
    """What to tell a referrer before sending to this service, or "" if nothing."""
    if service.capacity_status == CapacityStatus.NOT_ACCEPTING:
        return f"{service.name} is not accepting referrals at the moment"
    if service.capacity_status == CapacityStatus.WAITING_LIST:
        band = service.get_capacity_wait_band_display() if service.capacity_wait_band else ""
        wait = f" (wait: {band.lower()})" if band else ""
        return f"{service.name} has a waiting list{wait}"
    return ""


def draft_referral(
    *,
    actor: Actor,
    person: Person,
    service: Service,
    need: str,
    urgency: str = Urgency.ROUTINE,
    intake_answers: Mapping[str, Any] | None = None,
    prescription: uuid.UUID | None = None,
    referring_organization: Organization | None = None,
    now: datetime.datetime | None = None,
) -> Referral:
    """Start a referral as a draft: nothing is shared with the service until it is sent."""
    organization = _referring_organization(actor, person, referring_organization)
    _validate(service, need, urgency)
    referral = _new_referral(
        actor=actor,
        person=person,
        service=service,
        need=need,
        urgency=urgency,
        intake_answers=intake_answers,
        prescription=prescription or uuid.uuid4(),
        organization=organization,
        now=now or timezone.now(),
    )
    # Everything that refuses was checked: the writes join a caller's transaction without a
    # savepoint of their own.
    with transaction.atomic(savepoint=False):
        referral.save()
        _drafted_event(referral, actor).save()
        _audit_drafted(referral, actor)
    return referral


def _new_referral(
    *,
    actor: Actor,
    person: Person,
    service: Service,
    need: str,
    urgency: str,
    intake_answers: Mapping[str, Any] | None,
    prescription: uuid.UUID,
    organization: Organization,
    now: datetime.datetime,
) -> Referral:
    """A draft referral, not yet saved, of what the caller checked (`_validate`)."""
    recipient = service.organization
    assert recipient is not None  # checked by _validate
    return Referral(
        person=person,
        referring_organization=organization,
        referring_user=user_of(actor),
        service=service,
        receiving_organization=recipient,
        intake_mode=service.intake_mode,
        prescription=prescription,
        need=need.strip(),
        urgency=urgency,
        intake_answers=dict(intake_answers or {}),
        status=Status.DRAFT,
        status_changed_at=now,
    )


def _drafted_event(referral: Referral, actor: Actor) -> ReferralEvent:
    """The first line of a referral's log, not yet saved."""
    return ReferralEvent(
        referral=referral,
        sequence=1,
        actor=user_of(actor),
        actor_organization_id=referral.referring_organization_id,
        created_at=referral.status_changed_at,
        from_status="",
        to_status=Status.DRAFT,
    )


def _audit_drafted(referral: Referral, actor: Actor) -> None:
    record_audit(
        "referral.drafted",
        actor=actor,
        target=referral,
        organization=referral.referring_organization,
        details={"reference": referral.reference, "service": str(referral.service_id)},
    )


def send_referrals(
    *,
    actor: Actor,
    person: Person,
    services: Sequence[Service],
    need: str,
    urgency: str = Urgency.ROUTINE,
    intake_answers: Mapping[Any, Mapping[str, Any]] | None = None,
    referring_organization: Organization | None = None,
    now: datetime.datetime | None = None,
) -> SendResult:
    """Refer a person to several services at once (a prescription): one referral each, all or
    none. Refused with ConsentMissing, naming them, if any recipient lacks standing consent."""
    organization = check_referrals(
        actor=actor,
        person=person,
        services=services,
        need=need,
        urgency=urgency,
        referring_organization=referring_organization,
    )
    require_consent(person=person, services=services)
    with transaction.atomic(savepoint=False), batched():
        return save_sent_referrals(
            actor=actor,
            person=person,
            services=services,
            need=need,
            urgency=urgency,
            intake_answers=intake_answers,
            organization=organization,
            now=now,
        )


def check_referrals(
    *,
    actor: Actor,
    person: Person,
    services: Sequence[Service],
    need: str,
    urgency: str,
    referring_organization: Organization | None = None,
) -> Organization:
    """`send_referrals`' checks but consent's (`require_consent`); the referring organisation."""
    if not services:
        raise ValidationError({"services": "Choose at least one service"})
    if len({s.pk for s in services}) != len(services):
        raise ValidationError({"services": "Each service can be chosen once"})
    organization = _referring_organization(actor, person, referring_organization)
    for service in services:
        _validate(service, need, urgency)
    return organization


def require_consent(
    *, person: Person, services: Sequence[Service], given: Collection[Any] = ()
) -> None:
    """ConsentMissing, naming them, unless the person's consent to share with each service's
    organisation stands, or is `given` (the ids of organisations it is about to be recorded
    for, in the same transaction as the referrals)."""
    wanted = {s.organization_id for s in services} - set(given)
    consented: set[Any] = set()
    # A person not yet recorded has no consent standing.
    if wanted and not person._state.adding:
        consented = set(
            Consent.objects.standing()
            .filter(person=person, recipient_id__in=wanted)
            .values_list("recipient_id", flat=True)
        )
    missing = [s.organization for s in services if s.organization_id in wanted - consented]
    if missing:
        names = ", ".join(sorted({str(o) for o in missing}))
        raise ConsentMissing(f"Record the person's consent to share with {names} first")


def save_sent_referrals(
    *,
    actor: Actor,
    person: Person,
    services: Sequence[Service],
    need: str,
    urgency: str,
    intake_answers: Mapping[Any, Mapping[str, Any]] | None,
    organization: Organization,
    now: datetime.datetime | None = None,
) -> SendResult:
    """`send_referrals`' writes, inside the caller's transaction, once `check_referrals` and
    `require_consent` have passed.

    Each referral is drafted and sent at once, so it is written as it ends up: the row sent,
    its log's two events (drafted, then sent) and their two audit lines, as `draft_referral`
    and then `transition_referral` would leave them. No lock is needed: no one else can see
    a row before this transaction commits.
    """
    # The referrer sends their own draft (a draft has no receiver side yet).
    step = check(source=Status.DRAFT, target=Status.REQUESTED, roles=frozenset({Role.REFERRER}))
    answers = intake_answers or {}
    prescription = uuid.uuid4()
    now = now or timezone.now()
    referrals = []
    for service in services:
        referral = _new_referral(
            actor=actor,
            person=person,
            service=service,
            need=need,
            urgency=urgency,
            intake_answers=answers.get(service.pk) or answers.get(str(service.pk)),
            prescription=prescription,
            organization=organization,
            now=now,
        )
        referral.status = step.target
        referral.requested_at = now
        referrals.append(referral)
    Referral.objects.bulk_create(referrals)
    events = []
    for referral in referrals:
        drafted = _drafted_event(referral, actor)
        sent = ReferralEvent(
            referral=referral,
            sequence=drafted.sequence + 1,
            actor=user_of(actor),
            actor_organization_id=organization.pk,
            created_at=now,
            from_status=step.source,
            to_status=step.target,
        )
        events += [drafted, sent]
    ReferralEvent.objects.bulk_create(events)
    for referral, sent in zip(referrals, events[1::2], strict=True):
        _audit_drafted(referral, actor)
        record_move(referral=referral, step=step, event=sent, actor=actor)
    warnings = [w for w in (capacity_warning(s) for s in services) if w]
    return SendResult(prescription=prescription, referrals=referrals, warnings=warnings)


def _send(*, actor: Actor, referral: Referral, now: datetime.datetime) -> ReferralEvent:
    # Nothing about the person reaches the receiver without their consent to share with it.
    if not referral.consent_stands():
        raise ConsentMissing(
            f"Record the person's consent to share with {referral.receiving_organization} first"
        )
    return move(
        referral=referral,
        actor=actor,
        roles=roles_of(actor, referral),
        to_status=Status.REQUESTED,
        now=now,
    )


def available_moves(*, actor: Actor, referral: Referral) -> list[Move]:
    """The moves `actor` may offer on `referral` now (for the buttons a page shows).

    Sending is listed only while consent for the recipient stands, as `transition_referral`
    would refuse it otherwise.
    """
    moves = allowed_moves(referral.status, roles_of(actor, referral) - {Role.SYSTEM})
    if any(m.target == Status.REQUESTED for m in moves) and not referral.consent_stands():
        moves = [m for m in moves if m.target != Status.REQUESTED]
    return moves


def transition_referral(
    *,
    actor: Actor,
    referral: Referral,
    to_status: str,
    reason_code: str = "",
    reason_text: str = "",
    now: datetime.datetime | None = None,
) -> ReferralEvent:
    """Move a referral to `to_status` as the workflow allows (TransitionRefused otherwise)."""
    now = now or timezone.now()
    with transaction.atomic():
        if to_status == Status.REQUESTED:
            roles = roles_of(actor, referral)
            if Role.REFERRER not in roles:
                # Let the state machine give the reason (not a party / not allowed).
                return move(
                    referral=referral, actor=actor, roles=roles, to_status=to_status, now=now
                )
            return _send(actor=actor, referral=referral, now=now)
        return move(
            referral=referral,
            actor=actor,
            roles=roles_of(actor, referral),
            to_status=to_status,
            reason_code=reason_code,
            reason_text=reason_text,
            now=now,
        )


def record_outcome(*, actor: Actor, referral: Referral, outcome: str, note: str = "") -> Referral:
    """Record what happened for the person (apart from the status); a later record replaces it.

    Either side may record it: the receiver usually, the referrer for a "logged" referral to a
    phone or signposting service that does not use joinedup.
    """
    if not roles_of(actor, referral) - {Role.SYSTEM}:
        raise NotAParty("Only the referring or the receiving organisation can record an outcome")
    if referral.status in (Status.DRAFT, Status.ENTERED_IN_ERROR):
        raise ValidationError({"outcome": "A referral that was never sent has no outcome"})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose what happened"})
    with transaction.atomic():
        referral.outcome = outcome
        referral.outcome_note = note.strip()
        referral.outcome_recorded_at = timezone.now()
        referral.outcome_recorded_by = user_of(actor)
        referral.save(
            update_fields=["outcome", "outcome_note", "outcome_recorded_at", "outcome_recorded_by"]
        )
        side = (
            referral.receiving_organization
            if is_member(actor, referral.receiving_organization_id)
            else referral.referring_organization
        )
        record_audit(
            "referral.outcome_recorded",
            actor=actor,
            target=referral,
            organization=side,
            details={"reference": referral.reference, "outcome": outcome},
        )
    return referral


def post_message(*, actor: Actor, referral: Referral, body: str) -> ReferralMessage:
    """Add a message to the thread between the referring and the receiving organisation."""
    roles = roles_of(actor, referral) - {Role.SYSTEM}
    if not roles:
        raise NotAParty("Only the referring or the receiving organisation can post messages")
    if not body.strip():
        raise ValidationError({"body": "Enter a message"})
    organization = (
        referral.referring_organization
        if Role.REFERRER in roles
        else referral.receiving_organization
    )
    with transaction.atomic():
        message = ReferralMessage.objects.create(
            referral=referral,
            author=user_of(actor),
            author_organization=organization,
            body=body.strip(),
        )
        # The body stays out of the audit log: it may carry the person's details.
        record_audit(
            "referral.message_posted",
            actor=actor,
            target=referral,
            organization=organization,
            details={"reference": referral.reference, "message": message.pk},
        )
        notifications.notify_message(referral=referral, message=message)
    return message


def expire_unanswered_referrals(
    *, now: datetime.datetime | None = None, expiry_days: int | None = None
) -> list[Referral]:
    """Cancel referrals sent more than their expiry period ago that nobody answered ("no
    response"), so the referrer can choose another service. The period is the receiving
    organisation's partnership's unless `expiry_days` is given. Safe to run again: each is
    checked under lock."""
    now = now or timezone.now()
    periods = expiry_days_by_organization() if expiry_days is None else {}

    def period_of(referral: Referral) -> int:
        if expiry_days is not None:
            return expiry_days
        return periods.get(referral.receiving_organization_id, DEFAULT_EXPIRY_DAYS)

    shortest = min(
        [expiry_days] if expiry_days is not None else [DEFAULT_EXPIRY_DAYS, *periods.values()]
    )
    candidates = Referral.objects.unanswered_since(now - datetime.timedelta(days=shortest))
    expired = []
    for referral in candidates.order_by("requested_at"):
        days = period_of(referral)
        cutoff = now - datetime.timedelta(days=days)
        with transaction.atomic():
            locked = Referral.objects.select_for_update().get(pk=referral.pk)
            # Answered (or cancelled) since the list was read, or not yet due: leave it.
            if locked.status != Status.REQUESTED or locked.requested_at is None:
                continue
            if locked.requested_at >= cutoff:
                continue
            move(
                referral=locked,
                actor=None,
                roles=frozenset({Role.SYSTEM}),
                to_status=Status.CANCELLED,
                reason_code=NO_RESPONSE,
                reason_text=f"No response within {days} days",
                system_reason=True,
                now=now,
            )
            expired.append(locked)
    return expired
