"""`joinedup send_reminders`: remind receiving teams of referrals waiting for an answer (run it
daily, or hourly: a reminder is never sent twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from joinedup.referrals.services.expiry import remind_unanswered_referrals


class Command(BaseCommand):
    help = "Remind receiving teams of referrals still waiting for a first answer."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = remind_unanswered_referrals(now=timezone.now())
        self.stdout.write(f"{len(reminded)} referral(s) reminded")
