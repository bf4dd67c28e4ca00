"""Render time of the partnership workspace's heaviest pages at place scale, against a trivial page.

    .venv/bin/python bench/partnership_pages.py                      # 300 members, 5 waves
    .venv/bin/python bench/partnership_pages.py --members 100 --rounds 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/partnership_pages.py

Builds a partnership of N member organisations with W closed waves of the "motivations,
structures, relationships" health check (one strategic respondent per member, every statement
answered) and W closed network surveys (each member rating 5 to 30 partners, most in its own
sector), in a throwaway SQLite database and, when DATABASE_URL points at PostgreSQL, in a
throwaway PostgreSQL database beside it, named after DATABASE_URL's (``x`` above gives
``x_bench_partnership``, so engineers sharing a server do not drop each other's), dropped and
made afresh; DATABASE_URL's own database is never touched.

Then, in the same process and interleaved round by round, it times through Django's test
client, signed in as the partnership's manager (who sees the most):
- trivial: the sign-in page (a template and a form, no partnership data);
- wave_results: the latest wave's results page (with the change since the wave before);
- network: the latest network survey's results page (measures, change, map, table);
and prints JSON: p50/p95/max wall time in ms per page, the p50 of the CPU time the process
spent on it, each page's p50 as a multiple of the trivial page's, and the machine's load
average (on a shared machine wall times include waiting for a core). The aim is under 1 s for
both pages on both databases.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_SUFFIX = "_bench_partnership"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values]
    return {
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "max_ms": round(max(ms), 1),
        "n": len(ms),
    }


def build(members: int, waves: int, seed: int = 7) -> dict[str, Any]:
    """Fill the (migrated, empty) database; returns ids of what the pages show."""
    import datetime

    from django.utils import timezone

    from joinedup.core.models import User
    from joinedup.directory.models import Organization, Sector
    from joinedup.partnerships import services
    from joinedup.partnerships.models import (
        Answer,
        Instrument,
        Invitation,
        NetworkRating,
        NetworkResponse,
        NetworkSurvey,
        Partnership,
        PartnershipMember,
        Response,
        Wave,
        WaveStatus,
        hash_token,
    )

    rng = random.Random(seed)
    services.load_shipped_instruments()
    manager = User.objects.create_user(
        email="manager@bench.example", password="bench-password", is_partnership_manager=True
    )
    partnership = Partnership.objects.create(name="Bench partnership")
    partnership.managers.add(manager)
    sectors = [value for value, _ in Sector.choices]
    weights = [12, 8, 40, 8, 3, 2, 12, 8, 7]
    orgs = Organization.objects.bulk_create(
        Organization(name=f"Member {i:03}", sector=rng.choices(sectors, weights)[0])
        for i in range(members)
    )
    PartnershipMember.objects.bulk_create(
        PartnershipMember(partnership=partnership, organization=o) for o in orgs
    )
    instrument = Instrument.objects.get(
        partnership__isnull=True, key="motivations-structures-relationships"
    )
    statements = list(instrument.statements.all())
    now = timezone.now()
    by_sector: dict[str, list[Any]] = {}
    for org in orgs:
        by_sector.setdefault(org.sector, []).append(org)
    ids: dict[str, Any] = {"partnership": partnership.pk, "manager": manager.email}
    for w in range(waves):
        when = now - datetime.timedelta(days=365 * (waves - w))
        wave = Wave.objects.create(
            partnership=partnership,
            instrument=instrument,
            title=f"Round {w + 1}",
            status=WaveStatus.CLOSED,
            opened_at=when,
            closed_at=when,
        )
        wave.organizations.set(orgs)
        invitations = Invitation.objects.bulk_create(
            Invitation(
                wave=wave,
                organization=o,
                email=f"rep{i}.w{w}@bench.example",
                token_hash=hash_token(f"{w}-{i}"),
            )
            for i, o in enumerate(orgs)
        )
        responses = Response.objects.bulk_create(
            Response(
                invitation=inv,
                wave=wave,
                organization=inv.organization,
                sector=inv.organization.sector,
                level=rng.choice(["strategic", "frontline"]),
                submitted_at=when,
            )
            for inv in invitations
        )
        Answer.objects.bulk_create(
            (
                Answer(response=r, statement=s, value=rng.choice([1, 2, 3, 3, 4, 4, 5, None]))
                for r in responses
                for s in statements
            ),
            batch_size=2000,
        )
        Wave.objects.filter(pk=wave.pk).update(created_at=when)
        ids["wave"] = wave.pk

        survey = NetworkSurvey.objects.create(
            partnership=partnership,
            title=f"Network {w + 1}",
            status=WaveStatus.CLOSED,
            opened_at=when,
            closed_at=when,
        )
        survey.organizations.set(orgs)
        answered = [o for o in orgs if rng.random() < 0.9]
        net_responses = NetworkResponse.objects.bulk_create(
            NetworkResponse(survey=survey, organization=o, sector=o.sector, submitted_at=when)
            for o in answered
        )
        ratings = []
        for response in net_responses:
            org = response.organization
            own = [p for p in by_sector[org.sector] if p.pk != org.pk]
            partners = set(rng.sample(own, min(len(own), rng.randint(3, 15))))
            partners |= set(rng.sample(orgs, rng.randint(2, 15))) - {org}
            for partner in partners:
                ratings.append(
                    NetworkRating(
                        response=response,
                        partner=partner,
                        closeness=rng.randint(1, 5),
                        frequency=rng.randint(1, 5),
                        reliability=rng.randint(1, 4),
                        shared_mission=rng.randint(1, 4),
                        openness=rng.randint(1, 4),
                        influence=rng.randint(1, 4),
                        involvement=rng.randint(1, 4),
                        resources=rng.randint(1, 4),
                    )
                )
        NetworkRating.objects.bulk_create(ratings, batch_size=2000)
        NetworkSurvey.objects.filter(pk=survey.pk).update(created_at=when)
        ids["survey"] = survey.pk
    ids["answers"] = Answer.objects.count()
    ids["ratings"] = NetworkRating.objects.count()
    return ids


def measure(members: int, waves: int, rounds: int) -> dict[str, Any]:
    """Runs in a child process whose DATABASE_URL names the database to use."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from joinedup.core.models import User

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    ids = build(members, waves)
    built = round(time.perf_counter() - started, 1)

    manager = Client()
    manager.force_login(User.objects.get(email=ids["manager"]))
    anonymous = Client()
    pages = {
        "trivial": (anonymous, reverse("core:sign-in")),
        "wave_results": (
            manager,
            reverse(
                "partnerships:wave-results",
                kwargs={"partnership_id": ids["partnership"], "wave_id": ids["wave"]},
            ),
        ),
        "network": (
            manager,
            reverse("partnerships:network-results", args=[ids["partnership"], ids["survey"]]),
        ),
    }
    timings: dict[str, list[float]] = {name: [] for name in pages}
    cpu: dict[str, list[float]] = {name: [] for name in pages}
    for round_number in range(rounds + 1):
        for name, (client, url) in pages.items():
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed, used = time.perf_counter() - t0, time.process_time() - c0
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            if round_number:  # the first round warms caches and is not counted
                timings[name].append(elapsed)
                cpu[name].append(used)
    results = {name: summary(values) for name, values in timings.items()}
    for name, values in cpu.items():
        # CPU time of this process (all its threads): what the page costs whatever else the
        # machine is doing; wall time on a shared machine also counts waiting for a core.
        results[name]["cpu_p50_ms"] = round(statistics.median(values) * 1000, 1)
    trivial = results["trivial"]["p50_ms"]
    for name in ("wave_results", "network"):
        results[name]["x_trivial_p50"] = round(results[name]["p50_ms"] / trivial, 1)
        results[name]["under_1s_p95"] = results[name]["p95_ms"] < 1000
    return {
        "database": connection.vendor,
        "load_average_1min": round(os.getloadavg()[0], 1),
        "cpus": os.cpu_count(),
        "members": members,
        "waves": waves,
        "answers": ids["answers"],
        "network_ratings": ids["ratings"],
        "build_seconds": built,
        "pages": results,
    }


