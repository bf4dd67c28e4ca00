"""Use cases that start referrals: draft one, or send a person to several services at once (a
prescription), checking everything that can refuse before anything is written."""

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
from joinedup.directory.permissions import Actor, require_member, user_of
from joinedup.referrals.models import (
    Consent,
    Person,
    Referral,
    ReferralEvent,
    Status,
    Urgency,
)
from joinedup.referrals.services.common import batched, move, record_audit, record_move, roles_of
from joinedup.referrals.transitions import (
    ConsentMissing,
    Role,
    check,
)


@dataclass
class SendResult:
    """What `send_referrals` made: the referrals (one per service), their prescription id, and
    warnings to show (services not accepting or with a waiting list; each was still sent)."""

    prescription: uuid.UUID
    referrals: list[Referral]
    warnings: list[str] = field(default_factory=list)

    @property
    def person(self) -> Person:
        return self.referrals[0].person


def _referring_organization(
    actor: Actor | None, person: Person, organization: Organization | None
) -> Organization:
    organization = organization or person.organization
    # No actor: the person's own request for help, which the one door has checked
    # (`prescription.refer_person`): the receiving organisation refers them to itself.
    if actor is not None:
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
    actor: Actor | None,
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


def _drafted_event(referral: Referral, actor: Actor | None) -> ReferralEvent:
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


def _audit_drafted(referral: Referral, actor: Actor | None) -> None:
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
    actor: Actor | None,
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
    _require_referable(services)
    return organization


def _require_referable(services: Sequence[Service]) -> None:
    """Refuse services nobody here can answer (`Service.objects.referable()`: unpublished, or
    sent through joinedup or by email to an organisation with no active member), in one query:
    the page offers only those, and the API and a person's own request for help agree."""
    referable = set(
        Service.objects.referable()
        .filter(pk__in=[s.pk for s in services])
        .values_list("pk", flat=True)
    )
    refused = [s for s in services if s.pk not in referable]
    if refused:
        names = ", ".join(sorted(s.name for s in refused))
        raise ValidationError(
            {
                "services": f"Nobody answers referrals for {names} here yet: "
                "contact the service directly"
            }
        )


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
    actor: Actor | None,
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


def send_draft(*, actor: Actor, referral: Referral, now: datetime.datetime) -> ReferralEvent:
    """Send a draft: the referrer moves it to requested, once consent to share stands."""
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
