"""The learned crisis trigger (ADR 13, sixteenth session): fitted deterministically, shipped for
the current phrasings, firing only where the prototypes read nothing, and the detector still
works without it."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from joinedup.search import crisis_learned, safety
from joinedup.search.management.commands.crisis_classifier import row_kinds, training_rows

# Read by the trigger alone in the eighth round, scored blind (the patterns and the prototypes
# read nothing in it).
BY_THE_TRIGGER_ALONE = "dad put a goodbye post on facebook and isnt answering"


@pytest.fixture
def no_trigger(monkeypatch, tmp_path):
    monkeypatch.setattr(crisis_learned, "LEARNED_FILE", tmp_path / "none.npz")
    crisis_learned.learned.cache_clear()
    yield
    crisis_learned.learned.cache_clear()


def test_the_fit_separates_what_it_is_taught_and_is_the_same_each_time():
    rng = np.random.default_rng(7)
    risk = rng.normal(1.0, 0.5, size=(40, 3))
    everyday = rng.normal(-1.0, 0.5, size=(60, 3))
    x = np.vstack([risk, everyday])
    y = np.array([1] * 40 + [0] * 60)
    w = crisis_learned.fit(x, y)
    assert np.array_equal(w, crisis_learned.fit(x, y))
    scores = crisis_learned.score(w, x)
    assert scores[:40].min() > scores[40:].max()


def test_the_threshold_keeps_the_recall_asked_for():
    scores = np.array([5.0, 4.0, 3.0, 2.0, 1.0])
    assert crisis_learned.threshold_for_recall(scores, 0.6) == 3.0
    assert crisis_learned.threshold_for_recall(scores, 1.0) == 1.0


def test_a_crisis_round_is_held_out_whole_and_the_rest_split_five_ways():
    rows = [
        ("a", 1, "risk_round3"),
        ("b", 0, "risk_round3"),
        *[(str(i), 0, "needs") for i in range(10)],
    ]
    groups = crisis_learned.folds(rows)
    assert groups[0] == groups[1] == "risk_round3"
    assert len(set(groups[2:])) == 5


@pytest.mark.django_db
def test_the_shipped_weights_were_fitted_on_the_current_phrasings():
    shipped = crisis_learned.learned()
    assert shipped is not None
    rows = training_rows()
    # Run `joinedup crisis_classifier` after a crisis round, a pattern or a need's phrases change.
    assert shipped.fingerprint == crisis_learned.fingerprint(rows, row_kinds(rows))
    assert len(shipped.examples) == len(shipped.labels) == len(shipped.kinds) == len(rows)
    assert sum(label for _, label, _ in rows) > 1000
    call_command("crisis_classifier", "--check")


@pytest.mark.django_db
def test_the_check_fails_on_weights_fitted_on_other_phrasings(monkeypatch, tmp_path):
    stale = tmp_path / "stale.npz"
    np.savez(
        stale,
        weights=np.zeros(384),
        bias=0.0,
        threshold=1.0,
        examples=np.zeros((1, 384)),
        labels=np.ones(1),
        kinds=np.array(["abuse"]),
        model="x",
        fingerprint="old",
    )
    monkeypatch.setattr(crisis_learned, "LEARNED_FILE", stale)
    crisis_learned.learned.cache_clear()
    try:
        assert crisis_learned.learned() is None  # another model: not used
        with pytest.raises(CommandError, match="Stale"):
            call_command("crisis_classifier", "--check")
    finally:
        crisis_learned.learned.cache_clear()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Read by the trigger alone in the eighth round, scored blind.
        (BY_THE_TRIGGER_ALONE, "suicide"),
        ("smoke coming from under my neighbours door no one answering", "fire"),
        ("partner swallowed 2 packs of paracetmol says he didnt mean it", "medical"),
    ],
)
def test_the_trigger_reads_what_the_prototypes_miss_as_its_closest_risk_phrasing(text, kind):
    assert not safety.kinds_by_words(text)
    scores = safety.closeness(text)
    assert scores is not None
    ordinary = scores.pop("ordinary")
    assert not any(
        s >= safety.SURE or (s >= safety.LIKELY and s - ordinary >= safety.MARGIN)
        for s in scores.values()
    )
    signal = safety.assess_text(text)
    assert signal.kinds == (kind,) and signal.found_by == ("meaning",)
    assert signal.worded == ()  # the services beneath the panel follow the patterns only


@pytest.mark.django_db
def test_without_the_weights_the_trigger_reads_nothing_and_the_patterns_still_do(no_trigger):
    assert crisis_learned.learned() is None
    assert not safety.assess_text(BY_THE_TRIGGER_ALONE).shown
    assert safety.assess_text("my husband hits me").shown


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    ["debt advice", "food bank near me", "my mum has dementia and i cant cope", "feeling low"],
)
def test_everyday_searches_are_not_read_as_risk_by_the_trigger(text):
    shipped = crisis_learned.learned()
    from joinedup.search import semantic

    vector = semantic.embed_query(text)
    assert shipped is not None and vector is not None
    assert not shipped.reads_risk(vector)
