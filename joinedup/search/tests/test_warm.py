"""A server process loads what searching needs when it starts (ADR 20), so its first search
does not load the model, the crisis prototypes or the meaning matrix while a person waits."""

from __future__ import annotations

import gc

import pytest

from joinedup.search import safety, semantic
from joinedup.search.warm import settle_collector, warm_up

needs_model = pytest.mark.skipif(
    semantic.encoder() is None, reason="the sentence model is not installed"
)


@pytest.fixture
def cold():
    semantic.reset()
    safety.prototypes.forget()
    yield
    semantic.reset()
    safety.prototypes.forget()


@needs_model
@pytest.mark.django_db
def test_after_warming_up_a_search_loads_nothing(cold, monkeypatch):
    warm_up()
    assert semantic._state["loaded"] and safety.prototypes.loaded
    assert semantic.matrix.version != -1

    def refuse(*args, **kwargs):
        raise AssertionError("loaded again during a search")

    monkeypatch.setattr(semantic.matrix, "_load", refuse)
    monkeypatch.setattr(safety.prototypes, "_load", refuse)
    from joinedup.search.engine import search
    from joinedup.search.query import SearchQuery

    search(SearchQuery(text="feeling lonely"))


@pytest.mark.django_db
def test_warming_up_can_be_switched_off(cold, settings):
    settings.JOINEDUP_WARM_UP = False
    assert warm_up() == 0.0
    assert not safety.prototypes.loaded


@pytest.fixture
def collector():
    before = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_settling_freezes_what_is_loaded_and_raises_the_youngest_threshold(collector, settings):
    settings.JOINEDUP_GC_THRESHOLD = 12_345
    kept = {"loaded": [object() for _ in range(10)]}
    settle_collector()
    assert gc.get_threshold()[0] == 12_345
    assert gc.get_freeze_count() > 0
    # What was loaded is out of the collector's sight; what comes after is not.
    assert not any(o is kept for o in gc.get_objects())
    later = {"after": []}
    assert any(o is later for o in gc.get_objects())


def test_a_threshold_of_nought_keeps_pythons_own(collector, settings):
    settings.JOINEDUP_GC_THRESHOLD = 0
    before = gc.get_threshold()
    settle_collector()
    assert gc.get_threshold() == before and gc.isenabled()
