from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.search import crisis_learned, needs, safety, semantic


def training_rows() -> list[crisis_learned.Row]:
    """The labelled phrasings, each as the meaning side reads it (masks applied). Read from the
    test corpora, which a clone of the repository carries: this is a build step, not run time."""
    from joinedup.search.tests import crisis_corpora

    rows = crisis_corpora.corpora(
        patterns=json.loads(safety.PATTERNS_FILE.read_text(encoding="utf-8")),
        needs=json.loads(needs.NEEDS_FILE.read_text(encoding="utf-8")),
        reads_risk=lambda t: bool(safety.kinds_by_words(t)),
    )
    read = [(safety.meaning_text(t), label, group) for t, label, group in rows]
    return [r for r in read if r[0].strip()]


def row_kinds(rows: list[crisis_learned.Row]) -> list[str]:
    """The most urgent kind the reviewed patterns read in each risk row ("" for none, and for
    every everyday row): the kind a text read by the learned trigger takes from its nearest."""
    out = []
    for text, label, _ in rows:
        read = safety.kinds_by_words(text) if label else set()
        out.append(next((k for k in safety.KINDS if k in read), ""))
    return out


class Command(BaseCommand):
    help = (
        "Fit the crisis detector's learned trigger on the repository's labelled phrasings and "
        "write the shipped weights (run after a crisis round, a pattern or a need's phrases "
        "changed; ADR 13)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="only say whether the shipped weights were fitted on the current phrasings",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = training_rows()
        kinds = row_kinds(rows)
        if options["check"]:
            shipped = crisis_learned.learned()
            if shipped is None or shipped.fingerprint != crisis_learned.fingerprint(rows, kinds):
                raise CommandError("Stale: run `joinedup crisis_classifier`")
            self.stdout.write("The shipped weights were fitted on the current phrasings.")
            return
        found = crisis_learned.write(rows, kinds, semantic.embed)
        risk = sum(label for _, label, _ in rows)
        self.stdout.write(
            f"Fitted on {risk} risk and {len(rows) - risk} everyday phrasings; threshold "
            f"{found.threshold:.3f}; wrote {crisis_learned.LEARNED_FILE}."
        )
