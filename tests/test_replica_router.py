"""The read replica: with one configured, insights and the public feed read from it; writes,
accounts and sessions always use the primary; without one, nothing changes.

The replica here is a second SQLite database (a file with the project's tables, filled apart
from the primary), so a row's presence says which database a page read.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.urls import reverse

from joinedup.core.models import User
from joinedup.core.routers import REPLICA, ReplicaRouter, replica_reads
from joinedup.directory.models import IntakeMode, Organization, Sector, Service
from joinedup.partnerships.models import Partnership
from joinedup.referrals.models import Referral
from joinedup.search.models import UnmetNeed


def test_without_a_replica_every_read_uses_the_primary(db):
    assert REPLICA not in settings.DATABASES
    with replica_reads():
        assert router.db_for_read(Referral) == "default"
        assert Referral.objects.all().db == "default"


@pytest.fixture
def replica(db, tmp_path) -> Iterator[str]:
    """A second database under the replica's name, with every table and no rows."""
    config = connections.configure_settings(
        {
            "default": dict(settings.DATABASES["default"]),
            REPLICA: {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "r.db")},
        }
    )[REPLICA]
    # Django's connections read the settings' DATABASES (the same dict, once configured).
    connections.settings[REPLICA] = config
    settings.DATABASES[REPLICA] = config
    try:
        # Connected here: the test case allows only the databases it knew of when it began.
        connections[REPLICA].connect()
        with connections[REPLICA].schema_editor() as editor:
            for model in apps.get_models():  # each with its many-to-many tables
                if model._meta.managed and not model._meta.proxy:
                    editor.create_model(model)
        yield REPLICA
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        connections.settings.pop(REPLICA, None)
        settings.DATABASES.pop(REPLICA, None)


def test_reads_inside_go_to_the_replica_and_writes_to_the_primary(replica):
    UnmetNeed.objects.using(REPLICA).create(day="2026-01-05", theme="food", band="none", count=42)
    with replica_reads():
        assert UnmetNeed.objects.get().count == 42
        written = UnmetNeed.objects.create(day="2026-01-06", theme="debt", band="few", count=1)
    assert written._state.db == "default"
    assert UnmetNeed.objects.using("default").filter(theme="debt").exists()
    assert not UnmetNeed.objects.using(REPLICA).filter(theme="debt").exists()
    # Outside, the primary: it never had the replica's row.
    assert not UnmetNeed.objects.filter(theme="food").exists()


def test_accounts_and_sessions_read_the_primary_even_inside(replica):
    with replica_reads():
        assert router.db_for_read(User) == "default"
        assert router.db_for_read(Session) == "default"
        assert ReplicaRouter().db_for_write(Referral) == "default"
    assert ReplicaRouter().allow_migrate(REPLICA, "referrals") is False


def test_the_insights_pages_read_the_replica(client, replica, pam):
    Partnership.objects.create(name="Read from the primary").managers.add(pam)
    pam.save(using=REPLICA)  # the replica's copy of the account the page's data points at
    on_replica = Partnership.objects.using(REPLICA).create(name="Read from the replica")
    # Written to the replica itself (the router sends every write to the primary).
    Partnership.managers.through.objects.using(REPLICA).create(
        partnership=on_replica, user_id=pam.pk
    )
    client.force_login(pam)  # the session is written to, and read from, the primary
    text = client.get(reverse("insights:wellbeing")).content.decode()
    assert "Read from the replica" in text
    assert "Read from the primary" not in text


def test_the_public_feed_reads_the_replica(client, replica):
    organization = Organization.objects.create(name="Primary Trust", sector=Sector.VCS)
    Service.objects.create(
        organization=organization, name="Only on the primary", intake_mode=IntakeMode.JOINEDUP
    )
    body = client.get("/api/oruk/services").content.decode()
    assert "Only on the primary" not in body


def test_other_pages_read_the_primary(client, replica, pam):
    Partnership.objects.create(name="Read from the primary").managers.add(pam)
    pam.save(using=REPLICA)
    client.force_login(pam)
    # A page outside the replica's paths reads the primary.
    text = client.get(reverse("partnerships:list"), follow=True).content.decode()
    assert "Read from the primary" in text
    assert router.db_for_read(Partnership) == "default"
