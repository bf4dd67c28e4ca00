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
    With `--shapes`, every query shape instead, each its own figures and ratio, all
    interleaved with the trivial endpoint in one run: words with and without a postcode,
    common and rare words, words no search has used before (so the query's vector is
    computed while the person waits), filters only, and the public feed's two searches
    (SHAPES).
(d) the server worker's resident memory (VmRSS) with the index loaded, after the rounds,
    and how long the server's first search took (the process's cold start).
Prints JSON.

`--database-url postgres://postgres@127.0.0.1:5432/jd_bench` measures an already generated
database of any kind instead (migrated first; generate it with generate_directory.py).

`--only NAME` (repeatable) measures those shapes alone. `--before DIR` (a checkout of other
code, e.g. `git archive <commit> | tar -x -C DIR`) serves the same database from that code
too, side by side: every request goes to both servers in turn (which goes first alternates),
each paired with its own trivial endpoint, and the bodies of the two answers are compared
(the JSON prints how many differed):

    .venv/bin/python bench/search_speed.py --database /tmp/big.sqlite3 --skip-build \
        --shapes --only filters_only_postcode --only filters_only --before /tmp/before
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

from feed_latency import PYTHON, get, prepare, start_server, summary  # noqa: E402

QUERIES = [
    "dementia support",
    "my mum has dementia and I can't cope",
    "debt advice",
    "somewhere to sleep tonight",
    "food bank",
    "feeling lonely",
]
POSTCODES = ["BS5", "LS6", "LE2", "NR3", "PL4"]
# Words most of the 100,000 services have ("advice": 36,000), words few have (about 2,800
# each, and one no service has), and situations in a person's words.
COMMON = ["debt advice", "feeling lonely", "food bank", "my mum has dementia and I can't cope"]
RARE = ["falls prevention", "men's shed", "stop smoking", "xylophone quartz"]
# A person's own words are seldom another's: each of these texts is asked once per server, so
# its vector is computed while the person waits (every other shape repeats its texts, whose
# vectors a process keeps). Everyday words appended to the common searches, two at a time.
EVERYDAY = [
    "please",
    "urgently",
    "today",
    "locally",
    "nearby",
    "soon",
    "weekly",
    "quickly",
    "again",
    "really",
    "still",
    "now",
    "here",
    "later",
    "tonight",
    "anyway",
    "also",
    "just",
    "maybe",
    "honestly",
]
NOVEL = [f"{t} {a} {b}" for a in EVERYDAY for b in EVERYDAY if a != b for t in COMMON]


def _q(text: str) -> str:
    return text.replace(" ", "+").replace("'", "%27")


def _rotating(texts: list[str], template: str) -> list[str]:
    return [
        template.format(q=_q(t), pc=pc)
        for t, pc in zip(texts * len(POSTCODES), POSTCODES * len(texts), strict=True)
    ]


# Each shape's requests, taken in turn (none asked twice in a run for those in ONCE, which the
# warm-up leaves alone).
ONCE = {"new_words_postcode"}
SHAPES = {
    "postcode_common_filters": _rotating(
        COMMON, "/api/search?q={q}&postcode={pc}&free=true&delivery=in_person"
    ),
    "postcode_common": _rotating(COMMON, "/api/search?q={q}&postcode={pc}"),
    "postcode_rare": _rotating(RARE, "/api/search?q={q}&postcode={pc}"),
    "no_postcode_common": [f"/api/search?q={_q(t)}" for t in COMMON],
    "no_postcode_rare": [f"/api/search?q={_q(t)}" for t in RARE],
    "filters_only_postcode": [
        f"/api/search?postcode={pc}&free=true&delivery=in_person" for pc in POSTCODES
    ],
    "filters_only": ["/api/search?free=true&delivery=online", "/api/search?open_on=SA"],
    "new_words_postcode": [
        f"/api/search?q={_q(t)}&postcode={POSTCODES[n % len(POSTCODES)]}"
        for n, t in enumerate(NOVEL)
    ],
    "feed_services_search": [f"/api/oruk/services?search={_q(t)}&per_page=50" for t in COMMON],
    "feed_sals_search_postcode": _rotating(
        COMMON,
        "/api/oruk/service_at_locations?search={q}&postcode={pc}&proximity=10000&per_page=50",
    ),
}


