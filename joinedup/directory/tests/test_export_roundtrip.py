"""Export → import into an empty directory → export again gives the same data, per format."""

from __future__ import annotations

import csv
import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from joinedup.core.models import AuditEvent
from joinedup.directory.exporters import export_directory
from joinedup.directory.importers import import_directory
from joinedup.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Program,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(db) -> dict[str, Any]:
    """A small place with something in every table the model has."""
    taxonomy = Taxonomy.objects.create(
        name="Needs", description="What people need", uri="https://example.org/needs", version="2"
    )
    money = TaxonomyTerm.objects.create(
        name="Money", description="Money help", code="money", taxonomy_detail=taxonomy
    )
    debt = TaxonomyTerm.objects.create(
        name="Debt", description="", code="debt", parent=money, taxonomy_detail=taxonomy
    )
    TaxonomyTerm.objects.create(name="Unused leaf", code="leaf", parent=debt, language="en")
    trust = Organization.objects.create(
        name="Eastmoor Advice Trust",
        description="<p>Advice for <strong>everyone</strong>.</p>",
        email="hello@eastmoor.example.org",
        website="https://eastmoor.example.org",
        year_incorporated=1998,
        sector="vcs",
    )
    Organization.objects.create(
        name="Eastmoor Parish Council",
        description="No services of its own.",
        sector="council",
        published=False,
        parent_organization=trust,
    )
    program = Program.objects.create(organization=trust, name="Money matters", description="")
    OrganizationIdentifier.objects.create(
        organization=trust, identifier_scheme="GB-CHC", identifier_type="Charity", identifier="1"
    )
    Funding.objects.create(organization=trust, source="Lottery")
    org_contact = Contact.objects.create(organization=trust, name="Office", email="o@e.example")
    Phone.objects.create(contact=org_contact, number="01632 960001")
    Attribute.objects.create(
        taxonomy_term=money, link_entity="organization", link_id=trust.id, value="main"
    )
    hub = Location.objects.create(
        organization=trust, name="Eastmoor Hub", latitude=53.4808, longitude=-2.2426
    )
    Address.objects.create(
        location=hub, address_1="1 High Street", city="Eastmoor", postal_code="M1 1AA"
    )
    Accessibility.objects.create(location=hub, description="Step-free", details="Lift")
    Phone.objects.create(location=hub, number="01632 960002", type="voice")
    Schedule.objects.create(
        location=hub,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR",
        opens_at=datetime.time(8, 30),
        closes_at=datetime.time(18),
    )
    Language.objects.create(location=hub, name="Urdu", code="ur")
    Attribute.objects.create(taxonomy_term=debt, link_entity="location", link_id=hub.id)
    clinic = Service.objects.create(
        organization=trust,
        program=program,
        name="Debt clinic",
        description="<p>Free debt advice.</p><ul><li>Budgets</li></ul>",
        status="active",
        minimum_age=18,
        maximum_age=99,
        assured_date=datetime.date(2025, 6, 1),
        last_modified=datetime.datetime(2025, 6, 1, 9, 30, tzinfo=datetime.UTC),
        intake_mode="email",
        capacity_status="waiting_list",
        capacity_wait_band="2_to_4_weeks",
        capacity_note="Busy after Christmas",
        capacity_updated_at=datetime.datetime(2025, 6, 2, 10, 0, tzinfo=datetime.UTC),
    )
    sal = ServiceAtLocation.objects.create(service=clinic, location=hub, description="Upstairs")
    Schedule.objects.create(
        service_at_location=sal,
        freq="WEEKLY",
        byday="TU",
        opens_at=datetime.time(10),
        closes_at=datetime.time(12),
    )
    Attribute.objects.create(taxonomy_term=money, link_entity="service_at_location", link_id=sal.id)
    Schedule.objects.create(service=clinic, freq="MONTHLY", bymonthday="1", description="Drop-in")
    phone = Phone.objects.create(service=clinic, number="01632 960003", extension=12)
    Language.objects.create(phone=phone, name="Polish", code="pl")
    contact = Contact.objects.create(service=clinic, name="Duty adviser", title="Adviser")
    Phone.objects.create(contact=contact, number="01632 960004")
    ServiceArea.objects.create(
        service=clinic, name="Eastmoor", extent="M1 M2", extent_type="postcode_districts"
    )
    CostOption.objects.create(
        service=clinic, option="Free", amount=Decimal("12.50"), currency="GBP"
    )
    Funding.objects.create(service=clinic, source="Council grant")
    RequiredDocument.objects.create(service=clinic, document="Bank statements")
    Language.objects.create(service=clinic, name="English", code="en")
    Attribute.objects.create(
        taxonomy_term=debt, link_entity="service", link_id=clinic.id, value="1"
    )
    Service.objects.create(
        organization=trust,
        name="Home visits",
        description="Paused.",
        status="temporarily closed",
        published=False,
        intake_mode="joinedup",
        capacity_status="not_accepting",
    )
    Service.objects.create(
        name="Helpline with no organisation", description="Call us.", published=False
    )
    return {"clinic": clinic, "trust": trust}


