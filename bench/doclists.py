"""The SQLite copy of the words (ADR 20): how long a token's doclist takes to read the first time
a search asks for it, the way the copy reads it now (one statement, `group_concat` parsed by
numpy) beside the way it did before (a Python tuple an occurrence), in one run, on the same
database.

    DATABASE_URL=sqlite:////path/big.sqlite3 .venv/bin/python bench/doclists.py [--tokens N]

Reads the N commonest tokens of the index (and as many of the middle of the vocabulary) each
way, alternating, and prints JSON: milliseconds a token by size, and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")

import django

django.setup()

import numpy as np  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from joinedup.search import versions, words  # noqa: E402


def _by_tuples(copy: words.Copy, token: str) -> int:
    """The former reading (before the fourteenth session), step for step: every occurrence a
    Python tuple, its column's name mapped in Python, the rows counted by `np.unique`."""
    with transaction.atomic(), connection.cursor() as cursor:
        if versions.read(cursor) != copy.version:
            raise words.Stale(token)
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_instances "
            "USING fts5vocab(main, search_fts, instance)"
        )
        cursor.execute(
            "SELECT doc, col, offset FROM temp.search_fts_instances WHERE term = %s", [token]
        )
        rows = cursor.fetchall()
    if rows:
        docs, cols, offsets = (np.asarray(column) for column in zip(*rows, strict=True))
        docs = docs.astype(np.int64)
    else:
        docs = np.zeros(0, dtype=np.int64)
        cols = np.zeros(0, dtype=object)
        offsets = np.zeros(0, dtype=np.int64)
    documents = len(np.unique(docs))
    at = np.searchsorted(copy.ids, docs)
    at[at >= len(copy.ids)] = 0
    kept = copy.ids[at] == docs
    number = {name: n for n, name in enumerate(copy.columns)}
    numbers = np.fromiter((number[c] for c in cols.tolist()), dtype=np.int8, count=len(cols))
    _ = (at[kept], numbers[kept], offsets[kept].astype(np.int64))
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=20)
    args = parser.parse_args()
    words.READ_AHEAD_BYTES = 0
    copy = words.load()
    if copy is None:
        sys.exit("no copy of the index (empty, or not SQLite)")
    with connection.cursor() as cursor:
        for kind in ("instance", "row"):
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fts_{kind}s "
                f"USING fts5vocab(main, search_fts, {kind})"
            )
        cursor.execute("SELECT term, cnt FROM temp.search_fts_rows ORDER BY cnt DESC")
        vocabulary = cursor.fetchall()
    middle = len(vocabulary) // 2
    picked = vocabulary[: args.tokens] + vocabulary[middle : middle + args.tokens]
    rows = []
    for token, count in picked:
        started = time.perf_counter()
        _by_tuples(copy, token)
        tuples_ms = (time.perf_counter() - started) * 1000
        copy.doclists.clear()
        started = time.perf_counter()
        copy.read_doclists([token])
        now_ms = (time.perf_counter() - started) * 1000
        rows.append(
            {"token": token, "occurrences": count, "before_ms": tuples_ms, "now_ms": now_ms}
        )
    common = rows[: args.tokens]
    print(
        json.dumps(
            {
                "benchmark": "doclists",
                "services": len(copy.ids),
                "tokens_in_index": len(vocabulary),
                "commonest": {
                    "tokens": len(common),
                    "occurrences": sum(r["occurrences"] for r in common),
                    "before_ms": round(sum(r["before_ms"] for r in common), 1),
                    "now_ms": round(sum(r["now_ms"] for r in common), 1),
                },
                "ratio_commonest": round(
                    sum(r["before_ms"] for r in common)
                    / max(sum(r["now_ms"] for r in common), 1e-9),
                    2,
                ),
                "tokens": [
                    {**r, "before_ms": round(r["before_ms"], 2), "now_ms": round(r["now_ms"], 2)}
                    for r in rows
                ],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
