"""A learned trigger on the crisis detector's meaning side (ADR 13, sixteenth session).

A logistic regression on the sentence model's vector of what a person typed, risk against
everyday, fitted on the repository's own labelled phrasings (`tests/crisis_corpora.py`: every
crisis round's risk and look-alikes, the prototypes and everyday anchors, the needs' phrases and
the situations corpora). Where the patterns and the prototypes read nothing, a text the
regression scores at or above its threshold is read as the kind of its closest prototype.

The threshold is where, cross-validated with each crisis round held out whole, the regression
reads `RECALL` of the risk phrasings of a round it has not seen: a stricter point than a
recall of 0.8, which put a panel on one everyday situation in eight (ADR 13, fifteenth
session). Both were decided before the eighth round, its held-out measure, was written.

And the labelled phrasing closest to the text must be a risk one: a text nearest to an everyday
phrasing ("cut my finger chopping onions" is nearest itself, and "burnt my hand on the oven"
near it) is not read as risk whatever the regression says. Cross-validated the same way, this
kept 345 of the 399 risk phrasings the regression read alone and dropped 41 of its 61 false
panels (ADR 13, sixteenth session: chosen after the eighth round was scored, on the earlier
rounds only).

The weights are fitted by `joinedup crisis_classifier` and shipped
(`data/crisis_classifier.npz`, numpy only: nothing is learned at run time). A test fails when
the labelled phrasings, the patterns that mask them or the model have changed since.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from joinedup.search import semantic

log = logging.getLogger(__name__)

LEARNED_FILE = Path(__file__).parent / "data" / "crisis_classifier.npz"

# Decided by cross-validation before the eighth round was written (ADR 13): the regularisation
# with the fewest out-of-fold false panels at a given recall (0.03 to 10 tried), and the
# out-of-fold recall on a round not seen that the threshold is set for.
L2 = 0.1
RECALL = 0.60
NEWTON_STEPS = 30

# A labelled phrasing: the text as the meaning side reads it, 1 risk or 0 everyday, and the
# corpus it came from (a crisis round is held out whole when cross-validating).
Row = tuple[str, int, str]


def fit(x: np.ndarray, y: np.ndarray, *, l2: float = L2) -> np.ndarray:
    """Weights (the last is the bias) of a logistic regression of y (1 risk, 0 everyday) on the
    rows of x, each class weighted to half the total so the larger does not drown the other;
    the bias is not regularised. Newton's method from zero: the same data, the same weights."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    xb = np.hstack([x, np.ones((len(x), 1))])
    positives = max(float(y.sum()), 1.0)
    negatives = max(float(len(y) - y.sum()), 1.0)
    sample = np.where(y == 1, len(y) / (2 * positives), len(y) / (2 * negatives))
    penalty = np.full(xb.shape[1], l2)
    penalty[-1] = 0.0
    w = np.zeros(xb.shape[1])
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        gradient = xb.T @ (sample * (p - y)) + penalty * w
        hessian = (xb * (sample * p * (1 - p))[:, None]).T @ xb + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    return w


