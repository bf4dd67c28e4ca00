"""`joinedup import_directory PATH…`: import HSDS 3.0, ORUK 1.0, Outpost or CSV datapackages."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.directory.importers import ImportReport, import_directory
from joinedup.directory.importers.report import OUTCOMES

# A progress bar is worth drawing only when a run takes a while.
PROGRESS_FROM = 200


class Command(BaseCommand):
    help = (
        "Import a directory: HSDS 3.0 JSON (object, list, Page, folder of pages, NDJSON), "
        "ORUK 1.0 JSON (Outpost's variant too) or an HSDS CSV datapackage folder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="files or folders to import")
        parser.add_argument(
            "--namespace",
            help="prefix for ids that are not UUIDs (default: the format). Give each feed with "
            "numeric ids (e.g. two Outpost instances) its own namespace.",
        )
        parser.add_argument(
            "--show-warnings", action="store_true", help="list every warning, not only a count"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = self._run(options)
        self._print(report, show_warnings=options["show_warnings"])
        if report.errors:
            raise CommandError("; ".join(report.errors))

    def _run(self, options: dict[str, Any]) -> ImportReport:
        kwargs = {"paths": options["paths"], "namespace": options["namespace"]}
        if not (sys.stdout.isatty() and self.stdout._out is sys.stdout):
            return import_directory(**kwargs)
        from rich.progress import Progress

        with Progress(transient=True) as bar:
            task = bar.add_task("Importing", total=None)

            def advance(done: int, total: int) -> None:
                if total >= PROGRESS_FROM:
                    bar.update(task, completed=done, total=total)

            return import_directory(**kwargs, progress=advance)

    def _print(self, report: ImportReport, *, show_warnings: bool) -> None:
        out = self.stdout
        if report.counts:
            out.write(f"{'record type':<16}" + "".join(f"{o:>11}" for o in OUTCOMES))
            for kind, counts in sorted(report.counts.items()):
                out.write(f"{kind:<16}" + "".join(f"{counts[o]:>11}" for o in OUTCOMES))
        if report.rejected:
            out.write(self.style.WARNING(f"\n{len(report.rejected)} rejected:"))
            for problem in report.rejected:
                out.write(f"  {problem}")
        if report.warnings:
            if show_warnings:
                out.write(f"\n{len(report.warnings)} warnings:")
                for problem in report.warnings:
                    out.write(f"  {problem}")
            else:
                out.write(
                    f"\n{len(report.warnings)} warnings (fields dropped or empty); "
                    "--show-warnings lists them"
                )
        for error in report.errors:
            out.write(self.style.ERROR(f"Not imported: {error}"))
        if not report.counts and not report.errors:
            out.write("Nothing to import: the input holds no records.")
