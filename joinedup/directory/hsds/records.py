"""HSDS records: locations, service-at-locations, organisations and services."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from joinedup.directory.hsds.parts import (
    ADDRESS_FIELDS,
    ADDRESS_REQUIRED,
    JOINEDUP_NS,
    REFERRALS_UNIT_ID,
    Json,
    _attributes,
    _clean,
    _fields,
    _language,
    _simple,
    attach_attributes,
    contact_to_hsds,
    phone_to_hsds,
    schedule_to_hsds,
)
from joinedup.directory.models import (
    CapacityStatus,
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    WaitBand,
)

# --- locations ------------------------------------------------------------------------------

LOCATION_FIELDS = (
    "id",
    "location_type",
    "url",
    "organization_id",
    "name",
    "alternate_name",
    "description",
    "transportation",
    "latitude",
    "longitude",
    "external_identifier",
    "external_identifier_type",
)


def location_to_hsds(location: Location, *, full: bool = True) -> Json:
    data = _fields(location, LOCATION_FIELDS)
    if full:
        data.update(
            languages=[_language(x) for x in location.languages.all()],
            addresses=[
                _simple(a, ADDRESS_FIELDS, required=(*ADDRESS_REQUIRED, "address_type"))
                for a in location.addresses.all()
            ],
            contacts=[contact_to_hsds(c) for c in location.contacts.all()],
            accessibility=[
                _clean({**_fields(a, ("id", "location_id", "description", "details", "url"))})
                | ({"accessibility": a.description} if a.description else {})
                for a in location.accessibility.all()
            ],
            phones=[phone_to_hsds(p) for p in location.phones.all()],
            schedules=[schedule_to_hsds(s) for s in location.schedules.all()],
            attributes=_attributes(location, "location"),
        )
    return _clean(data, required=("id", "location_type"))


def service_at_location_to_hsds(
    sal: ServiceAtLocation, *, full: bool = True, with_service: bool = False
) -> Json:
    data = _fields(sal, ("id", "service_id", "location_id", "description"))
    if full:
        data.update(
            contacts=[contact_to_hsds(c) for c in sal.contacts.all()],
            phones=[phone_to_hsds(p) for p in sal.phones.all()],
            schedules=[schedule_to_hsds(s) for s in sal.schedules.all()],
            location=location_to_hsds(sal.location),
            attributes=_attributes(sal, "service_at_location"),
        )
    else:
        data["location"] = location_to_hsds(sal.location, full=False)
    if with_service:
        data["service"] = service_to_hsds(sal.service, full=False)
    return _clean(data, required=("id",))


def service_at_location_relations() -> list[Any]:
    """Prefetches for full service-at-locations (with their service's list form)."""
    return [
        "contacts__phones__languages",
        "phones__languages",
        "schedules",
        *(f"location__{name}" for name in LOCATION_CHILDREN),
    ]


def service_at_locations_query(*, full: bool) -> QuerySet[ServiceAtLocation]:
    qs = ServiceAtLocation.objects.select_related("location", "service").defer(
        "location__source_document", "service__source_document"
    )
    return qs.prefetch_related(*service_at_location_relations()) if full else qs


def service_at_locations_to_hsds(sals: Iterable[ServiceAtLocation], *, full: bool) -> list[Json]:
    """Many service-at-locations (each with its location and its service's list form), from
    ``service_at_locations_query``; attributes fetched once per batch."""
    sals = list(sals)
    if full:
        attach_attributes(sals, "service_at_location")
        attach_attributes([sal.location for sal in sals], "location")
    return [service_at_location_to_hsds(sal, full=full, with_service=True) for sal in sals]


# --- organisations --------------------------------------------------------------------------

ORGANIZATION_FIELDS = (
    "id",
    "name",
    "alternate_name",
    "description",
    "email",
    "website",
    "tax_status",
    "tax_id",
    "year_incorporated",
    "legal_status",
    "logo",
    "uri",
    "parent_organization_id",
)


def organization_to_hsds(
    org: Organization, *, full: bool = True, full_service: bool = False
) -> Json:
    """An organisation; ``full`` nests its children and services (fully when ``full_service``)."""
    data = _fields(org, ORGANIZATION_FIELDS)
    data["joinedup_sector"] = org.sector
    if full:
        data.update(
            funding=[_simple(f, ("id", "organization_id", "source")) for f in org.funding.all()],
            contacts=[contact_to_hsds(c) for c in org.contacts.all()],
            phones=[phone_to_hsds(p) for p in org.phones.all()],
            locations=[location_to_hsds(loc) for loc in org.locations.all()],
            programs=[
                _simple(
                    p,
                    ("id", "organization_id", "name", "alternate_name", "description"),
                    required=("id", "name", "description"),
                )
                for p in org.programs.all()
            ],
            organization_identifiers=[
                _simple(
                    i,
                    ("id", "organization_id", "identifier_scheme", "identifier_type", "identifier"),
                    required=("id", "identifier_type", "identifier"),
                )
                for i in org.organization_identifiers.all()
            ],
            attributes=_attributes(org, "organization"),
            services=services_to_hsds(
                [s for s in org.services.all() if s.published], full=full_service
            ),
        )
    return _clean(data, required=("id", "name", "description"))


def organizations_with_relations(
    qs: QuerySet[Organization], *, full_service: bool = False
) -> QuerySet[Organization]:
    """Prefetch what a full organisation needs (its published services, fully or not)."""
    services = Service.objects.filter(published=True).order_by("id")
    services = (
        services.with_hsds_relations() if full_service else services.only(*SERVICE_LIST_COLUMNS)
    )
    return qs.defer("source_document").prefetch_related(
        "funding",
        "contacts__phones__languages",
        "phones__languages",
        Prefetch("locations", queryset=Location.objects.defer("source_document")),
        *(f"locations__{name}" for name in LOCATION_CHILDREN),
        "programs",
        "organization_identifiers",
        Prefetch("services", queryset=services),
    )


def organizations_to_hsds(
    orgs: Iterable[Organization], *, full: bool = True, full_service: bool = False
) -> list[Json]:
    orgs = list(orgs)
    if full:
        attach_attributes(orgs, "organization")
        attach_attributes([loc for o in orgs for loc in o.locations.all()], "location")
    return [organization_to_hsds(o, full=full, full_service=full_service) for o in orgs]


# --- services -------------------------------------------------------------------------------

SERVICE_FIELDS = (
    "id",
    "organization_id",
    "program_id",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "interpretation_services",
    "application_process",
    "fees_description",
    "wait_time",
    "fees",
    "accreditations",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "licenses",
    "alert",
    "last_modified",
)
# Columns a list item needs: the list endpoint loads only these.
SERVICE_LIST_COLUMNS = (
    *(f for f in SERVICE_FIELDS if f != "id"),
    "intake_mode",
    "capacity_status",
    "capacity_wait_band",
    "capacity_note",
    "capacity_updated_at",
    "published",
)
LOCATION_CHILDREN = (
    "languages",
    "addresses",
    "contacts__phones__languages",
    "accessibility",
    "phones__languages",
    "schedules",
)


def capacity_to_hsds(service: Service) -> list[Json]:
    """HSDS 3.1 ``capacities`` from our categorical capacity (empty if never set)."""
    if service.capacity_updated_at is None:
        return []
    # Labels from the choices (not get_FOO_display) so plain value rows serialise too.
    parts = [str(CapacityStatus(service.capacity_status).label)]
    if service.capacity_wait_band:
        parts.append(f"wait: {WaitBand(service.capacity_wait_band).label}")
    if service.capacity_note:
        parts.append(service.capacity_note)
    entry = {
        "id": uuid.uuid5(JOINEDUP_NS, f"capacity:{service.id}"),
        "service_id": service.id,
        "available": 1 if service.capacity_status == "accepting" else 0,
        "unit": {"id": REFERRALS_UNIT_ID, "name": "referrals"},
        "description": ". ".join(parts),
        "updated": service.capacity_updated_at,
    }
    return [_clean(entry)]


def service_to_hsds(service: Service, *, full: bool = True) -> Json:
    """A service: one-to-one fields (list item), or fully nested when ``full``."""
    data = _fields(service, SERVICE_FIELDS)
    data.update(
        capacities=capacity_to_hsds(service),
        joinedup_intake_mode=service.intake_mode,
        joinedup_capacity_status=service.capacity_status,
        joinedup_capacity_wait_band=service.capacity_wait_band,
        joinedup_capacity_note=service.capacity_note,
        joinedup_capacity_updated_at=service.capacity_updated_at,
    )
    if full:
        org = service.organization
        program = service.program
        data.update(
            organization=organization_to_hsds(org, full=False) if org else None,
            program=_simple(
                program,
                ("id", "organization_id", "name", "alternate_name", "description"),
                required=("id", "name", "description"),
            )
            if program
            else None,
            phones=[phone_to_hsds(p) for p in service.phones.all()],
            schedules=[schedule_to_hsds(s) for s in service.schedules.all()],
            service_areas=[
                _clean(
                    _fields(
                        a,
                        ("id", "service_id", "name", "description", "extent", "extent_type", "uri"),
                    )
                    | {"service_area": a.name}
                )
                for a in service.service_areas.all()
            ],
            service_at_locations=[
                service_at_location_to_hsds(sal) for sal in service.service_at_locations.all()
            ],
            languages=[_language(x) for x in service.languages.all()],
            funding=[_simple(f, ("id", "service_id", "source")) for f in service.funding.all()],
            cost_options=[
                _simple(
                    c,
                    (
                        "id",
                        "service_id",
                        "valid_from",
                        "valid_to",
                        "option",
                        "currency",
                        "amount",
                        "amount_description",
                    ),
                )
                for c in service.cost_options.all()
            ],
            required_documents=[
                _simple(d, ("id", "service_id", "document", "uri"))
                for d in service.required_documents.all()
            ],
            contacts=[contact_to_hsds(c) for c in service.contacts.all()],
            attributes=_attributes(service, "service"),
        )
    return _clean(data, required=("id", "name", "status"))


def service_minimal_to_hsds(service: Service) -> Json:
    """``minimal=true``: the id and when it last changed, plus the two fields (name, status)
    every service in a list must carry to validate against the schemas."""
    return _clean(_fields(service, ("id", "name", "status", "last_modified")))


def service_relations() -> list[Any]:
    """The prefetches behind ``ServiceQuerySet.with_hsds_relations``."""
    sal_qs = ServiceAtLocation.objects.select_related("location").defer("location__source_document")
    return [
        "phones__languages",
        "schedules",
        "service_areas",
        "languages",
        "cost_options",
        "funding",
        "required_documents",
        "contacts__phones__languages",
        Prefetch("service_at_locations", queryset=sal_qs),
        "service_at_locations__contacts__phones__languages",
        "service_at_locations__phones__languages",
        "service_at_locations__schedules",
        *(f"service_at_locations__location__{name}" for name in LOCATION_CHILDREN),
    ]


def services_to_hsds(services: Iterable[Service], *, full: bool = True) -> list[Json]:
    """Many services, attributes fetched once for the whole batch."""
    services = list(services)
    if full:
        attach_attributes(services, "service")
        sals = [sal for s in services for sal in s.service_at_locations.all()]
        attach_attributes(sals, "service_at_location")
        attach_attributes([sal.location for sal in sals], "location")
    return [service_to_hsds(s, full=full) for s in services]
