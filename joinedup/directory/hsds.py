"""The directory as HSDS 3.0 / ORUK 3.0 dicts: what the feed publishes and the export writes.

Rules (HSDS 3.0, profiled by Open Referral UK 3.0):
- Optional fields with no value are left out (never ``null`` or ``""``). Fields a schema requires
  (organization/taxonomy/taxonomy_term/program ``description``, the address fields) are always
  present, as ``""`` when we have nothing, rather than inventing text.
- Ids are our UUIDs (kept from the source on import); dates are ISO ``YYYY-MM-DD``,
  ``last_modified`` an ISO 8601 date-time with offset; times ``HH:MM`` (``HH:MM:SS`` if seconds).
- Services always carry ``organization_id`` (ORUK's compliance doc asks for it, quirk 2).
- Attributes link terms by ``link_entity`` = the HSDS table name in the singular ("service",
  "organization", "location", "service_at_location", ...) and ``link_id``.
- ORUK additions: ``taxonomy_term.term`` (= name) and ``service_area.service_area`` (= name).

Capacity and intake (not in HSDS 3.0):
- ``capacities``: HSDS 3.1's capacity array (3.0 schemas allow extra fields), one entry per
  service whose capacity someone has set (``capacity_updated_at`` not null):
  ``{"id": uuid5(service id), "service_id", "available": 1 accepting / 0 otherwise,
  "unit": {"id", "name": "referrals"}, "description": readable status, wait band and note,
  "updated": capacity_updated_at}``.
- Extension fields on every service, for a lossless export (the importer reads them back):
  ``joinedup_intake_mode`` (IntakeMode value), ``joinedup_capacity_status`` (CapacityStatus value),
  ``joinedup_capacity_wait_band`` (WaitBand value, omitted when blank),
  ``joinedup_capacity_note`` (omitted when blank), ``joinedup_capacity_updated_at`` (date-time,
  omitted when null). Organisations carry ``joinedup_sector`` (Sector value, omitted when blank).

Queries: ``Service.objects.with_hsds_relations()`` (or ``Organization``'s equivalent here,
``organizations_with_relations``) prefetches everything a full service needs; attributes are
polymorphic (no foreign key), so the batch functions ``services_to_hsds`` /
``organizations_to_hsds`` fetch them once per batch. Single-object functions fall back to one
query per object for attributes when the batch did not preload them.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from joinedup.directory.models import (
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

Json = dict[str, Any]

# Namespace for ids we derive (capacity, unit) so they stay stable across exports.
JOINEDUP_NS = uuid.UUID("6f0b8f3e-8a55-5c1e-9a3b-1d2c3b4a5e6f")
REFERRALS_UNIT_ID = str(uuid.uuid5(JOINEDUP_NS, "unit:referrals"))
_ATTRS = "_hsds_attributes"


def _value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, Decimal):
        return float(value)
    return value


def _clean(data: Json, *, required: Sequence[str] = ()) -> Json:
    """Drop empty optional fields; keep required ones (as "" when blank)."""
    out: Json = {}
    for key, value in data.items():
        if value is None or value == "" or value == []:
            if key in required:
                out[key] = "" if value is None else value
            continue
        out[key] = _value(value)
    return out


def _fields(obj: Any, names: Iterable[str]) -> Json:
    return {name: getattr(obj, name) for name in names}


# --- taxonomies -----------------------------------------------------------------------------


def taxonomy_to_hsds(taxonomy: Taxonomy, *, terms: Iterable[TaxonomyTerm] | None = None) -> Json:
    data = _fields(taxonomy, ("id", "name", "description", "uri", "version"))
    if terms is not None:
        data["taxonomy_terms"] = [taxonomy_term_to_hsds(t, detail=False) for t in terms]
    return _clean(data, required=("id", "name", "description"))


def taxonomy_term_to_hsds(term: TaxonomyTerm, *, detail: bool = True) -> Json:
    data = _fields(term, ("id", "code", "name", "description", "parent_id", "taxonomy"))
    data["taxonomy_id"] = term.taxonomy_detail_id
    if detail and term.taxonomy_detail_id is not None:
        data["taxonomy_detail"] = taxonomy_to_hsds(term.taxonomy_detail)  # type: ignore[arg-type]
    data.update(language=term.language, term_uri=term.term_uri, term=term.name)
    return _clean(data, required=("id", "name", "description"))


def attribute_to_hsds(attribute: Attribute) -> Json:
    data = _fields(attribute, ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity"))
    data["value"] = attribute.value
    data["taxonomy_term"] = taxonomy_term_to_hsds(attribute.taxonomy_term)
    return _clean(data, required=("id",))


def attributes_query() -> QuerySet[Attribute]:
    return Attribute.objects.select_related(
        "taxonomy_term__taxonomy_detail"
    ).defer(  # the original documents are never published
        "taxonomy_term__source_document", "taxonomy_term__taxonomy_detail__source_document"
    )


def attach_attributes(objects: Sequence[Any], entity: str) -> None:
    """Load the attributes of many objects of one kind in a single query."""
    by_id: dict[uuid.UUID, list[Attribute]] = defaultdict(list)
    ids = [obj.pk for obj in objects]
    if ids:
        for attribute in attributes_query().filter(link_entity=entity, link_id__in=ids):
            by_id[attribute.link_id].append(attribute)
    for obj in objects:
        setattr(obj, _ATTRS, by_id.get(obj.pk, []))


def _attributes(obj: Any, entity: str) -> list[Json]:
    if not hasattr(obj, _ATTRS):
        attach_attributes([obj], entity)
    return [attribute_to_hsds(a) for a in getattr(obj, _ATTRS)]


# --- small children -------------------------------------------------------------------------


def _language(language: Any) -> Json:
    return _clean(
        _fields(language, ("id", "service_id", "location_id", "phone_id", "name", "code", "note")),
        required=("id",),
    )


def phone_to_hsds(phone: Phone) -> Json:
    data = _fields(
        phone,
        (
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "contact_id",
            "service_at_location_id",
            "number",
            "extension",
            "type",
            "description",
        ),
    )
    data["languages"] = [_language(lang) for lang in phone.languages.all()]
    return _clean(data, required=("id", "number"))


def contact_to_hsds(contact: Contact) -> Json:
    data = _fields(
        contact,
        (
            "id",
            "organization_id",
            "service_id",
            "service_at_location_id",
            "location_id",
            "name",
            "title",
            "department",
            "email",
        ),
    )
    data["phones"] = [phone_to_hsds(p) for p in contact.phones.all()]
    return _clean(data, required=("id",))


SCHEDULE_FIELDS = (
    "id",
    "service_id",
    "location_id",
    "service_at_location_id",
    "valid_from",
    "valid_to",
    "dtstart",
    "timezone",
    "until",
    "count",
    "wkst",
    "freq",
    "interval",
    "byday",
    "byweekno",
    "bymonthday",
    "byyearday",
    "description",
    "opens_at",
    "closes_at",
    "schedule_link",
    "attending_type",
    "notes",
)


def schedule_to_hsds(schedule: Schedule) -> Json:
    return _clean(_fields(schedule, SCHEDULE_FIELDS), required=("id",))


def _simple(obj: Any, names: Sequence[str], *, required: Sequence[str] = ("id",)) -> Json:
    return _clean(_fields(obj, names), required=required)


ADDRESS_FIELDS = (
    "id",
    "location_id",
    "attention",
    "address_1",
    "address_2",
    "city",
    "region",
    "state_province",
    "postal_code",
    "country",
    "address_type",
)
ADDRESS_REQUIRED = ("id", "address_1", "city", "state_province", "postal_code", "country")


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


def organizations_with_relations(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """Prefetch what a full organisation needs (services only if published)."""
    return qs.defer("source_document").prefetch_related(
        "funding",
        "contacts__phones__languages",
        "phones__languages",
        Prefetch("locations", queryset=Location.objects.defer("source_document")),
        *(f"locations__{name}" for name in LOCATION_CHILDREN),
        "programs",
        "organization_identifiers",
        Prefetch(
            "services",
            queryset=Service.objects.filter(published=True).with_hsds_relations(),
        ),
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
    parts = [service.get_capacity_status_display()]
    if service.capacity_wait_band:
        parts.append(f"wait: {service.get_capacity_wait_band_display()}")
    if service.capacity_note:
        parts.append(service.capacity_note)
    entry = {
        "id": uuid.uuid5(JOINEDUP_NS, f"capacity:{service.pk}"),
        "service_id": service.pk,
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
    """``minimal=true``: only the id and when it last changed."""
    return {"id": str(service.pk), "last_modified": _value(service.last_modified)}


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