def empty_the_directory() -> None:
    Attribute.objects.all().delete()
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()
    TaxonomyTerm.objects.all().delete()
    Taxonomy.objects.all().delete()
    assert Phone.objects.count() == Contact.objects.count() == Schedule.objects.count() == 0


def canonical(value: Any) -> Any:
    """The same data whatever order the database returned child rows in."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


def read_export(path: Path, format: str) -> Any:
    if format == "json":
        return canonical(json.loads(path.read_text()))
    if format == "ndjson":
        lines = path.read_text().split("\n")
        return canonical([json.loads(line) for line in lines if line])
    return {
        csv_file.name: sorted(map(tuple, csv.reader(csv_file.open(newline=""))))
        for csv_file in sorted(path.glob("*.csv"))
    } | {"datapackage.json": json.loads((path / "datapackage.json").read_text())}


def output_path(tmp_path: Path, name: str, format: str) -> Path:
    return tmp_path / (name if format == "csv" else f"{name}.{format}")


@pytest.mark.parametrize("format", ["json", "ndjson", "csv"])
def test_export_import_export_gives_the_same_data(place, tmp_path, format):
    first = output_path(tmp_path, "first", format)
    second = output_path(tmp_path, "second", format)
    export_directory(format=format, output=first)
    counts_before = {m.__name__: m.objects.count() for m in (Service, Phone, Schedule, Attribute)}
    empty_the_directory()

    report = import_directory(paths=[first])
    export_directory(format=format, output=second)

    assert report.rejected == []
    assert read_export(second, format) == read_export(first, format)
    assert {m.__name__: m.objects.count() for m in (Service, Phone, Schedule, Attribute)} == (
        counts_before
    )
    clinic = Service.objects.get(pk=place["clinic"].pk)
    assert (clinic.intake_mode, clinic.capacity_status) == ("email", "waiting_list")
    assert clinic.capacity_wait_band == "2_to_4_weeks"
    assert clinic.capacity_note == "Busy after Christmas"
    assert clinic.capacity_updated_at == datetime.datetime(2025, 6, 2, 10, 0, tzinfo=datetime.UTC)
    assert clinic.program.name == "Money matters"
    assert clinic.cost_options.get().amount == Decimal("12.50")
    hub = clinic.service_at_locations.get().location
    assert (hub.latitude, hub.longitude) == (53.4808, -2.2426)
    assert not Service.objects.get(name="Home visits").published
    council = Organization.objects.get(name="Eastmoor Parish Council")
    assert (council.published, council.sector) == (False, "council")
    assert council.parent_organization_id == place["trust"].pk
    assert TaxonomyTerm.objects.get(code="leaf").parent.parent.code == "money"


@pytest.mark.parametrize("format", ["json", "ndjson", "csv"])
def test_reimporting_an_export_over_its_source_changes_nothing(place, tmp_path, format):
    path = output_path(tmp_path, "export", format)
    export_directory(format=format, output=path)
    import_directory(paths=[path])  # the first import records hashes over hand-made rows

    report = import_directory(paths=[path])

    assert report.rejected == []
    assert report.total("created") == report.total("updated") == 0, report.as_dict()
    assert report.total("unchanged", "service") == 3


def test_ndjson_has_one_fully_nested_service_per_line(place, tmp_path):
    path = tmp_path / "out.ndjson"
    export_directory(format="ndjson", output=path)

    lines = [json.loads(line) for line in path.read_text().splitlines()]
    services = [line for line in lines if "joinedup_record_type" not in line]
    assert len(services) == 3
    clinic = next(s for s in services if s["name"] == "Debt clinic")
    location = clinic["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "M1 1AA"
    assert clinic["organization"]["name"] == "Eastmoor Advice Trust"
    assert clinic["capacities"][0]["available"] == 0
    others = {line["joinedup_record_type"] for line in lines if line not in services}
    assert others == {"taxonomy", "taxonomy_term", "organization", "location"}


def test_csv_datapackage_uses_hsds_columns(place, tmp_path):
    export_directory(format="csv", output=tmp_path / "pkg")

    header = (tmp_path / "pkg" / "services.csv").read_text().splitlines()[0].split(",")
    assert header[:6] == [
        "id",
        "organization_id",
        "program_id",
        "name",
        "alternate_name",
        "description",
    ]
    assert "joinedup_capacity_status" in header
    package = json.loads((tmp_path / "pkg" / "datapackage.json").read_text())
    assert {r["path"] for r in package["resources"]} >= {"services.csv", "taxonomy_terms.csv"}


def test_export_command_writes_and_audits(place, tmp_path):
    out = StringIO()
    call_command(
        "export_directory", "--format", "json", "--output", str(tmp_path / "d.json"), stdout=out
    )

    assert "3 services" in out.getvalue()
    assert json.loads((tmp_path / "d.json").read_text())["services"]
    assert AuditEvent.objects.filter(action="directory.exported").count() == 1


def test_export_command_refuses_a_folder_for_json(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="is a folder"):
        call_command("export_directory", "--format", "json", "--output", str(tmp_path))


def test_empty_directory_exports_and_imports(tmp_path):
    path = tmp_path / "empty.json"
    export_directory(format="json", output=path)

    report = import_directory(paths=[path])

    assert report.ok and report.total("created") == 0
    assert timezone.now()
