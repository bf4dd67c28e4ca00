"""The learned crisis trigger (ADR 13, fifteenth and sixteenth sessions), measured.

    .venv/bin/python bench/crisis_classifier.py [--out PATH] [--cv-only]

Cross-validates the method of `joinedup/search/crisis_learned.py` on the repository's labelled
phrasings (`joinedup/search/tests/crisis_corpora.py`, as `joinedup crisis_classifier` reads
them: each crisis round held out whole) and prints the curve of out-of-fold recall against
false panels; then scores the eighth round (`risk_round8.py`, written blind and never trained
on) once, by the patterns alone, patterns and prototypes (the detector without the trigger) and
the detector as shipped (the shipped weights). `--cv-only` skips the eighth round.

Results: `bench/results/crisis_classifier_round8.json` is the decided run (the regression alone,
before the nearest-phrasing condition); `crisis_classifier_round8_nearest.json` the same
patterns with the condition (ADR 13, sixteenth session). The fifteenth session's runs, with the
seventh round held out and the patterns of a31a7f2, are the other `crisis_classifier*.json`
files (that script's version is in git history). The shared safety examples are not read here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def _setup() -> None:
    os.environ.setdefault("DATABASE_URL", "sqlite:///" + tempfile.mktemp(suffix=".sqlite3"))
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _held_out(round_: int) -> dict[str, Any]:
    """A blind round (8 or later), scored once: its risk read as its class, and its look-alikes
    and everyday searches with a panel, by each reading."""
    import importlib

    from joinedup.search import crisis_learned, safety

    held = importlib.import_module(f"joinedup.search.tests.risk_round{round_}")

    shipped = crisis_learned.learned()
    assert shipped is not None, "no shipped weights: run `joinedup crisis_classifier`"

    def reading(text: str, cls: str = "") -> dict[str, bool]:
        # A risk phrasing counts as read when a kind its class accepts is read; others when
        # any panel shows.
        def read(signal: safety.Signal) -> bool:
            return bool(set(signal.kinds) & held.ACCEPTED[cls]) if cls else signal.shown

        words = (
            bool(set(safety.kinds_by_words(text)) & held.ACCEPTED[cls])
            if cls
            else bool(safety.kinds_by_words(text))
        )
        crisis_learned.learned.cache_clear()
        safety.crisis_learned.LEARNED_FILE = ROOT / "none.npz"
        prototypes = read(safety.assess_text(text))
        shown_without = safety.assess_text(text).shown
        safety.crisis_learned.LEARNED_FILE = LEARNED_FILE
        crisis_learned.learned.cache_clear()
        shipped_reading = read(safety.assess_text(text))
        return {
            "patterns": words,
            "patterns+prototypes": prototypes,
            "patterns+prototypes+learned (shipped)": shipped_reading,
            "patterns shown": bool(safety.kinds_by_words(text)),
            "patterns+prototypes shown": shown_without,
            "patterns+prototypes+learned (shipped) shown": safety.assess_text(text).shown,
        }

    risk = {t: (c, reading(t, c)) for c, t in held.RISK}
    look = {t: reading(t) for t in held.LOOK_ALIKES}
    everyday = {t: reading(t) for t in held.EVERYDAY}
    methods = [m for m in reading("x") if not m.endswith(" shown")]
    table = {
        m: {
            "risk read as its class": f"{sum(r[m] for _, r in risk.values())}/{len(risk)}",
            "risk with a panel": f"{sum(r[m + ' shown'] for _, r in risk.values())}/{len(risk)}",
            "look-alikes with a panel": f"{sum(r[m] for r in look.values())}/{len(look)}",
            "everyday with a panel": f"{sum(r[m] for r in everyday.values())}/{len(everyday)}",
        }
        for m in methods
    }
    shipped_key = methods[-1]
    return {
        f"held_out_round_{round_}": table,
        "missed_as_shipped": [f"{c}: {t}" for t, (c, r) in risk.items() if not r[shipped_key]],
        "added_by_the_trigger": [
            t for t, (_, r) in risk.items() if r[shipped_key] and not r["patterns+prototypes"]
        ],
        "false_panels_as_shipped": [t for t, r in (look | everyday).items() if r[shipped_key]],
        "false_panels_added_by_the_trigger": [
            t
            for t, r in (look | everyday).items()
            if r[shipped_key] and not r["patterns+prototypes"]
        ],
    }


LEARNED_FILE = ROOT / "joinedup/search/data/crisis_classifier.npz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="write the figures as JSON here too")
    parser.add_argument(
        "--cv-only", action="store_true", help="cross-validate only; do not score a round"
    )
    parser.add_argument("--round", type=int, default=8, help="the blind round to score (8, 9)")
    args = parser.parse_args()
    _setup()

    from joinedup.search import crisis_learned as cl
    from joinedup.search import semantic
    from joinedup.search.management.commands.crisis_classifier import training_rows

    rows = training_rows()
    labels = np.array([y for _, y, _ in rows], dtype=np.float64)
    groups = cl.folds(rows)
    x = np.asarray(semantic.embed([t for t, _, _ in rows]), dtype=np.float64)
    oof = cl.cross_validated(x, labels, groups)
    threshold = cl.threshold_for_recall(oof[labels == 1], cl.RECALL)
    nearest_risk = cl.nearest_labels(x, labels, groups) == 1
    wide = (labels == 0) & np.array(["#" in g for g in groups])
    look = (labels == 0) & ~wide

    def share(mask: np.ndarray, cut: float) -> str:
        return f"{int(np.sum(oof[mask] >= cut))}/{int(mask.sum())}"

    def vetoed(mask: np.ndarray, cut: float) -> str:
        return f"{int(np.sum((oof >= cut) & nearest_risk & mask))}/{int(mask.sum())}"

    base = np.array([g.split("#")[0] for g in groups])
    result: dict[str, Any] = {
        "cross_validation": {
            "risk": int(labels.sum()),
            "everyday": int((labels == 0).sum()),
            "l2": cl.L2,
            "recall": cl.RECALL,
            "threshold": threshold,
            "risk caught out of fold": share(labels == 1, threshold),
            "look-alikes with a panel out of fold": share(look, threshold),
            "needs, situations, anchors with a panel out of fold": share(wide, threshold),
            "with the nearest phrasing a risk one (as shipped)": {
                "risk caught out of fold": vetoed(labels == 1, threshold),
                "look-alikes with a panel out of fold": vetoed(look, threshold),
                "needs, situations, anchors with a panel out of fold": vetoed(wide, threshold),
            },
            "by corpus (risk caught, everyday with a panel)": {
                g: [
                    share((base == g) & (labels == 1), threshold),
                    share((base == g) & (labels == 0), threshold),
                ]
                for g in sorted(set(base))
            },
            "curve (out-of-fold recall: threshold, false panels)": {
                f"{recall:.2f}": {
                    "threshold": round(cut, 3),
                    "look-alikes with a panel": share(look, cut),
                    "needs, situations, anchors with a panel": share(wide, cut),
                }
                for recall in (0.5, 0.6, 0.7, 0.8, 0.9)
                for cut in [cl.threshold_for_recall(oof[labels == 1], recall)]
            },
        }
    }
    if not args.cv_only:
        result |= _held_out(args.round)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
