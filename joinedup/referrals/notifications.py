"""Telling people what needs their action: Notification rows and, for those who chose instant
email, an outbox email (`core.outbox`), both written in the use case's transaction; the task
worker sends the email once it has committed, and tries again until it goes (ADR 22).

Nothing here ever puts a person's details in a notification or an email (not the name, the need,
a reason's free text or a message's words): email leaves our systems, so it says only what
happened, the reference and where to sign in to see it (an absolute link on `SITE_URL`). Each
user chooses instant email or a daily digest (`NotificationPreference`); the digest is sent by
`joinedup send_digests`, through the outbox too.

A service that does not take referrals through joinedup is told what fits what it does: a
phone service that someone may call, a signposting-only service nothing at all (it was never
asked for anything).
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone

from joinedup.core import audit, outbox
from joinedup.core.batching import Deferred
from joinedup.core.links import absolute_url
from joinedup.core.models import User
from joinedup.directory.models import IntakeMode
from joinedup.referrals.models import (
    LOGGED_INTAKE_MODES,
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
PHONE_HEADS_UP = "referral.phone_logged"
INTAKE_EMAIL = "referral.intake_email"
DIGEST = "referral.digest"


# Services that do not answer referrals in joinedup: the referral is logged here and the
# person (or the referrer) contacts the service themselves.
LOGGED_MODES = LOGGED_INTAKE_MODES


def absolute(path: str) -> str:
    """A link for an email: the site's public address (SITE_URL) plus the path."""
    return absolute_url(path)


def email_text(*, body: str, link: str) -> str:
    """The words of a notification's email: what happened, the link, and why no details."""
    return (
        f"{body}\n\n{absolute(link)}\n\n"
        f"This email does not contain anyone's personal details. Sign in to "
        f"{settings.JOINEDUP_PARTNERSHIP_NAME} to see them.\n"
    )


