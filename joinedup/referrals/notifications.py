"""Telling people what needs their action: Notification rows, written in the use case's
transaction, and email sent by a background task once it has committed.

Nothing here ever puts a person's details in a notification or an email (not the name, the need,
a reason's free text or a message's words): email leaves our systems, so it says only what
happened, the reference and where to sign in to see it. Each user chooses instant email or a
daily digest (`NotificationPreference`); the digest is sent by `joinedup send_digests`.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from joinedup.core import audit
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
    pending = _pending.get()
    if pending is not None:
        pending.extend(rows)
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


# The notifications made inside `batch()` on this thread, waiting for its one INSERT.
_pending: contextvars.ContextVar[list[Notification] | None] = contextvars.ContextVar(
    "notifications_pending", default=None
)


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Write the notifications made inside in one INSERT as the block ends, to be emailed by
    one task after the transaction commits; none if the block raises. Open it inside the
    transaction, with the same care as `audit.batch`."""
    if _pending.get() is not None:
        yield  # already batching: the outer batch writes them
        return
    pending: list[Notification] = []
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    _save(pending)


def _names(referral: Referral) -> dict[str, str]:
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
    names = _names(referral)
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
    names = _names(referral)
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
    names = _names(referral)
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


def _email(*, to: str, subject: str, body: str, link: str) -> None:
    text = (
        f"{body}\n\n{absolute(link)}\n\n"
        f"This email does not contain anyone's personal details. Sign in to "
        f"{settings.JOINEDUP_PARTNERSHIP_NAME} to see them.\n"
    )
    send_mail(subject, text, None, [to])


def deliver_notifications(notification_ids: Iterable[int]) -> int:
    """Email each notification not yet sent whose recipient wants instant email; returns how
    many went. Claims each row first, so a task run twice sends once."""
    sent = 0
    rows = Notification.objects.filter(pk__in=list(notification_ids), sent_at__isnull=True)
    for notification in rows.select_related("recipient"):
        if frequency_of(notification.recipient) != Frequency.INSTANT:
            continue  # it waits for the daily digest
        now = timezone.now()
        claimed = Notification.objects.filter(pk=notification.pk, sent_at__isnull=True).update(
            sent_at=now
        )
        if not claimed:
            continue
        try:
            _email(
                to=notification.recipient.email,
                subject=notification.subject,
                body=notification.body,
                link=notification.link,
            )
        except Exception:
            # Not sent: leave it for the next attempt (or the digest) rather than lose it.
            Notification.objects.filter(pk=notification.pk).update(sent_at=None)
            raise
        sent += 1
    return sent


def deliver_intake_email(referral_id: Any) -> bool:
    """For a service that takes referrals by email: a link-only email to its contact address
    (the service's, else its organisation's). False when there is no address."""
    referral = (
        Referral.objects.select_related("service", "receiving_organization")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None or referral.status != Status.REQUESTED:
        return False  # withdrawn or answered before the task ran: nothing to ask for
    address = referral.service.email or referral.receiving_organization.email
    if not address:
        return False
    names = _names(referral)
    _email(
        to=address,
        subject=f"New referral {names['ref']} for {names['service']}",
        body=(
            f"{names['by']} has referred someone to {names['service']} through "
            f"{settings.JOINEDUP_PARTNERSHIP_NAME}. The reference is {names['ref']}. "
            "Sign in to read the referral and answer it."
        ),
        link=referral_path(referral),
    )
    return True


def send_daily_digests(*, now: datetime.datetime | None = None) -> int:
    """One email per person who chose the daily digest, listing what is new since their last;
    returns how many digests were sent. Running it twice sends nothing the second time."""
    now = now or timezone.now()
    sent = 0
    preferences = NotificationPreference.objects.filter(frequency=Frequency.DAILY).select_related(
        "user"
    )
    for preference in preferences:
        waiting = list(
            Notification.objects.filter(
                recipient=preference.user, sent_at__isnull=True, created_at__lte=now
            ).order_by("created_at", "pk")
        )
        if not waiting:
            continue
        lines = [f"- {n.body}\n  {absolute(n.link)}" for n in waiting]
        count = len(waiting)
        subject = f"{settings.JOINEDUP_PARTNERSHIP_NAME}: {count} referral update" + (
            "s" if count != 1 else ""
        )
        body = (
            f"What happened to your referrals since your last digest ({count}):\n\n"
            + "\n".join(lines)
            + "\n\nThis email does not contain anyone's personal details. Sign in to see them.\n"
        )
        with transaction.atomic():
            claimed = Notification.objects.filter(
                pk__in=[n.pk for n in waiting], sent_at__isnull=True
            ).update(sent_at=now)
            if claimed != count:
                continue  # another run took some: let it send them
            send_mail(subject, body, None, [preference.user.email])
            preference.last_digest_sent_at = now
            preference.save(update_fields=["last_digest_sent_at"])
        sent += 1
    return sent


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
