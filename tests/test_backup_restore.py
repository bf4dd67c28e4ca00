"""A backup restored into an empty database serves the listings and referrals it held; a
restore refuses a database with data unless --force, and with --force keeps the erasures made
after the backup was taken. On SQLite always, and on PostgreSQL (pg_dump/pg_restore) when
DATABASE_URL is PostgreSQL. Each step is the `joinedup` command an operator would type."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow

# Builds a listing, a person with a referral to it, and a second person; prints their ids.
SEED = """
import json
from joinedup.core.models import User
from joinedup.directory.models import IntakeMode, Membership, Organization, Sector, Service
from joinedup.referrals import services
from joinedup.referrals.models import ConsentMethod

carers = Organization.objects.create(name="Ashdown Carers Centre", sector=Sector.VCS)
food_bank = Organization.objects.create(name="Ashdown Food Bank", sector=Sector.VCS)
alice = User.objects.create_user(email="alice@carers.example", password="x" * 20)
Membership.objects.create(user=alice, organization=carers, role=Membership.Role.ADMIN)
dora = User.objects.create_user(email="dora@foodbank.example", password="x" * 20)
Membership.objects.create(user=dora, organization=food_bank, role=Membership.Role.MEMBER)
service = Service.objects.create(
    organization=food_bank, name="Emergency food parcels", description="Food for three days.",
    status="active", intake_mode=IntakeMode.JOINEDUP,
)
mary = services.create_person(
    actor=alice, organization=carers, name="Mary Restored", postcode="BS5 6XX", phone="07700 900123"
)
services.record_consent(
    actor=alice, person=mary, recipient=food_bank, purpose="Food", method=ConsentMethod.IN_PERSON
)
referral = services.send_referrals(
    actor=alice, person=mary, services=[service], need="We have run out of food"
).referrals[0]
later = services.create_person(
    actor=alice, organization=carers, name="Leo Erased-Later", phone="07700 900456"
)
print(json.dumps({"service": str(service.pk), "referral": str(referral.pk),
                  "reference": referral.reference, "later": str(later.pk)}))
"""

# Serves the restored database through Django's test client, signed in as the referrer.
SERVE = """
import json
from django.test import Client
from joinedup.core.models import User
ids = {ids}
client = Client()
listing = client.get(f"/services/{{ids['service']}}/")
client.force_login(User.objects.get(email="alice@carers.example"))
referral = client.get(f"/referrals/{{ids['referral']}}/")
print(json.dumps({{
    "listing": [listing.status_code, "Emergency food parcels" in listing.content.decode()],
    "referral": [referral.status_code, ids["reference"] in referral.content.decode(),
                 "Mary Restored" in referral.content.decode()],
}}))
"""

NAMES = """
from joinedup.referrals.models import Person
print(sorted(Person.objects.values_list("name", flat=True)))
"""


def joinedup(
    url: str, *args: str, check: bool = True, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **extra_env,
        "DATABASE_URL": url,
        "JOINEDUP_SEMANTIC_SEARCH": "false",
        "JOINEDUP_WARM_UP": "false",
        "DEBUG": "true",
        # The test client signs in with force_login: no second step to take (ADR 29).
        "JOINEDUP_TWO_FACTOR_REQUIRED_FOR": "",
    }
    result = subprocess.run(
        [sys.executable, "-m", "joinedup", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def shell(url: str, code: str) -> str:
    return joinedup(url, "shell", "-c", code).stdout.strip().splitlines()[-1]


def postgres_urls() -> tuple[str, str] | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") or "joinedup"
    # A name of its own per test, so tests on parallel workers never share one.
    token = uuid.uuid4().hex[:8]
    live, new = (
        parts._replace(path=f"/{name}_backup_{token}_{role}").geturl() for role in ("src", "dst")
    )
    return live, new


def postgres_admin(url: str, statement: str) -> None:
    """Run `statement` with `{name}` as the database of `url`, connected to `postgres`."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement.format(name=name))


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request, tmp_path) -> Iterator[tuple[str, str]]:
    """A source database and an empty one to restore into."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'live.sqlite3'}", f"sqlite:///{tmp_path / 'new.sqlite3'}"
        return
    urls = postgres_urls()
    if urls is None:
        pytest.skip("DATABASE_URL is not PostgreSQL")
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump/pg_restore not on PATH (apt-get install postgresql-client)")
    for url in urls:
        postgres_admin(url, 'CREATE DATABASE "{name}"')
    yield urls
    for url in urls:
        postgres_admin(url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_an_empty_database_serves_it(databases, tmp_path):
    live, new = databases
    backup_dir = tmp_path / "backups"
    joinedup(live, "migrate", "--no-input", "-v", "0")
    ids = json.loads(shell(live, SEED))

    made = joinedup(live, "backup", "--output", str(backup_dir)).stdout
    [backup] = [path for path in backup_dir.iterdir() if path.name.startswith("joinedup-")]
    assert str(backup) in made
    assert backup.stat().st_mode & 0o077 == 0  # personal data: the owner's alone

    restored = joinedup(new, "restore", str(backup)).stdout
    assert f"Restored {backup}" in restored
    served = json.loads(shell(new, SERVE.format(ids=ids)))
    assert served == {"listing": [200, True], "referral": [200, True, True]}


def test_a_restore_over_data_needs_force_and_keeps_later_erasures(databases, tmp_path):
    live, _ = databases
    backup_dir = tmp_path / "backups"
    joinedup(live, "migrate", "--no-input", "-v", "0")
    ids = json.loads(shell(live, SEED))
    joinedup(live, "backup", "--output", str(backup_dir))
    [backup] = backup_dir.iterdir()
    # Erased after the backup was taken, at the person's request.
    joinedup(live, "erase_person", ids["later"])

    refused = joinedup(live, "restore", str(backup), check=False)
    assert refused.returncode != 0 and "not empty" in refused.stderr

    forced = joinedup(
        live, "restore", str(backup), "--force", JOINEDUP_BACKUP_DIR=str(backup_dir)
    ).stdout
    assert "1 erasure(s) re-applied" in forced
    assert shell(live, NAMES) == str(["Erased person", "Mary Restored"])
    assert list(backup_dir.glob("erasures-before-restore-*.json"))
