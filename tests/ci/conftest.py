"""CI-only checks: they read ../shared (official schemas, real directory data), which a user's
clone does not have. Collected only when JOINEDUP_SHARED_DIR is set (as .ci/run does)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = os.environ.get("JOINEDUP_SHARED_DIR", "")
collect_ignore_glob = [] if SHARED else ["*.py"]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = Path(SHARED)
    assert path.is_dir(), f"JOINEDUP_SHARED_DIR={SHARED!r} is not a directory"
    return path
