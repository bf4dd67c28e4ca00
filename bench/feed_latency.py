"""Latency of the feed's /api/oruk/services pages against a trivial endpoint, through HTTP.

    .venv/bin/python bench/feed_latency.py                # 100,000 services, 300 rounds
    .venv/bin/python bench/feed_latency.py --services 20000 --rounds 100
    .venv/bin/python bench/feed_latency.py --database /tmp/big.sqlite3   # reuse a generated DB

Sets up a throwaway SQLite database (a temp file, migrated, filled by generate_directory.py),
starts the project's WSGI application in a separate process (gunicorn, one sync worker, as in
production; or stdlib wsgiref with --server wsgiref; DEBUG off), then
interleaves GET /api/oruk/ (trivial: no database) with GET /api/oruk/services?page=K&per_page=50
(full=false) over shallow and deep pages, and prints JSON: p50/p95/max of each and the ratios.

With `--search`, the feed's searches instead: /api/oruk/services?search=…,
/api/oruk/service_at_locations?search=…&postcode=…&proximity=10000 and /api/search with the
same words and postcode, interleaved with the trivial endpoint. `--before DIR` (a checkout of
other code, e.g. `git archive <commit> | tar -x -C DIR`) serves the same database from that
code too, requests alternating between the two servers, and checks the feed's bodies agree:

    .venv/bin/python bench/feed_latency.py --database /tmp/big.sqlite3 --search \
        --before /tmp/joinedup-before --rounds 60
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def serve(port: int) -> None:
    """The server process: the project's WSGI app on wsgiref, request logging off."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from joinedup.wsgi import application

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    make_server("127.0.0.1", port, application, handler_class=Quiet).serve_forever()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(port: int, path: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, response.status, body


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values]
    return {
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "max_ms": round(max(ms), 2),
        "n": len(ms),
    }