DEFAULT_PATHS = [
    f"/api/search?q={_q(q)}&postcode={pc}&free=true&delivery=in_person"
    for q, pc in zip(QUERIES * len(POSTCODES), POSTCODES * len(QUERIES), strict=True)
]


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


def _arguments() -> argparse.Namespace:
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
    parser.add_argument("--database-url", help="an already generated database of any kind")
    parser.add_argument("--shapes", action="store_true", help="every query shape (above)")
    parser.add_argument("--code", help="serve this checkout instead (e.g. the code before)")
    parser.add_argument(
        "--only", action="append", choices=sorted(SHAPES), help="with --shapes: just this shape"
    )
    parser.add_argument(
        "--before", help="serve this checkout too, side by side, and compare the answers"
    )
    parser.add_argument(
        "--skip-build",
        action="store_true",
        help="with --database: keep the index it holds and measure searching only",
    )
    return parser.parse_args()


def _time(port: int, shapes: dict[str, list[str]], rounds: int) -> dict[str, list[float]]:
    """Each shape's requests in turn, `rounds` of each, every one paired with the trivial
    endpoint (which goes first every other time)."""
    timed: dict[str, list[float]] = {"trivial": [], **{name: [] for name in shapes}}
    order = [(name, paths[n % len(paths)]) for n in range(rounds) for name, paths in shapes.items()]
    for n, (name, path) in enumerate(order):
        pair = [("trivial", "/api/oruk/"), (name, path)]
        if n % 2:
            pair.reverse()
        for kind, address in pair:
            elapsed, status, body = get(port, address)
            assert status == 200, (address, status, body[:300])
            timed[kind].append(elapsed)
    return timed


def _repeated(shapes: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: paths for name, paths in shapes.items() if name not in ONCE}


def _shapes(args: argparse.Namespace) -> dict[str, list[str]]:
    if not args.shapes:
        return {"search": DEFAULT_PATHS}
    return {name: paths for name, paths in SHAPES.items() if not args.only or name in args.only}


def _ratios(timed: dict[str, list[float]]) -> dict[str, object]:
    """Each shape's figures and the ratio of its p95 to the trivial endpoint's."""
    trivial = summary(timed.pop("trivial"))
    figures: dict[str, object] = {"trivial": trivial}
    for shape, values in timed.items():
        stats: dict[str, object] = dict(summary(values))
        stats["ratio_p95"] = round(summary(values)["p95_ms"] / trivial["p95_ms"], 2)
        figures[shape] = stats
    return figures


def _difference(path: str, bodies: dict[str, bytes]) -> dict[str, str]:
    """Where two answers first differ, for the JSON."""
    after, before = bodies["after"], bodies["before"]
    at = next(
        (i for i, (a, b) in enumerate(zip(after, before, strict=False)) if a != b),
        min(len(after), len(before)),
    )
    return {"path": path, **{k: v[max(at - 80, 0) : at + 80].decode() for k, v in bodies.items()}}


def _paired(port: int, pair: list[tuple[str, str]], timed: dict[str, list[float]]) -> bytes:
    """Time a (kind, path) pair on one server; the searched path's answer, its links (which
    name the server's own port) made comparable."""
    answer = b""
    for kind, address in pair:
        elapsed, status, body = get(port, address)
        assert status == 200, (address, status, body[:300])
        timed[kind].append(elapsed)
        if kind != "trivial":
            answer = body.replace(f"127.0.0.1:{port}".encode(), b"SERVER")
    return answer