def referral_path(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def frequency_of(user: User) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.frequency if preference else Frequency.INSTANT


def _with_frequency(users: QuerySet[User]) -> QuerySet[User]:
    """Each user with how they want to be told (`notification_frequency`, None: instant)."""
    return users.annotate(notification_frequency=F("notification_preference__frequency"))


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
    members = _with_frequency(
        User.objects.filter(
            memberships__organization_id=referral.referring_organization_id, is_active=True
        )
    )
    if referral.referring_user_id is not None:
        maker = members.filter(pk=referral.referring_user_id)
        if maker.exists():
            return list(maker)
    return list(members.order_by("pk"))


def _receiver_people(referral: Referral) -> list[User]:
    """Everyone in the receiving organisation: the team shares the inbox."""
    return list(
        _with_frequency(
            User.objects.filter(
                memberships__organization_id=referral.receiving_organization_id, is_active=True
            )
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
    """Write one row per recipient (not `skip`, who did the thing); those who want instant
    email get it through the outbox (the row is then marked sent: the digest leaves it)."""
    link = referral_path(referral)
    seen: set[int] = set()
    rows = []
    now = timezone.now()
    for user in recipients:
        if user.pk == skip or user.pk in seen:
            continue
        seen.add(user.pk)
        row = Notification(
            recipient=user, referral=referral, kind=kind, subject=subject, body=body, link=link
        )
        if _wants_instant(user):
            row.sent_at = now
            row._email_to = user.email  # type: ignore[attr-defined]
        rows.append(row)
    if _deferred.defer(rows):
        return rows
    return _save(rows)


def _wants_instant(user: User) -> bool:
    frequency = getattr(user, "notification_frequency", None)
    if frequency is None and not hasattr(user, "notification_frequency"):
        frequency = frequency_of(user)
    return (frequency or Frequency.INSTANT) == Frequency.INSTANT


def _save(rows: list[Notification]) -> list[Notification]:
    """Insert `rows`, and the instant ones' emails into the outbox (one INSERT each), to be
    sent by one task once the transaction commits."""
    if not rows:
        return rows
    if connection.features.can_return_rows_from_bulk_insert:
        Notification.objects.bulk_create(rows)
    else:
        # A database that does not return ids from a bulk insert: one insert each.
        for row in rows:
            row.save()
    with outbox.batch():
        for row in rows:
            address = getattr(row, "_email_to", "")
            if address:
                outbox.enqueue(
                    channel="email",
                    to=address,
                    subject=row.subject,
                    body=email_text(body=row.body, link=row.link),
                    kind=row.kind,
                )
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
    if event.actor_organization_id is None:
        return _tell_of_expiry(referral, names) if status == Status.CANCELLED else []
    # Each status belongs to one side (the transitions table), so it says who acted even when
    # an organisation refers to its own service.
    if status in _RECEIVER_MOVES:
        body = _RECEIVER_MOVES[status].format(**names) + _reason(event)
        recipients = _referrer_people(referral)
        if status in (Status.REJECTED, Status.FAILED):
            body += " Sign in to see why and choose another service."
        else:
            body += " Sign in to see it."
    elif status in _REFERRER_MOVES:
        if event.from_status == Status.DRAFT and status != Status.REQUESTED:
            return []  # the receiver never saw a draft
        if referral.intake_mode == IntakeMode.SIGNPOSTING:
            return []  # a signposting-only service is never asked for anything
        if status == Status.REQUESTED and referral.intake_mode == IntakeMode.PHONE:
            return _tell_phone_service(referral, names, skip=event.actor_id)
        body = _REFERRER_MOVES[status].format(**names) + _reason(event)
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
        skip=event.actor_id,
    )
    if status == Status.REQUESTED and referral.intake_mode == IntakeMode.EMAIL:
        _email_intake(referral)
    return created


def _reason(event: ReferralEvent) -> str:
    # A reason's free text may name the person; only the label from the list goes out.
    return f" Reason: {reason_label(event.reason_code)}." if event.reason_code else ""


def _tell_of_expiry(referral: Referral, names: dict[str, str]) -> list[Notification]:
    """joinedup itself moved it: only expiry moves a referral with no one acting."""
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


def _tell_phone_service(
    referral: Referral, names: dict[str, str], *, skip: int | None
) -> list[Notification]:
    """A service that takes referrals by phone: the referral is logged here and the person
    (or the referrer) calls them, so its team is told to expect a call, not asked to answer."""
    return _create(
        recipients=_receiver_people(referral),
        referral=referral,
        kind=PHONE_HEADS_UP,
        subject=f"Referral {names['ref']} to {names['service']}: expect a phone call",
        body=(
            f"{names['by']} has given someone the phone number of {names['service']} and "
            f"logged it as referral {names['ref']}. Expect a call from them or from the person. "
            "Nothing needs answering here; you can note what happened on the referral."
        ),
        skip=skip,
    )


def notify_message(*, referral: Referral, message: ReferralMessage) -> list[Notification]:
    """Tell the other side a message was posted (never its words)."""
    names = names_of(referral)
    from_receiver = message.author_organization_id == referral.receiving_organization_id and (
        message.author_organization_id != referral.referring_organization_id
    )
    if not from_receiver and referral.intake_mode == IntakeMode.SIGNPOSTING:
        return []  # a signposting-only service does not work referrals here
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
    """Remind the receiving team that a referral is waiting for their answer (not a service
    that takes referrals by phone or only signposts: it answers nothing here)."""
    if referral.intake_mode in LOGGED_MODES:
        return []
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


def _email_intake(referral: Referral) -> None:
    """For a service that takes referrals by email: a link-only email to its contact address
    (the service's, else its organisation's), in the outbox with the referral."""
    address = referral.service.email or referral.receiving_organization.email
    if not address:
        return
    names = names_of(referral)
    outbox.enqueue(
        channel="email",
        to=address,
        subject=f"New referral {names['ref']} for {names['service']}",
        body=email_text(
            body=(
                f"{names['by']} has referred someone to {names['service']} through "
                f"{settings.JOINEDUP_PARTNERSHIP_NAME}. The reference is {names['ref']}. "
                "Sign in to read the referral and answer it."
            ),
            link=referral_path(referral),
        ),
        kind=INTAKE_EMAIL,
    )


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
