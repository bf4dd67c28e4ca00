"""Backups: named by time, the oldest beyond the keep deleted, readable by their owner only; a
missing pg_dump is said plainly; a database with tables is not empty."""

from __future__ import annotations

import datetime
import io
import sqlite3

import pytest
from django.core.management import CommandError, call_command

from joinedup.core import backups

# These tests point the settings at a database of their own; Django's connection is not used.
ignore_database_override = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")

WHEN = datetime.datetime(2026, 12, 6, 2, 0, tzinfo=datetime.UTC)


def sqlite_database(path, rows: int) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE listing (name TEXT)")
        connection.executemany("INSERT INTO listing VALUES (?)", [(f"n{i}",) for i in range(rows)])
    connection.close()


@ignore_database_override
def test_a_sqlite_backup_is_a_consistent_copy_named_by_its_time(settings, tmp_path):
    sqlite_database(tmp_path / "live.sqlite3", rows=3)
    settings.DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "live.sqlite3"}
    }
    path = backups.create_backup(output_dir=tmp_path / "backups", now=WHEN)
    assert path.name == "joinedup-20261206T020000Z.sqlite3"
    assert backups.taken_at(path) == WHEN
    assert path.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(path) as copy:
        assert copy.execute("SELECT count(*) FROM listing").fetchone() == (3,)
    copy.close()


def test_only_the_newest_backups_are_kept(tmp_path):
    for day in range(1, 6):
        (tmp_path / backups.backup_name(WHEN.replace(day=day), ".dump")).write_text("x")
    (tmp_path / "notes.txt").write_text("not a backup")
    deleted = backups.prune(tmp_path, keep=2)
    assert [p.name for p in deleted] == [
        "joinedup-20261201T020000Z.dump",
        "joinedup-20261202T020000Z.dump",
        "joinedup-20261203T020000Z.dump",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "joinedup-20261204T020000Z.dump",
        "joinedup-20261205T020000Z.dump",
        "notes.txt",
    ]


@ignore_database_override
def test_a_missing_pg_dump_is_said_plainly(settings, tmp_path, monkeypatch):
    settings.DATABASES = {
        "default": {"ENGINE": "django.db.backends.postgresql", "NAME": "joinedup", "HOST": "db"}
    }
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match=r"pg_dump was not found.*postgresql-client"):
        call_command("backup", "--output", str(tmp_path), stdout=io.StringIO())


@pytest.mark.django_db
def test_the_test_database_is_not_empty_and_a_restore_over_it_is_refused(tmp_path):
    assert backups.database_is_empty() is False
    backup = tmp_path / "joinedup-20261206T020000Z.sqlite3"
    sqlite_database(backup, rows=1)
    with pytest.raises(CommandError, match=r"not empty.*--force"):
        call_command("restore", str(backup), stdout=io.StringIO())
