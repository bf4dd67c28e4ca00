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


def test_a_copy_keeps_its_closest_services_for_a_text_and_a_new_copy_does_not(vectors, settings):
    # The rows closest in meaning over the whole matrix are kept with the copy they were
    # read from: asked again, the same; after a change, read afresh from the new copy.
    settings.JOINEDUP_SEMANTIC_SEARCH = True
    semantic.reset()
    first = semantic.similarities("help with money", limit=2)
    held = semantic.matrix.get()
    assert set(held.tops) == {("help with money", 2)}
    assert semantic.similarities("help with money", limit=2) == first
    assert semantic.matrix.get() is held
    vector = semantic.embed_query("help with money")
    expected = held.ids[np.argsort(-(held.vectors @ vector))[:2]]
    assert set(first) == set(expected.tolist())
    # A new service whose vector is the query's own: the new copy must find it first.
    added = SearchEntry.objects.get(id=vectors["Lunch club"])
    added.embedding = semantic.to_bytes(vector)
    added.save(update_fields=["embedding"])
    fresh = semantic.matrix.get()
    assert fresh is not held and fresh.tops == {}
    again = semantic.similarities("help with money", limit=1)
    assert list(again) == [vectors["Lunch club"]]
    assert again[vectors["Lunch club"]] == pytest.approx(1.0, abs=1e-5)


def test_a_copy_keeps_its_closest_services_near_a_place_and_a_new_copy_does_not(vectors, settings):
    # The same for the closest services near a place: asked again (a person paging or
    # changing a filter), the same rows as comparing afresh; a new copy starts without.
    settings.JOINEDUP_SEMANTIC_SEARCH = True
    semantic.reset()
    box = (51.0, 52.0, -3.0, -2.0)
    first = semantic.similarities("help with money", limit=1, near=box, near_only=True)
    held = semantic.matrix.get()
    assert set(held.near_tops) == {("help with money", box, 1)}
    vector = semantic.embed_query("help with money")
    assert vector is not None
    local, sims = held.near(vector, box)
    assert set(first) >= {int(held.ids[local[np.argmax(sims)]])}
    assert semantic.similarities("help with money", limit=1, near=box, near_only=True) == first
    # Another box is another question.
    semantic.similarities("help with money", limit=1, near=(0.0, 1.0, 0.0, 1.0), near_only=True)
    assert len(held.near_tops) == 2
    added = SearchEntry.objects.get(id=vectors["Lunch club"])
    added.embedding = semantic.to_bytes(vector)
    added.save(update_fields=["embedding"])
    fresh = semantic.matrix.get()
    assert fresh is not held and fresh.near_tops == {}
    again = semantic.similarities("help with money", limit=1, near=box, near_only=True)
    assert vectors["Lunch club"] in again
