"""Scheduled jobs: the management commands that must run on their own (reminders, expiry,
digests, retention, the outbox sweep), each at the times a cron expression in
`settings.JOINEDUP_SCHEDULE` gives, in `TIME_ZONE`. `joinedup worker` calls `run_due` every
few seconds (ADR 32).

A job is a management command run by name (with arguments if the name has them, as
`"import_directory /srv/feed/services.json"`), so the worker does exactly what an operator typing
the command does: the same use case, the same audit. A job's *slot* is the latest time its
expression matched; a slot is run once: the worker that inserts its `JobRun` row runs it, and
the unique (job, slot) constraint turns every other worker away, on SQLite and PostgreSQL alike.
A slot missed while no worker ran is run once when one comes back (each command is safe to run
late); older missed slots are not run again one by one. A job that fails is recorded and tried
again at its next slot; it never stops the worker or the other jobs.
"""

from __future__ import annotations

import datetime
import io
import logging
import shlex
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from cronsim import CronSim, CronSimError
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.core.models import JobOutcome, JobRun

logger = logging.getLogger(__name__)

# How much of a command's output and of a failure's traceback a run keeps.
KEEP_CHARACTERS = 4000


class ScheduleError(ValueError):
    """The schedule in settings names a command with an expression cron cannot read."""


@dataclass(frozen=True)
class Job:
    name: str
    cron: str

    def latest_slot(self, now: datetime.datetime) -> datetime.datetime:
        """The latest time at or before `now` that the job's expression matches."""
        local = timezone.localtime(now).replace(microsecond=0) + datetime.timedelta(seconds=1)
        # cronsim's reverse iteration starts strictly before the moment it is given.
        return next(CronSim(self.cron, local, reverse=True))

    def next_slot(self, now: datetime.datetime) -> datetime.datetime:
        return next(CronSim(self.cron, timezone.localtime(now)))


def jobs() -> list[Job]:
    """The jobs in `settings.JOINEDUP_SCHEDULE` (command name to cron expression; an empty
    expression switches a job off)."""
    result = []
    for name, cron in settings.JOINEDUP_SCHEDULE.items():
        if not cron:
            continue
        try:
            CronSim(cron, timezone.localtime())
        except CronSimError as exc:
            raise ScheduleError(f"JOINEDUP_SCHEDULE[{name!r}] = {cron!r}: {exc}") from None
        result.append(Job(name=name, cron=cron))
    return result


def due(now: datetime.datetime) -> list[tuple[Job, datetime.datetime]]:
    """Each job whose latest slot has no run yet, with that slot."""
    slots = [(job, job.latest_slot(now)) for job in jobs()]
    taken = set(
        JobRun.objects.filter(
            job__in=[job.name for job, _ in slots], slot__in=[slot for _, slot in slots]
        ).values_list("job", "slot")
    )
    return [(job, slot) for job, slot in slots if (job.name, slot) not in taken]


def claim(job: Job, slot: datetime.datetime, *, worker: str) -> JobRun | None:
    """Take this slot of the job for this worker, or None if another worker has it."""
    try:
        with transaction.atomic():
            return JobRun.objects.create(job=job.name, slot=slot, worker=worker)
    except IntegrityError:
        return None


def _last(text: str) -> str:
    return text[-KEEP_CHARACTERS:]


def run(job_run: JobRun) -> JobRun:
    """Run a claimed job's command and record how it ended. A failure is recorded and logged,
    not raised: the next slot tries again."""
    output = io.StringIO()
    try:
        call_command(*shlex.split(job_run.job), stdout=output, stderr=output)
    except Exception:
        job_run.outcome = JobOutcome.FAILED
        job_run.error = _last(traceback.format_exc())
        logger.exception("Scheduled job %s (slot %s) failed", job_run.job, job_run.slot)
    except BaseException:
        # Stopped by force (a second Ctrl-C): say so, then let the worker stop.
        job_run.outcome = JobOutcome.FAILED
        job_run.error = "Interrupted: the worker was stopped while the job ran."
        _finish(job_run, output)
        raise
    else:
        job_run.outcome = JobOutcome.SUCCEEDED
        logger.info("Scheduled job %s (slot %s) succeeded", job_run.job, job_run.slot)
    _finish(job_run, output)
    return job_run


def _finish(job_run: JobRun, output: io.StringIO) -> None:
    job_run.output = _last(output.getvalue())
    job_run.finished_at = timezone.now()
    job_run.save(update_fields=["outcome", "output", "error", "finished_at"])


def run_due(
    *,
    worker: str,
    now: datetime.datetime | None = None,
    keep_going: Callable[[], bool] = lambda: True,
) -> list[JobRun]:
    """Claim and run every due job that no other worker has claimed; the runs this worker made.
    `keep_going` is asked before each job (a worker told to stop claims no more)."""
    now = now or timezone.now()
    runs = []
    for job, slot in due(now):
        if not keep_going():
            break
        job_run = claim(job, slot, worker=worker)
        if job_run is not None:
            runs.append(run(job_run))
    return runs


def prune_runs(*, now: datetime.datetime | None = None) -> int:
    """Delete runs older than `JOINEDUP_JOB_RUNS_KEEP_DAYS` (the outbox sweep alone makes 1,440
    a day)."""
    now = now or timezone.now()
    keep = datetime.timedelta(days=settings.JOINEDUP_JOB_RUNS_KEEP_DAYS)
    deleted, _ = JobRun.objects.filter(slot__lt=now - keep).delete()
    return deleted


@dataclass(frozen=True)
class OverdueJob:
    """A job whose work should be done by now and is not."""

    job: str
    # The slot that should have been run (and finished well) by now.
    slot: datetime.datetime
    # How the job's latest run went: "" when it never ran, "running" when it is still running
    # (or its worker died), "failed", or "succeeded" for an earlier slot (none ran since).
    last_outcome: str


def overdue_jobs(*, now: datetime.datetime | None = None) -> list[OverdueJob]:
    """Jobs with no successful run for a slot that began more than
    `JOINEDUP_SCHEDULE_GRACE_SECONDS` ago (for a readiness check or an operator's alert)."""
    now = now or timezone.now()
    grace = datetime.timedelta(seconds=settings.JOINEDUP_SCHEDULE_GRACE_SECONDS)
    overdue = []
    for job in jobs():
        slot = job.latest_slot(now - grace)
        runs = JobRun.objects.filter(job=job.name)
        if runs.filter(slot__gte=slot, outcome=JobOutcome.SUCCEEDED).exists():
            continue
        latest = runs.order_by("-slot").values_list("outcome", flat=True).first()
        overdue.append(OverdueJob(job=job.name, slot=slot, last_outcome=latest or ""))
    return overdue
