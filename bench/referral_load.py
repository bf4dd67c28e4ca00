"""Referral creation through the API under load, on PostgreSQL, against a trivial endpoint;
with `--before REV`, the same load on an older version side by side in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/referral_load.py
    ... --clients 50 --duration 20 --workers 4 --threads 4 [--before 3fe2c9c] [--database jd_outbox]

Creates its own database (`--database`, default joinedup_bench_referrals, on the server
DATABASE_URL names; dropped at the end), migrates it, makes two organisations, a service, a
member of the receiving team (so each creation notifies someone by email) and an API token, and
starts gunicorn on loopback (gthread workers, persistent database connections, DEBUG off, tasks
run at once, email through Django's SMTP backend to an SMTP server this script runs). Then, with
the same number of concurrent clients (plain threads, one HTTP connection per request):

1. the trivial phase: GET /api/oruk/ (no database);
2. the create phase: POST /api/referrals (a new person, consent, one service; each with its own
   Idempotency-Key);

each for `duration` seconds in all, alternating in `slices` slices. With `--before REV`, the
code of that git revision (`git archive`) runs as a second server on its own database
(`<database>_before`), and its create phase alternates with this one's in every slice.

At the end it runs `joinedup send_outbox` (if the version has it) so that retries are flushed,
and counts the emails the SMTP server received for each referral: every referral's new-referral
email must arrive exactly once (lost 0, duplicated 0).

With `--outage SECONDS` it measures failing well instead (issue 16): the server reaches
PostgreSQL through a TCP proxy this script runs, and a third of the way into one create phase
the proxy cuts every connection and refuses new ones for SECONDS (as a PostgreSQL restart does,
without restarting the server other people share). Each client sends its referral again with the
same Idempotency-Key after a 503 (waiting Retry-After) until it is acknowledged. It reports the
answers by status, every /api/ answer that was not JSON (must be 0), acknowledged referrals
against the database (lost 0, duplicated 0) and how long after the cut the service answered 201
again (without restarting anything).

Prints JSON: requests per second of each, p50/p95 latency, errors (must be 0), the referrals in
the database against the creations acknowledged (must be equal), emails lost and duplicated, the
ratio of creation throughput to the trivial endpoint's (aim >= 0.3) and, with `--before`, the
ratio of this version's creation throughput to the older one's (aim > 0.5: the outbox must not
halve it).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "joinedup_bench_referrals"


def setup_data() -> None:
    """In the bench database: the organisations, the service and a token; prints them as JSON."""
    # The version under test (PYTHONPATH names it), else this one.
    sys.path.insert(0, os.environ.get("PYTHONPATH") or str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()
    from joinedup.core.models import User
    from joinedup.directory.models import IntakeMode, Membership, Organization, Sector, Service
    from joinedup.directory.tokens import issue_api_token

    referrer = Organization.objects.create(name="Bench Carers Centre", sector=Sector.VCS)
    receiver = Organization.objects.create(name="Bench Food Bank", sector=Sector.VCS)
    service = Service.objects.create(
        organization=receiver, name="Bench food parcels", intake_mode=IntakeMode.JOINEDUP
    )
    # Someone in the receiving team, told of each new referral by email.
    member = User.objects.create_user(email="team@foodbank.bench", password=None)
    Membership.objects.create(user=member, organization=receiver, role=Membership.Role.MEMBER)
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


def references(database_url: str) -> list[str]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = connection.execute("SELECT reference FROM referrals_referral").fetchall()
        return [str(row[0]) for row in rows]


def outage_people(database_url: str) -> Counter[str]:
    """How many people (one per referral the outage run sent) each name was stored as."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT name, count(*) FROM referrals_person WHERE name LIKE %s GROUP BY name",
            ("Outage Person %",),
        ).fetchall()
        return Counter({str(name): int(count) for name, count in rows})


class MailSink:
    """An SMTP server (aiosmtpd, in a thread) that counts the subjects it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.subjects: list[str] = []
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                import email

                subject = str(email.message_from_bytes(envelope.content)["subject"])
                with sink.lock:
                    sink.subjects.append(subject)
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> MailSink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

    def count(self, pattern: re.Pattern[str]) -> Counter[str]:
        with self.lock:
            return Counter(m.group(1) for s in self.subjects if (m := pattern.search(s)))


NEW_REFERRAL = re.compile(r"New referral (\S+) for ")


def mail_check(database_url: str, received: Counter[str]) -> dict[str, int]:
    """Every referral's new-referral email, at the sink: lost and duplicated (both must be 0)."""
    made = references(database_url)
    return {
        "referrals": len(made),
        "emails_received": sum(received[r] for r in made),
        "lost": sum(1 for r in made if received[r] == 0),
        "duplicated": sum(received[r] - 1 for r in made if received[r] > 1),
    }


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


