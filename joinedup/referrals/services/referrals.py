"""Use cases for a referral once started: move it, record its outcome, message about it, and
expire referrals nobody answered. Starting one is in `sending`."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.directory.permissions import Actor, is_member, user_of
from joinedup.referrals import notifications
from joinedup.referrals.models import (
    Outcome,
    Referral,
    ReferralEvent,
    ReferralMessage,
    Status,
)
from joinedup.referrals.services.common import NO_RESPONSE, move, record_audit, roles_of
from joinedup.referrals.services.expiry import DEFAULT_EXPIRY_DAYS, expiry_days_by_organization
from joinedup.referrals.services.sending import send_draft
from joinedup.referrals.transitions import (
    Move,
    NotAParty,
    Role,
    allowed_moves,
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
            return send_draft(actor=actor, referral=referral, now=now)
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
    response"), so the referrer can choose another service; never a logged referral (phone,
    signposting), which the service was not asked to answer here. The period is the receiving
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
            if not locked.awaits_answer or locked.requested_at is None:
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
