"""`joinedup remind_stale_listings`: email organisation admins a "still right" link for each
listing due a check (run it daily: a listing is not reminded about again within the check
interval, `JOINEDUP_STALE_AFTER_DAYS`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from joinedup.directory.freshness import remind_stale_listings


class Command(BaseCommand):
    help = "Remind organisation admins to check listings not checked within the interval."

    def handle(self, *args: Any, **options: Any) -> None:
        result = remind_stale_listings(now=timezone.now())
        self.stdout.write(f"{result.listings} listing(s) due a check, {result.emails} email(s)")
        if result.nobody_to_ask:
            self.stdout.write(
                f"No active admin to ask at {len(result.nobody_to_ask)} organisation(s): "
                + ", ".join(result.nobody_to_ask)
            )