@contextlib.contextmanager
def side(
    name: str,
    *,
    code: Path,
    database_url: str,
    server_url: str,
    base_env: dict[str, str],
    args: argparse.Namespace,
    served_through: str = "",
) -> Iterator[dict[str, Any]]:
    """One version of joinedup served on its own scratch database, until the block ends (the
    server reaches it through `served_through` when given: the outage proxy)."""
    bench_db = urlsplit(database_url).path.lstrip("/")
    env = {**base_env, "DATABASE_URL": database_url, "PYTHONPATH": str(code)}
    admin_sql(server_url, f"DROP DATABASE IF EXISTS {bench_db}")
    admin_sql(server_url, f"CREATE DATABASE {bench_db}")
    server = None
    try:
        subprocess.run(
            [PYTHON, "-m", "joinedup", "migrate", "-v", "0"], env=env, check=True, cwd=code
        )
        out = subprocess.run(
            [PYTHON, __file__, "--setup"], env=env, check=True, capture_output=True, text=True
        ).stdout
        data = json.loads(out.strip().splitlines()[-1])
        port = free_port()
        served = {**env, "DATABASE_URL": served_through} if served_through else env
        server = _start_server(port, served, workers=args.workers, threads=args.threads, cwd=code)
        yield {
            "name": name,
            "port": port,
            "data": data,
            "env": env,
            "code": code,
            "database_url": database_url,
        }
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        admin_sql(server_url, f"DROP DATABASE IF EXISTS {bench_db}")


def export_revision(revision: str, into: Path) -> Path:
    """The files of a git revision (`git archive`), without touching any worktree."""
    archive = into / "code.tar"
    with archive.open("wb") as handle:
        subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", revision], stdout=handle, check=True
        )
    code = into / "code"
    code.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(code, filter="data")
    return code


def flush_outbox(one: dict[str, Any]) -> None:
    """Send what is still due (retries), in a version that has an outbox."""
    if (one["code"] / "joinedup" / "core" / "management" / "commands" / "send_outbox.py").exists():
        subprocess.run(
            [PYTHON, "-m", "joinedup", "send_outbox"],
            env=one["env"],
            check=True,
            cwd=one["code"],
            capture_output=True,
        )


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

    def url_of(name: str) -> str:
        return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))

    with (
        MailSink() as sink,
        tempfile.TemporaryDirectory() as scratch,
        contextlib.ExitStack() as stack,
    ):
        base_env = {
            **os.environ,
            "DATABASE_CONN_MAX_AGE": "600",
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-not-secret",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "http://127.0.0.1:8000",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            # The bench measures throughput of one token's client, not the per-token limit.
            "RATELIMIT_TOKEN_API": "",
        }
        common = {"server_url": server_url, "base_env": base_env, "args": args}
        if args.outage:
            _run_outage(args, stack, sink, common, url_of(bench_db))
            return
        after = stack.enter_context(
            side("after", code=ROOT, database_url=url_of(bench_db), **common)
        )
        before = None
        if args.before:
            code = export_revision(args.before, Path(scratch))
            before = stack.enter_context(
                side("before", code=code, database_url=url_of(f"{bench_db}_before"), **common)
            )
        report = _measure(args, after, before)
        _check_mail(sink, report, [one for one in (after, before) if one is not None])
    _report(args, report)


def _check_mail(sink: MailSink, report: dict[str, Any], sides: list[dict[str, Any]]) -> None:
    time.sleep(1)  # the last emails in flight
    for one in sides:
        flush_outbox(one)
    received = sink.count(NEW_REFERRAL)
    for one in sides:
        report[one["name"]]["mail"] = mail_check(one["database_url"], received)


