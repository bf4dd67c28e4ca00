"""Referrals waiting for an answer: how long they may wait (the receiving organisation's
partnership decides, `Partnership.referral_expiry_days`, 14 days when it is in none) and the
reminders the receiving team gets before they expire."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.referrals import notifications
from joinedup.referrals.models import Referral

# The periods and the overdue day are the referral's own rules (`models.referrals`), read by the
# lists, the API and the reminders alike; named here too for the callers that import them here.
from joinedup.referrals.models.referrals import (
    DEFAULT_EXPIRY_DAYS,
    expiry_days_by_organization,
    expiry_days_for,
    overdue_after_days,
    reminder_days,
)

__all__ = [
    "DEFAULT_EXPIRY_DAYS",
    "expires_on",
    "expiry_days_by_organization",
    "expiry_days_for",
    "overdue_after_days",
    "remind_unanswered_referrals",
    "reminder_days",
]


def expires_on(requested_at: datetime.datetime, days: int) -> datetime.datetime:
    return requested_at + datetime.timedelta(days=days)


def remind_unanswered_referrals(*, now: datetime.datetime | None = None) -> list[Referral]:
    """Remind the receiving team of each referral still waiting for its first answer once it
    passes a reminder day (by default 3 and 7 days after it was sent). One reminder per day
    passed, never the same one twice, however often this runs; returns the referrals reminded.

    The candidates are `Referral.objects.overdue(now)`, the inbox's and the API's "overdue":
    the first reminder day is never before the overdue day, so the team is only ever reminded
    of a referral its inbox shows as overdue."""
    now = now or timezone.now()
    days = reminder_days()
    if not days:
        return []
    periods = expiry_days_by_organization()
    candidates = Referral.objects.overdue(now)
    reminded = []
    for referral in candidates.select_related(
        "service", "receiving_organization", "referring_organization"
    ).order_by("requested_at"):
        with transaction.atomic():
            locked = (
                Referral.objects.select_for_update()
                .select_related("service", "receiving_organization", "referring_organization")
                .get(pk=referral.pk)
            )
            if not locked.awaits_answer or locked.requested_at is None:
                continue
            waited = now - locked.requested_at
            due = sum(1 for d in days if waited >= datetime.timedelta(days=d))
            if due <= locked.reminders_sent:
                continue
            locked.reminders_sent = due
            locked.last_reminded_at = now
            locked.save(update_fields=["reminders_sent", "last_reminded_at"])
            period = periods.get(locked.receiving_organization_id, DEFAULT_EXPIRY_DAYS)
            audit.record(
                "referral.reminded",
                target=locked,
                organization=locked.receiving_organization,
                details={"reference": locked.reference, "reminder": due},
            )
            notifications.notify_reminder(
                referral=locked,
                waited_days=waited.days,
                expires_on=timezone.localdate(expires_on(locked.requested_at, period)),
            )
            reminded.append(locked)
    return reminded
