"""Turns one demo service into its rows: the service, its categories, places, area, languages,
costs, opening hours and phone number."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from joinedup.core import postcodes
from joinedup.demo.rows import (
    DemoContentError,
    DemoRows,
    freephone_number,
    phone_number,
)
from joinedup.demo.spec import (
    NEIGHBOURHOODS,
    PLACE_AREA,
    Org,
    Site,
    Svc,
    demo_id,
    stable_number,
)
from joinedup.directory.models import (
    Attribute,
    CostOption,
    Language,
    Location,
    LocationType,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

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
    # Most listings were checked recently; a few were last checked over a year ago, so the
    # directory's "not checked for 12 months" flag has something to show.
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
