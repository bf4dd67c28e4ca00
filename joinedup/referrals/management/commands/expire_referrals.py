"""`joinedup expire_referrals`: cancel referrals nobody answered in time (run it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from joinedup.referrals.services import DEFAULT_EXPIRY_DAYS, expire_unanswered_referrals


class Command(BaseCommand):
    help = "Cancel sent referrals with no answer after the expiry period (reason: no response)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_EXPIRY_DAYS,
            help=f"expiry period in days (default {DEFAULT_EXPIRY_DAYS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = expire_unanswered_referrals(now=timezone.now(), expiry_days=options["days"])
        self.stdout.write(f"{len(expired)} referral(s) expired")