def _throwaway_name(base: str) -> str:
    """DATABASE_URL's database name plus a suffix: ours to drop, and nobody else's."""
    name = urlsplit(base).path.lstrip("/") or "joinedup"
    return f"{name}{PG_SUFFIX}"


def _postgres_url(base: str) -> str:
    """The same server as DATABASE_URL, with a throwaway database of our own, made afresh."""
    import psycopg

    parts = urlsplit(base)
    name = _throwaway_name(base)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _drop_postgres(base: str) -> None:
    import psycopg

    parts = urlsplit(base)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_throwaway_name(base)}"')


def run_child(database_url: str, args: argparse.Namespace) -> dict[str, Any]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": "testserver",
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run(
        [
            PYTHON,
            str(Path(__file__).resolve()),
            "--child",
            f"--members={args.members}",
            f"--waves={args.waves}",
            f"--rounds={args.rounds}",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--waves", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.members, args.waves, args.rounds)))
        return

    runs = []
    with tempfile.TemporaryDirectory(prefix="joinedup-bench-") as workdir:
        runs.append(run_child(f"sqlite:///{Path(workdir) / 'bench.sqlite3'}", args))
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        try:
            runs.append(run_child(_postgres_url(base), args))
        finally:
            _drop_postgres(base)
    print(json.dumps({"benchmark": "partnership_pages", "runs": runs}, indent=2))


if __name__ == "__main__":
    main()
