"""`joinedup load_instruments [FOLDER]`: load the shipped instrument files (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.partnerships.documents import SHIPPED_DIR
from joinedup.partnerships.services import load_shipped_instruments


class Command(BaseCommand):
    help = (
        "Load the health-check instruments shipped in joinedup/partnerships/instruments/ "
        "(or FOLDER). A new version of a file becomes a new instrument; known ones are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", nargs="?", default=str(SHIPPED_DIR))

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_shipped_instruments(directory=Path(options["folder"]))
        for label in report.created:
            self.stdout.write(f"loaded    {label}")
        for label in report.unchanged:
            self.stdout.write(f"unchanged {label}")
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"error     {error}")
            raise CommandError(f"{len(report.errors)} problem(s) with instrument files")
