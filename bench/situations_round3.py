"""A situations round (ADR 14, eleventh session on) on a directory: how many phrasings of
`joinedup/search/tests/situations_round3.py` (or another round's, `--corpus`) find the right
kind of help first.

    .venv/bin/python bench/situations_round3.py [--corpus situations_round4] [--database PATH]
        [--show-fails]

By default the demo place (`joinedup load_demo`) is built into a throwaway SQLite database and
each result's categories are its taxonomy terms (with their parents'). `--database PATH` reads
an existing, indexed SQLite file instead (e.g. the Bristol import `bench/relevance.py
--database` keeps), read-only; a directory without categories is judged by the rough words of
`BRISTOL_WORDS`. A phrasing passes when each group of expected categories has a result among
the first five and no forbidden category is among the first three. Prints JSON: held out and
tuned separately, per class, and the failures with their first five names.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from safety import _categories, _setup  # noqa: E402 (bench's own module)


def _taxonomy(service_ids: list[str]) -> dict[str, set[str]]:
    return {sid: set(names) for sid, names in _categories(service_ids).items()}


def _matches(words: list[str], text: str) -> bool:
    return any(re.search(r"(?<![a-z])" + re.escape(w), text) for w in words)


def _by_words(
    names: dict[str, str], bodies: dict[str, str], words: dict[str, list[str]]
) -> tuple[Any, Any]:
    def expected_of(sid: str) -> set[str]:
        text = f"{names[sid]} {bodies[sid][:400]}".lower()
        found = {c for c, ws in words.items() if _matches(ws, text)}
        # A service for carers under 26 or for parent carers is not an adult's carers' service.
        if _matches(["young", "parent carer", "parent-carer"], names[sid].lower()):
            found -= {"Support for carers", "Breaks and respite"}
        return found

    def forbidden_of(sid: str) -> set[str]:
        name = names[sid].lower()
        return {c for c, ws in words.items() if _matches(ws, name)}

    return expected_of, forbidden_of


def _judge(text: str, expected: list[list[str]], forbidden: list[str], judge: Any) -> dict:
    """One phrasing: its first five, whether they meet the expected groups and keep the
    forbidden categories out of the first three, and whether the first result is expected."""
    from joinedup.search import safety
    from joinedup.search.engine import search
    from joinedup.search.query import SearchQuery

    ids = [str(h.service_id) for h in search(SearchQuery(text=text)).hits[:5]]
    exp, forb = judge(ids)
    met = all(any(set(g) & c for c in exp) for g in expected)
    clear = not any(set(forbidden) & c for c in forb[:3])
    return {
        "text": text,
        "ok": met and clear and len(ids) == 5,
        "first": bool(exp) and any(set(g) & exp[0] for g in expected),
        "met": met,
        "clear": clear,
        "panel": safety.assess_text(text).shown,
        "ids": ids,
    }


def _judge_of(
    with_taxonomy: bool, names: dict[str, str], bodies: dict[str, str], words: dict[str, list[str]]
) -> Any:
    """Categories of a first five: the taxonomy's, else the rough words' (expected, forbidden)."""
    expected_of, forbidden_of = _by_words(names, bodies, words)

    def judge(ids: list[str]) -> tuple[list[set[str]], list[set[str]]]:
        if with_taxonomy:
            cats = _taxonomy(ids)
            return [cats[s] for s in ids], [cats[s] for s in ids]
        return [expected_of(s) for s in ids], [forbidden_of(s) for s in ids]

    return judge


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="an indexed SQLite file, read only")
    parser.add_argument(
        "--corpus",
        default="situations_round3",
        help="the round's module in joinedup/search/tests (CLASSES, BRISTOL_WORDS)",
    )
    parser.add_argument("--show-fails", action="store_true", help="the tuned failures' results")
    parser.add_argument(
        "--show-held-out", action="store_true", help="the held-out failures too (at the end)"
    )
    parser.add_argument(
        "--show-first",
        action="store_true",
        help="also the phrasings that pass but whose first result is not of an expected category",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="joinedup-round-") as tmp:
        if args.database:
            _setup(f"sqlite:///{Path(args.database).resolve()}")
        else:
            _setup(f"sqlite:///{Path(tmp) / 'demo.sqlite3'}")
            from django.core.management import call_command

            call_command("migrate", verbosity=0, interactive=False)
            call_command("load_demo", verbosity=0, stdout=io.StringIO())
        from joinedup.directory.models import Attribute, Service

        round_ = importlib.import_module(f"joinedup.search.tests.{args.corpus}")

        with_taxonomy = Attribute.objects.filter(link_entity="service").exists()
        names = {str(pk): name for pk, name in Service.objects.values_list("pk", "name")}
        bodies = {str(pk): d or "" for pk, d in Service.objects.values_list("pk", "description")}
        judge = _judge_of(with_taxonomy, names, bodies, round_.BRISTOL_WORDS)
        results = {
            name: [
                {**_judge(text, expected, forbidden, judge), "held_out": i % 3 == 2}
                for i, (text, expected, forbidden) in enumerate(cases)
            ]
            for name, cases in round_.CLASSES.items()
        }
        every = [r for rs in results.values() for r in rs]
        report: dict[str, Any] = {
            "corpus": args.corpus,
            "directory": args.database or "demo",
            "taxonomy": with_taxonomy,
        }
        for kind, held in (("held_out", True), ("tuned", False)):
            these = [r for r in every if r["held_out"] == held]
            report[kind] = f"{sum(r['ok'] for r in these)}/{len(these)}"
            # Stricter, for a directory judged by rough words: the first result is expected.
            report[f"{kind}_first_result_expected"] = (
                f"{sum(r['first'] for r in these)}/{len(these)}"
            )
        report["per_class"] = {
            name: f"{sum(r['ok'] for r in rs)}/{len(rs)}" for name, rs in results.items()
        }
        # The held-out failures are shown only when asked for, so that a run while changing
        # the engine does not show them.
        shown = [
            r
            for r in every
            if (not r["ok"] or (args.show_first and not r["first"]))
            and (not r["held_out"] or args.show_held_out)
        ]
        report["failures"] = [
            {**{k: v for k, v in r.items() if k != "ids"}, "top5": [names[s] for s in r["ids"]]}
            if args.show_fails
            else r["text"]
            for r in shown
        ]
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
