"""Backups of the whole database and their restore (`joinedup backup`, `joinedup restore`,
ADR 32).

SQLite is copied with its online backup API (a consistent copy while the site runs, WAL
included); PostgreSQL is dumped with `pg_dump -Fc` and restored with `pg_restore`, both found on
PATH (Debian's postgresql-client), in one transaction. A backup is one file named after the
time it was taken (UTC), so the newest sort last; the oldest beyond `JOINEDUP_BACKUP_KEEP` are
deleted after each new one.
"""

from __future__ import annotations

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

PREFIX = "joinedup-"
SQLITE_SUFFIX = ".sqlite3"
POSTGRES_SUFFIX = ".dump"
TIME_FORMAT = "%Y%m%dT%H%M%SZ"


class BackupError(Exception):
    """A backup or restore that cannot be done, said so an operator knows what to do."""


def _database() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def _is_sqlite(database: dict[str, Any]) -> bool:
    return bool(database["ENGINE"] == "django.db.backends.sqlite3")


def _is_postgres(database: dict[str, Any]) -> bool:
    return "postgresql" in database["ENGINE"]


def _postgres_env(database: dict[str, Any]) -> dict[str, str]:
    """libpq's own variables, so the password is never on a command line."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH. Install PostgreSQL's client tools of the server's "
            "major version or newer (on Debian: apt-get install postgresql-client)."
        )
    return path


def backup_name(when: datetime.datetime, suffix: str) -> str:
    return f"{PREFIX}{when.astimezone(datetime.UTC).strftime(TIME_FORMAT)}{suffix}"


def taken_at(path: Path) -> datetime.datetime | None:
    """When a backup was taken, read from its name (None for a file not named by `backup`)."""
    stem = path.name.removeprefix(PREFIX).split(".")[0]
    try:
        return datetime.datetime.strptime(stem, TIME_FORMAT).replace(tzinfo=datetime.UTC)
    except ValueError:
        return None


def create_backup(*, output_dir: Path, now: datetime.datetime | None = None) -> Path:
    """Write a backup of the default database into `output_dir`; its path."""
    database = _database()
    now = now or timezone.now()
    output_dir.mkdir(parents=True, exist_ok=True)
    if _is_sqlite(database):
        target = output_dir / backup_name(now, SQLITE_SUFFIX)
        partial = target.with_name(target.name + ".partial")
        source = sqlite3.connect(database["NAME"])
        copy = sqlite3.connect(partial)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
    elif _is_postgres(database):
        target = output_dir / backup_name(now, POSTGRES_SUFFIX)
        partial = target.with_name(target.name + ".partial")
        _run([_tool("pg_dump"), "--format=custom", f"--file={partial}"], database)
    else:
        raise BackupError(f"No backup for the database engine {database['ENGINE']}")
    partial.rename(target)
    # Personal data: readable by the account that runs joinedup only.
    target.chmod(0o600)
    return target


def _run(command: list[str], database: dict[str, Any]) -> None:
    result = subprocess.run(  # noqa: S603 (a fixed tool found on PATH, no shell)
        command, env=_postgres_env(database), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def backups(directory: Path) -> list[Path]:
    """The backups in a directory, oldest first."""
    if not directory.is_dir():
        return []
    found = [
        path
        for path in directory.iterdir()
        if path.name.startswith(PREFIX)
        and path.suffix in (SQLITE_SUFFIX, POSTGRES_SUFFIX)
        and taken_at(path) is not None
    ]
    return sorted(found, key=lambda path: path.name)


def prune(directory: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups; the deleted ones."""
    old = backups(directory)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink()
    return old


def database_is_empty() -> bool:
    """True when the default database has no tables (a new database, or no SQLite file)."""
    database, connection = _database(), connections["default"]
    if (
        _is_sqlite(database)
        and not connection.is_in_memory_db()  # type: ignore[attr-defined]
        and not Path(database["NAME"]).exists()
    ):
        return True
    with connections["default"].cursor() as cursor:
        return not connections["default"].introspection.table_names(cursor)


def restore_backup(path: Path) -> None:
    """Replace the default database's contents with a backup's. The caller checked that it may
    (an empty database, or `--force`); the app should be stopped."""
    if not path.is_file():
        raise BackupError(f"No backup at {path}")
    database = _database()
    connections.close_all()
    if _is_sqlite(database):
        if path.suffix != SQLITE_SUFFIX:
            raise BackupError(f"{path.name} is not a SQLite backup, and the database is SQLite")
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(database["NAME"])
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    elif _is_postgres(database):
        if path.suffix != POSTGRES_SUFFIX:
            raise BackupError(f"{path.name} is not a PostgreSQL dump, and the database is one")
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={database['NAME']}",
                str(path),
            ],
            database,
        )
    else:
        raise BackupError(f"No restore for the database engine {database['ENGINE']}")
