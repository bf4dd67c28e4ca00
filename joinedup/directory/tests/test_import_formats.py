"""Each input format imports through the command and through the importer API."""

from __future__ import annotations

import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from joinedup.core.models import AuditEvent
from joinedup.directory.importers import import_directory
from joinedup.directory.importers.cleaning import JOINEDUP_IMPORT_NS
from joinedup.directory.models import (
    Attribute,
    Location,
    Organization,
    Schedule,
    Service,
    TaxonomyTerm,
)

FIXTURES = Path(__file__).parent / "fixtures" / "import"

pytestmark = pytest.mark.django_db


def run(*paths: Path | str) -> str:
    out = StringIO()
    call_command("import_directory", *[str(p) for p in paths], stdout=out)
    return out.getvalue()


def test_oruk1_list_imports_good_items_and_reports_faults():
    report = import_directory(paths=[FIXTURES / "oruk1_services.json"])

    assert report.total("created", "service") == 5
    rejected = {p.position: p.reason for p in report.rejected}
    assert rejected == {
        "oruk1_services.json item 2": "name is missing or empty",
        "oruk1_services.json item 5": (
            "duplicate service id 5d7e1c3a-0000-4000-8000-000000000002: "
            "it came first at oruk1_services.json item 2"
        ),
    }
    warnings = [str(w) for w in report.warnings]
    assert any("item 3" in w and "description is empty" in w for w in warnings)
    assert any("item 6" in w and "no organisation" in w for w in warnings)
    assert any("item 4" in w and "email: 'not an email'" in w for w in warnings)
    assert Service.objects.get(name="Benefits help line").email == ""


def test_oruk1_item_keeps_its_original_document_and_unmapped_fields():
    import_directory(paths=[FIXTURES / "oruk1_services.json"])

    service = Service.objects.get(name="Emergency food parcels")
    assert service.source_format == "oruk1"
    assert service.source_document["deliverable_type"] == "Information advice and guidance"
    assert service.source_document["pc_targetAudience"] == [{"id": "1", "audienceType": "Adults"}]
    assert service.url == "https://www.riverside-foodbank.example.org/parcels"
    assert str(service.assured_date) == "2024-05-01"
    assert service.organization.name == "Riverside Food Bank"
    assert service.organization.website == "https://riverside-foodbank.example.org"


def test_oruk1_page_envelope_imports(capsys):
    report = import_directory(paths=[FIXTURES / "oruk1_page.json"])

    assert report.total("created", "service") == 1
    assert Service.objects.filter(name="Lunch club").exists()


def test_outpost_services_and_taxonomy_tree_import():
    report = import_directory(
        paths=[FIXTURES / "outpost_taxonomies.json", FIXTURES / "outpost_services.json"]
    )

    assert report.rejected == []
    assert report.total("created", "service") == 2
    brownies = Service.objects.get(name="12th Aylesbury Brownies")
    assert (brownies.minimum_age, brownies.maximum_age) == (5, 11)
    assert brownies.source_format == "outpost"
    # Non-UUID ids become stable uuid5 ids.
    assert brownies.id == uuid.uuid5(JOINEDUP_IMPORT_NS, "outpost:service:1")
    location = brownies.service_at_locations.get().location
    assert (location.latitude, location.longitude) == (51.811001, -0.790659)
    assert location.addresses.get().postal_code == "HP21 7JF"
    assert [s.describe() for s in brownies.schedules.all()] == ["Monday, 10am to 5pm"]
    # Its organisation is a bare {"id", "name": null}: not invented, reported.
    assert brownies.organization is None
    thomley = Service.objects.get(name__startswith="13 plus days")
    assert thomley.organization.name == "Thomley"
    # Terms come from the tree (by slug) and link their parents.
    clubs = TaxonomyTerm.objects.get(code="clubs-and-groups")
    assert clubs.parent.code == "things-to-do"
    assert Attribute.objects.filter(
        link_entity="service", link_id=brownies.id, taxonomy_term=clubs
    ).exists()
    assert TaxonomyTerm.objects.filter(code="clubs-and-groups").count() == 1


