"""The daily digests (`joinedup send_digests`), and handing to the outbox what an older
version left for a task to email.

Notifications are emailed through the outbox (`core.outbox`, ADR 22), written with them in the
use case's transaction (`notifications`); a digest is written to the outbox in the transaction
that marks its notifications sent, so a mail server that is down delays it but never loses it.

As in `notifications`, no email carries a person's details: only what happened, the reference
and where to sign in to see it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from joinedup.core import outbox
from joinedup.referrals.models import (
    Frequency,
    Notification,
    NotificationPreference,
    Referral,
    Status,
)
from joinedup.referrals.notifications import (
    DIGEST,
    _email_intake,
    absolute,
    email_text,
    frequency_of,
)


def deliver_notifications(notification_ids: Iterable[int]) -> int:
    """Put into the outbox each of these notifications not yet sent whose recipient wants
    instant email (tasks an older version enqueued); returns how many. Safe to run twice."""
    queued = 0
    rows = Notification.objects.filter(pk__in=list(notification_ids), sent_at__isnull=True)
    for notification in rows.select_related("recipient"):
        if frequency_of(notification.recipient) != Frequency.INSTANT:
            continue  # it waits for the daily digest
        with transaction.atomic():
            claimed = Notification.objects.filter(pk=notification.pk, sent_at__isnull=True).update(
                sent_at=timezone.now()
            )
            if not claimed:
                continue
            outbox.enqueue(
                channel="email",
                to=notification.recipient.email,
                subject=notification.subject,
                body=email_text(body=notification.body, link=notification.link),
                kind=notification.kind,
            )
        queued += 1
    return queued


def deliver_intake_email(referral_id: Any) -> bool:
    """The link-only email to a service that takes referrals by email, for a referral an older
    version left to a task; False when it is no longer waiting or has no address."""
    referral = (
        Referral.objects.select_related(
            "service", "receiving_organization", "referring_organization"
        )
        .filter(pk=referral_id)
        .first()
    )
    if referral is None or referral.status != Status.REQUESTED:
        return False
    if not (referral.service.email or referral.receiving_organization.email):
        return False
    with transaction.atomic():
        _email_intake(referral)
    return True


def _digest(waiting: list[Notification]) -> tuple[str, str]:
    """A digest's subject and words."""
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
    return subject, body


def send_daily_digests(*, now: datetime.datetime | None = None) -> int:
    """One email per person who chose the daily digest, listing what is new since their last;
    returns how many digests were written to the outbox. Running it twice sends nothing the
    second time."""
    now = now or timezone.now()
    sent = 0
    preferences = NotificationPreference.objects.filter(frequency=Frequency.DAILY).select_related(
        "user"
    )
    for preference in preferences:
        with transaction.atomic():
            waiting = list(
                Notification.objects.filter(
                    recipient=preference.user, sent_at__isnull=True, created_at__lte=now
                ).order_by("created_at", "pk")
            )
            if not waiting:
                continue
            claimed = Notification.objects.filter(
                pk__in=[n.pk for n in waiting], sent_at__isnull=True
            ).update(sent_at=now)
            if claimed != len(waiting):
                # Another run took some: leave them all to it (none is marked sent by us).
                transaction.set_rollback(True)
                continue
            subject, body = _digest(waiting)
            outbox.enqueue(
                channel="email",
                to=preference.user.email,
                subject=subject,
                body=body,
                kind=DIGEST,
            )
            preference.last_digest_sent_at = now
            preference.save(update_fields=["last_digest_sent_at"])
        sent += 1
    return sent
