"""`joinedup restore FILE [--force]`: replace the database with a backup, then bring it up to
date: migrate, re-apply the erasures made after the backup was taken, apply retention.

Stop the web servers and workers first. Refuses a database that has tables unless `--force`;
with `--force`, the erasure log of the database being replaced is saved beside the backups
first (`erasures-before-restore-<time>.json`) and re-applied after, so a person erased since
the backup stays erased (ADR 32)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from joinedup.core import backups


class Command(BaseCommand):
    help = "Restore the database from a backup (into an empty database, or --force)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that is not empty (its erasures are carried over)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No backup at {path}")
        erasures = None
        if not backups.database_is_empty():
            if not options["force"]:
                raise CommandError(
                    "The database is not empty: restoring would replace everything in it. "
                    "Stop the site, then run again with --force."
                )
            erasures = self._save_erasures()
        try:
            backups.restore_backup(path)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        when = backups.taken_at(path)
        taken = f" (taken {when:%Y-%m-%d %H:%M} UTC)" if when else ""
        self.stdout.write(f"Restored {path}{taken}")
        self._bring_up_to_date(erasures)

    def _save_erasures(self) -> Path | None:
        if "export_erasures" not in get_commands():
            return None
        directory: Path = settings.JOINEDUP_BACKUP_DIR
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / f"erasures-before-restore-{timezone.now():%Y%m%dT%H%M%SZ}.json"
        call_command("export_erasures", output=str(target), stdout=self.stdout)
        target.chmod(0o600)
        return target

    def _bring_up_to_date(self, erasures: Path | None) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Migrated")
        if erasures is not None:
            call_command("reapply_erasures", str(erasures), stdout=self.stdout)
        if "apply_retention" in get_commands():
            call_command("apply_retention", stdout=self.stdout)
        if erasures is None:
            self.stdout.write(
                "If erasures were made after this backup was taken in a database that is gone, "
                "re-apply them: joinedup reapply_erasures FILE (see docs/operations.md)."
            )
