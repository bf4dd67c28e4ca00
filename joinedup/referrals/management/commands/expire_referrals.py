"""`joinedup expire_referrals`: cancel referrals nobody answered in time (run it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from joinedup.referrals.services import expire_unanswered_referrals


class Command(BaseCommand):
    help = (
        "Cancel sent referrals with no answer after the expiry period of the receiving "
        "organisation's partnership (reason: no response); the referrer is told."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="one expiry period in days for every referral, instead of each partnership's",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = expire_unanswered_referrals(now=timezone.now(), expiry_days=options["days"])
        self.stdout.write(f"{len(expired)} referral(s) expired")
