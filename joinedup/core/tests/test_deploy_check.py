"""`joinedup check --deploy` with the production values documented in .env.example gives no
warning; without the hardening variables it warns (ADR 30). Run in a subprocess, as an operator
would, so that the settings are read from the environment exactly once."""

from __future__ import annotations

import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.slow


def documented_values() -> dict[str, str]:
    """The NAME=value lines of .env.example read as a shell (or python-dotenv) reads them: trailing
    comments removed, quotes taken off."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line)
        if match:
            values[match.group(1)] = " ".join(shlex.split(match.group(2), comments=True))
    return values


def manage(
    arguments: list[str], environment: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        **environment,
        # A real secret (the documented one is a placeholder) and a database that needs no server.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_deploy(environment: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return manage(["check", "--deploy", "--fail-level", "WARNING"], environment, tmp_path)


def proxy_header(environment: dict[str, str], tmp_path: Path) -> str:
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    result = manage(["shell", "-c", code], environment, tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_documented_production_settings_pass_check_deploy_without_a_warning(tmp_path):
    documented = documented_values()
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER"):
        assert name in documented, f"{name} is not documented in .env.example"
    result = check_deploy(documented, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output
    assert "no issues" in output


def test_without_the_hardening_variables_check_deploy_warns(tmp_path):
    hardening = re.compile(r"^(SECURE_|SESSION_COOKIE_SECURE|CSRF_COOKIE_SECURE)")
    documented = {k: v for k, v in documented_values().items() if not hardening.match(k)}
    result = check_deploy(documented, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008"):
        assert warning in output


def test_the_proxy_header_is_trusted_only_when_the_environment_names_it(tmp_path):
    base = {"DEBUG": "false", "ALLOWED_HOSTS": "directory.example.org"}
    assert proxy_header(base, tmp_path) == "None"
    named = {**base, "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}
    assert proxy_header(named, tmp_path) == "('HTTP_X_FORWARDED_PROTO', 'https')"
    with_value = {**base, "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Ssl,on"}
    assert proxy_header(with_value, tmp_path) == "('HTTP_X_FORWARDED_SSL', 'on')"
