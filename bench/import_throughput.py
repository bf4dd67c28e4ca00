"""Import throughput: services per second, and the full import's time against a bare insert.

    .venv/bin/python bench/import_throughput.py [FEED] [--repeat N]

FEED defaults to ../shared/data/oruk1_bristol_services.redacted.json. The script sets up its own
throwaway SQLite database in a temporary folder (it never touches the dev database), then in
the same run measures, each on an empty directory:

- baseline: `json.load` of the file + a bare `bulk_create` of the same rows (organisations and
  services with name / description / organisation, no cleaning, no savepoints, no hashing);
- import: `import_directory` on the file (detection, conversion, cleaning, HTML sanitising,
  hashing, organisation de-duplication, one savepoint per record, audit event);
- reimport: the same file again (everything unchanged).

Prints JSON. `ratio` = baseline seconds / import seconds (1.0 would be "as fast as a bare insert").
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FEED = ROOT.parent / "shared" / "data" / "oruk1_bristol_services.redacted.json"


def _setup(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    # As in production: with DEBUG on, Django also formats and logs every query.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _empty_directory() -> None:
    from joinedup.directory.models import Organization, Service

    Service.objects.all().delete()
    Organization.objects.all().delete()


def _items(data: object) -> list[dict]:
    if isinstance(data, dict):
        data = data.get("contents") or data.get("content") or []
    return [x for x in data if isinstance(x, dict)] if isinstance(data, list) else []


def baseline(feed: Path) -> float:
    """json.load + bulk_create of the same rows, in one transaction."""
    from django.db import transaction

    from joinedup.directory.models import Organization, Service

    _empty_directory()
    started = time.perf_counter()
    with feed.open(encoding="utf-8") as f:
        items = _items(json.load(f))
    orgs: dict[str, Organization] = {}
    services = []
    for item in items:
        raw_org = item.get("organization") or item.get("organisation")
        org = None
        if isinstance(raw_org, dict) and raw_org.get("name"):
            key = str(raw_org.get("id"))
            org = orgs.get(key)
            if org is None:
                org = orgs[key] = Organization(id=uuid.uuid4(), name=raw_org["name"][:500])
        services.append(
            Service(
                id=uuid.uuid4(),
                name=str(item.get("name") or "")[:500],
                description=str(item.get("description") or ""),
                organization=org,
            )
        )
    with transaction.atomic():
        Organization.objects.bulk_create(orgs.values(), batch_size=500)
        Service.objects.bulk_create(services, batch_size=500)
    return time.perf_counter() - started


def full_import(feed: Path, *, empty: bool = True) -> tuple[float, dict]:
    from joinedup.directory.importers import import_directory

    if empty:
        _empty_directory()
    started = time.perf_counter()
    report = import_directory(paths=[feed])
    return time.perf_counter() - started, report.as_dict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("feed", nargs="?", default=str(DEFAULT_FEED))
    parser.add_argument("--repeat", type=int, default=5, help="runs of each; the best is kept")
    args = parser.parse_args()
    feed = Path(args.feed).resolve()
    with tempfile.TemporaryDirectory(prefix="joinedup-bench-") as tmp:
        _setup(Path(tmp) / "bench.sqlite3")
        base = min(baseline(feed) for _ in range(args.repeat))
        runs = [full_import(feed) for _ in range(args.repeat)]
        best, report = min(runs, key=lambda r: r[0])
        again, again_report = full_import(feed, empty=False)
    services = report["counts"].get("service", {})
    imported = services.get("created", 0) + services.get("updated", 0)
    print(
        json.dumps(
            {
                "benchmark": "import_throughput",
                "feed": feed.name,
                "database": "sqlite (temporary), DEBUG off",
                "services_imported": imported,
                "services_rejected": services.get("rejected", 0),
                "import_seconds": round(best, 4),
                "services_per_second": round(imported / best, 1) if best else None,
                "baseline_seconds": round(base, 4),
                "ratio_baseline_to_import": round(base / best, 3) if best else None,
                "reimport_seconds": round(again, 4),
                "reimport_unchanged": again_report["counts"].get("service", {}).get("unchanged"),
                "runs": args.repeat,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
