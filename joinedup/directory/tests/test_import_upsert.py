"""Upsert by id: re-imports are idempotent, changes update, organisations are de-duplicated,
HTML is sanitised."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from joinedup.directory.importers import import_directory
from joinedup.directory.importers.cleaning import sanitise_html
from joinedup.directory.models import Organization, Service

FIXTURES = Path(__file__).parent / "fixtures" / "import"

pytestmark = pytest.mark.django_db

ALL_FIXTURES = [
    "oruk1_services.json",
    "oruk1_page.json",
    "outpost_taxonomies.json",
    "outpost_services.json",
    "hsds_service.json",
    "hsds_pages",
    "hsds_csv",
]


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_second_run_creates_nothing_and_reports_everything_unchanged(name):
    first = import_directory(paths=[FIXTURES / name])
    services = Service.objects.count()
    hashes = dict(Service.objects.values_list("id", "source_hash"))

    second = import_directory(paths=[FIXTURES / name])

    assert first.total("created") > 0
    assert second.total("created") == 0
    assert second.total("updated") == 0
    assert second.total("unchanged") >= first.total("created")
    assert second.total("rejected") == first.total("rejected")
    assert Service.objects.count() == services
    assert dict(Service.objects.values_list("id", "source_hash")) == hashes


def test_changed_field_updates_the_record_and_its_children(tmp_path):
    doc = json.loads((FIXTURES / "hsds_service.json").read_text())
    import_directory(paths=[FIXTURES / "hsds_service.json"])
    doc["name"] = "Money advice clinic (evenings)"
    doc["schedules"][0]["opens_at"] = "17:00"
    doc["schedules"][0]["closes_at"] = "20:00"
    doc["phones"] = []
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc))

    report = import_directory(paths=[changed])

    assert report.total("updated", "service") == 1
    assert report.total("created", "service") == 0
    service = Service.objects.get(pk=doc["id"])
    assert service.name == "Money advice clinic (evenings)"
    assert service.schedules.get().describe() == "Monday to Friday, 5pm to 8pm"
    assert not service.phones.exists()
    assert Service.objects.count() == 1


def test_organisations_are_deduplicated_by_id_and_by_name():
    import_directory(paths=[FIXTURES / "oruk1_services.json"])

    # Four services name one of two ids for the food bank, spelt two ways: one organisation.
    assert Organization.objects.count() == 1
    food_bank = Organization.objects.get()
    assert food_bank.name == "Riverside Food Bank"
    assert food_bank.services.count() == 4
    assert Service.objects.get(name="Debt advice drop-in").organization == food_bank


def test_existing_organisation_is_reused_by_name(carers_centre, tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            [
                {
                    "id": "x-1",
                    "name": "Carers' cafe",
                    "description": "Tea and support.",
                    "status": "active",
                    "deliverable_type": "",
                    "organization": {"id": "org-9", "name": "ashdown carers centre"},
                }
            ]
        )
    )

    import_directory(paths=[feed])

    assert Organization.objects.count() == 1
    assert Service.objects.get(name="Carers' cafe").organization == carers_centre


def test_html_descriptions_are_sanitised_but_readable():
    import_directory(paths=[FIXTURES / "oruk1_services.json"])

    html = Service.objects.get(name="Emergency food parcels").description
    assert "<script" not in html and "alert" not in html
    assert "<style" not in html and "p{}" not in html
    assert "onerror" not in html and "<img" not in html and "onclick" not in html
    assert "<h3>Food parcels</h3>" in html  # headings below the page's own
    assert "<strong>No referral</strong>" in html
    assert "<li>Tins</li>" in html
    assert 'href="https://riverside-foodbank.example.org/parcels"' in html
    assert Service.objects.get(name="Debt advice drop-in").description == ""
    # Plain text stays plain text (not entity-escaped).
    assert Service.objects.get(name="Warm space").description == "Open to everyone & free"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("<p><br></p>", ""),
        ("<p>&nbsp;</p><p> </p>", ""),
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ("<p>Hi</p><script>bad()</script>", "<p>Hi</p>"),
        ("Under 5s & carers", "Under 5s & carers"),
    ],
)
def test_sanitise_html(given, expected):
    assert sanitise_html(given).replace(' rel="noopener noreferrer"', "") == expected


def test_folder_of_pages_and_copy_of_a_page_are_not_duplicates(tmp_path):
    folder = tmp_path / "pages"
    shutil.copytree(FIXTURES / "hsds_pages", folder)
    import_directory(paths=[folder])

    report = import_directory(paths=[folder])

    assert report.total("unchanged", "service") == 3
    assert report.rejected == []
