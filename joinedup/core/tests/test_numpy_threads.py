"""Every joinedup process runs numpy's products on one thread unless the operator says
otherwise (joinedup/__init__.py, ADR 38)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

COUNT = (
    "import re, sys\n"
    "{first}\n"
    "import numpy\n"
    "numpy.ones((64, 64)) @ numpy.ones(64)\n"
    "status = open('/proc/self/status').read()\n"
    "print(re.search(r'Threads:\\s+(\\d+)', status).group(1))\n"
)


def _threads(first: str, **env: str) -> int:
    clean = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS",)}
    done = subprocess.run(
        [sys.executable, "-c", COUNT.format(first=first)],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads Linux's /proc")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: one thread whatever is set")
def test_numpy_runs_on_one_thread_in_a_joinedup_process():
    # Without joinedup first, OpenBLAS starts a thread a core: the check can tell the two apart.
    assert _threads("pass") > 1
    assert _threads("import joinedup") == 1


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads Linux's /proc")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: one thread whatever is set")
def test_an_operator_may_give_numpy_more_threads():
    assert _threads("import joinedup", OPENBLAS_NUM_THREADS="2") == 2
