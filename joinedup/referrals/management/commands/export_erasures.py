"""`joinedup export_erasures [--output FILE]`: the erasure log (every `person.erased` audit
event: event id, person id, time, reason) as JSON, for `reapply_erasures` after a restore.
`joinedup restore --force` runs it before replacing the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from joinedup.referrals.services.governance import erasure_log


class Command(BaseCommand):
    help = "Write the log of erasures (person ids and times) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", help="write to this file instead of the screen")

    def handle(self, *args: Any, **options: Any) -> None:
        log = erasure_log()
        text = json.dumps(log, indent=2)
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"{len(log)} erasure(s) written to {options['output']}")
        else:
            self.stdout.write(text)
