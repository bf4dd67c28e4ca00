"""A process's copy of the meaning vectors follows the index's version row (ADR 20): a service
deleted outright leaves it, and the first search after any change reads the new copy."""

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


def test_the_first_search_after_a_change_reads_the_new_copy_itself(vectors, monkeypatch):
    # Even where other copies are read in the background (a server), the meaning side has no
    # database to answer meanwhile: an older copy would rank a new service without meaning.
    monkeypatch.setattr(versions, "BACKGROUND", True)
    held = semantic.matrix.get()
    SearchEntry.objects.filter(id=vectors["Carers' group"]).update(name="Carers' café")
    fresh = semantic.matrix.get()
    assert fresh is not held
    assert fresh.version != held.version
    assert semantic.matrix.get() is fresh  # unchanged since: the same copy


def test_a_copy_read_while_the_index_changed_is_labelled_with_no_version(vectors, monkeypatch):
    real_load = semantic._Matrix._load

    def load_while_an_edit_lands(self):
        real_load(self)
        SearchEntry.objects.filter(id=vectors["Lunch club"]).update(name="Lunch club!")

    monkeypatch.setattr(semantic._Matrix, "_load", load_while_an_edit_lands)
    assert semantic.matrix.get().version is None
    monkeypatch.setattr(semantic._Matrix, "_load", real_load)
    assert semantic.matrix.get().version is not None  # read again by the next search
