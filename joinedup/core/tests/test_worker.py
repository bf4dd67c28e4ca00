"""`joinedup worker`: due jobs run, once per slot across workers, recorded; a job not due does
not run; a failing job is recorded and the others still run; queued tasks are run; SIGTERM stops
it after the work in hand."""

from __future__ import annotations

import datetime
import io
import os
import signal
import threading
import time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from joinedup.core import schedule
from joinedup.core.models import JobOutcome, JobRun, OutboxMessage, OutboxStatus
from joinedup.core.tasks import deliver_outbox
from joinedup.core.worker import Worker

LONDON = ZoneInfo("Europe/London")
# A Monday, half a minute after 08:00 in London.
MONDAY_8AM = datetime.datetime(2026, 12, 7, 8, 0, 30, tzinfo=LONDON)
EVERY_DAY_AT_8 = "0 8 * * *"


def waiting_email(n: int = 1) -> OutboxMessage:
    """A message due now whose task was lost: only the `send_outbox` sweep can send it."""
    return OutboxMessage.objects.create(
        channel="email", to=f"person{n}@example.org", subject=f"Message {n}", body="Hello", kind="t"
    )


@pytest.fixture
def schedule_of(settings):
    def set_schedule(**jobs: str) -> None:
        settings.JOINEDUP_SCHEDULE = jobs

    return set_schedule


@pytest.mark.django_db
def test_a_due_job_runs_its_command_and_is_recorded(schedule_of, mailoutbox):
    schedule_of(send_outbox=EVERY_DAY_AT_8)
    message = waiting_email()
    [job_run] = schedule.run_due(worker="w1", now=MONDAY_8AM)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert [m.to for m in mailoutbox] == [["person1@example.org"]]
    job_run.refresh_from_db()
    assert job_run.job == "send_outbox" and job_run.worker == "w1"
    assert job_run.slot == MONDAY_8AM.replace(second=0)
    assert job_run.outcome == JobOutcome.SUCCEEDED and job_run.finished_at
    assert "Sent 1" in job_run.output


@pytest.mark.django_db
def test_a_slot_already_run_is_not_run_again(schedule_of):
    schedule_of(send_outbox=EVERY_DAY_AT_8)
    schedule.run_due(worker="w1", now=MONDAY_8AM)
    message = waiting_email()
    later_that_day = MONDAY_8AM + datetime.timedelta(hours=6)
    assert schedule.run_due(worker="w2", now=later_that_day) == []
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert JobRun.objects.count() == 1


@pytest.mark.django_db
def test_a_job_not_due_does_not_run_until_its_time(schedule_of):
    schedule_of(send_outbox=EVERY_DAY_AT_8)
    sunday = MONDAY_8AM - datetime.timedelta(days=1)
    schedule.run_due(worker="w1", now=sunday)
    message = waiting_email()
    one_minute_to_8 = MONDAY_8AM.replace(hour=7, minute=59)
    assert schedule.run_due(worker="w1", now=one_minute_to_8) == []
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    [job_run] = schedule.run_due(worker="w1", now=MONDAY_8AM)
    assert job_run.outcome == JobOutcome.SUCCEEDED
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_still_run(schedule_of):
    schedule_of(no_such_command="* * * * *", send_outbox="* * * * *")
    message = waiting_email()
    failed, succeeded = schedule.run_due(worker="w1", now=MONDAY_8AM)
    assert failed.job == "no_such_command" and failed.outcome == JobOutcome.FAILED
    assert "Unknown command" in failed.error and failed.finished_at
    assert succeeded.job == "send_outbox" and succeeded.outcome == JobOutcome.SUCCEEDED
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    # Tried again at its next slot.
    next_minute = MONDAY_8AM + datetime.timedelta(minutes=1)
    again = [r.job for r in schedule.run_due(worker="w1", now=next_minute)]
    assert again == ["no_such_command", "send_outbox"]


@pytest.mark.django_db
def test_a_worker_that_finds_its_slot_taken_does_not_run_it(schedule_of, mailoutbox):
    schedule_of(send_outbox=EVERY_DAY_AT_8)
    waiting_email()
    # Both workers saw the slot due; the second one claims it first.
    [(job, slot)] = schedule.due(MONDAY_8AM)
    assert len(schedule.run_due(worker="second", now=MONDAY_8AM)) == 1
    assert schedule.claim(job, slot, worker="first") is None
    assert [r.worker for r in JobRun.objects.all()] == ["second"]
    assert len(mailoutbox) == 1


# SQLite's in-memory test database is shared between threads in shared-cache mode, whose table
# locks refuse at once instead of waiting; tests/test_worker_processes.py races worker processes
# on a SQLite file instead.
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="in-memory shared-cache SQLite: racing processes instead"
)
@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_the_same_slot_run_it_once(schedule_of, monkeypatch):
    schedule_of(send_outbox=EVERY_DAY_AT_8)
    ran: list[str] = []
    monkeypatch.setattr(schedule, "call_command", lambda name, **kw: ran.append(name))
    workers = 4
    start = threading.Barrier(workers)
    runs: list[list[JobRun]] = []
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            start.wait()
            runs.append(schedule.run_due(worker=f"w{n}", now=MONDAY_8AM))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ran == ["send_outbox"]
    assert sorted(len(r) for r in runs) == [0] * (workers - 1) + [1]
    assert JobRun.objects.get().outcome == JobOutcome.SUCCEEDED


