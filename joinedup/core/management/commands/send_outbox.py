"""`joinedup send_outbox`: send the emails and text messages that are due (new ones whose task
was lost, and retries of failed sends), then delete sent ones past their keeping time. Run it
every minute from the scheduler."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from joinedup.core import outbox


class Command(BaseCommand):
    help = "Send the outbox messages that are due (retries included)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=outbox.BATCH_SIZE, help="at most this many in one run"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = outbox.deliver_due(limit=options["limit"])
        deleted = outbox.delete_sent()
        self.stdout.write(
            f"Sent {report.sent}, to try again {report.retrying}, failed {report.failed}; "
            f"deleted {deleted} sent long ago."
        )
