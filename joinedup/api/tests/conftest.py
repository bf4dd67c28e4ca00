"""A small but complete directory for the feed tests: every HSDS object filled in.

Places: the Easton hub sits in BS5 (about 2.9 km from BS1's centroid); the city-centre office
in BS1. The wellbeing service covers BS5 and BS6 only; the debt advice service has no service
area (available everywhere); the hidden service is unpublished; the closed organisation is
unpublished, and so is its service.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from joinedup.api.validation import FeedValidator, project_validator
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
    Sector,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from joinedup.search.services import rebuild_index


@dataclass
class Directory:
    org: Organization
    closed_org: Organization
    wellbeing: Service
    debt: Service
    hidden: Service
    closed_service: Service
    hub: Location
    office: Location
    hub_wellbeing: ServiceAtLocation
    office_debt: ServiceAtLocation
    taxonomy: Taxonomy
    health: TaxonomyTerm
    mental_health: TaxonomyTerm
    money: TaxonomyTerm


@pytest.fixture(scope="session")
def validator() -> FeedValidator:
    return project_validator()


@pytest.fixture
def client() -> Client:
    return Client()


def _location(org: Organization, name: str, lat: float, lng: float, postcode: str) -> Location:
    location = Location.objects.create(
        organization=org,
        name=name,
        description=f"{name}, with a step-free entrance.",
        latitude=lat,
        longitude=lng,
        url="www.example.org/places",  # no scheme: the feed must publish a valid URI
        external_identifier="10092008082",
        external_identifier_type="UPRN",
    )
    Address.objects.create(
        location=location, address_1="1 Stapleton Road", city="Bristol", postal_code=postcode
    )
    Accessibility.objects.create(location=location, description="Ramp at the front door")
    Phone.objects.create(location=location, number="0117 496 0000")
    Schedule.objects.create(
        location=location,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR",
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
    )
    Language.objects.create(location=location, name="Somali", code="so")
    return location


@pytest.fixture
def directory(db) -> Directory:
    taxonomy = Taxonomy.objects.create(
        name="Joinedup needs", description="What people ask for.", uri="https://example.org/t"
    )
    health = TaxonomyTerm.objects.create(
        name="Health", description="Health and wellbeing", taxonomy_detail=taxonomy, code="H"
    )
    mental_health = TaxonomyTerm.objects.create(
        name="Mental health", description="", parent=health, taxonomy_detail=taxonomy
    )
    money = TaxonomyTerm.objects.create(name="Money", description="Debt, benefits, budgeting")
    org = Organization.objects.create(
        name="Easton Community Trust",
        description="A community charity in Easton.",
        email="hello@easton.example",
        website="https://easton.example",
        year_incorporated=1998,
        sector=Sector.VCS,
    )
    OrganizationIdentifier.objects.create(
        organization=org, identifier_type="Charity number", identifier="1234567"
    )
    Funding.objects.create(organization=org, source="National Lottery")
    program = Program.objects.create(organization=org, name="Wellbeing programme")
    closed_org = Organization.objects.create(
        name="Closed Trust", description="Wound up.", published=False
    )
    hub = _location(org, "Easton hub", 51.4620, -2.5530, "BS5 6XX")
    office = _location(org, "City office", 51.4540, -2.5920, "BS1 4DJ")
    wellbeing = Service.objects.create(
        organization=org,
        program=program,
        name="Wellbeing cafe",
        description="Drop in for a cup of tea and a chat about how you are feeling.",
        url="https://easton.example/cafe",
        email="cafe@easton.example",
        status="active",
        minimum_age=16,
        maximum_age=99,
        assured_date=datetime.date(2026, 1, 5),
        fees_description="Free",
        intake_mode="email",
        capacity_status="waiting_list",
        capacity_wait_band="2_to_4_weeks",
        capacity_note="Evening sessions are busiest.",
        capacity_updated_at=timezone.now(),
    )
    ServiceArea.objects.create(
        service=wellbeing, name="Easton", extent="BS5 BS6", extent_type="postcode_districts"
    )
    Schedule.objects.create(
        service=wellbeing, freq="WEEKLY", byday="TU", opens_at=datetime.time(10, 30)
    )
    Phone.objects.create(service=wellbeing, number="0117 496 0001", extension=12)
    contact = Contact.objects.create(service=wellbeing, name="Sam", email="not an email")
    Phone.objects.create(contact=contact, number="0117 496 0002")
    CostOption.objects.create(service=wellbeing, option="Tea", amount=Decimal("0.50"))
    Funding.objects.create(service=wellbeing, source="Council grant")
    Language.objects.create(service=wellbeing, name="English", code="en")
    RequiredDocument.objects.create(service=wellbeing, document="None")
    Attribute.objects.create(
        taxonomy_term=mental_health, link_entity="service", link_id=wellbeing.id
    )
    Attribute.objects.create(taxonomy_term=health, link_entity="location", link_id=hub.id)
    debt = Service.objects.create(
        organization=org, name="Debt advice", description="", status="temporarily closed"
    )
    Attribute.objects.create(taxonomy_term=money, link_entity="service", link_id=debt.id)
    hidden = Service.objects.create(organization=org, name="Draft service", published=False)
    closed_service = Service.objects.create(organization=closed_org, name="Closed service")
    hub_wellbeing = ServiceAtLocation.objects.create(service=wellbeing, location=hub)
    office_debt = ServiceAtLocation.objects.create(service=debt, location=office)
    ServiceAtLocation.objects.create(service=hidden, location=hub)
    Schedule.objects.create(service_at_location=hub_wellbeing, byday="SA", notes="Saturdays")
    # The feed's `search` goes through the search index (kept on commit outside tests).
    rebuild_index()
    return Directory(
        org=org,
        closed_org=closed_org,
        wellbeing=wellbeing,
        debt=debt,
        hidden=hidden,
        closed_service=closed_service,
        hub=hub,
        office=office,
        hub_wellbeing=hub_wellbeing,
        office_debt=office_debt,
        taxonomy=taxonomy,
        health=health,
        mental_health=mental_health,
        money=money,
    )
