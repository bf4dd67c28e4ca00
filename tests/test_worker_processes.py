"""Worker processes racing for the same slot of a job on one SQLite file run it once (the
PostgreSQL race is in joinedup/core/tests/test_worker.py, with threads)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow

# Each process waits for the same moment, then runs the due jobs of one fixed "now".
RACE = """
import datetime, time
from django.conf import settings
from joinedup.core import schedule
settings.JOINEDUP_SCHEDULE = {{"send_outbox": "* * * * *"}}
now = datetime.datetime(2026, 12, 7, 8, 0, 30, tzinfo=datetime.UTC)
time.sleep(max(0, {start} - time.time()))
print(len(schedule.run_due(worker="{name}", now=now)))
"""

COUNT = """
from joinedup.core.models import JobRun
print(JobRun.objects.count())
"""


def test_worker_processes_racing_for_a_slot_run_it_once(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "JOINEDUP_WARM_UP": "false",
    }

    def joinedup(*args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "joinedup", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    migrate = joinedup("migrate", "--no-input", "-v", "0")
    assert migrate.wait(timeout=600) == 0, migrate.stderr.read() if migrate.stderr else ""
    start = time.time() + 10
    racers = [joinedup("shell", "-c", RACE.format(start=start, name=f"w{n}")) for n in range(4)]
    results = [racer.communicate(timeout=120) for racer in racers]
    assert [racer.returncode for racer in racers] == [0] * 4, [err for _, err in results]
    ran = sorted(int(out.strip().splitlines()[-1]) for out, _ in results)
    assert ran == [0, 0, 0, 1]
    count, _ = joinedup("shell", "-c", COUNT).communicate(timeout=120)
    assert json.loads(count.strip().splitlines()[-1]) == 1
