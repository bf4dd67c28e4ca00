"""CI-only: the real feeds in ../shared/data import with the guarantees of the import command.

Bristol's ORUK 1.0 list (819 items) has known faults: one empty name, one duplicated id, eight
descriptions that are empty or only `<p><br></p>`, seven items without an organisation
(the first item has all three faults: empty name, empty description, no organisation). They
must be reported and everything else imported; a second run must be all "unchanged".
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from joinedup.directory.importers import import_directory
from joinedup.directory.models import Location, Organization, Service, TaxonomyTerm

pytestmark = pytest.mark.django_db

BRISTOL = "data/oruk1_bristol_services.redacted.json"
OUTPOST = "data/outpost_bucks_services_page1.json"
OUTPOST_TAXONOMIES = "data/outpost_bucks_taxonomies.json"


def test_bristol_imports_reports_its_faults_and_reimports_unchanged(shared_dir):
    report = import_directory(paths=[shared_dir / BRISTOL])

    assert report.ok
    assert report.total("created", "service") == 817
    reasons = sorted(p.reason for p in report.rejected)
    assert len(reasons) == 2
    assert reasons[0].startswith("duplicate service id")
    assert reasons[1] == "name is missing or empty"
    empty = [w for w in report.warnings if w.reason == "description is empty"]
    # The other two of the eight are the items rejected for their name and their id.
    assert len(empty) == 6
    no_org = [w for w in report.warnings if w.reason.startswith("no organisation")]
    assert len(no_org) == 6  # the seventh is the item rejected for its empty name
    assert Service.objects.count() == 817
    assert Service.objects.filter(organization__isnull=True).count() == 6
    # 592 distinct names among the organisation ids, two of them spelt under several ids.
    assert Organization.objects.count() < 600
    assert not Service.objects.filter(description__icontains="<script").exists()

    again = import_directory(paths=[shared_dir / BRISTOL])

    assert again.total("created") == 0
    assert again.total("updated") == 0
    assert again.total("unchanged", "service") == 817
    assert again.total("unchanged", "organization") == Organization.objects.count()
    assert len(again.rejected) == 2


def test_outpost_sample_imports_with_locations_schedules_and_terms(shared_dir):
    out = StringIO()
    call_command(
        "import_directory",
        str(shared_dir / OUTPOST_TAXONOMIES),
        str(shared_dir / OUTPOST),
        stdout=out,
    )

    assert Service.objects.count() == 20
    assert Location.objects.exclude(latitude=None).count() == 18
    assert TaxonomyTerm.objects.filter(parent__isnull=False).exists()
    brownies = Service.objects.get(name="12th Aylesbury Brownies")
    assert brownies.schedules.get().describe() == "Monday, 10am to 5pm"
    assert "rejected:" not in out.getvalue()

    again = import_directory(paths=[shared_dir / OUTPOST_TAXONOMIES, shared_dir / OUTPOST])

    assert again.total("created") == 0
    assert again.total("updated") == 0
    assert again.total("unchanged", "service") == 20
