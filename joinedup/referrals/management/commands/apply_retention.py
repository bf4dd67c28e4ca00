"""`joinedup apply_retention [--dry-run]`: anonymise closed referrals older than each
partnership's retention period, and delete Idempotency-Key records older than a day (run it
daily, like expire_referrals)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from joinedup.referrals.services.governance import apply_retention


class Command(BaseCommand):
    help = "Anonymise closed referrals past their partnership's retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be anonymised, change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = apply_retention(dry_run=options["dry_run"])
        verb = "would be" if options["dry_run"] else "were"
        self.stdout.write(
            f"{len(result.referrals)} referral(s) {verb} anonymised; "
            f"{len(result.people)} person(s) {verb} erased; "
            f"{result.idempotency_records} Idempotency-Key record(s) {verb} deleted"
        )
        for reference in result.referrals:
            self.stdout.write(f"  {reference}")
