"""`joinedup load_demo`: load the fictional demo place (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from joinedup.directory.demo.loader import load_demo_place
from joinedup.directory.demo.referrals import load_demo_referrals, reset_demo_referrals
from joinedup.directory.models import Service
from joinedup.partnerships.demo import load_demo_partnership, reset_demo_partnership
from joinedup.search.models import SearchEntry
from joinedup.search.services import rebuild_index


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
        if options["reset"]:
            # The partnership's history and the referrals point at the demo organisations:
            # they go first.
            reset_demo_referrals()
            reset_demo_partnership()
        result = load_demo_place(reset=options["reset"])
        # One line for the terminal (`make demo` prints the logins after it).
        parts = [result.summary(), load_demo_partnership().summary()]
        parts.append(load_demo_referrals().summary())
        # The demo is loaded in bulk, not through the directory's use cases: index it here, once
        # (every service must be findable on the search page), and again only if it changed.
        indexed = set(SearchEntry.objects.values_list("service_id", flat=True))
        if indexed != set(Service.objects.values_list("id", flat=True)):
            parts.append(f"Search index built: {rebuild_index()} services.")
        else:
            parts.append("Search index up to date.")
        self.stdout.write(" ".join(parts))
