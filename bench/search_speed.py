"""Search speed on a generated directory: index build, one re-index, /api/search latency, memory.

    .venv/bin/python bench/search_speed.py                      # 100,000 services
    .venv/bin/python bench/search_speed.py --services 5000 --rounds 50
    .venv/bin/python bench/search_speed.py --spread national     # spread over the UK's districts
    .venv/bin/python bench/search_speed.py --database /tmp/big.sqlite3   # a generated DB
    ... --database /tmp/big.sqlite3 --skip-build       # its index as it is: searching only

Measures, in one run:
(a) the full index build (`rebuild_index`). With `--embed-all` every service is embedded by the
    model, as in production. Without it (the default, for a shared 2-core machine) the build
    runs with words, filters and places only, the model embeds a sample of `--sample` services
    (timed), and the embedding part of the build is extrapolated from that rate; the JSON says
    which was done. The sample's vectors are then written to every row in turn, so the
    server's matrix has the full size and the same arithmetic per query.
(b) re-indexing one edited service (words + its embedding), the median of five edits.
(c) p50/p95 of GET /api/search with text + postcode + two filters (free, in person), through
    HTTP on gunicorn (one sync worker, DEBUG off, database connections kept for 60 s as in
    production), interleaved with a trivial endpoint
    (/api/oruk/, no database) in the same run, and the ratio of the p95s (aim <= 5).
(d) the server worker's resident memory (VmRSS) with the index loaded, after the rounds.
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from feed_latency import PYTHON, free_port, get, prepare, summary  # noqa: E402

QUERIES = [
    "dementia support",
    "my mum has dementia and I can't cope",
    "debt advice",
    "somewhere to sleep tonight",
    "food bank",
    "feeling lonely",
]
POSTCODES = ["BS5", "LS6", "LE2", "NR3", "PL4"]


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found.extend(int(c) for c in children)
    return found


def build(args: argparse.Namespace) -> dict[str, object]:
    """(a) and (b), in this process, against DATABASE_URL."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from joinedup.directory.models import Service
    from joinedup.search import semantic
    from joinedup.search.models import SearchEntry
    from joinedup.search.services import rebuild_index, reindex_service

    out: dict[str, object] = {}
    settings.JOINEDUP_SEMANTIC_SEARCH = args.embed_all
    semantic.reset()
    started = time.perf_counter()
    services = rebuild_index()
    build_seconds = time.perf_counter() - started
    settings.JOINEDUP_SEMANTIC_SEARCH = True
    semantic.reset()
    model = semantic.encoder()
    assert model is not None, "the model package is a dependency"
    if args.embed_all:
        out["index_build"] = {
            "services": services,
            "seconds": round(build_seconds, 1),
            "embedded": "all",
        }
    else:
        rows = list(
            SearchEntry.objects.order_by("id").values_list("id", "name", "body", "terms")[
                : args.sample
            ]
        )
        # The rebuild embeds with the bulk encoder (PyTorch when it loads), so time that one.
        bulk = semantic.bulk_encoder()
        assert bulk is not None
        started = time.perf_counter()
        vectors = bulk.encode([semantic.service_text(n, b, t) for _, n, b, t in rows])
        sample_seconds = time.perf_counter() - started
        rate = len(rows) / sample_seconds
        out["index_build"] = {
            "services": services,
            "words_filters_places_seconds": round(build_seconds, 1),
            "embedded": f"sample of {len(rows)} with {type(bulk).__name__}",
            "embedding_services_per_second": round(rate, 1),
            "embedding_seconds_extrapolated": round(services / rate, 1),
            "total_seconds_estimated": round(build_seconds + services / rate, 1),
        }
        ids = list(SearchEntry.objects.order_by("id").values_list("id", flat=True))
        blobs = [semantic.to_bytes(v) for v in vectors]
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchentry SET embedding = %s, embedding_model = %s WHERE id = %s",
                [(blobs[i % len(blobs)], semantic.MODEL_NAME, pk) for i, pk in enumerate(ids)],
            )
    times = []
    for n, service in enumerate(Service.objects.order_by("id")[:5]):
        service.description = f"{service.description} Edited for the benchmark ({n})."
        service.save(update_fields=["description"])
        started = time.perf_counter()
        reindex_service(service_id=service.id)
        times.append(time.perf_counter() - started)
    out["reindex_one_service_seconds"] = round(statistics.median(times), 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument(
        "--spread",
        choices=["cities", "national"],
        default="cities",
        help="where the generated services are (see bench/generate_directory.py)",
    )
    parser.add_argument("--embed-all", action="store_true")
    parser.add_argument("--database", help="an already generated SQLite file to reuse")
    parser.add_argument(
        "--skip-build",
        action="store_true",
        help="with --database: keep the index it holds and measure searching only",
    )
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory(prefix="joinedup-bench-")
    database = Path(args.database) if args.database else Path(workdir.name) / "bench.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        # As docs/operations.md configures production: connections kept between requests.
        "DATABASE_CONN_MAX_AGE": "60",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "joinedup.settings",
    }
    if args.database:
        subprocess.run([PYTHON, "-m", "joinedup", "migrate", "-v", "0"], env=env, check=True)
        generated: object = {"reused": str(database)}
    else:
        generated = prepare(env, args.services, args.spread)
    os.environ.update(env)
    measured = {"index_build": "skipped (--skip-build)"} if args.skip_build else build(args)

    port = free_port()
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "joinedup.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
        "--timeout=120",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        for _ in range(300):
            try:
                if get(port, "/api/oruk/")[1] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        paths = [
            f"/api/search?q={q.replace(' ', '+').replace(chr(39), '%27')}"
            f"&postcode={pc}&free=true&delivery=in_person"
            for q, pc in zip(QUERIES * len(POSTCODES), POSTCODES * len(QUERIES), strict=True)
        ]
        first_seconds, status, body = get(port, paths[0])
        assert status == 200, body[:300]
        total = json.loads(body)["pagination"]["total_items"]
        for path in paths:  # warm up: each query text is embedded once per process
            get(port, path)
        trivial: list[float] = []
        searching: list[float] = []
        for n in range(args.rounds):
            pair = [("trivial", "/api/oruk/"), ("search", paths[n % len(paths)])]
            if n % 2:
                pair.reverse()
            for kind, path in pair:
                elapsed, status, body = get(port, path)
                assert status == 200, (path, status, body[:300])
                (trivial if kind == "trivial" else searching).append(elapsed)
        workers = _children(server.pid)
        rss_mb = round(sum(_rss_kb(pid) for pid in workers) / 1024, 1)
    finally:
        server.terminate()
        server.wait(timeout=20)
        workdir.cleanup()
    search_stats, trivial_stats = summary(searching), summary(trivial)
    print(
        json.dumps(
            {
                "benchmark": "search_speed",
                "server": "gunicorn (one sync worker), DEBUG off, SQLite, DATABASE_CONN_MAX_AGE=60",
                "directory": generated,
                **measured,
                "first_search_seconds_cold": round(first_seconds, 2),
                "example_total": total,
                "search": search_stats,
                "trivial": trivial_stats,
                "ratio_p50": round(search_stats["p50_ms"] / trivial_stats["p50_ms"], 2),
                "ratio_p95": round(search_stats["p95_ms"] / trivial_stats["p95_ms"], 2),
                "worker_rss_mb": rss_mb,
                "aims": "build < 900 s, reindex < 1 s, ratio_p95 <= 5",
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
