"""A process's copy of the meaning vectors follows the index's version row (ADR 20): a service
deleted outright leaves it, and outside tests a server goes on with the vectors it has while a
newer copy is read in the background, once the change has settled."""

from __future__ import annotations

import numpy as np
import pytest

from joinedup.search import semantic, versions
from joinedup.search.models import SearchEntry
from joinedup.search.services import rebuild_index

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def vectors(make_service, words_only):
    """Three indexed services with vectors, and a fresh copy of the matrix."""
    for name in ("Lunch club", "Debt advice", "Carers' group"):
        make_service(name, postcode="BS5 6XX")
    rebuild_index()
    rng = np.random.default_rng(3)
    for row in SearchEntry.objects.order_by("id"):
        row.embedding = semantic.to_bytes(rng.normal(size=semantic.DIMENSIONS))
        row.embedding_model = semantic.MODEL_NAME
        row.save(update_fields=["embedding", "embedding_model"])
    semantic.matrix.forget()
    yield {row.name: row.id for row in SearchEntry.objects.all()}
    semantic.matrix.forget()


def _ids() -> set[int]:
    return set(semantic.matrix.get().ids.tolist())


def test_a_service_deleted_outright_leaves_the_copy(vectors):
    assert _ids() == set(vectors.values())
    # Not the last id: a check of MAX(id) would have kept the old copy.
    first = min(vectors.values())
    SearchEntry.objects.filter(id=first).delete()
    assert _ids() == set(vectors.values()) - {first}


def test_a_server_keeps_its_copy_until_the_change_settles_then_reads_it_aside(vectors, monkeypatch):
    monkeypatch.setattr(versions, "BACKGROUND", True)
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 3600.0)
    held = semantic.matrix.get()
    SearchEntry.objects.filter(id=vectors["Debt advice"]).delete()
    # Changing: the search goes on with the vectors it has, and nothing is read.
    assert semantic.matrix.get() is held
    assert semantic.matrix.loading is None
    monkeypatch.setattr(versions, "SETTLE_SECONDS", 0.0)
    assert semantic.matrix.get() is held  # settled: read in a thread of its own ...
    assert semantic.matrix.loading is not None
    semantic.matrix.loading.join(timeout=30)
    # ... which the next search uses.
    assert _ids() == {vectors["Lunch club"], vectors["Carers' group"]}
    assert semantic.matrix.get() is not held


def test_with_no_background_reads_a_search_reads_the_new_copy_itself(vectors):
    assert versions.BACKGROUND is False  # as the tests' conftest sets it
    held = semantic.matrix.get()
    SearchEntry.objects.filter(id=vectors["Carers' group"]).update(name="Carers' café")
    fresh = semantic.matrix.get()
    assert fresh is not held
    assert fresh.version != held.version
    assert semantic.matrix.loading is None


def test_a_copy_read_while_the_index_changed_is_labelled_with_no_version(vectors, monkeypatch):
    real_load = semantic._Matrix._load

    def load_while_an_edit_lands(self):
        real_load(self)
        SearchEntry.objects.filter(id=vectors["Lunch club"]).update(name="Lunch club!")

    monkeypatch.setattr(semantic._Matrix, "_load", load_while_an_edit_lands)
    assert semantic.matrix.get().version is None
    monkeypatch.setattr(semantic._Matrix, "_load", real_load)
    assert semantic.matrix.get().version is not None  # read again by the next search
