"""`joinedup send_digests`: the daily email digest for people who chose it (run it once a day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from joinedup.referrals.delivery import send_daily_digests


class Command(BaseCommand):
    help = "Email each person who chose the daily digest what happened since their last one."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_daily_digests(now=timezone.now())
        self.stdout.write(f"{sent} digest(s) sent")
