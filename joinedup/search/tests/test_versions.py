"""The index's version row and the holder of a process's copies (ADR 20): the version moves
with every change of an index row, a copy is used only at its version, a stale copy is read
again once the change has settled, in a thread of its own while the database answers."""

from __future__ import annotations

import dataclasses
import threading

import pytest
from django.db import connection, transaction

from joinedup.search import versions
from joinedup.search.models import SearchEntry
from joinedup.search.services import reindex_service

pytestmark = pytest.mark.django_db(transaction=True)


def _version() -> int | None:
    with connection.cursor() as cursor:
        return versions.read(cursor)


@dataclasses.dataclass(frozen=True)
class Copy:
    version: int | None
    entries: int


def _load() -> Copy:
    # As a real copy reads: the version first, then the rows.
    with connection.cursor() as cursor:
        version = versions.read(cursor)
    return Copy(version, SearchEntry.objects.count())


@pytest.fixture
def indexed(make_service, words_only) -> None:
    """One service indexed: after a test database is emptied the version row is gone until
    the index next changes."""
    reindex_service(service_id=make_service("Advice drop-in", postcode="BS1 4DJ").id)


def _held() -> versions.Held[Copy]:
    return versions.Held(_load, vendors=("sqlite", "postgresql"), outside_transactions=True)


def test_every_change_of_an_index_row_moves_the_version(make_service, words_only):
    """Inserts, updates and deletes each move it; after the table is emptied (a test's flush)
    it is None until the next change."""
    before = _version()
    service = make_service("Lunch club", postcode="BS5 6XX")
    reindex_service(service_id=service.id)  # insert
    added = _version()
    assert added not in (None, before)
    SearchEntry.objects.filter(service=service).update(name="Lunch club!")  # update
    updated = _version()
    assert updated != added
    SearchEntry.objects.filter(service=service).delete()  # delete
    assert _version() not in (updated, None)


def test_a_stale_copy_is_read_again_in_the_background(indexed, make_service, monkeypatch):
    monkeypatch.setattr(versions, "BACKGROUND", True)
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 0.0)
    held = _held()
    first = held.current()  # no copy yet: read at once
    assert first is not None and first.version == _version() and first.entries == 1
    reindex_service(service_id=make_service("Lunch club", postcode="BS5 6XX").id)
    # Stale: the database answers while a thread reads the new copy.
    assert held.current() is None
    assert held.loading is not None
    held.loading.join(timeout=30)
    again = held.current()
    assert again is not None and again.entries == 2 and again.version == _version()


def test_a_copy_is_not_read_again_until_the_change_settles(indexed, make_service, monkeypatch):
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 3600.0)
    held = _held()
    assert held.current() is not None
    reindex_service(service_id=make_service("Lunch club", postcode="BS5 6XX").id)
    for _ in range(3):
        assert held.current() is None
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 0.0)
    found = held.current()
    assert found is not None and found.entries == 2


def test_inside_a_transaction_no_copy_is_read_or_used(indexed, make_service):
    held = _held()
    with transaction.atomic():
        assert held.current() is None  # outside_transactions
        assert held.copy is None
    shared = versions.Held(_load, vendors=("sqlite", "postgresql"))
    assert shared.current() is not None
    reindex_service(service_id=make_service("Lunch club", postcode="BS5 6XX").id)
    with transaction.atomic():
        assert shared.current() is None  # stale, and not read inside a transaction


def test_the_thread_closes_its_own_connection(indexed, make_service, monkeypatch):
    monkeypatch.setattr(versions, "BACKGROUND", True)
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 0.0)
    held = _held()
    assert held.current() is not None
    reindex_service(service_id=make_service("Lunch club", postcode="BS5 6XX").id)
    before = threading.active_count()
    assert held.current() is None
    assert held.loading is not None
    held.loading.join(timeout=30)
    assert not held.loading.is_alive() and threading.active_count() <= before + 1
