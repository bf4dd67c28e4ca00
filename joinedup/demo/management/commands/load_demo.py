"""`joinedup load_demo`: load the fictional demo place (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from joinedup.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load Ashdown, the fictional demo place: organisations, services, taxonomy and demo "
        "logins. Safe to run again: it only creates what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help=(
                "Delete the demo directory records and the demo partnership first, restoring "
                "their original content."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # One line for the terminal (`make demo` prints the logins after it).
        self.stdout.write(load_demo(reset=options["reset"]))
