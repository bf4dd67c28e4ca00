"""`joinedup refresh_insights`: compute each partnership's default insights again before the
cached ones grow too old, so no one's request waits for a region's figures (ADR 37). Run by
`joinedup worker` every few minutes (JOINEDUP_SCHEDULE); the cache must be shared with the web
servers (CACHE_URL=redis://…), or they never see what it computed."""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.management.base import BaseCommand, CommandParser

from joinedup.insights import dashboard, pages, place_cache
from joinedup.partnerships.models import Partnership


class Command(BaseCommand):
    help = (
        "Compute each partnership's board (this quarter, no filters, as its managers see it: "
        "its sections, CSV files and board pack) and its place pages' figures again, into the "
        "shared cache."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--even-unshared",
            action="store_true",
            help="run even when the cache is this process's memory (for trying it out)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if dashboard.cache_seconds() <= 0:
            self.stdout.write("Insights are not cached (INSIGHTS_CACHE_SECONDS=0): nothing to do")
            return
        if isinstance(caches["default"], LocMemCache | DummyCache) and not options["even_unshared"]:
            self.stdout.write(
                "Nothing refreshed: the cache is not shared (this process's memory, or none), so "
                "no web server would read what it computed. Set CACHE_URL=redis://… for the "
                "worker and the web servers alike."
            )
            return
        for partnership in Partnership.objects.order_by("pk"):
            started = time.perf_counter()
            board = dashboard.refresh(partnership)
            # What people open: every section, every table's CSV and the board pack.
            for section in pages.SECTIONS.values():
                pages.section_html(board, section, "")
            for key in board.tables:
                pages.csv_text(board, key)
            pages.pack_pdf(board)
            place_cache.refresh(partnership)
            self.stdout.write(
                f"{partnership.name}: {time.perf_counter() - started:.1f} s "
                f"(fresh for {board.seconds_left()} s)"
            )
