"""Referral creation through the API under load, on PostgreSQL, against a trivial endpoint.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/referral_load.py
    ... --clients 50 --duration 20 --workers 4 --threads 4

Creates its own database (`--database`, default joinedup_bench_referrals, on the server
DATABASE_URL names; dropped at the end), migrates it, makes two organisations, a service and an
API token, and starts gunicorn on loopback (gthread workers, persistent database connections,
DEBUG off). Then, with the same number of concurrent clients (plain threads, one HTTP connection
per request):

1. the trivial phase: GET /api/oruk/ (no database);
2. the create phase: POST /api/referrals (a new person, consent, one service; each with its own
   Idempotency-Key);

each for `duration` seconds in all, alternating in `slices` slices.

Prints JSON: requests per second of each, p50/p95 latency, errors (must be 0), the referrals in
the database against the creations acknowledged (must be equal), and the ratio of creation
throughput to the trivial endpoint's (aim >= 0.3).
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
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "joinedup_bench_referrals"


def setup_data() -> None:
    """In the bench database: the organisations, the service and a token; prints them as JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()
    from joinedup.directory.models import IntakeMode, Organization, Sector, Service
    from joinedup.directory.tokens import issue_api_token

    referrer = Organization.objects.create(name="Bench Carers Centre", sector=Sector.VCS)
    receiver = Organization.objects.create(name="Bench Food Bank", sector=Sector.VCS)
    service = Service.objects.create(
        organization=receiver, name="Bench food parcels", intake_mode=IntakeMode.JOINEDUP
    )
    _, secret = issue_api_token(organization=referrer, name="Load benchmark")
    print(json.dumps({"token": secret, "service": str(service.pk), "receiver": str(receiver.pk)}))


def admin_sql(server_url: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(server_url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement)  # type: ignore[arg-type]


def count_referrals(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as connection:
        row = connection.execute("SELECT count(*) FROM referrals_referral").fetchone()
        return int(row[0]) if row else 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    return time.perf_counter() - started, response.status, data


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


class Phase:
    """`clients` threads each sending requests back to back until the time is up."""

    def __init__(self, clients: int, duration: float, send: object) -> None:
        self.clients, self.duration, self.send = clients, duration, send
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.wall = 0.0

    def run(self) -> dict[str, object]:
        barrier = threading.Barrier(self.clients + 1)
        deadline: list[float] = []

        def client(number: int) -> None:
            barrier.wait()
            n = 0
            while time.perf_counter() < deadline[0]:
                n += 1
                try:
                    elapsed, ok, detail = self.send(number, n)  # type: ignore[operator]
                except OSError as exc:
                    elapsed, ok, detail = 0.0, False, repr(exc)
                with self.lock:
                    if ok:
                        self.latencies.append(elapsed)
                    else:
                        self.errors.append(detail)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(self.clients)]
        for thread in threads:
            thread.start()
        deadline.append(time.perf_counter() + self.duration)
        started = time.perf_counter()
        barrier.wait()
        for thread in threads:
            thread.join()
        self.wall += time.perf_counter() - started
        return self.stats()

    def stats(self) -> dict[str, object]:
        ms = [v * 1000 for v in self.latencies]
        return {
            "requests": len(ms),
            "per_second": round(len(ms) / self.wall, 1),
            "p50_ms": round(statistics.median(ms), 1) if ms else None,
            "p95_ms": round(percentile(ms, 95), 1) if ms else None,
            "errors": len(self.errors),
            "first_errors": self.errors[:3],
            "wall_seconds": round(self.wall, 1),
        }


def main() -> None:
    args = _arguments()
    if args.setup:
        setup_data()
        return
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (postgres://user@host:port/any_db)")
    bench_db = args.database
    if not bench_db.replace("_", "").isalnum():
        sys.exit("--database is letters, digits and underscores")
    database_url = urlunsplit(urlsplit(server_url)._replace(path=f"/{bench_db}"))
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(ROOT),
    }
    admin_sql(server_url, f"DROP DATABASE IF EXISTS {bench_db}")
    admin_sql(server_url, f"CREATE DATABASE {bench_db}")
    server = None
    try:
        subprocess.run([PYTHON, "-m", "joinedup", "migrate", "-v", "0"], env=env, check=True)
        out = subprocess.run(
            [PYTHON, __file__, "--setup"], env=env, check=True, capture_output=True, text=True
        ).stdout
        data = json.loads(out.strip().splitlines()[-1])
        port = free_port()
        server = _start_server(port, env, workers=args.workers, threads=args.threads)
        trivial_stats, create_stats, in_database = _measure(args, port, data, database_url)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        admin_sql(server_url, f"DROP DATABASE IF EXISTS {bench_db}")
    _report(args, trivial_stats, create_stats, in_database)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per phase")
    parser.add_argument("--slices", type=int, default=4, help="alternations of the phases")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--database", default=BENCH_DB, help="the scratch database to create and drop"
    )
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def _start_server(
    port: int, env: dict[str, str], *, workers: int, threads: int
) -> subprocess.Popen[bytes]:
    """gunicorn on the bench database, once it answers (or after 30 seconds of trying)."""
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "joinedup.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--worker-class=gthread",
            "--backlog=256",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(300):
        try:
            if request(port, "GET", "/api/oruk/")[1] == 200:
                break
        except OSError:
            time.sleep(0.1)
    return server


