"""`joinedup export_directory --format json|ndjson|csv --output PATH`: the whole directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.directory.exporters import FORMATS, export_directory


class Command(BaseCommand):
    help = (
        "Export the whole directory as HSDS 3.0 JSON, NDJSON, or an HSDS CSV datapackage "
        "(a folder). `joinedup import_directory` reads each of them back."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument(
            "--output", required=True, help="file to write (a folder for --format csv)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        if options["format"] == "csv" and output.exists() and not output.is_dir():
            raise CommandError(f"{output} is a file: --format csv writes a folder")
        if options["format"] != "csv" and output.is_dir():
            raise CommandError(f"{output} is a folder: give a file name")
        try:
            counts = export_directory(format=options["format"], output=output)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from exc
        summary = ", ".join(f"{n} {name}" for name, n in counts.items() if n)
        self.stdout.write(f"Exported to {output}: {summary or 'an empty directory'}")
