"""The directory: HSDS 3.0's objects, split by concept."""

from joinedup.directory.models.base import DirectoryRecord, SourcedRecord
from joinedup.directory.models.contacts import Contact, Phone, Schedule
from joinedup.directory.models.joining import JoinRequest, OrganizationInvitation
from joinedup.directory.models.locations import (
    Accessibility,
    Address,
    Location,
    LocationType,
    ServiceAtLocation,
)
from joinedup.directory.models.organizations import (
    Membership,
    Organization,
    OrganizationIdentifier,
    Program,
    Sector,
)
from joinedup.directory.models.service_records import (
    LOGGED_INTAKE_MODES,
    CapacityStatus,
    CostOption,
    DeliveryMethod,
    Funding,
    IntakeMode,
    Language,
    RequiredDocument,
    Service,
    ServiceArea,
    ServiceStatus,
    WaitBand,
)
from joinedup.directory.models.taxonomies import Attribute, Taxonomy, TaxonomyTerm

__all__ = [
    "LOGGED_INTAKE_MODES",
    "Accessibility",
    "Address",
    "Attribute",
    "CapacityStatus",
    "Contact",
    "CostOption",
    "DeliveryMethod",
    "DirectoryRecord",
    "Funding",
    "IntakeMode",
    "JoinRequest",
    "Language",
    "Location",
    "LocationType",
    "Membership",
    "Organization",
    "OrganizationIdentifier",
    "OrganizationInvitation",
    "Phone",
    "Program",
    "RequiredDocument",
    "Schedule",
    "Sector",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceStatus",
    "SourcedRecord",
    "Taxonomy",
    "TaxonomyTerm",
    "WaitBand",
]
