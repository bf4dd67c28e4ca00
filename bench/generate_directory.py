"""Generate a large, deterministic, realistic-ish directory into whatever DATABASE_URL points at.

    DATABASE_URL=sqlite:////tmp/big.sqlite3 .venv/bin/joinedup migrate
    DATABASE_URL=sqlite:////tmp/big.sqlite3 .venv/bin/python bench/generate_directory.py 100000

Organisations (one per 20 services), locations (one per 4 services, with coordinates around
a few English cities, and an address), a two-level taxonomy, one service-at-location and one
or two taxonomy attributes per service, and a postcode-district service area on half of them.
About 3% of services are unpublished. Same seed, same directory (ids included), so the search
benchmark can reuse it. Prints a JSON summary.

Where the places are (`--spread`):
- `cities` (the default): five English cities, a fifth of the services each, all within about
  9 km of the centre: 20,000 services in Bristol for 100,000, 25 times its real directory. The
  densest case for a search near a person.
- `national`: each location near a postcode district drawn from the shipped table of the
  UK's 2,867 districts, about 35 services a district for 100,000, as a national directory
  would be spread.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from joinedup.core import postcodes  # noqa: E402
from joinedup.directory.models import (  # noqa: E402
    Address,
    Attribute,
    CapacityStatus,
    IntakeMode,
    Location,
    Organization,
    Sector,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)

BATCH = 2000
_DISTRICTS = sorted(postcodes.districts().values())
# (city, latitude, longitude, outcode prefix, number of districts)
CITIES = [
    ("Bristol", 51.4545, -2.5879, "BS", 16),
    ("Leeds", 53.8008, -1.5491, "LS", 28),
    ("Leicester", 52.6369, -1.1398, "LE", 19),
    ("Norwich", 52.6309, 1.2974, "NR", 30),
    ("Plymouth", 50.3755, -4.1427, "PL", 9),
]
NEEDS = {
    "Money": ["Debt advice", "Benefits advice", "Budgeting support", "Food bank", "Fuel vouchers"],
    "Housing": ["Homelessness prevention", "Tenancy support", "Emergency accommodation"],
    "Health": ["Mental health drop-in", "Talking therapy", "Stop smoking", "Falls prevention"],
    "Carers": ["Carers' support group", "Carers' assessment", "Respite breaks"],
    "Families": ["Parenting course", "Stay and play", "Family support worker", "Holiday club"],
    "Work": ["Employment coaching", "CV workshop", "Digital skills", "English classes"],
    "Loneliness": ["Befriending", "Lunch club", "Walking group", "Men's shed", "Community cafe"],
    "Safety": ["Domestic abuse advice", "Victim support", "Home fire safety visit"],
}
AUDIENCES = [
    "older people living alone",
    "young carers aged 8 to 18",
    "families with children under 5",
    "anyone struggling with money",
    "people leaving hospital",
    "refugees and asylum seekers",
    "adults with a learning disability",
    "people in recovery from addiction",
]
OPENERS = [
    "We offer {what} for {who}.",
    "{what_cap} for {who}, run by local volunteers and staff.",
    "A friendly {what} service for {who}.",
]
DETAILS = [
    "You can refer yourself or be referred by a professional.",
    "Sessions are free and confidential.",
    "We can arrange an interpreter if you need one.",
    "There is step-free access and a hearing loop.",
    "Drop in without an appointment, or call us to book.",
    "We work closely with the local GP surgeries and the council.",
]
ORG_KINDS = ["Community Trust", "Advice Centre", "Carers Centre", "Food Partnership", "Network"]
STREETS = ["High Street", "Church Road", "Station Road", "Mill Lane", "Park Avenue", "Green Lane"]


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _save(model: Any, rows: list[Any]) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH], batch_size=BATCH)


def _national_place(rng: random.Random) -> tuple[str, float, float, str]:
    """(region, latitude, longitude, outcode) about a kilometre around a random district."""
    district = rng.choice(_DISTRICTS)
    lat = district.latitude + rng.uniform(-0.01, 0.01)
    return district.region, lat, district.longitude + rng.uniform(-0.015, 0.015), district.outcode


def generate(services: int, *, seed: int = 2026, spread: str = "cities") -> dict[str, Any]:
    """Create `services` services and everything around them; returns counts."""
    # One generator drawn from in a fixed order: the same seed gives the same directory.
    rng = random.Random(seed)
    national = spread == "national"
    now = timezone.now()
    n_orgs = max(1, services // 20)
    n_locations = max(1, services // 4)
    with transaction.atomic():
        terms, leaves = _taxonomy(rng)
        orgs = _organizations(rng, n_orgs, national=national)
        locations, outcodes = _locations(rng, n_locations, orgs, national=national)
        areas, attributes = _services(
            rng, services, orgs=orgs, locations=locations, outcodes=outcodes, leaves=leaves, now=now
        )
    return {
        "services": services,
        "organizations": n_orgs,
        "locations": n_locations,
        "taxonomy_terms": len(terms),
        "service_areas": len(areas),
        "attributes": len(attributes),
    }


def _taxonomy(rng: random.Random) -> tuple[list[TaxonomyTerm], list[TaxonomyTerm]]:
    """The two-level taxonomy of needs: (every term, the leaves services are tagged with)."""
    taxonomy = Taxonomy(id=_uuid(rng), name="Bench needs", description="Generated needs.")
    _save(Taxonomy, [taxonomy])
    terms: list[TaxonomyTerm] = []
    leaves: list[TaxonomyTerm] = []
    for top_name, children in NEEDS.items():
        top = TaxonomyTerm(
            id=_uuid(rng),
            name=top_name,
            description=f"{top_name} needs",
            taxonomy_detail=taxonomy,
        )
        terms.append(top)
        for child in children:
            leaf = TaxonomyTerm(
                id=_uuid(rng),
                name=child,
                description=child,
                parent=top,
                taxonomy_detail=taxonomy,
            )
            terms.append(leaf)
            leaves.append(leaf)
    _save(TaxonomyTerm, terms)
    return terms, leaves


def _organizations(rng: random.Random, n_orgs: int, *, national: bool) -> list[Organization]:
    sectors = list(Sector.values)
    orgs = []
    for i in range(n_orgs):
        home = _DISTRICTS[i % len(_DISTRICTS)].region if national else None
        city = home or CITIES[i % len(CITIES)][0]
        name = f"{rng.choice(['North', 'South', 'East', 'West', 'Central'])} {city} "
        name += f"{rng.choice(ORG_KINDS)} {i}"
        orgs.append(
            Organization(
                id=_uuid(rng),
                name=name,
                description=f"{name} helps people in {city}.",
                sector=rng.choice(sectors),
                website=f"https://org{i}.example.org",
                published=rng.random() > 0.01,
            )
        )
    _save(Organization, orgs)
    return orgs


def _locations(
    rng: random.Random, n_locations: int, orgs: list[Organization], *, national: bool
) -> tuple[list[Location], list[str]]:
    """Venues with an address each: (the locations, the postcode district of each)."""
    locations, addresses, outcodes = [], [], []
    for i in range(n_locations):
        if national:
            city, latitude, longitude, district = _national_place(rng)
            uuid_ = _uuid(rng)
        else:
            city, lat, lng, prefix, districts = CITIES[i % len(CITIES)]
            district = f"{prefix}{rng.randint(1, districts)}"
            uuid_ = _uuid(rng)
            latitude, longitude = lat + rng.uniform(-0.08, 0.08), lng + rng.uniform(-0.12, 0.12)
        outcodes.append(district)
        loc = Location(
            id=uuid_,
            organization=orgs[i % len(orgs)],
            name=f"{city} venue {i}",
            latitude=latitude,
            longitude=longitude,
        )
        locations.append(loc)
        addresses.append(
            Address(
                id=_uuid(rng),
                location=loc,
                city=city,
                postal_code=f"{district} 1AA",
                address_1=f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
            )
        )
    _save(Location, locations)
    _save(Address, addresses)
    return locations, outcodes


def _services(
    rng: random.Random,
    services: int,
    *,
    orgs: list[Organization],
    locations: list[Location],
    outcodes: list[str],
    leaves: list[TaxonomyTerm],
    now: datetime.datetime,
) -> tuple[list[ServiceArea], list[Attribute]]:
    """The services, each at one location, with a local area on about half and one or two
    needs each: (the service areas, the attributes)."""
    statuses = [ServiceStatus.ACTIVE] * 17 + [ServiceStatus.TEMPORARILY_CLOSED] * 2
    statuses += [ServiceStatus.INACTIVE]
    rows, sals, areas, attributes = [], [], [], []
    for i in range(services):
        top = rng.choice(list(NEEDS))
        what = rng.choice(NEEDS[top])
        who = rng.choice(AUDIENCES)
        location_index = rng.randrange(len(locations))
        service = Service(
            id=_uuid(rng),
            organization=orgs[location_index % len(orgs)],
            name=f"{what} ({locations[location_index].name.split(' venue')[0]}) {i}",
            description=" ".join(
                [
                    rng.choice(OPENERS).format(what=what.lower(), what_cap=what, who=who),
                    *rng.sample(DETAILS, 2),
                ]
            ),
            status=rng.choice(statuses),
            minimum_age=rng.choice([None, 16, 18]),
            assured_date=(now - datetime.timedelta(days=rng.randint(0, 700))).date(),
            last_modified=now - datetime.timedelta(minutes=rng.randint(0, 500_000)),
            published=rng.random() > 0.03,
            intake_mode=rng.choice(IntakeMode.values),
            capacity_status=rng.choice(CapacityStatus.values),
        )
        rows.append(service)
        sals.append(
            ServiceAtLocation(id=_uuid(rng), service=service, location=locations[location_index])
        )
        if rng.random() < 0.5:
            areas.append(_local_area(rng, service, outcodes[location_index]))
        for term in rng.sample(leaves, rng.choice([1, 1, 2])):
            attributes.append(
                Attribute(
                    id=_uuid(rng),
                    taxonomy_term=term,
                    link_entity="service",
                    link_id=service.id,
                )
            )
    _save(Service, rows)
    _save(ServiceAtLocation, sals)
    _save(ServiceArea, areas)
    _save(Attribute, attributes)
    return areas, attributes


def _local_area(rng: random.Random, service: Service, home: str) -> ServiceArea:
    """The service's home district and a neighbour (perhaps the same one)."""
    prefix = home.rstrip("0123456789")
    near = {home, f"{prefix}{rng.randint(1, 9)}"}
    return ServiceArea(
        id=_uuid(rng),
        service=service,
        name="Local area",
        extent=" ".join(sorted(near)),
        extent_type="postcode_districts",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("services", nargs="?", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--spread", choices=["cities", "national"], default="cities")
    args = parser.parse_args()
    started = time.perf_counter()
    summary = generate(args.services, seed=args.seed, spread=args.spread)
    # Written in bulk, as an import writes: the planner's statistics, as an import gathers.
    from django.apps import apps

    from joinedup.core import planner

    planner.analyse(apps.get_app_config("directory").get_models())
    summary["spread"] = args.spread
    summary["seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