def prepare(env: dict[str, str], services: int, spread: str = "cities") -> dict[str, object]:
    subprocess.run([PYTHON, "-m", "joinedup", "migrate", "-v", "0"], env=env, check=True)
    started = time.perf_counter()
    out = subprocess.run(
        [
            PYTHON,
            str(ROOT / "bench" / "generate_directory.py"),
            str(services),
            f"--spread={spread}",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    generated: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    generated["wall_seconds"] = round(time.perf_counter() - started, 1)
    return generated


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--database", help="an already generated SQLite file to reuse")
    parser.add_argument(
        "--database-url", help="with --search: an already generated database of any kind"
    )
    parser.add_argument(
        "--server",
        choices=["gunicorn", "wsgiref"],
        default="gunicorn",
        help="gunicorn (the production server, one sync worker) or stdlib wsgiref",
    )
    parser.add_argument("--search", action="store_true", help="the feed's searches (above)")
    parser.add_argument("--before", help="with --search: other code to serve side by side")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    if args.serve:
        serve(args.serve)
    elif args.search:
        search_main(args)
    else:
        list_main(args)


def list_main(args: argparse.Namespace) -> None:
    """The services list's pages against the trivial endpoint."""

    workdir = tempfile.TemporaryDirectory(prefix="joinedup-bench-")
    database = Path(args.database) if args.database else Path(workdir.name) / "bench.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(ROOT),
    }
    generated = None if args.database else prepare(env, args.services)

    port = free_port()
    if args.server == "gunicorn":
        command = [
            str(Path(PYTHON).parent / "gunicorn"),
            "joinedup.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
            "--log-level=warning",
        ]
    else:
        command = [PYTHON, str(Path(__file__).resolve()), "--serve", str(port)]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        for _ in range(200):
            try:
                if get(port, "/api/oruk/")[1] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        first = json.loads(get(port, "/api/oruk/services?per_page=50")[2])
        last_page = int(first["total_pages"])
        pages = sorted({1, 2, 3, 10, 50, 100, 250, 500, 1000, last_page // 2, last_page - 1})
        pages = [p for p in pages if 1 <= p <= last_page] + [last_page]
        for page in pages:  # warm up every page once
            get(port, f"/api/oruk/services?page={page}&per_page=50")
            get(port, "/api/oruk/")
        trivial: list[float] = []
        listing: list[float] = []
        for round_number in range(args.rounds):
            page = pages[round_number % len(pages)]
            pair = [
                ("trivial", "/api/oruk/"),
                ("list", f"/api/oruk/services?page={page}&per_page=50"),
            ]
            if round_number % 2:
                pair.reverse()  # neither endpoint always goes first
            for kind, path in pair:
                elapsed, status, body = get(port, path)
                assert status == 200, (path, status, body[:200])
                (trivial if kind == "trivial" else listing).append(elapsed)
    finally:
        server.terminate()
        server.wait(timeout=10)
        workdir.cleanup()

    services_stats, trivial_stats = summary(listing), summary(trivial)
    print(
        json.dumps(
            {
                "benchmark": "feed_latency",
                "server": f"{args.server} (one worker), DEBUG off, SQLite",
                "directory": generated or {"reused": str(database)},
                "total_items": first["total_items"],
                "pages": pages,
                "services_page": services_stats,
                "trivial": trivial_stats,
                "ratio_p50": round(services_stats["p50_ms"] / trivial_stats["p50_ms"], 2),
                "ratio_p95": round(services_stats["p95_ms"] / trivial_stats["p95_ms"], 2),
                "aim": "ratio <= 3",
            },
            indent=2,
        )
    )


SEARCHES = [
    ("debt advice", "BS5"),
    ("food bank", "LS6"),
    ("feeling lonely", "LE2"),
    ("dementia support", "NR3"),
    ("somewhere to sleep tonight", "PL4"),
]


def _search_paths(text: str, postcode: str) -> dict[str, str]:
    q = text.replace(" ", "+")
    return {
        "trivial": "/api/oruk/",
        "api_search": f"/api/search?q={q}&postcode={postcode}",
        "feed_services": f"/api/oruk/services?search={q}&per_page=50",
        "feed_sals": (
            f"/api/oruk/service_at_locations?search={q}&postcode={postcode}"
            "&proximity=10000&per_page=50"
        ),
    }


def start_server(code: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "joinedup.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
        "--timeout=120",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, env={**env, "PYTHONPATH": str(code)}, cwd=code)
    for _ in range(300):
        try:
            if get(port, "/api/oruk/")[1] == 200:
                break
        except OSError:
            time.sleep(0.1)
    return server, port


def search_main(args: argparse.Namespace) -> None:
    """The feed's searches against /api/search and the trivial endpoint, per code tree."""
    workdir = tempfile.TemporaryDirectory(prefix="joinedup-bench-")
    database = Path(args.database) if args.database else Path(workdir.name) / "bench.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url or f"sqlite:///{database}",
        "DATABASE_CONN_MAX_AGE": "60",  # as docs/operations.md configures production
        # One client sends every request: the per-address limit on searches (ADR 31) would
        # answer 429 after 120 a minute.
        "RATELIMIT_SEARCH": "1000000/m",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    reused = args.database or args.database_url
    generated = None if reused else prepare({**env, "PYTHONPATH": str(ROOT)}, args.services)
    trees = {"after": ROOT, **({"before": Path(args.before).resolve()} if args.before else {})}
    servers = {name: start_server(code, env) for name, code in trees.items()}
    times: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    differing: set[str] = set()
    try:
        for text, postcode in SEARCHES:  # warm up: each text is embedded once per process
            for path in _search_paths(text, postcode).values():
                bodies = {name: get(port, path) for name, (_, port) in servers.items()}
                assert all(b[1] == 200 for b in bodies.values()), (path, bodies)
                if len({b[2] for b in bodies.values()}) > 1 and "search=" in path:
                    differing.add(path)
        for n in range(args.rounds):
            text, postcode = SEARCHES[n % len(SEARCHES)]
            requests = [
                (name, kind, path)
                for name in servers
                for kind, path in _search_paths(text, postcode).items()
            ]
            if n % 2:
                requests.reverse()  # neither server nor endpoint always goes first
            for name, kind, path in requests:
                elapsed, status, body = get(servers[name][1], path)
                assert status == 200, (path, status, body[:200])
                times[name].setdefault(kind, []).append(elapsed)
    finally:
        for server, _ in servers.values():
            server.terminate()
            server.wait(timeout=20)
        workdir.cleanup()
    out: dict[str, object] = {}
    for name, kinds in times.items():
        stats = {kind: summary(values) for kind, values in kinds.items()}
        for kind in ("feed_services", "feed_sals"):
            stats[kind]["p50_vs_api_search"] = round(
                stats[kind]["p50_ms"] / stats["api_search"]["p50_ms"], 2
            )
            stats[kind]["p95_vs_api_search"] = round(
                stats[kind]["p95_ms"] / stats["api_search"]["p95_ms"], 2
            )
        out[name] = stats
    print(
        json.dumps(
            {
                "benchmark": "feed_latency --search",
                "server": "gunicorn (one worker each), DEBUG off, DATABASE_CONN_MAX_AGE=60",
                "database": "PostgreSQL" if args.database_url else "SQLite",
                "directory": generated or {"reused": args.database_url or str(database)},
                "searches": SEARCHES,
                "feed_bodies_differing": sorted(differing),
                **out,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