def test_hsds_single_service_imports_fully():
    report = import_directory(paths=[FIXTURES / "hsds_service.json"])

    assert report.rejected == []
    service = Service.objects.get(pk="c0ffee00-0000-4000-8000-000000000001")
    assert service.source_format == "hsds3"
    assert service.organization.name == "Ashford Citizens Advice"
    assert service.phones.get().languages.get().code == "pl"
    assert service.schedules.get().describe() == "Monday to Friday, 9am to 5pm"
    assert service.service_areas.get().extent == "TN23 TN24"
    assert service.cost_options.get().amount == 0
    assert service.contacts.get().phones.get().number == "01234 567891"
    location = Location.objects.get(pk="c0ffee00-0000-4000-8000-000000000109")
    assert location.latitude == 51.1465
    assert location.addresses.get().postal_code == "TN23 1AS"
    term = TaxonomyTerm.objects.get(name="Debt")
    assert term.taxonomy_detail.name == "Joinedup needs"
    assert Attribute.objects.get(link_id=service.id).taxonomy_term == term


def test_hsds_page_and_folder_of_pages_import_the_same():
    report = import_directory(paths=[FIXTURES / "hsds_pages"])
    assert report.total("created", "service") == 3

    again = import_directory(paths=[FIXTURES / "hsds_page.json"])
    assert again.total("unchanged", "service") == 3


def test_hsds_csv_datapackage_imports_and_reports_bad_rows():
    report = import_directory(paths=[FIXTURES / "hsds_csv"])

    assert report.total("created", "organization") == 2
    assert report.total("created", "service") == 1
    assert report.total("created", "taxonomy_term") == 2
    reasons = sorted(p.reason for p in report.rejected)
    assert reasons[0] == "service id is empty"
    assert reasons[1].startswith("status: 'paused' is not one of")
    club = Service.objects.get(name="Friday youth club")
    assert club.organization.name == "Hillside Youth Trust"
    assert club.service_at_locations.get().location.addresses.get().city == "Hillside"
    assert Schedule.objects.get(service=club).describe() == "Friday, 6pm to 9pm"
    assert TaxonomyTerm.objects.get(code="youth-clubs").parent.code == "young-people"
    assert Organization.objects.get(name="Hillside Parish Council").year_incorporated is None
    assert any("year_incorporated" in str(w) for w in report.warnings)


def test_command_prints_counts_and_rejections_and_audits_the_run():
    output = run(FIXTURES / "oruk1_services.json")

    assert "service" in output and "created" in output
    assert "2 rejected:" in output
    assert "name is missing or empty" in output
    event = AuditEvent.objects.get(action="directory.imported")
    assert event.details["counts"]["service"]["created"] == 5
    assert event.details["counts"]["service"]["rejected"] == 2


def test_command_imports_several_paths_in_one_run():
    output = run(FIXTURES / "hsds_service.json", FIXTURES / "hsds_pages")

    assert Service.objects.count() == 4
    assert "Not imported" not in output


def test_hsds_organisation_with_nested_services_and_locations(tmp_path):
    org = {
        "id": "f0f0f0f0-0000-4000-8000-000000000001",
        "name": "Northgate Trust",
        "description": "A trust.",
        "locations": [{"id": "f0f0f0f0-0000-4000-8000-000000000002", "name": "Northgate Hall"}],
        "services": [
            {"id": "f0f0f0f0-0000-4000-8000-000000000003", "name": "Lunch", "status": "active"}
        ],
    }
    path = tmp_path / "org.json"
    path.write_text(__import__("json").dumps(org))

    report = import_directory(paths=[path])

    assert report.rejected == []
    assert Service.objects.get(name="Lunch").organization.name == "Northgate Trust"
    assert Location.objects.get(name="Northgate Hall").organization.name == "Northgate Trust"


def test_same_record_in_two_inputs_is_not_a_duplicate_and_reruns_unchanged(tmp_path):
    import json

    full = json.loads((FIXTURES / "hsds_service.json").read_text())
    item = {k: full[k] for k in ("id", "name", "status")} | {"description": "Shorter."}
    listing = tmp_path / "list.json"
    listing.write_text(json.dumps({"contents": [item], "total_items": 1}))
    paths = [FIXTURES / "hsds_service.json", listing]

    first = import_directory(paths=paths)
    second = import_directory(paths=paths)

    assert first.rejected == [] and first.total("created", "service") == 1
    assert Service.objects.get().description == "Free, confidential debt advice."
    assert second.total("created") == second.total("updated") == 0
