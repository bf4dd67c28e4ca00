"""`joinedup import_indicators PARTNERSHIP FILE`: import area indicators from a CSV file (an
OHID Fingertips export or the plain layout), as the upload page does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.insights.indicators import import_csv
from joinedup.partnerships.models import Partnership


class Command(BaseCommand):
    help = (
        "Import area indicators from a CSV file (an OHID Fingertips export, or columns "
        "area_code, area_name, indicator, period, value) into a partnership. Every rejected "
        "row is listed with its line number and reason; the rest are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file")
        parser.add_argument(
            "--partnership",
            required=True,
            help="The partnership's id or exact name (the indicators are its own)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = options["partnership"]
        found = Partnership.objects.filter(name=wanted)
        if wanted.isdigit():
            found = found | Partnership.objects.filter(pk=int(wanted))
        partnership = found.first()
        if partnership is None:
            raise CommandError(f"No partnership with the id or name “{wanted}”")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        report = import_csv(partnership=partnership, data=data)
        if report.error:
            raise CommandError(report.error)
        for rejected in report.rejected:
            self.stderr.write(f"line {rejected.line}: {rejected.reason}")
        self.stdout.write(
            f"Kept {report.kept} value(s) of {len(report.indicators)} indicator(s) "
            f"({report.source}); rejected {len(report.rejected)} row(s)."
        )
        if report.unknown_areas:
            self.stdout.write("Unknown area codes: " + ", ".join(report.unknown_areas))
