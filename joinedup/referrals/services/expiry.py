"""Referrals waiting for an answer: how long they may wait (the receiving organisation's
partnership decides, `Partnership.referral_expiry_days`, 14 days when it is in none) and the
reminders the receiving team gets before they expire."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from joinedup.core import audit
from joinedup.partnerships.models import PartnershipMember
from joinedup.referrals import notifications
from joinedup.referrals.models import Referral, Status

# Also the default of `Partnership.referral_expiry_days`.
DEFAULT_EXPIRY_DAYS = 14


def expiry_days_by_organization() -> dict[Any, int]:
    """Each organisation in a partnership, with its expiry period. An organisation in several
    partnerships gets the shortest: a referral should never wait longer than any of the places
    it works in has promised."""
    rows = (
        PartnershipMember.objects.order_by()
        .values("organization_id")
        .annotate(days=Min("partnership__referral_expiry_days"))
    )
    return {row["organization_id"]: max(1, int(row["days"])) for row in rows}


def expiry_days_for(organization_id: Any) -> int:
    """The expiry period of referrals received by one organisation."""
    found = PartnershipMember.objects.filter(organization_id=organization_id).aggregate(
        days=Min("partnership__referral_expiry_days")
    )["days"]
    return max(1, int(found)) if found is not None else DEFAULT_EXPIRY_DAYS


def expires_on(requested_at: datetime.datetime, days: int) -> datetime.datetime:
    return requested_at + datetime.timedelta(days=days)


def reminder_days() -> list[int]:
    """Days after sending when the receiving team is reminded (JOINEDUP_REFERRAL_REMINDER_DAYS)."""
    return sorted({d for d in settings.JOINEDUP_REFERRAL_REMINDER_DAYS if d > 0})


def remind_unanswered_referrals(*, now: datetime.datetime | None = None) -> list[Referral]:
    """Remind the receiving team of each referral still waiting for its first answer once it
    passes a reminder day (by default 3 and 7 days after it was sent). One reminder per day
    passed, never the same one twice, however often this runs; returns the referrals reminded."""
    now = now or timezone.now()
    days = reminder_days()
    if not days:
        return []
    periods = expiry_days_by_organization()
    candidates = Referral.objects.unanswered_since(now - datetime.timedelta(days=days[0]))
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
            if locked.status != Status.REQUESTED or locked.requested_at is None:
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


def overdue_after_days(period: int) -> int:
    """When a waiting referral shows as overdue in the inbox: on the first reminder day, or two
    days before it expires if that comes first (a short partnership period)."""
    days = reminder_days()
    first = days[0] if days else period
    return max(0, min(first, period - 2))
