"""`joinedup refresh_insights`: compute each partnership's default insights again before the
cached ones grow too old, so no one's request waits for a region's figures (ADR 37). Run by
`joinedup worker` every few minutes (JOINEDUP_SCHEDULE); the cache must be shared with the web
servers (CACHE_URL=redis://…), or they never see what it computed."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.management.base import BaseCommand, CommandParser

from joinedup.insights import api_answers, dashboard, pages, place_cache
from joinedup.partnerships.models import Partnership


class Command(BaseCommand):
    help = (
        "Compute each partnership's board (this quarter, no filters, as its managers see it: "
        "its sections, CSV files, board pack and API answers; and as the member organisations "
        "that asked for it lately see it) and its place pages' figures again, into the shared "
        "cache."
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
        base = _api_base()
        if not base:
            self.stdout.write("The API's answers are not refreshed: SITE_URL is not set.")
        for partnership in Partnership.objects.order_by("pk"):
            started = time.perf_counter()
            manager, *members = dashboard.refresh(partnership)
            _render(manager, members, api_base=base)
            place_cache.refresh(partnership)
            self.stdout.write(
                f"{partnership.name}: {time.perf_counter() - started:.1f} s, "
                f"member organisations' views: {len(members)} "
                f"(fresh for {manager.seconds_left()} s)"
            )


def _render(manager: dashboard.Board, members: list[dashboard.Board], *, api_base: str) -> None:
    """Render what is opened first from the refreshed boards, into the cache with them."""
    # The managers' view: every section, every table's CSV, the board pack and what the API's
    # default calls answer (the board, and each table's first page).
    for section in pages.SECTIONS.values():
        pages.section_html(manager, section, "")
    for key in manager.tables:
        pages.csv_bytes(manager, key)
    pages.pack_pdf(manager)
    if api_base:
        api_answers.board_answer(manager, base=api_base)
        for key in manager.tables:
            api_answers.table_answer(manager, key, base=api_base)
    # A member's view: its figures (the seconds) and its sections (what it opens first); its
    # CSV files, pack and API answers are rendered on its first request for them (about a
    # second each on a region), to keep each run short.
    for board in members:
        for section in pages.SECTIONS.values():
            pages.section_html(board, section, "")


def _api_base() -> str:
    """The scheme and host the API is called at ("https://example.org"), from SITE_URL: the
    answers' links are absolute, so an answer is kept for the host asked."""
    parts = urlsplit(settings.SITE_URL)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
