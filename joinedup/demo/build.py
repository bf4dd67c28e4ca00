"""Turns the demo content into unsaved model rows with stable ids, ready to bulk insert: the
taxonomy, each organisation and its buildings, and each service with its categories, places,
area, languages, costs, opening hours and phone number (numbers that can never ring anyone)."""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from joinedup.core import postcodes
from joinedup.demo import (
    organisations,
    services_community,
    services_council,
    services_nhs,
    services_public,
    services_voluntary,
)
from joinedup.demo.sites import SITES
from joinedup.demo.spec import (
    NEIGHBOURHOODS,
    PLACE_AREA,
    Org,
    Site,
    Svc,
    demo_id,
    stable_number,
)
from joinedup.demo.taxonomy import NEEDS, TAXONOMY_DESCRIPTION, TAXONOMY_NAME
from joinedup.directory.models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    Language,
    Location,
    LocationType,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


class DemoContentError(ValueError):
    """The demo content refers to something it does not define (a bug in the content)."""


@dataclass
class DemoRows:
    rows: dict[type[models.Model], list[models.Model]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, obj: models.Model) -> None:
        self.rows[type(obj)].append(obj)


def phone_number(n: int) -> str:
    # Ofcom's drama range for the fictional 01632 area: never a real line.
    return f"01632 {960000 + n}"


def freephone_number(n: int) -> str:
    # Ofcom's drama range for freephone numbers (0808 157 0000 to 0999).
    return f"0808 157 {n:04d}"


# Keep this order: a service's phone number follows from its place in the list.
ALL_SERVICES: list[Svc] = [
    *services_nhs.SERVICES,
    *services_council.SERVICES,
    *services_public.SERVICES,
    *services_voluntary.SERVICES,
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


# One service's rows.

LANGUAGE_NAMES = {
    "en": "English",
    "pl": "Polish",
    "so": "Somali",
    "ur": "Urdu",
    "ar": "Arabic",
    "ro": "Romanian",
    "bn": "Bengali",
    "fa": "Persian (Farsi)",
    "ps": "Pashto",
    "ti": "Tigrinya",
    "ku": "Kurdish",
    "uk": "Ukrainian",
}

HOW_BY_INTAKE = {
    "joinedup": "Ask any partner organisation to refer you through joinedup, with your "
    "agreement, or contact us yourself.",
    "email": "Professionals refer by email with the person's consent. You can also contact "
    "us yourself to talk it through.",
    "phone": "Call us to refer yourself, or to refer someone else with their agreement.",
    "signposting": "No referral needed: contact us directly or just come along.",
}


def service_key(svc: Svc) -> str:
    return f"{svc.org}/{svc.key}"


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def _area_name(extent: str) -> str:
    if extent == PLACE_AREA:
        return "Ashdown"
    return ", ".join(NEIGHBOURHOODS.get(code, code) for code in extent.split())


def add_service(
    out: DemoRows,
    svc: Svc,
    org: Org,
    sites: dict[str, Site],
    term_ids: dict[str, uuid.UUID],
    i: int,
    today: datetime.date,
) -> None:
    key = service_key(svc)
    service_id = demo_id("service", key)
    intake = svc.intake or org.intake
    # Most listings were checked within the last five months; a few over a year ago, so the
    # directory's "due a check" flag and the managers' stale list have something to show.
    age_days = 400 + stable_number(key, 200) if svc.stale else 3 + stable_number(key, 150)
    assured = today - datetime.timedelta(days=age_days)
    checked_at = timezone.make_aware(datetime.datetime.combine(assured, datetime.time(10, 0)))
    url = f"https://{org.key}.example.org/{svc.url_path or svc.key}"
    out.add(
        Service(
            id=service_id,
            organization_id=demo_id("organization", org.key),
            name=svc.name,
            description=svc.description,
            url=url,
            email=f"referrals@{org.key}.example.org"
            if intake == "email"
            else f"hello@{org.key}.example.org",
            status=svc.status,
            application_process=svc.how or HOW_BY_INTAKE[intake],
            fees_description=svc.fees or "Free.",
            eligibility_description=svc.who,
            minimum_age=svc.ages[0],
            maximum_age=svc.ages[1],
            assured_date=assured,
            assurer_email="directory@ashdown-together.example.org",
            alert=svc.note if svc.status != "active" else "",
            last_modified=checked_at,
            intake_mode=intake,
            capacity_status=svc.capacity,
            capacity_wait_band=svc.wait,
            capacity_note=svc.note if svc.status == "active" else "",
            capacity_updated_at=checked_at,
        )
    )
    for code in svc.terms.split():
        if code not in term_ids:
            raise DemoContentError(f"service {key} uses unknown taxonomy term {code}")
        out.add(
            Attribute(
                id=demo_id("attribute", f"{key}/{code}"),
                taxonomy_term_id=term_ids[code],
                link_id=service_id,
                link_entity="service",
            )
        )
    _service_places(out, svc, org, sites, key, service_id, url)
    extent = svc.areas or org.area
    for code in extent.split():
        postcodes.locate(code)  # every district served must be a real, live one
    out.add(
        ServiceArea(
            id=demo_id("service_area", key),
            service_id=service_id,
            name=_area_name(extent),
            extent=extent,
            extent_type="postcode_districts",
        )
    )
    for code in ("en", *svc.languages):
        out.add(
            Language(
                id=demo_id("language", f"{key}/{code}"),
                service_id=service_id,
                name=LANGUAGE_NAMES[code],
                code=code,
            )
        )
    for option, amount in svc.costs:
        out.add(
            CostOption(
                id=demo_id("cost_option", f"{key}/{option}"),
                service_id=service_id,
                option=option,
                currency="GBP",
                amount=amount,
            )
        )
    for byday, opens, closes in svc.hours:
        all_day = (opens, closes) == ("00:00", "23:59")
        out.add(
            Schedule(
                id=demo_id("schedule", f"{key}/{byday}/{opens}"),
                service_id=service_id,
                freq=Schedule.Freq.WEEKLY,
                wkst="MO",
                byday=byday,
                opens_at=None if all_day else _time(opens),
                closes_at=None if all_day else _time(closes),
                description="24 hours" if all_day else "",
            )
        )
    number = freephone_number(i) if svc.remote == "phone" else phone_number(500 + i)
    out.add(Phone(id=demo_id("phone", key), service_id=service_id, number=number))


def _service_places(
    out: DemoRows,
    svc: Svc,
    org: Org,
    sites: dict[str, Site],
    key: str,
    service_id: uuid.UUID,
    url: str,
) -> None:
    """Where the service happens: its sites, an online place, or nowhere (by phone)."""
    if svc.remote == "phone":
        return
    if svc.remote == "online":
        location_id = demo_id("location", f"online/{key}")
        out.add(
            Location(
                id=location_id,
                organization_id=demo_id("organization", org.key),
                location_type=LocationType.VIRTUAL,
                name=f"{svc.name} (online)",
                url=url,
            )
        )
        site_ids = [location_id]
    else:
        keys = svc.sites or (org.site,)
        for site_key in keys:
            if site_key not in sites:
                raise DemoContentError(f"service {key} is at unknown site {site_key}")
        site_ids = [demo_id("location", k) for k in keys]
    for location_id in site_ids:
        out.add(
            ServiceAtLocation(
                id=demo_id("service_at_location", f"{key}/{location_id}"),
                service_id=service_id,
                location_id=location_id,
            )
        )
