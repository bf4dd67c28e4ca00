"""Insights pages on a region's data, beside the trivial endpoint, on SQLite and PostgreSQL.

    .venv/bin/python bench/insights_pages.py                     # a region, on SQLite
    .venv/bin/python bench/insights_pages.py --scale 0.1 --rounds 20     # a tenth, quickly
    .venv/bin/python bench/insights_pages.py --scale 0.1 \\
        --postgres postgres://postgres@127.0.0.1:5432/jd_insights_bench  # and on PostgreSQL

Generates a region into a throwaway database (at `--scale 1`: 1,000 organisations with 20,000
services, one login each, all members of one partnership; 200,000 referrals with their events,
people, consents and ONS4 answers, made by the demo's own generator `joinedup.demo.activity`
over a year; 5 million searches counted by day, theme, district and band), all with bulk
inserts, then `ANALYZE`. On PostgreSQL the database named in `--postgres` is dropped and made
afresh: give it a name of its own (`--keep-postgres` measures the region an earlier run made
there instead, as `--sqlite-file` does for SQLite).

Then it starts the project on gunicorn (one sync worker, DEBUG off, connections kept for 60 s,
as docs/operations.md configures production), signs in as the partnership's manager, and
interleaves GET of every insights page and API URL in `PAGES` with the trivial endpoint
(/api/oruk/, no database) in the same run: p50/p95/max of each and the ratio of its p95 to the
trivial endpoint's (aim: at most 10). The board, two sections and the API's board are also
measured as the busiest member organisation's people see them ("member …": their own figures
unsuppressed, so suppressed for them apart from the manager's). URL names that do not resolve
(a page not built yet) are skipped and listed. Each URL's first request (the warm-up) is
reported too, as `first_ms`.

With `--cache-url redis://127.0.0.1:6379/15` the server caches in Redis (flushed first) and
`joinedup refresh_insights` runs before the warm-up and then every `--refresh-every` seconds
beside the requests, as `joinedup worker` runs it in production (ADR 37): the figures stay
fresh and no measured request pays for computing them. Prints JSON.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from feed_latency import PYTHON, percentile, start_server, summary  # noqa: E402

ORGANISATIONS = 1_000
SERVICES_PER_ORGANISATION = 20
REFERRALS = 200_000
SEARCHES = 5_000_000
TRIVIAL = "/api/oruk/"
AIM = 10

# Every insights page and API URL, by name (extend as pages are added). Each is tried with no
# arguments, then with the partnership's id under each name a URL may give it; `extra` fills
# any other argument. A name that resolves to nothing is skipped and reported.
PAGES: list[tuple[str, dict[str, str]]] = [
    ("insights:index", {}),
    ("insights:board", {}),
    ("insights:section", {"section": "flows"}),
    ("insights:section", {"section": "loop"}),
    ("insights:section", {"section": "response-times"}),
    ("insights:section", {"section": "outcomes"}),
    ("insights:csv", {"table": "flows-organisations"}),
    ("insights:board-pack", {}),
    ("insights:unmet-need", {}),
    ("insights:areas", {}),
    ("insights:indicators", {}),
    ("insights:lines", {}),
    ("insights:wellbeing", {}),
    ("api:insights", {}),
    ("api:insights-board", {}),
    ("api:insights-table", {"key": "flows-organisations"}),
    ("api:insights-openapi", {}),
    # The place pages' tables as CSV and JSON (item 6): the services turned away are a region's
    # longest table (a row per service that turned anyone away).
    ("insights:unmet-need-csv", {"table": "turned-away"}),
    ("insights:areas-csv", {"table": "referrals-by-district"}),
    ("api:insights-unmet-need", {}),
    ("api:insights-unmet-need-table", {"key": "turned-away"}),
    ("api:insights-areas", {}),
    ("api:insights-wellbeing", {}),
    # Not insights: the partnership's overview, an ordinary signed-in HTML page, for the floor
    # any page rendered in the GOV.UK layout starts from (the trivial endpoint renders none).
    ("partnerships:overview", {}),
]
ID_NAMES = ("pk", "partnership_id", "id", "partnership")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="0.1 for a tenth of a region")
    parser.add_argument("--rounds", type=int, default=40, help="requests per URL (at least)")
    parser.add_argument(
        "--minutes",
        type=float,
        default=0,
        help="go on with rounds for this long (longer than a refresh: figures expire and are "
        "refreshed while measured)",
    )
    parser.add_argument("--postgres", help="also on PostgreSQL: a database URL to (re)create")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument(
        "--sqlite-file",
        help="keep the SQLite region in this file (reused, not regenerated, if it exists)",
    )
    parser.add_argument(
        "--cache-url", help="the cache the server and the refresh share (redis://…, flushed)"
    )
    parser.add_argument(
        "--refresh-every",
        type=float,
        default=120,
        help="seconds from one refresh_insights run's start to the next (with --cache-url)",
    )
    parser.add_argument(
        "--keep-postgres",
        action="store_true",
        help="reuse the region already in --postgres's database (made by an earlier run)",
    )
    parser.add_argument("--region", type=float, help=argparse.SUPPRESS)  # the generating child
    parser.add_argument("--reuse", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    if args.region is not None:
        print(json.dumps(reuse_region() if args.reuse else generate_region(args.region)))
        return
    workdir = tempfile.TemporaryDirectory(prefix="joinedup-insights-bench-")
    backends: list[tuple[str, str]] = []
    if not args.no_sqlite:
        path = Path(args.sqlite_file) if args.sqlite_file else Path(workdir.name) / "r.sqlite3"
        backends.append(("sqlite", f"sqlite:///{path.resolve()}"))
    if args.postgres:
        backends.append(("postgresql", args.postgres))
    results: dict[str, Any] = {
        "scale": args.scale,
        "rounds": args.rounds,
        "minutes": args.minutes,
        "aim_ratio": AIM,
    }
    for name, url in backends:
        results[name] = measure_backend(url, args)
    print(json.dumps(results, indent=2))


def _env(database_url: str, cache_url: str | None = None) -> dict[str, str]:
    return {
        **({"CACHE_URL": cache_url} if cache_url else {}),
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "JOINEDUP_SEMANTIC_SEARCH": "false",
        "JOINEDUP_WARM_UP": "false",
        # The bench's session is made by force_login, which takes no second step; a manager's
        # verified session goes through the same two-factor check on every request.
        "JOINEDUP_TWO_FACTOR_REQUIRED_FOR": "",
        "PYTHONPATH": str(ROOT),
    }


def _recreate_postgres(url: str) -> None:
    from urllib.parse import urlparse

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    base = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    base += ["-U", parts.username or "postgres"]
    subprocess.run(["dropdb", *base, "--if-exists", name], check=True)
    subprocess.run(["createdb", *base, name], check=True)


def measure_backend(database_url: str, args: argparse.Namespace) -> dict[str, Any]:
    env = _env(database_url, args.cache_url)
    kept = Path(database_url.removeprefix("sqlite:///"))
    reuse = bool(args.sqlite_file) and database_url.startswith("sqlite") and kept.exists()
    if database_url.startswith("postgres"):
        reuse = args.keep_postgres
        if not reuse:
            _recreate_postgres(database_url)
    started = time.perf_counter()
    subprocess.run([PYTHON, "-m", "joinedup", "migrate", "-v", "0"], env=env, check=True)
    region_args = ["--region", str(args.scale)] + (["--reuse"] if reuse else [])
    out = subprocess.run(
        [PYTHON, str(Path(__file__)), *region_args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    region: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    region["wall_seconds"] = round(time.perf_counter() - started, 1)
    refresher = None
    server, port = start_server(ROOT, env)
    if args.cache_url:
        import redis

        redis.Redis.from_url(args.cache_url).flushdb()
        # The worker renders the API's default answers for the site's own address (SITE_URL),
        # as production is configured: here, the server's.
        refresher = _Refresher({**env, "SITE_URL": f"http://127.0.0.1:{port}"}, args.refresh_every)
        refresher.run_once()  # as a worker would have before anyone asked
    try:
        if refresher is not None:
            refresher.start()
        timings = _measure(port, region, args.rounds, args.minutes * 60)
    finally:
        if refresher is not None:
            refresher.stop()
            region["refreshes"] = refresher.runs
        server.terminate()
        server.wait()
    region.pop("session_key")  # a bench login's sessions: nothing to print
    region.pop("member_session_key")
    return {"generated": region, **timings}


class _Refresher:
    """`joinedup refresh_insights` every few seconds beside the requests (the worker's job)."""

    def __init__(self, env: dict[str, str], every: float) -> None:
        import threading

        self.env, self.every = env, every
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.runs: list[str] = []

    def run_once(self) -> None:
        started = time.perf_counter()
        out = subprocess.run(
            [PYTHON, "-m", "joinedup", "refresh_insights"],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        self.runs.append(f"{time.perf_counter() - started:.1f} s: {out.strip()}")

    def _loop(self) -> None:
        # Start to start, as the worker's schedule runs it (a slot every `every` seconds; one
        # that falls while a run is going starts as soon as it ends).
        due = time.monotonic() + self.every
        while not self.stopped.wait(max(0.0, due - time.monotonic())):
            self.run_once()
            due += self.every

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()


def _get(port: int, path: str, cookie: str) -> tuple[float, int]:
    return _fetch(port, path, cookie)[:2]


def _fetch(port: int, path: str, cookie: str) -> tuple[float, int, int]:
    """(seconds, status, bytes of body)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, response.status, len(body)


# A member organisation's people see the board with their own figures unsuppressed: their
# view is suppressed for them apart from the manager's (ADR 37), so it is measured too.
MEMBER_PAGES = [
    "insights:board",
    "insights:section[flows]",
    "insights:section[loop]",
    "api:insights-board",
]
MEMBER = "member "


def _measure(port: int, region: dict[str, Any], rounds: int, seconds: float) -> dict[str, Any]:
    urls: dict[str, str] = dict(region["urls"])
    cookies = {label: region["session_key"] for label in urls}
    for label in MEMBER_PAGES:
        if label in urls:
            urls[MEMBER + label] = urls[label]
            cookies[MEMBER + label] = region["member_session_key"]
    cookie = region["session_key"]
    statuses: dict[str, int] = {}
    first: dict[str, float] = {}
    size: dict[str, int] = {}
    for label, path in urls.items():  # warm up: each page once (templates, caches)
        first[label], statuses[label], size[label] = _fetch(port, path, cookies[label])
    trivial: list[float] = []
    times: dict[str, list[float]] = {label: [] for label in urls}
    until = time.monotonic() + seconds
    n = 0
    while n < rounds or time.monotonic() < until:
        order = list(urls.items())
        if n % 2:
            order.reverse()
        for label, path in order:
            trivial.append(_get(port, TRIVIAL, cookie)[0])
            elapsed, status = _get(port, path, cookies[label])
            times[label].append(elapsed)
            if status != 200:
                statuses[label] = status
        n += 1
    trivial_p95 = percentile([t * 1000 for t in trivial], 95)
    pages = {}
    for label, values in times.items():
        figures: dict[str, Any] = summary(values)
        figures["path"] = urls[label]
        figures["first_ms"] = round(first[label] * 1000, 1)
        figures["bytes"] = size[label]
        figures["status"] = statuses[label]
        figures["ratio_p95"] = round(figures["p95_ms"] / trivial_p95, 1)
        figures["within_aim"] = figures["ratio_p95"] <= AIM and statuses[label] == 200
        pages[label] = figures
    return {"rounds_done": n, "trivial": {"path": TRIVIAL, **summary(trivial)}, "pages": pages}


# The child process: generate the region into DATABASE_URL and say what it made.


def generate_region(scale: float) -> dict[str, Any]:  # noqa: PLR0915 - one region, step by step
    import random

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone
    from generate_directory import generate

    from joinedup.core.models import User
    from joinedup.demo import activity
    from joinedup.directory.models import Address, Membership, Organization, Service, TaxonomyTerm
    from joinedup.partnerships.models import Partnership, PartnershipMember
    from joinedup.referrals.models import ServiceIntake

    rng = random.Random(2026)
    steps: dict[str, float] = {}
    started = time.perf_counter()
    services = max(20, round(ORGANISATIONS * SERVICES_PER_ORGANISATION * scale))
    directory = generate(services)
    steps["directory_seconds"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    organisations = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    password = make_password("bench-only-password")
    with transaction.atomic():
        User.objects.bulk_create(
            [
                User(
                    email=f"team{i}@bench.example",
                    username=f"team{i}@bench.example",
                    password=password,
                )
                for i in range(len(organisations))
            ],
            batch_size=2000,
        )
        users = dict(
            User.objects.filter(email__endswith="@bench.example").values_list("email", "pk")
        )
        user_of = {org: users[f"team{i}@bench.example"] for i, org in enumerate(organisations)}
        Membership.objects.bulk_create(
            [
                Membership(user_id=user_of[org], organization_id=org, role=Membership.Role.ADMIN)
                for org in organisations
            ],
            batch_size=2000,
        )
        manager = User.objects.create(
            email="manager@bench.example",
            username="manager@bench.example",
            password=password,
            is_partnership_manager=True,
        )
        partnership = Partnership.objects.create(name="The region")
        partnership.managers.add(manager)
        PartnershipMember.objects.bulk_create(
            [PartnershipMember(partnership=partnership, organization_id=o) for o in organisations],
            batch_size=2000,
        )
    answered = list(
        Service.objects.filter(intake_mode__in=["joinedup", "email", "phone", "signposting"])
        .order_by("pk")
        .values_list("pk", "organization_id", "intake_mode")
    )
    asking = [pk for pk, _, mode in answered if mode in ("joinedup", "email")][::20]
    ServiceIntake.objects.bulk_create(
        [ServiceIntake(service_id=pk, asks_wellbeing=True) for pk in asking], batch_size=2000
    )
    asking_set = set(asking)
    profiles = ["fast", "usual", "usual", "usual", "slow", "silent"]
    profile_of = {org: rng.choice(profiles) for org in organisations}
    receivers = [
        activity.Receiver(
            service_id=pk,
            organization_id=org,
            intake_mode=mode,
            responder_id=user_of[org],
            profile=profile_of[org],
            weight=rng.uniform(0.2, 3.0) if mode in ("joinedup", "email") else 0.2,
            waiting_list=rng.random() < 0.15,
            wellbeing_effect=(1.0, 0.7, 0.9, -1.2) if pk in asking_set else None,
        )
        for pk, org, mode in answered
        if org is not None
    ]
    referrers = [
        activity.Referrer(organization_id=org, user_id=user_of[org], weight=rng.uniform(0.1, 3))
        for org in organisations
    ]
    outcodes = sorted(
        {code.split(" ")[0] for code in Address.objects.values_list("postal_code", flat=True)}
    )
    districts = [(code, rng.uniform(0.5, 3.0)) for code in outcodes if code]
    now = timezone.now()
    plan = activity.Plan(
        seed=2026,
        now=now,
        referrals=round(REFERRALS * scale),
        receivers=receivers,
        referrers=referrers,
        districts=districts,
        namespace="bench",
    )
    steps["people_and_partnership_seconds"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    written = activity.write_plan(plan, batch_size=10_000)
    steps["referrals_seconds"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    themes = list(TaxonomyTerm.objects.values_list("name", flat=True))[:25] or ["other"]
    busy = sum(weight for _, weight in activity.day_weights(now, 365))
    search_plan = activity.SearchPlan(
        seed=2026,
        now=now,
        per_day=SEARCHES * scale / busy,
        themes=[(theme, 1 / len(themes)) for theme in themes],
        areas=[("", 0.3), *((d, 0.7 / len(districts)) for d, _ in districts)],
        gaps={(themes[0], "*"): 0.4},
    )
    rows, searches = activity.write_searches(search_plan, size=10_000)
    steps["searches_seconds"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    steps["analyze_seconds"] = round(time.perf_counter() - started, 1)

    urls, skipped = _resolve(partnership.pk)
    return {
        **directory,
        "users": len(organisations) + 1,
        "referrals": written.referrals,
        "referral_events": written.events,
        "people": written.people,
        "wellbeing_answers": written.wellbeing,
        "search_rows": rows,
        "searches_counted": searches,
        **steps,
        **_sessions(),
        "urls": urls,
        "skipped": skipped,
    }


def reuse_region() -> dict[str, Any]:
    """A region generated before (`--sqlite-file`): a new session and the URLs only."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()
    from joinedup.partnerships.models import Partnership

    urls, skipped = _resolve(Partnership.objects.get(name="The region").pk)
    return {
        "reused": True,
        **_sessions(),
        "urls": urls,
        "skipped": skipped,
    }


def _sessions() -> dict[str, str]:
    """Signed-in sessions: the partnership's manager's, and the people of the member
    organisation that sent the most referrals (the busiest member's own view)."""
    from django.db.models import Count
    from django.test import Client

    from joinedup.core.models import User
    from joinedup.referrals.models import Referral

    busiest = (
        Referral.objects.values("referring_organization")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("referring_organization", flat=True)
        .first()
    )
    member = User.objects.filter(memberships__organization=busiest).order_by("pk")[0]
    keys = {}
    for name, user in (
        ("session_key", User.objects.get(email="manager@bench.example")),
        ("member_session_key", member),
    ):
        client = Client()
        client.force_login(user)
        keys[name] = client.cookies["sessionid"].value
    return keys


def _resolve(partnership_id: int) -> tuple[dict[str, str], list[str]]:
    """Each name in PAGES as a path (labelled by name and extra arguments), and those that
    resolve to nothing."""
    from django.urls import NoReverseMatch, reverse

    urls: dict[str, str] = {}
    skipped: list[str] = []
    for name, extra in PAGES:
        label = name + "".join(f"[{v}]" for v in extra.values())
        tries: list[dict[str, Any]] = [dict(extra)]
        tries += [{**extra, key: partnership_id} for key in ID_NAMES]
        for kwargs in tries:
            try:
                urls[label] = reverse(name, kwargs=kwargs or None)
                break
            except NoReverseMatch:
                continue
        else:
            skipped.append(label)
    return urls, skipped


if __name__ == "__main__":
    main()
