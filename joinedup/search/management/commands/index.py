from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from joinedup.search.services import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index of every service."

    def handle(self, *args: Any, **options: Any) -> None:
        from rich.progress import Progress

        with Progress(disable=options["verbosity"] == 0) as bar:
            task = bar.add_task("Indexing services", total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            count = rebuild_index(progress=advance)
        self.stdout.write(f"Indexed {count} services.")