def score(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The log-odds of risk of each row of x."""
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    return np.asarray(x @ w[:-1] + w[-1])


def threshold_for_recall(risk_scores: np.ndarray, recall: float = RECALL) -> float:
    """The highest threshold at which at least `recall` of these risk scores are at or above
    it."""
    ordered = np.sort(np.asarray(risk_scores, dtype=np.float64))[::-1]
    needed = int(np.ceil(recall * len(ordered)))
    return float(ordered[max(needed, 1) - 1])


def folds(rows: Sequence[Row]) -> np.ndarray:
    """Each row's fold: a crisis round whole, as a new round would come; the everyday corpora
    (needs, situations, anchors), which are in every round's training, split five ways."""
    return np.array(
        [
            g if g.startswith(("risk", "crisis", "distress", "medical")) else f"{g}#{i % 5}"
            for i, (_, _, g) in enumerate(rows)
        ]
    )


def nearest_labels(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Each row's nearest labelled row's label among the other folds (as `Learned` reads a new
    text against every phrasing it ships)."""
    x32 = np.asarray(x, dtype=np.float32)
    out = np.zeros(len(y))
    for group in sorted(set(groups.tolist())):
        held = groups == group
        nearest = np.argmax(x32[held] @ x32[~held].T, axis=1)
        out[held] = np.asarray(y)[~held][nearest]
    return out


def cross_validated(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, *, l2: float = L2
) -> np.ndarray:
    """Each row's score by a model trained on every other fold."""
    out = np.zeros(len(y))
    for group in sorted(set(groups.tolist())):
        held = groups == group
        out[held] = score(fit(x[~held], y[~held], l2=l2), x[held])
    return out


def fingerprint(rows: Sequence[Row], kinds: Sequence[str]) -> str:
    """What the shipped weights were fitted on: the model, the choices, every row and the kind
    the patterns read in each."""
    content = json.dumps(
        {
            "model": semantic.MODEL_NAME,
            "l2": L2,
            "recall": RECALL,
            "rows": [list(r) for r in rows],
            "kinds": list(kinds),
        },
        ensure_ascii=False,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Learned:
    weights: np.ndarray  # the vector's weights, float64
    bias: float
    threshold: float
    fingerprint: str
    # The labelled phrasings' vectors (float32, unit length), labels (1 risk, 0 everyday) and
    # the most urgent kind the reviewed patterns read in each ("" for none).
    examples: np.ndarray
    labels: np.ndarray
    kinds: np.ndarray

    def log_odds(self, vector: np.ndarray) -> float:
        return float(np.asarray(vector, dtype=np.float64) @ self.weights + self.bias)

    def nearest(self, vector: np.ndarray) -> int:
        """The labelled phrasing closest in meaning."""
        return int(np.argmax(self.examples @ np.asarray(vector, dtype=np.float32)))

    def reads_risk(self, vector: np.ndarray) -> bool:
        return self.read(vector) is not None

    def read(self, vector: np.ndarray) -> str | None:
        """None when the text is not read as risk: the regression scores it below the threshold
        or the closest labelled phrasing is an everyday one. Else the kind the patterns read in
        that closest phrasing ("" when they read none): "smoke coming from under my neighbours
        door" is nearest a fire, and the panel leads with the help for one."""
        if self.log_odds(vector) < self.threshold:
            return None
        closest = self.nearest(vector)
        return str(self.kinds[closest]) if self.labels[closest] else None


def write(
    rows: Sequence[Row],
    kinds: Sequence[str],
    embed: Callable[[list[str]], np.ndarray | None],
    path: Path | None = None,
) -> Learned:
    """Fit on the rows, set the threshold by cross-validation, and write the weights with the
    rows' vectors, labels and kinds (`kinds`: the patterns' most urgent kind in each row)."""
    texts = [t for t, _, _ in rows]
    vectors = embed(texts)
    if vectors is None:
        raise RuntimeError("The sentence model is not available")
    x = np.asarray(vectors, dtype=np.float64)
    y = np.array([label for _, label, _ in rows], dtype=np.float64)
    out_of_fold = cross_validated(x, y, folds(rows))
    threshold = threshold_for_recall(out_of_fold[y == 1], RECALL)
    w = fit(x, y)
    filled = _filled(x, y, kinds)
    np.savez_compressed(
        path or LEARNED_FILE,
        weights=w[:-1],
        bias=np.float64(w[-1]),
        threshold=np.float64(threshold),
        examples=x.astype(np.float16),
        labels=y.astype(np.uint8),
        kinds=np.array(filled, dtype=str),
        model=semantic.MODEL_NAME,
        fingerprint=fingerprint(rows, kinds),
    )
    learned.cache_clear()
    found = learned(path)
    assert found is not None
    return found


def _filled(x: np.ndarray, y: np.ndarray, kinds: Sequence[str]) -> list[str]:
    """The kinds, each risk phrasing the patterns read no kind in given the kind of the closest
    one they do (a blind round's misses are taught as risk, but the patterns read nothing there:
    "mate dropped too many pills at the party" takes an overdose's kind, not a prototype's)."""
    out = list(kinds)
    known = np.array([bool(label) and bool(kind) for label, kind in zip(y, out, strict=True)])
    if not known.any():
        return out
    x32 = np.asarray(x, dtype=np.float32)
    named = np.flatnonzero(known)
    for i in np.flatnonzero((np.asarray(y) == 1) & ~known):
        out[i] = out[int(named[np.argmax(x32[named] @ x32[i])])]
    return out


@functools.lru_cache(maxsize=4)
def learned(path: Path | None = None) -> Learned | None:
    """The shipped weights, or None (no file, or fitted for another model): the detector then
    reads by patterns and prototypes only."""
    try:
        with np.load(path or LEARNED_FILE, allow_pickle=False) as data:
            if str(data["model"]) != semantic.MODEL_NAME:
                log.warning("The learned crisis trigger was fitted for another model: refit it")
                return None
            return Learned(
                weights=np.asarray(data["weights"], dtype=np.float64),
                bias=float(data["bias"]),
                threshold=float(data["threshold"]),
                fingerprint=str(data["fingerprint"]),
                examples=np.asarray(data["examples"], dtype=np.float32),
                labels=np.asarray(data["labels"], dtype=np.uint8),
                kinds=np.asarray(data["kinds"], dtype=str),
            )
    except (OSError, KeyError, ValueError):
        return None