def _side_by_side(args: argparse.Namespace, env: dict[str, str]) -> dict[str, object]:
    """Both codes served on one database, each request to both in turn (alternating which
    goes first), each paired with that server's trivial endpoint; bodies compared."""
    shapes = _shapes(args)
    trees = {"after": Path(args.code).resolve() if args.code else ROOT}
    trees["before"] = Path(args.before).resolve()
    servers = {name: start_server(code, env) for name, code in trees.items()}
    timed: dict[str, dict[str, list[float]]] = {
        name: {"trivial": [], **{shape: [] for shape in shapes}} for name in trees
    }
    differing = {shape: 0 for shape in shapes}
    example: dict[str, dict[str, str]] = {}
    try:
        for paths in _repeated(shapes).values():  # warm up
            for path in paths:
                for _, port in servers.values():
                    get(port, path)
        order = [
            (s, paths[n % len(paths)]) for n in range(args.rounds) for s, paths in shapes.items()
        ]
        for n, (shape, path) in enumerate(order):
            names = list(trees) if n % 2 else list(reversed(trees))
            pair = [("trivial", "/api/oruk/"), (shape, path)]
            if (n // 2) % 2:
                pair.reverse()
            bodies = {name: _paired(servers[name][1], pair, timed[name]) for name in names}
            if bodies["after"] != bodies["before"]:
                differing[shape] += 1
                example.setdefault(shape, _difference(path, bodies))
    finally:
        for server, _ in servers.values():
            server.terminate()
            server.wait(timeout=20)
    out: dict[str, object] = {name: _ratios(timed[name]) for name in trees}
    out["bodies_differing"] = differing
    out["first_difference"] = example
    return out


def _serve_and_time(
    args: argparse.Namespace, env: dict[str, str]
) -> tuple[dict[str, float], dict[str, list[float]], float]:
    """(first search's seconds, times by shape, worker RSS in MB) from a fresh server."""
    started = time.perf_counter()
    server, port = start_server(Path(args.code).resolve() if args.code else ROOT, env)
    try:
        shapes = _shapes(args)
        up = time.perf_counter()
        status, body = get(port, shapes[next(iter(shapes))][0])[1:]
        assert status == 200, body[:300]
        first = {"start_seconds": up - started, "first_search_seconds": time.perf_counter() - up}
        # Warm up: each query text is embedded once per process.
        for paths in _repeated(shapes).values():
            for path in paths:
                get(port, path)
        timed = _time(port, shapes, args.rounds)
        rss_mb = round(sum(_rss_kb(pid) for pid in _children(server.pid)) / 1024, 1)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return first, timed, rss_mb


def main() -> None:
    args = _arguments()
    workdir = tempfile.TemporaryDirectory(prefix="joinedup-bench-")
    database = Path(args.database) if args.database else Path(workdir.name) / "bench.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url or f"sqlite:///{database}",
        # As docs/operations.md configures production: connections kept between requests.
        "DATABASE_CONN_MAX_AGE": "60",
        # One client sends every request: the per-address limit on searches (ADR 31) would
        # answer 429 after 120 a minute.
        "RATELIMIT_SEARCH": "1000000/m",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "joinedup.settings",
    }
    if args.database or args.database_url:
        subprocess.run([PYTHON, "-m", "joinedup", "migrate", "-v", "0"], env=env, check=True)
        generated: object = {"reused": args.database_url or str(database)}
    else:
        generated = prepare(env, args.services, args.spread)
    os.environ.update(env)
    measured = {"index_build": "skipped (--skip-build)"} if args.skip_build else build(args)
    if args.before:
        compared = _side_by_side(args, env)
        workdir.cleanup()
        print(json.dumps({"benchmark": "search_speed side by side", **compared}, indent=2))
        return
    try:
        first, timed, rss_mb = _serve_and_time(args, env)
    finally:
        workdir.cleanup()
    trivial_stats = summary(timed.pop("trivial"))
    by_shape = {}
    for name, values in timed.items():
        stats: dict[str, object] = dict(summary(values))
        stats["ratio_p95"] = round(summary(values)["p95_ms"] / trivial_stats["p95_ms"], 2)
        by_shape[name] = stats
    vendor = "PostgreSQL" if (args.database_url or "").startswith("postgres") else "SQLite"
    print(
        json.dumps(
            {
                "benchmark": "search_speed" + (" --shapes" if args.shapes else ""),
                "server": f"gunicorn (one sync worker), DEBUG off, {vendor}, "
                "DATABASE_CONN_MAX_AGE=60",
                "code": args.code or "this checkout",
                "directory": generated,
                **measured,
                "server_start_seconds": round(first["start_seconds"], 2),
                "first_search_seconds_cold": round(first["first_search_seconds"], 2),
                "trivial": trivial_stats,
                **by_shape,
                "worker_rss_mb": rss_mb,
                "aims": "build < 900 s, reindex < 1 s, ratio_p95 <= 5",
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
