"""`joinedup worker`: the background process. Runs queued tasks and the scheduled jobs of
`JOINEDUP_SCHEDULE` until stopped (SIGTERM or Ctrl-C: after the work in hand). `--once` makes
one pass and exits (for a test, or a cron line where a long-running process is not wanted)."""

from __future__ import annotations

import logging
import socket
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string

from joinedup.core.worker import Worker


class Command(BaseCommand):
    help = "Run queued tasks and the scheduled jobs that are due, until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds to wait when there is nothing to do (default 1)",
        )
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument(
            "--worker-id",
            default=f"{socket.gethostname()[:40]}-{get_random_string(8)}",
            help="this worker's name in the runs it records (default: host name and a suffix)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verbosity"] > 0:
            # Each task and job run through the logging settings' handlers (the root's), not
            # django-tasks-db's start and stop of every pass.
            levels = {"joinedup.core": logging.INFO, "django_tasks": logging.INFO}
            levels["django_tasks_db"] = logging.WARNING
            for name, level in levels.items():
                logging.getLogger(name).setLevel(level)
        worker = Worker(worker_id=options["worker_id"], interval=options["interval"])
        if options["once"]:
            ran, runs = worker.run_once()
            for job_run in runs:
                self.stdout.write(f"{job_run.job}: {job_run.outcome}")
            self.stdout.write(f"{ran} task(s) run")
            return
        worker.handle_signals()
        worker.run()