# The worker closes stale connections between passes, as a long-running process must: the
# test cannot be one transaction.
@pytest.mark.django_db(transaction=True)
def test_tasks_queued_in_the_database_are_run_by_the_worker(schedule_of):
    schedule_of()
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        message = waiting_email()
        result = deliver_outbox.enqueue([message.pk])
        message.refresh_from_db()
        assert message.status == OutboxStatus.PENDING
        ran, runs = Worker(worker_id="w1").run_once()
        assert (ran, runs) == (1, [])
        message.refresh_from_db()
        assert message.status == OutboxStatus.SENT
        result.refresh()
        assert result.status == "SUCCESSFUL"


# The worker closes stale connections between passes, as a long-running process must: the
# test cannot be one transaction.
@pytest.mark.django_db(transaction=True)
def test_worker_once_runs_the_due_jobs_from_the_command_line(schedule_of):
    schedule_of(send_outbox="* * * * *")
    message = waiting_email()
    call_command("worker", "--once", stdout=io.StringIO())
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert JobRun.objects.get().outcome == JobOutcome.SUCCEEDED


# The worker closes stale connections between passes, as a long-running process must: the
# test cannot be one transaction.
@pytest.mark.django_db(transaction=True)
def test_sigterm_stops_the_worker_after_the_work_in_hand(schedule_of):
    schedule_of()
    worker = Worker(worker_id="w1", interval=60)
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    worker.handle_signals()
    timer = threading.Timer(0.3, os.kill, args=(os.getpid(), signal.SIGTERM))
    try:
        timer.start()
        started = time.monotonic()
        worker.run()  # returns instead of sleeping its 60 seconds, or being killed
        # Well within half the interval: a pass takes a moment (seconds on CI's loaded two
        # cores), while a worker that slept the interval out takes a minute.
        assert time.monotonic() - started < 30
        assert worker.running is False
    finally:
        timer.cancel()
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])


@pytest.mark.django_db
def test_overdue_jobs_are_those_without_a_successful_recent_run(schedule_of, settings):
    settings.JOINEDUP_SCHEDULE_GRACE_SECONDS = 600
    schedule_of(send_outbox="* * * * *", send_digests=EVERY_DAY_AT_8)
    assert {(o.job, o.last_outcome) for o in schedule.overdue_jobs(now=MONDAY_8AM)} == {
        ("send_outbox", ""),
        ("send_digests", ""),
    }
    JobRun.objects.create(
        job="send_outbox", slot=MONDAY_8AM.replace(second=0), worker="w", outcome="succeeded"
    )
    JobRun.objects.create(
        job="send_digests", slot=MONDAY_8AM.replace(second=0), worker="w", outcome="failed"
    )
    # Within the grace period after 08:00 Sunday's digest slot is the one that counts: it has
    # no successful run (Monday's failed).
    overdue = schedule.overdue_jobs(now=MONDAY_8AM + datetime.timedelta(minutes=5))
    assert [(o.job, o.last_outcome) for o in overdue] == [("send_digests", "failed")]
    # Past it, today's failed digest is overdue; the sweep has not run for 20 minutes either.
    overdue = schedule.overdue_jobs(now=MONDAY_8AM + datetime.timedelta(minutes=20))
    assert {(o.job, o.last_outcome) for o in overdue} == {
        ("send_outbox", "succeeded"),
        ("send_digests", "failed"),
    }


def test_a_schedule_cron_cannot_read_is_refused(schedule_of):
    schedule_of(send_outbox="every minute")
    with pytest.raises(schedule.ScheduleError, match="send_outbox"):
        schedule.jobs()


@pytest.mark.django_db
def test_job_runs_are_read_only_in_the_admin(admin_client):
    job_run = JobRun.objects.create(job="send_outbox", slot=MONDAY_8AM, worker="w1")
    assert admin_client.get("/admin/core/jobrun/").status_code == 200
    assert admin_client.get("/admin/core/jobrun/add/").status_code == 403
    change = admin_client.post(f"/admin/core/jobrun/{job_run.pk}/change/", {"outcome": "failed"})
    assert change.status_code in (200, 403)
    job_run.refresh_from_db()
    assert job_run.outcome == JobOutcome.RUNNING


@pytest.mark.django_db
def test_a_job_may_be_a_command_with_arguments(schedule_of):
    schedule_of(**{"send_outbox --limit 1": "* * * * *"})
    first, second = waiting_email(1), waiting_email(2)
    [job_run] = schedule.run_due(worker="w1", now=MONDAY_8AM)
    assert job_run.outcome == JobOutcome.SUCCEEDED
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (OutboxStatus.SENT, OutboxStatus.PENDING)


@pytest.mark.django_db(transaction=True)
def test_a_worker_told_to_stop_claims_no_more_jobs(schedule_of, monkeypatch):
    schedule_of(send_digests="* * * * *", send_outbox="* * * * *")
    worker = Worker(worker_id="w1")
    ran: list[str] = []

    def command_then_sigterm(name, **kwargs):
        ran.append(name)
        worker.running = False  # as SIGTERM during the first job does

    monkeypatch.setattr(schedule, "call_command", command_then_sigterm)
    _, runs = worker.run_once()
    assert ran == ["send_digests"]
    assert [r.job for r in runs] == ["send_digests"]
    assert JobRun.objects.count() == 1
