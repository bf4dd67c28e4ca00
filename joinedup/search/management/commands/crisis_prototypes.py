from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.search import safety


class Command(BaseCommand):
    help = (
        "Embed the crisis detector's prototype sentences into the shipped vector file "
        "(run after editing data/crisis_patterns.json's prototypes or ordinary needs)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="only say whether the shipped file matches the sentences (exit 1 if not)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            if safety.shipped_vectors(safety.prototype_texts()) is None:
                raise CommandError("Stale: run `joinedup crisis_prototypes`")
            self.stdout.write("The shipped prototype vectors match the sentences.")
            return
        count = safety.write_prototype_vectors()
        self.stdout.write(f"Wrote {count} prototype vectors to {safety.PROTOTYPES_FILE}.")
