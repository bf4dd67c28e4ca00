"""Latency of the feed's /api/oruk/services pages against a trivial endpoint, through HTTP.

    .venv/bin/python bench/feed_latency.py                # 100,000 services, 300 rounds
    .venv/bin/python bench/feed_latency.py --services 20000 --rounds 100
    .venv/bin/python bench/feed_latency.py --database /tmp/big.sqlite3   # reuse a generated DB

Sets up a throwaway SQLite database (a temp file, migrated, filled by generate_directory.py),
starts the project's WSGI application in a separate process (gunicorn, one sync worker, as in
production; or stdlib wsgiref with --server wsgiref; DEBUG off), then
interleaves GET /api/oruk/ (trivial: no database) with GET /api/oruk/services?page=K&per_page=50
(full=false) over shallow and deep pages, and prints JSON: p50/p95/max of each and the ratios.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--database", help="an already generated SQLite file to reuse")
    parser.add_argument(
        "--server",
        choices=["gunicorn", "wsgiref"],
        default="gunicorn",
        help="gunicorn (the production server, one sync worker) or stdlib wsgiref",
    )
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

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


if __name__ == "__main__":
    main()
