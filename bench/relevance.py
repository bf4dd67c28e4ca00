"""Relevance: the engine against a plain BM25 baseline on graded need judgments.

    .venv/bin/python bench/relevance.py [JUDGMENTS] [--fusion rrf convex lexical semantic]
        [--database FILE | --database-url URL]

The engine is also scored without its reading of situations (`engine.SITUATIONS` off: no needs
vocabulary, ADR 14), in the same run, under "without_situations".

Imports the directory file the judgments name (from ../shared/data) into a throwaway SQLite
database (or the empty database `--database-url` names, e.g. PostgreSQL's, which production
runs: its word ranking is its own, ADR 7; a database already holding an index is reused),
builds the search index (words and meaning), runs every query through `engine.search`, and
scores the first ten results: nDCG@10 (gain 2^grade - 1), recall@10 (share of the judged
services, any grade, found in the top ten) and MRR (1 / rank of the first judged service in
the top ten), overall and per query kind. The baseline is BM25 (k1 1.2, b 0.75) over name +
description written out here, computed in the same run. Prints JSON; each `--fusion` method
given is scored too (the engine's own choice is `engine.FUSION`).

Nothing from the judgments is used by the product: they are read here only to score.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JUDGMENTS = ROOT.parent / "shared" / "data" / "relevance" / "bristol_needs.json"
TOKEN = re.compile(r"[a-z0-9]+")
K = 10


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


class BM25:
    """Okapi BM25 over name + description: lower-case alphanumeric tokens, nothing else."""

    def __init__(self, docs: dict[str, str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.tf = {key: Counter(TOKEN.findall(value.lower())) for key, value in docs.items()}
        self.length = {key: sum(tf.values()) for key, tf in self.tf.items()}
        self.average = sum(self.length.values()) / max(len(self.length), 1)
        df: Counter[str] = Counter()
        for tf in self.tf.values():
            df.update(tf.keys())
        n = len(self.tf)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def rank(self, query: str) -> list[str]:
        terms = TOKEN.findall(query.lower())
        scores: dict[str, float] = {}
        for key, tf in self.tf.items():
            norm = self.k1 * (1 - self.b + self.b * self.length[key] / self.average)
            score = sum(
                self.idf[t] * tf[t] * (self.k1 + 1) / (tf[t] + norm) for t in terms if t in tf
            )
            if score > 0:
                scores[key] = score
        return sorted(scores, key=lambda k: -scores[k])


def ndcg(ranked: list[str], judged: dict[str, int]) -> float:
    gains = [(2 ** judged.get(s, 0) - 1) for s in ranked[:K]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2**g - 1 for g in judged.values()), reverse=True)[:K]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], judged: dict[str, int]) -> float:
    relevant = {s for s, g in judged.items() if g > 0}
    return len(relevant & set(ranked[:K])) / len(relevant) if relevant else 0.0


def mrr(ranked: list[str], judged: dict[str, int]) -> float:
    for i, s in enumerate(ranked[:K]):
        if judged.get(s, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def score(runs: dict[str, list[str]], queries: list[dict[str, Any]]) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in queries:
        groups["overall"].append(q)
        groups[q["kind"]].append(q)
    out = {}
    for name, members in groups.items():
        out[name] = {
            "queries": len(members),
            **{
                metric: round(
                    sum(fn(runs[q["qid"]], q["relevant"]) for q in members) / len(members), 4
                )
                for metric, fn in (("ndcg@10", ndcg), ("recall@10", recall), ("mrr", mrr))
            },
        }
    return out


def ratios(ours: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    return {
        group: {
            m: (round(ours[group][m] / base[group][m], 3) if base[group][m] else None)
            for m in ("ndcg@10", "recall@10", "mrr")
        }
        for group in ours
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("judgments", nargs="?", default=str(DEFAULT_JUDGMENTS))
    parser.add_argument("--fusion", nargs="*", default=[], help="other fusion methods to score")
    parser.add_argument(
        "--database", help="keep the imported, indexed SQLite file here and reuse it next time"
    )
    parser.add_argument(
        "--database-url", help="import into this (empty) database, or reuse the index it holds"
    )
    args = parser.parse_args()
    judgments_path = Path(args.judgments).resolve()
    judgments = json.loads(judgments_path.read_text(encoding="utf-8"))
    queries = judgments["queries"]
    feed = judgments_path.parent.parent / judgments["dataset"]
    with tempfile.TemporaryDirectory(prefix="joinedup-relevance-") as tmp:
        database = Path(args.database) if args.database else Path(tmp) / "relevance.sqlite3"
        reuse = database.exists()
        _setup(args.database_url or f"sqlite:///{database}")
        from django.db import connection

        from joinedup.directory.importers import import_directory
        from joinedup.search import engine, semantic
        from joinedup.search.models import SearchEntry
        from joinedup.search.query import SearchQuery
        from joinedup.search.services import rebuild_index

        imported = index_seconds = 0.0
        indexed = SearchEntry.objects.count()
        if args.database_url:
            reuse = indexed > 0
        if not reuse:
            started = time.perf_counter()
            import_directory(paths=[feed])
            imported = time.perf_counter() - started
            started = time.perf_counter()
            indexed = rebuild_index()
            index_seconds = time.perf_counter() - started
        docs = {
            str(service_id): f"{name} {body}"
            for service_id, name, body in SearchEntry.objects.values_list(
                "service_id", "name", "body"
            )
        }
        bm25 = BM25(docs)
        base_runs = {q["qid"]: bm25.rank(q["query"]) for q in queries}

        def run(method: str) -> tuple[dict[str, list[str]], float]:
            engine.FUSION = method
            started = time.perf_counter()
            found = {
                q["qid"]: [
                    str(h.service_id)
                    for h in engine.search(SearchQuery(text=q["query"], page_size=K)).hits
                ]
                for q in queries
            }
            return found, (time.perf_counter() - started) / len(queries)

        default = engine.FUSION
        ours, per_query = run(default)
        others = {m: score(run(m)[0], queries) for m in args.fusion if m != default}
        # The same engine without understanding situations (ADR 14), in the same run.
        engine.SITUATIONS = False
        words_alone, words_alone_per_query = run(default)
        engine.SITUATIONS = True
        engine.FUSION = default
        baseline = score(base_runs, queries)
        ranked = score(ours, queries)
        without = score(words_alone, queries)
        print(
            json.dumps(
                {
                    "benchmark": "relevance",
                    "judgments": judgments_path.name,
                    "directory": feed.name,
                    "services_indexed": indexed,
                    "database": connection.vendor,
                    "semantic": semantic.encoder() is not None,
                    "fusion": default,
                    "reused_database": reuse,
                    "import_seconds": round(imported, 2),
                    "index_seconds": round(index_seconds, 2),
                    "seconds_per_query": round(per_query, 4),
                    "engine": ranked,
                    "baseline_bm25": baseline,
                    "ratio_engine_to_baseline": ratios(ranked, baseline),
                    "without_situations": {
                        "engine": without,
                        "ratio_to_baseline": ratios(without, baseline),
                        "seconds_per_query": round(words_alone_per_query, 4),
                    },
                    "other_fusion_methods": {
                        m: {"scores": s, "ratio_to_baseline": ratios(s, baseline)}
                        for m, s in others.items()
                    },
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
