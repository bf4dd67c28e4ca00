"""Whole-index rebuild time with and without the optional `torch` extra, in one run (ADR 16).

    .venv/bin/python bench/rebuild_speed.py [--rounds N]

Sets up a throwaway SQLite database in a temporary folder, loads the demo place, then times
`rebuild_index()` (words and vectors) with the numpy encoder (as on a light install: importing
sentence-transformers is made to fail) and, when the extra is installed, with PyTorch
(bfloat16 where the CPU has it, as `joinedup index` runs), alternating, best of N rounds each.
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _rebuild(mode: str) -> tuple[float, str]:
    from joinedup.search import semantic
    from joinedup.search.services import rebuild_index

    semantic.reset()
    saved = sys.modules.get("sentence_transformers")
    if mode == "numpy":
        sys.modules["sentence_transformers"] = None  # type: ignore[assignment]
    try:
        semantic.encoder()  # the model's loading is not the rebuild's cost
        bulk = semantic.bulk_encoder()
        started = time.perf_counter()
        rebuild_index()
        return time.perf_counter() - started, type(bulk).__name__
    finally:
        if mode == "numpy":
            if saved is None:
                del sys.modules["sentence_transformers"]
            else:
                sys.modules["sentence_transformers"] = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="rounds of each; the best is kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="joinedup-bench-") as tmp:
        _setup(Path(tmp) / "bench.sqlite3")
        from joinedup.demo.loader import load_demo_place
        from joinedup.directory.models import Service

        load_demo_place()
        services = Service.objects.count()
        try:
            import sentence_transformers  # noqa: F401

            modes = ["numpy", "torch"]
        except ImportError:
            modes = ["numpy"]
        times: dict[str, list[float]] = {mode: [] for mode in modes}
        encoders: dict[str, str] = {}
        for _ in range(args.rounds):
            for mode in modes:
                seconds, encoders[mode] = _rebuild(mode)
                times[mode].append(seconds)
    result = {
        "benchmark": "rebuild_speed",
        "services": services,
        "database": "sqlite (temporary), DEBUG off",
        "rounds": args.rounds,
    }
    for mode in modes:
        best = min(times[mode])
        result[mode] = {
            "encoder": encoders[mode],
            "seconds": round(best, 2),
            "services_per_second": round(services / best, 1),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