def _measure(
    args: argparse.Namespace, port: int, data: dict[str, str], database_url: str
) -> tuple[dict[str, object], dict[str, object], int]:
    """(trivial GET stats, create stats, referrals the database gained while measuring)."""
    auth = {"Authorization": f"Bearer {data['token']}", "Content-Type": "application/json"}

    def trivial(client: int, n: int) -> tuple[float, bool, str]:
        elapsed, status, body = request(port, "GET", "/api/oruk/")
        return elapsed, status == 200, f"{status} {body[:120]!r}"

    def create(client: int, n: int) -> tuple[float, bool, str]:
        body = {
            "person": {
                "name": f"Bench Person {client}-{n}",
                "contact_preference": "phone",
                "phone": "07700 900000",
                "postcode": "BS5 0ZZ",
            },
            "services": [{"id": data["service"]}],
            "need": "Food for the week",
            "consents": [{"organization": data["receiver"], "method": "phone", "purpose": "Food"}],
        }
        headers = {**auth, "Idempotency-Key": str(uuid.uuid4())}
        elapsed, status, raw = request(
            port, "POST", "/api/referrals", json.dumps(body).encode(), headers
        )
        return elapsed, status == 201, f"{status} {raw[:160]!r}"

    # Warm every worker up (imports, connections) before measuring.
    Phase(args.clients, 2, trivial).run()
    Phase(min(args.clients, 8), 2, create).run()
    warm_count = count_referrals(database_url)

    # The phases alternate in slices, so that a change in the machine's load (it may be
    # shared) falls on both rather than on one.
    slice_seconds = args.duration / args.slices
    trivial_phase = Phase(args.clients, slice_seconds, trivial)
    create_phase = Phase(args.clients, slice_seconds, create)
    for _ in range(args.slices):
        trivial_phase.run()
        create_phase.run()
    in_database = count_referrals(database_url) - warm_count
    return trivial_phase.stats(), create_phase.stats(), in_database


def _report(
    args: argparse.Namespace,
    trivial_stats: dict[str, object],
    create_stats: dict[str, object],
    in_database: int,
) -> None:
    ratio = create_stats["per_second"] / trivial_stats["per_second"]  # type: ignore[operator]
    print(
        json.dumps(
            {
                "benchmark": "referral_load",
                "server": (
                    f"gunicorn gthread {args.workers} workers x {args.threads} threads, "
                    "DEBUG off, PostgreSQL, persistent connections, loopback"
                ),
                "clients": args.clients,
                "seconds_per_phase": args.duration,
                "slices": args.slices,
                "create": create_stats,
                "trivial_get_api_oruk": trivial_stats,
                "acknowledged": create_stats["requests"],
                "in_database": in_database,
                "counts_equal": in_database == create_stats["requests"],
                "ratio_create_to_trivial": round(ratio, 3),
                "aim": "errors 0, counts equal, ratio >= 0.3",
                "cpu_cores": os.cpu_count(),
                "load_average_after": [round(x, 1) for x in os.getloadavg()],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
