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

from joinedup.directory.hsds.parts import (
    JOINEDUP_NS,
    REFERRALS_UNIT_ID,
    attach_attributes,
    attribute_to_hsds,
    contact_to_hsds,
    phone_to_hsds,
    schedule_to_hsds,
    taxonomy_term_to_hsds,
    taxonomy_to_hsds,
)
from joinedup.directory.hsds.records import (
    LOCATION_FIELDS,
    SERVICE_LIST_COLUMNS,
    capacity_to_hsds,
    location_to_hsds,
    organization_to_hsds,
    organizations_to_hsds,
    organizations_with_relations,
    service_at_location_relations,
    service_at_location_to_hsds,
    service_at_locations_query,
    service_at_locations_to_hsds,
    service_minimal_to_hsds,
    service_relations,
    service_to_hsds,
    services_to_hsds,
)

__all__ = [
    "JOINEDUP_NS",
    "LOCATION_FIELDS",
    "REFERRALS_UNIT_ID",
    "SERVICE_LIST_COLUMNS",
    "attach_attributes",
    "attribute_to_hsds",
    "capacity_to_hsds",
    "contact_to_hsds",
    "location_to_hsds",
    "organization_to_hsds",
    "organizations_to_hsds",
    "organizations_with_relations",
    "phone_to_hsds",
    "schedule_to_hsds",
    "service_at_location_relations",
    "service_at_location_to_hsds",
    "service_at_locations_query",
    "service_at_locations_to_hsds",
    "service_minimal_to_hsds",
    "service_relations",
    "service_to_hsds",
    "services_to_hsds",
    "taxonomy_term_to_hsds",
    "taxonomy_to_hsds",
]
