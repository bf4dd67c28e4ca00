"""Sending what `notifications` wrote: each notification by email once its transaction has
committed (a background task), the link-only email to a service that takes referrals by email,
and the daily digests (`joinedup send_digests`).

As in `notifications`, no email carries a person's details: only what happened, the reference
and where to sign in to see it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from joinedup.referrals.models import (
    Frequency,
    Notification,
    NotificationPreference,
    Referral,
    Status,
)
from joinedup.referrals.notifications import absolute, frequency_of, names_of, referral_path


def email_link(*, to: str, subject: str, body: str, link: str) -> None:
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
            email_link(
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
    names = names_of(referral)
    email_link(
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