def _run_outage(
    args: argparse.Namespace,
    stack: contextlib.ExitStack,
    sink: MailSink,
    common: dict[str, Any],
    database_url: str,
) -> None:
    proxy = stack.enter_context(CuttableProxy(common["server_url"]))
    after = stack.enter_context(
        side(
            "after",
            code=ROOT,
            database_url=database_url,
            served_through=proxy.url_for(database_url),
            **common,
        )
    )
    outage = _outage(args, after, proxy)
    time.sleep(1)
    flush_outbox(after)
    outage["mail"] = mail_check(after["database_url"], sink.count(NEW_REFERRAL))
    print(json.dumps(outage, indent=2))


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
    parser.add_argument(
        "--before", default="", help="a git revision to measure side by side (e.g. the base)"
    )
    parser.add_argument(
        "--outage",
        type=float,
        default=0.0,
        help="seconds to cut the server off PostgreSQL during a create phase (failing well)",
    )
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def _start_server(
    port: int, env: dict[str, str], *, workers: int, threads: int, cwd: Path = ROOT
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
        cwd=cwd,
    )
    for _ in range(300):
        try:
            if request(port, "GET", "/api/oruk/")[1] == 200:
                break
        except OSError:
            time.sleep(0.1)
    return server


def _creator(port: int, data: dict[str, str]) -> Any:
    auth = {"Authorization": f"Bearer {data['token']}", "Content-Type": "application/json"}

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

    return create


def _measure(
    args: argparse.Namespace, after: dict[str, Any], before: dict[str, Any] | None
) -> dict[str, Any]:
    """Each side's create stats and the referrals its database gained; this side's trivial."""
    port = after["port"]

    def trivial(client: int, n: int) -> tuple[float, bool, str]:
        elapsed, status, body = request(port, "GET", "/api/oruk/")
        return elapsed, status == 200, f"{status} {body[:120]!r}"

    sides = [one for one in (after, before) if one is not None]
    # Warm every worker up (imports, connections) before measuring.
    Phase(args.clients, 2, trivial).run()
    for one in sides:
        Phase(min(args.clients, 8), 2, _creator(one["port"], one["data"])).run()
    warm = {one["name"]: count_referrals(one["database_url"]) for one in sides}

    # The phases alternate in slices (and the two versions swap order each slice), so that a
    # change in the machine's load (it may be shared) falls on all of them rather than on one.
    slice_seconds = args.duration / args.slices
    trivial_phase = Phase(args.clients, slice_seconds, trivial)
    creates = {
        one["name"]: Phase(args.clients, slice_seconds, _creator(one["port"], one["data"]))
        for one in sides
    }
    for n in range(args.slices):
        trivial_phase.run()
        for name in sorted(creates, reverse=bool(n % 2)):
            creates[name].run()
    report: dict[str, Any] = {"trivial_get_api_oruk": trivial_phase.stats()}
    for one in sides:
        stats = creates[one["name"]].stats()
        gained = count_referrals(one["database_url"]) - warm[one["name"]]
        report[one["name"]] = {
            "create": stats,
            "acknowledged": stats["requests"],
            "in_database": gained,
            "counts_equal": gained == stats["requests"],
        }
    return report


class CuttableProxy:
    """A TCP proxy (asyncio, in a thread) between the server and PostgreSQL that can be cut:
    every open connection reset and new ones closed at once, as while PostgreSQL restarts."""

    def __init__(self, server_url: str) -> None:
        parts = urlsplit(server_url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 5432)
        self.port = free_port()
        self.cut = False
        self.open: set[asyncio.StreamWriter] = set()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def url_for(self, database_url: str) -> str:
        parts = urlsplit(database_url)
        user = f"{parts.username}@" if parts.username else ""
        if parts.password:
            user = f"{parts.username}:{parts.password}@"
        return urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{self.port}"))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.cut:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        pair = {writer, up_writer}
        self.open |= pair
        try:
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        finally:
            self.open -= pair

    def __enter__(self) -> CuttableProxy:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", self.port), self.loop
        ).result(timeout=10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)

    def _abort_all(self) -> None:
        self.cut = True
        for writer in list(self.open):
            writer.transport.abort()

    def cut_for(self, seconds: float) -> None:
        self.loop.call_soon_threadsafe(self._abort_all)
        time.sleep(seconds)
        self.cut = False


def _outage_request(data: dict[str, str], name: str) -> tuple[bytes, dict[str, str]]:
    body = {
        "person": {
            "name": name,
            "contact_preference": "phone",
            "phone": "07700 900000",
            "postcode": "BS5 0ZZ",
        },
        "services": [{"id": data["service"]}],
        "need": "Food for the week",
        "consents": [{"organization": data["receiver"], "method": "phone", "purpose": "Food"}],
    }
    headers = {
        "Authorization": f"Bearer {data['token']}",
        "Content-Type": "application/json",
        "Idempotency-Key": str(uuid.uuid4()),
    }
    return json.dumps(body).encode(), headers


