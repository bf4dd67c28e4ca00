"""After a bulk write the planner's statistics are gathered (PostgreSQL; ADR 38)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from joinedup.core import planner
from joinedup.directory.importers import import_directory
from joinedup.directory.models import Organization, Service

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statistics are PostgreSQL's (SQLite: no-op)"
)


def _estimated(model) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
        )
        return float(cursor.fetchone()[0])


@postgresql
@pytest.mark.django_db
def test_analyse_gives_the_planner_the_tables_rows():
    Organization.objects.bulk_create(Organization(name=f"Charity {n}") for n in range(37))
    rows = Organization.objects.count()
    assert _estimated(Organization) != rows  # written in bulk: the planner does not know yet
    planner.analyse([Organization])
    assert _estimated(Organization) == rows


@pytest.mark.django_db
def test_analyse_of_nothing_does_nothing():
    planner.analyse([])  # no statement, no error, on either database


@postgresql
@pytest.mark.django_db
def test_a_bulk_import_gathers_the_directorys_statistics(monkeypatch):
    fixtures = Path(__file__).parent / "fixtures" / "import"
    monkeypatch.setattr(planner, "BULK_ROWS", 1)
    report = import_directory(paths=[fixtures / "hsds_service.json"])
    assert report.total("created") >= 1
    assert _estimated(Service) == Service.objects.count()
    assert _estimated(Organization) == Organization.objects.count()
