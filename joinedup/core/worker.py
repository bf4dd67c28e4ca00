"""The one background process (`joinedup worker`, ADR 32): it runs the tasks queued in the
database (django-tasks-db, when `TASKS_BACKEND` is its `DatabaseBackend`) and the scheduled jobs
that are due (`core.schedule`). Run several for more throughput or for redundancy: a task is
claimed by one worker (django-tasks-db locks it), a job's slot by one worker (a unique row).

SIGTERM or SIGINT stops it after the task or job in hand; a second one stops it at once.
"""

from __future__ import annotations

import logging
import signal
import time
from types import FrameType

from django.db import close_old_connections
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker as TaskWorker

from joinedup.core import schedule
from joinedup.core.models import JobRun

logger = logging.getLogger(__name__)

# At most this many queued tasks between two looks at the schedule, so a busy queue cannot
# starve the schedule (the outbox sweep is due every minute).
TASKS_PER_PASS = 50
# Old runs are pruned about this often (seconds).
PRUNE_EVERY = 3600


class Worker:
    def __init__(self, *, worker_id: str, interval: float = 1.0, tasks: bool = True) -> None:
        self.worker_id = worker_id
        self.interval = interval
        self.running = True
        self.backend_name = DEFAULT_TASK_BACKEND_ALIAS
        # With the immediate backend (development, tests) tasks run in the web process:
        # there is no queue to read.
        self.tasks = tasks and isinstance(task_backends[self.backend_name], DatabaseBackend)
        self._task_worker: TaskWorker | None = None
        self._last_prune = 0.0

    def stop(self, signum: int, frame: FrameType | None) -> None:
        if not self.running:
            logger.warning("Second %s: stopping now.", signal.strsignal(signum))
            raise SystemExit(1)
        logger.warning(
            "%s: stopping after the work in hand (again to stop now).", signal.strsignal(signum)
        )
        self.running = False
        if self._task_worker is not None:
            self._task_worker.running = False

    def handle_signals(self) -> None:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)

    def run_tasks(self) -> int:
        """Run queued tasks until the queue is empty or `TASKS_PER_PASS` ran; how many ran."""
        if not self.tasks:
            return 0
        self._task_worker = TaskWorker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name=self.backend_name,
            startup_delay=False,
            max_tasks=TASKS_PER_PASS,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )
        self._task_worker.running = self.running
        try:
            self._task_worker.run()
        finally:
            ran = self._task_worker._run_tasks
            self._task_worker = None
        return ran

    def run_once(self) -> tuple[int, list[JobRun]]:
        """One pass: the jobs that are due, then the queued tasks. (tasks run, job runs)."""
        close_old_connections()
        runs = schedule.run_due(worker=self.worker_id, keep_going=lambda: self.running)
        ran = self.run_tasks() if self.running else 0
        if time.monotonic() - self._last_prune > PRUNE_EVERY:
            schedule.prune_runs(now=timezone.now())
            self._last_prune = time.monotonic()
        close_old_connections()
        return ran, runs

    def run(self) -> None:
        logger.info(
            "Worker %s: schedule %s; %s",
            self.worker_id,
            ", ".join(f"{job.name} ({job.cron})" for job in schedule.jobs()) or "empty",
            "running queued tasks" if self.tasks else "no task queue (immediate backend)",
        )
        while self.running:
            try:
                ran, runs = self.run_once()
            except Exception:
                # The database restarting, say: log it, wait, and carry on.
                logger.exception("Worker pass failed; trying again in %ss", self.interval)
                ran, runs = 0, []
            if not ran and not runs:
                self._sleep(self.interval)

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while self.running and time.monotonic() < end:
            time.sleep(min(0.2, end - time.monotonic()))
