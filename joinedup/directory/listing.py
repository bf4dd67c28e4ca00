"""Listing use cases: an organisation adds, fills in, publishes and withdraws a service.

Each part of a listing (categories, languages, delivery, opening hours, contact details, area)
is saved on its own, by one function here that checks the actor may edit the service, replaces
that part in one transaction, writes its audit event and tells search the listing changed. The
core details, capacity, intake and locations are `joinedup.directory.services`.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.core import audit, postcodes
from joinedup.core.models import User
from joinedup.directory import languages
from joinedup.directory.changes import listings_changed
from joinedup.directory.models import (
    Attribute,
    DeliveryMethod,
    Language,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    TaxonomyTerm,
)
from joinedup.directory.models.contacts import DAY_ORDER
from joinedup.directory.permissions import require_editable

# A day's hours, or None when closed.
Hours = tuple[datetime.time, datetime.time] | None


def _saved(
    *,
    actor: User,
    service: Service,
    action: str,
    before: Any,
    after: Any,
    fields: Sequence[str] = (),
) -> None:
    """What every listing change ends with: last_modified moves, audit line, search told."""
    service.last_modified = timezone.now()
    service.save(update_fields=[*fields, "last_modified"])
    audit.record(
        action,
        actor=actor,
        target=service,
        organization=service.organization,
        details={"before": before, "after": after},
    )
    listings_changed([service.pk])


def _locked(service: Service) -> Service:
    return (
        Service.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=service.pk)
    )


def create_service(
    *, actor: User, organization: Organization, name: str, description: str = ""
) -> Service:
    """Start a new listing for an organisation: a draft nobody else sees until it is published."""
    if not organization.is_editable_by(actor):
        raise PermissionDenied("You cannot add services for this organisation")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the service's name"})
    with transaction.atomic():
        service = Service.objects.create(
            organization=organization,
            name=name,
            description=description.strip(),
            published=False,
        )
        audit.record(
            "service.created",
            actor=actor,
            target=service,
            organization=organization,
            details={"after": {"name": name, "published": False}},
        )
        listings_changed([service.pk])
    return service


def publishing_problems(service: Service) -> dict[str, str]:
    """What a listing still needs before the public may see it (empty when ready)."""
    problems: dict[str, str] = {}
    if service.organization_id is None:
        problems["organization"] = "A service must belong to an organisation to be published"
    if not service.description.strip():
        problems["description"] = "Say what the service does before you publish it"
    if not (service.email or service.url or service.phones.exists()):
        problems["contact"] = "Give a phone number, email address or website before you publish"
    return problems


def publish_service(*, actor: User, service: Service) -> Service:
    """Show a listing to the public (and to search)."""
    require_editable(actor, service)
    with transaction.atomic():
        service = _locked(service)
        if problems := publishing_problems(service):
            raise ValidationError(problems)
        if service.published:
            return service
        service.published = True
        _saved(
            actor=actor,
            service=service,
            action="service.published",
            before={"published": False},
            after={"published": True},
            fields=["published"],
        )
    return service


def withdraw_service(*, actor: User, service: Service) -> Service:
    """Take a listing down: the public and search stop seeing it; its organisation keeps it."""
    require_editable(actor, service)
    with transaction.atomic():
        service = _locked(service)
        if not service.published:
            return service
        service.published = False
        _saved(
            actor=actor,
            service=service,
            action="service.withdrawn",
            before={"published": True},
            after={"published": False},
            fields=["published"],
        )
    return service


def set_categories(*, actor: User, service: Service, term_ids: Sequence[uuid.UUID]) -> Service:
    """File a service under terms of the place's taxonomy (replacing its categories)."""
    require_editable(actor, service)
    wanted = set(term_ids)
    known = set(TaxonomyTerm.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - known:
        raise ValidationError({"terms": "Choose categories from the list"})
    with transaction.atomic():
        service = _locked(service)
        links = Attribute.objects.filter(link_entity="service", link_id=service.pk)
        before = set(links.values_list("taxonomy_term_id", flat=True))
        if before == wanted:
            return service
        links.filter(taxonomy_term_id__in=before - wanted).delete()
        Attribute.objects.bulk_create(
            Attribute(taxonomy_term_id=pk, link_id=service.pk, link_entity="service")
            for pk in wanted - before
        )
        _saved(
            actor=actor,
            service=service,
            action="service.categories_changed",
            before=sorted(str(pk) for pk in before),
            after=sorted(str(pk) for pk in wanted),
        )
    return service


def set_languages(
    *, actor: User, service: Service, codes: Sequence[str], interpretation: str = ""
) -> Service:
    """Say which languages the service works in (ISO 639 codes from our list) and whether it
    arranges interpreters."""
    require_editable(actor, service)
    normalised: list[str] = []
    for code in codes:
        found = languages.normalise(code)
        if found is None:
            raise ValidationError({"languages": f"Choose languages from the list, not “{code}”"})
        if found not in normalised:
            normalised.append(found)
    interpretation = interpretation.strip()
    with transaction.atomic():
        service = _locked(service)
        rows = Language.objects.filter(service=service, location=None, phone=None)
        before = {
            "languages": sorted(rows.values_list("code", flat=True)),
            "interpretation": service.interpretation_services,
        }
        after = {"languages": sorted(normalised), "interpretation": interpretation}
        if before == after:
            return service
        rows.delete()
        Language.objects.bulk_create(
            Language(service=service, code=code, name=languages.name_of(code))
            for code in normalised
        )
        service.interpretation_services = interpretation
        _saved(
            actor=actor,
            service=service,
            action="service.languages_changed",
            before=before,
            after=after,
            fields=["interpretation_services"],
        )
    return service


def set_delivery(*, actor: User, service: Service, methods: Sequence[str]) -> Service:
    """Say how the service is delivered (in person, at home, by phone, online)."""
    require_editable(actor, service)
    if not methods:
        raise ValidationError({"methods": "Select how the service is delivered"})
    if set(methods) - set(DeliveryMethod.values):
        raise ValidationError({"methods": "Select how the service is delivered from the list"})
    # Kept in the list's order, so the same choice is the same value.
    after = [m for m in DeliveryMethod.values if m in methods]
    with transaction.atomic():
        service = _locked(service)
        before = list(service.delivery_methods or [])
        if before == after:
            return service
        service.delivery_methods = after
        _saved(
            actor=actor,
            service=service,
            action="service.delivery_changed",
            before=before,
            after=after,
            fields=["delivery_methods"],
        )
    return service


def _check_week(week: Mapping[str, Hours]) -> None:
    errors: dict[str, str] = {}
    for day, hours in week.items():
        if day not in DAY_ORDER:
            raise ValueError(f"Unknown day {day}")
        if hours is not None and hours[0] >= hours[1]:
            errors[f"{day.lower()}_closes"] = "Closing time must be after opening time"
    if errors:
        raise ValidationError(errors)


def _hours_now(service: Service) -> dict[str, Any]:
    rows = Schedule.objects.filter(service=service, location=None, service_at_location=None)
    week = {
        row.byday: [row.opens_at.isoformat(), row.closes_at.isoformat()]
        for row in rows
        if row.byday in DAY_ORDER and row.opens_at and row.closes_at
    }
    exceptions = [row.description for row in rows if not row.byday and row.description]
    return {"week": week, "exceptions": "\n".join(exceptions)}


def set_opening_hours(
    *, actor: User, service: Service, week: Mapping[str, Hours], exceptions: str = ""
) -> Service:
    """Set the service's weekly opening hours (per weekday, opens and closes; a missing day is
    closed) and its exceptions, such as bank holidays, the way GOV.UK shows them."""
    require_editable(actor, service)
    _check_week(week)
    exceptions = exceptions.strip()
    with transaction.atomic():
        service = _locked(service)
        before = _hours_now(service)
        Schedule.objects.filter(service=service, location=None, service_at_location=None).delete()
        # One HSDS weekly schedule per open day: what the feed and other directories read.
        rows = [
            Schedule(
                service=service,
                freq=Schedule.Freq.WEEKLY,
                byday=day,
                opens_at=hours[0],
                closes_at=hours[1],
            )
            for day in DAY_ORDER
            if (hours := week.get(day)) is not None
        ]
        if exceptions:
            rows.append(Schedule(service=service, description=exceptions))
        Schedule.objects.bulk_create(rows)
        after = _hours_now(service)
        if before == after:
            return service
        _saved(
            actor=actor,
            service=service,
            action="service.hours_changed",
            before=before,
            after=after,
        )
    return service


def set_contact_details(
    *,
    actor: User,
    service: Service,
    phones: Sequence[tuple[str, str]],
    email: str,
    url: str,
) -> Service:
    """Set how people get in touch: phone numbers (number, what it is for), email and website."""
    require_editable(actor, service)
    cleaned = [(n.strip(), d.strip()) for n, d in phones if n.strip()]
    with transaction.atomic():
        service = _locked(service)
        rows = Phone.objects.filter(service=service, location=None, contact=None)
        before = {
            "phones": [[p.number, p.description] for p in rows.order_by("number")],
            "email": service.email,
            "url": service.url,
        }
        after: dict[str, Any] = {
            "phones": sorted([list(p) for p in cleaned]),
            "email": email.strip(),
            "url": url.strip(),
        }
        if before == after:
            return service
        rows.delete()
        Phone.objects.bulk_create(
            Phone(service=service, number=number, description=description)
            for number, description in cleaned
        )
        service.email = after["email"]
        service.url = after["url"]
        _saved(
            actor=actor,
            service=service,
            action="service.contact_changed",
            before=before,
            after=after,
            fields=["email", "url"],
        )
    return service


def set_service_area(
    *, actor: User, service: Service, name: str, outcodes: Sequence[str]
) -> Service:
    """Say which area the service covers: a name people recognise and the postcode districts
    (outcodes such as BS5) the feed's and search's area filters use."""
    require_editable(actor, service)
    known = postcodes.districts()
    districts: list[str] = []
    for code in outcodes:
        try:
            outcode = postcodes.outcode(code)
        except postcodes.PostcodeError:
            outcode = ""
        if outcode not in known:
            raise ValidationError({"outcodes": f"“{code}” is not a postcode district we know"})
        if outcode not in districts:
            districts.append(outcode)
    name = name.strip()
    if not name and not districts:
        raise ValidationError({"name": "Enter the area the service covers"})
    with transaction.atomic():
        service = _locked(service)
        rows = ServiceArea.objects.filter(service=service)
        before = [[a.name, a.extent] for a in rows]
        after = [[name, " ".join(districts)]]
        if before == after:
            return service
        rows.delete()
        ServiceArea.objects.create(
            service=service,
            name=name,
            extent=" ".join(districts),
            extent_type="postcode_districts" if districts else "",
        )
        _saved(
            actor=actor,
            service=service,
            action="service.area_changed",
            before=before,
            after=after,
        )
    return service
