"""`joinedup reapply_erasures FILE`: after a restore, erase again everyone in an erasure log
(`export_erasures`) who the restored database still holds unerased. Safe to run twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.referrals.services.governance import reapply_erasures


class Command(BaseCommand):
    help = "Re-apply the erasures of an erasure log (after restoring a backup)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            log = json.loads(options["file"].read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read the erasure log {options['file']}: {exc}") from None
        result = reapply_erasures(log=log)
        self.stdout.write(
            f"{len(result.erased)} erasure(s) re-applied; {result.already_erased} already "
            f"erased here; {result.not_here} person(s) not in this database"
        )