def _outage(
    args: argparse.Namespace, after: dict[str, Any], proxy: CuttableProxy
) -> dict[str, Any]:
    """One create phase with the database cut off for `args.outage` seconds in its first third;
    every referral sent again (same Idempotency-Key) until acknowledged."""
    port, data = after["port"], after["data"]
    Phase(min(args.clients, 8), 2, _creator(port, data)).run()  # warm up
    warm = count_referrals(after["database_url"])
    statuses: Counter[str] = Counter()
    not_json: list[str] = []
    acknowledged = 0
    acked_names: list[str] = []
    first_ok_after_cut: list[float] = []
    lock = threading.Lock()
    cut_at: list[float] = []
    deadline = time.perf_counter() + args.duration

    def client(number: int) -> None:
        nonlocal acknowledged
        n = 0
        while time.perf_counter() < deadline:
            n += 1
            body, headers = _outage_request(data, f"Outage Person {number}-{n}")
            # The same request until it is acknowledged (a client that follows Retry-After).
            for _attempt in range(200):
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    conn.request("POST", "/api/referrals", body=body, headers=headers)
                    response = conn.getresponse()
                    raw = response.read()
                    conn.close()
                except OSError as exc:
                    with lock:
                        statuses[f"connection error {exc.__class__.__name__}"] += 1
                    time.sleep(0.5)
                    continue
                kind = response.getheader("Content-Type", "")
                with lock:
                    statuses[str(response.status)] += 1
                    if "json" not in kind:
                        not_json.append(f"{response.status} {kind} {raw[:80]!r}")
                if response.status in (200, 201):
                    with lock:
                        acknowledged += 1
                        acked_names.append(f"Outage Person {number}-{n}")
                        if cut_at and time.perf_counter() > cut_at[0] + args.outage:
                            first_ok_after_cut.append(time.perf_counter() - cut_at[0])
                    break
                time.sleep(float(response.getheader("Retry-After", "1") or 1))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for thread in threads:
        thread.start()
    time.sleep(args.duration / 3)
    cut_at.append(time.perf_counter())
    proxy.cut_for(args.outage)
    for thread in threads:
        thread.join()
    gained = count_referrals(after["database_url"])
    stored = outage_people(after["database_url"])
    return {
        "benchmark": "referral_load --outage",
        "clients": args.clients,
        "seconds": args.duration,
        "outage_seconds": args.outage,
        "answers": dict(statuses),
        "api_answers_not_json": len(not_json),
        "first_not_json": not_json[:3],
        "acknowledged": acknowledged,
        "in_database": gained - warm,
        "lost": sum(1 for name in acked_names if stored[name] == 0),
        "duplicated": sum(count - 1 for count in stored.values() if count > 1),
        "seconds_from_cut_to_first_201_after_it": (
            round(min(first_ok_after_cut), 2) if first_ok_after_cut else None
        ),
        "aim": "api_answers_not_json 0, lost 0, duplicated 0, mail lost 0 and duplicated 0",
    }


def _report(args: argparse.Namespace, report: dict[str, Any]) -> None:
    after = report["after"]
    trivial = report["trivial_get_api_oruk"]
    result: dict[str, Any] = {
        "benchmark": "referral_load",
        "server": (
            f"gunicorn gthread {args.workers} workers x {args.threads} threads, "
            "DEBUG off, PostgreSQL, persistent connections, loopback, tasks immediate, "
            "email by SMTP to a local server"
        ),
        "clients": args.clients,
        "seconds_per_phase": args.duration,
        "slices": args.slices,
        "create": after["create"],
        "trivial_get_api_oruk": trivial,
        "acknowledged": after["acknowledged"],
        "in_database": after["in_database"],
        "counts_equal": after["counts_equal"],
        "mail": after.get("mail"),
        "ratio_create_to_trivial": round(after["create"]["per_second"] / trivial["per_second"], 3),
        "aim": "errors 0, counts equal, mail lost 0 and duplicated 0, ratio >= 0.3",
    }
    if "before" in report:
        before = report["before"]
        result["before"] = {"revision": args.before, **before}
        result["ratio_create_after_to_before"] = round(
            after["create"]["per_second"] / before["create"]["per_second"], 3
        )
        result["aim"] += "; after/before > 0.5 (the outbox must not halve it)"
    result["cpu_cores"] = os.cpu_count()
    result["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
