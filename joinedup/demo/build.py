"""Turns the demo content into unsaved model rows with stable ids, ready to bulk insert."""

from __future__ import annotations

import datetime
import uuid

from django.db import models

from joinedup.core import postcodes
from joinedup.demo import (
    organisations,
    services_community,
    services_council,
    services_nhs,
    services_public,
    services_voluntary,
    services_voluntary_inclusion,
)
from joinedup.demo.build_services import add_service, service_key
from joinedup.demo.rows import DemoContentError, DemoRows, phone_number
from joinedup.demo.sites import SITES
from joinedup.demo.spec import NEIGHBOURHOODS, Org, Site, Svc, demo_id, stable_number
from joinedup.demo.taxonomy import NEEDS, TAXONOMY_DESCRIPTION, TAXONOMY_NAME
from joinedup.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

# Keep this order: a service's phone number follows from its place in the list.
ALL_SERVICES: list[Svc] = [
    *services_nhs.SERVICES,
    *services_council.SERVICES,
    *services_public.SERVICES,
    *services_voluntary.SERVICES,
    *services_voluntary_inclusion.SERVICES,
    *services_community.SERVICES,
]

# Royal Mail never uses C, I, K, M, O or V in the inward code.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# Order matters: rows are inserted in this order, parents before children.
MODEL_ORDER: list[type[models.Model]] = [
    Taxonomy,
    TaxonomyTerm,
    Organization,
    Location,
    Address,
    Accessibility,
    Service,
    ServiceAtLocation,
    ServiceArea,
    Language,
    CostOption,
    Schedule,
    Phone,
    Attribute,
]
TOP_LEVEL: tuple[type[models.Model], ...] = (
    Taxonomy,
    TaxonomyTerm,
    Organization,
    Location,
    Service,
)


def postcode_for(site: Site) -> str:
    """An invented inward code on the site's real district; the same street gets the same one."""
    n = stable_number(f"{site.district}:{site.street}", 10 * 20 * 20)
    inward = f"{n % 10}{INWARD_LETTERS[(n // 10) % 20]}{INWARD_LETTERS[(n // 200) % 20]}"
    return postcodes.normalise(f"{site.district} {inward}")


def coordinates_for(site: Site) -> tuple[float, float]:
    """The district centroid moved up to ~600 m, so a place's buildings do not all stack up."""
    lat, lng = postcodes.locate(site.district)
    dlat = (stable_number(f"{site.key}:lat", 1000) / 1000 - 0.5) * 0.011
    dlng = (stable_number(f"{site.key}:lng", 1000) / 1000 - 0.5) * 0.017
    return round(lat + dlat, 5), round(lng + dlng, 5)


def build(*, today: datetime.date) -> DemoRows:
    """Every demo directory row, unsaved, with its stable id."""
    out = DemoRows()
    term_ids = _taxonomy(out)
    orgs = {org.key: org for org in organisations.ORGS}
    sites = {site.key: site for site in SITES}
    for i, org in enumerate(organisations.ORGS):
        _organisation(out, org, i)
    for site in SITES:
        if site.org not in orgs:
            raise DemoContentError(f"site {site.key} belongs to unknown organisation {site.org}")
        _site(out, site)
    seen: set[str] = set()
    for i, svc in enumerate(ALL_SERVICES):
        key = service_key(svc)
        if key in seen:
            raise DemoContentError(f"service {key} is defined twice")
        seen.add(key)
        if svc.org not in orgs:
            raise DemoContentError(f"service {key} belongs to unknown organisation {svc.org}")
        add_service(out, svc, orgs[svc.org], sites, term_ids, i, today)
    return out


def _taxonomy(out: DemoRows) -> dict[str, uuid.UUID]:
    taxonomy = Taxonomy(
        id=demo_id("taxonomy", "needs"),
        name=TAXONOMY_NAME,
        description=TAXONOMY_DESCRIPTION,
        version="1",
    )
    out.add(taxonomy)
    ids: dict[str, uuid.UUID] = {}
    for code, name, children in NEEDS:
        ids[code] = demo_id("term", code)
        out.add(_term(code, name, None, taxonomy))
        for child_code, child_name in children:
            ids[child_code] = demo_id("term", child_code)
            out.add(_term(child_code, child_name, ids[code], taxonomy))
    return ids


def _term(code: str, name: str, parent: uuid.UUID | None, taxonomy: Taxonomy) -> TaxonomyTerm:
    return TaxonomyTerm(
        id=demo_id("term", code),
        code=code,
        name=name,
        parent_id=parent,
        taxonomy=taxonomy.name,
        taxonomy_detail=taxonomy,
        language="en",
    )


def _organisation(out: DemoRows, org: Org, i: int) -> None:
    org_id = demo_id("organization", org.key)
    out.add(
        Organization(
            id=org_id,
            name=org.name,
            alternate_name=org.alternate_name,
            description=org.description,
            email=f"hello@{org.key}.example.org",
            website=f"https://{org.key}.example.org/",
            sector=org.sector,
            year_incorporated=org.year,
            legal_status=org.legal_status,
        )
    )
    out.add(
        Phone(
            id=demo_id("phone", f"org/{org.key}"),
            organization_id=org_id,
            number=phone_number(100 + i),
        )
    )


def _site(out: DemoRows, site: Site) -> None:
    location_id = demo_id("location", site.key)
    lat, lng = coordinates_for(site)
    out.add(
        Location(
            id=location_id,
            organization_id=demo_id("organization", site.org),
            name=site.name,
            description=site.description,
            transportation=site.transport,
            latitude=lat,
            longitude=lng,
        )
    )
    out.add(
        Address(
            id=demo_id("address", site.key),
            location_id=location_id,
            address_1=site.street,
            address_2=NEIGHBOURHOODS[site.district],
            city="Ashdown",
            postal_code=postcode_for(site),
            country="GB",
        )
    )
    if site.access:
        out.add(
            Accessibility(
                id=demo_id("accessibility", site.key),
                location_id=location_id,
                description=site.access,
            )
        )
