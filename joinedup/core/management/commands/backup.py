"""`joinedup backup [--output DIR]`: a backup of the whole database (SQLite: online backup;
PostgreSQL: `pg_dump -Fc`) to a file named after the time, then delete all but the newest
`JOINEDUP_BACKUP_KEEP`. Safe while the site runs; schedule it (`JOINEDUP_SCHEDULE`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.core import backups


class Command(BaseCommand):
    help = "Back up the database to a timestamped file and delete the oldest beyond the keep."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="directory for the backup (default JOINEDUP_BACKUP_DIR)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="how many backups to keep in it (default JOINEDUP_BACKUP_KEEP)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = options["output"] or settings.JOINEDUP_BACKUP_DIR
        keep = settings.JOINEDUP_BACKUP_KEEP if options["keep"] is None else options["keep"]
        try:
            path = backups.create_backup(output_dir=directory)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        deleted = backups.prune(directory, keep=keep)
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size:,} bytes)")
        if deleted:
            self.stdout.write(f"Deleted {len(deleted)} older backup(s), keeping {keep}")
