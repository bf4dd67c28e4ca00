"""Telling people what needs their action: Notification rows, written in the use case's
transaction, and email sent by a background task once it has committed.

Nothing here ever puts a person's details in a notification or an email (not the name, the need,
a reason's free text or a message's words): email leaves our systems, so it says only what
happened, the reference and where to sign in to see it. Each user chooses instant email or a
daily digest (`NotificationPreference`); the digest is sent by `joinedup send_digests`.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from joinedup.core import audit
from joinedup.core.batching import Deferred
from joinedup.core.models import User
from joinedup.directory.models import IntakeMode
from joinedup.referrals.models import (
    Frequency,
    Notification,
    NotificationPreference,
    Referral,
    ReferralEvent,
    ReferralMessage,
    Status,
)
from joinedup.referrals.transitions import reason_label

# What happened, as the notification's `kind` (also the digest's grouping).
NEW_REFERRAL = "referral.requested"
MESSAGE = "referral.message"
REMINDER = "referral.reminder"
EXPIRED = "referral.expired"


def absolute(path: str) -> str:
    """A link for an email: JOINEDUP_BASE_URL (the public address) plus the path."""
    return settings.JOINEDUP_BASE_URL.rstrip("/") + path


def referral_path(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def frequency_of(user: User) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.frequency if preference else Frequency.INSTANT


def _referrer_people(referral: Referral) -> list[User]:
    """Who on the referring side is told: the practitioner who made the referral while they are
    still a member; otherwise (they left, or an API client made it) everyone in the organisation,
    so the answer is never lost."""
    if (
        referral.referring_user_id is None
        and referral.referring_organization_id == referral.receiving_organization_id
    ):
        # A self-referral: the person asked the service itself, and has no account to tell
        # (they quote their reference). The team is not told about its own answers.
        return []
    members = User.objects.filter(
        memberships__organization_id=referral.referring_organization_id, is_active=True
    )
    if referral.referring_user_id is not None:
        maker = members.filter(pk=referral.referring_user_id)
        if maker.exists():
            return list(maker)
    return list(members.order_by("pk"))


def _receiver_people(referral: Referral) -> list[User]:
    """Everyone in the receiving organisation: the team shares the inbox."""
    return list(
        User.objects.filter(
            memberships__organization_id=referral.receiving_organization_id, is_active=True
        ).order_by("pk")
    )


def _create(
    *,
    recipients: Iterable[User],
    referral: Referral,
    kind: str,
    subject: str,
    body: str,
    skip: int | None = None,
) -> list[Notification]:
    """Write one row per recipient (not `skip`, who did the thing) and email the instant ones
    once the transaction commits."""
    link = referral_path(referral)
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user.pk == skip or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient=user, referral=referral, kind=kind, subject=subject, body=body, link=link
            )
        )
    if _deferred.defer(rows):
        return rows
    return _save(rows)


def _save(rows: list[Notification]) -> list[Notification]:
    """Insert `rows` and email the instant ones once the transaction commits (one task)."""
    if not rows:
        return rows
    if connection.features.can_return_rows_from_bulk_insert:
        Notification.objects.bulk_create(rows)
    else:
        # A database that does not return ids from a bulk insert: one insert each.
        for row in rows:
            row.save()
    ids = [n.pk for n in rows]

    def enqueue() -> None:
        from joinedup.referrals.tasks import send_notifications

        send_notifications.enqueue(sorted(ids))

    transaction.on_commit(enqueue)
    return rows


# Looked up when the block ends (not bound here), so that a test can make the write fail.
_deferred: Deferred[Notification] = Deferred("notifications_pending", lambda rows: _save(rows))


def batch() -> contextlib.AbstractContextManager[None]:
    """Write the notifications made inside in one INSERT as the block ends, to be emailed by
    one task after the transaction commits; none if the block raises. Open it inside the
    transaction, with the same care as `audit.batch` (see `core.batching`)."""
    return _deferred.collect()


def names_of(referral: Referral) -> dict[str, str]:
    return {
        "ref": referral.reference,
        "service": referral.service.name,
        "to": referral.receiving_organization.name,
        "by": referral.referring_organization.name,
    }


# What the referrer is told when the receiver moves a referral. Starting and resuming work need
# nothing from the referrer, so they stay quiet.
_RECEIVER_MOVES: dict[str, str] = {
    Status.ACCEPTED: "{to} accepted referral {ref} to {service}.",
    Status.REJECTED: "{to} declined referral {ref} to {service}.",
    Status.ON_HOLD: "{to} put referral {ref} to {service} on hold.",
    Status.FAILED: "{to} could not complete referral {ref} to {service}.",
    Status.COMPLETED: "{to} completed referral {ref} to {service}.",
}
_REFERRER_MOVES: dict[str, str] = {
    Status.REQUESTED: "{by} sent a new referral, {ref}, to {service}.",
    Status.CANCELLED: "{by} cancelled referral {ref} to {service}. You do not need to act on it.",
    Status.ENTERED_IN_ERROR: (
        "{by} withdrew referral {ref} to {service} as made in error. You do not need to act on it."
    ),
}


def notify_status_change(*, referral: Referral, event: ReferralEvent) -> list[Notification]:
    """Tell the other side about a change of status that needs their action (called by the
    one function that moves a referral, inside its transaction)."""
    names = names_of(referral)
    status = event.to_status
    # A reason's free text may name the person; only the label from the list goes out.
    reason = f" Reason: {reason_label(event.reason_code)}." if event.reason_code else ""
    actor_id = event.actor_id
    if event.actor_organization_id is None:
        # joinedup itself: only expiry moves a referral with no one acting.
        if status != Status.CANCELLED:
            return []
        body = (
            "{to} did not answer referral {ref} to {service} in time, so it has expired. "
            "Sign in to choose another service for the person."
        ).format(**names)
        return _create(
            recipients=_referrer_people(referral),
            referral=referral,
            kind=EXPIRED,
            subject=f"Referral {names['ref']} expired: choose another service",
            body=body,
        )
    # Each status belongs to one side (the transitions table), so it says who acted even when
    # an organisation refers to its own service.
    if status in _RECEIVER_MOVES:
        body = _RECEIVER_MOVES[status].format(**names) + reason
        recipients = _referrer_people(referral)
        if status in (Status.REJECTED, Status.FAILED):
            body += " Sign in to see why and choose another service."
        else:
            body += " Sign in to see it."
    elif status in _REFERRER_MOVES:
        if event.from_status == Status.DRAFT and status != Status.REQUESTED:
            return []  # the receiver never saw a draft
        body = _REFERRER_MOVES[status].format(**names) + reason
        if status == Status.REQUESTED:
            body += " Sign in to read it and answer."
        recipients = _receiver_people(referral)
    else:
        return []
    label = Status(status).label.lower()
    subject = (
        f"New referral {names['ref']} for {names['service']}"
        if status == Status.REQUESTED
        else f"Referral {names['ref']}: {label}"
    )
    created = _create(
        recipients=recipients,
        referral=referral,
        kind=f"referral.{status}",
        subject=subject,
        body=body,
        skip=actor_id,
    )
    if status == Status.REQUESTED and referral.intake_mode == IntakeMode.EMAIL:
        _email_intake_on_commit(referral)
    return created


def notify_message(*, referral: Referral, message: ReferralMessage) -> list[Notification]:
    """Tell the other side a message was posted (never its words)."""
    names = names_of(referral)
    from_receiver = message.author_organization_id == referral.receiving_organization_id and (
        message.author_organization_id != referral.referring_organization_id
    )
    recipients = _referrer_people(referral) if from_receiver else _receiver_people(referral)
    sender = names["to"] if from_receiver else names["by"]
    return _create(
        recipients=recipients,
        referral=referral,
        kind=MESSAGE,
        subject=f"New message on referral {names['ref']}",
        body=f"{sender} posted a message on referral {names['ref']} to {names['service']}. "
        "Sign in to read it and reply.",
        skip=message.author_id,
    )


def notify_reminder(
    *, referral: Referral, waited_days: int, expires_on: datetime.date
) -> list[Notification]:
    """Remind the receiving team that a referral is waiting for their answer."""
    names = names_of(referral)
    return _create(
        recipients=_receiver_people(referral),
        referral=referral,
        kind=REMINDER,
        subject=f"Reminder: referral {names['ref']} is waiting for an answer",
        body=(
            f"Referral {names['ref']} to {names['service']} from {names['by']} has waited "
            f"{waited_days} day{'s' if waited_days != 1 else ''} for an answer. Unless someone "
            f"accepts or declines it, it expires on {expires_on:%-d %B %Y}. "
            "Sign in to answer it."
        ),
    )


def _email_intake_on_commit(referral: Referral) -> None:
    referral_id = str(referral.pk)

    def enqueue() -> None:
        from joinedup.referrals.tasks import send_intake_email

        send_intake_email.enqueue(referral_id)

    transaction.on_commit(enqueue)


def set_notification_frequency(*, actor: User, frequency: str) -> NotificationPreference:
    """Choose instant email or a daily digest for oneself."""
    from django.core.exceptions import PermissionDenied, ValidationError

    if not actor.is_authenticated:
        raise PermissionDenied("Sign in to choose how you are told")
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": "Choose how often you want email"})
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=actor)
        if preference.frequency != frequency:
            preference.frequency = frequency
            preference.save(update_fields=["frequency"])
            audit.record(
                "notification_preference.changed",
                actor=actor,
                target=preference,
                details={"frequency": frequency},
            )
    return preference
