"""Directory use cases: the one door for every change to a listing.

Page views, API views, admin actions and commands call these functions; each checks the actor
may make the change, writes the rows in one transaction and records its own audit event.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from joinedup.core import audit, postcodes
from joinedup.core.models import User
from joinedup.directory.changes import listings_changed
from joinedup.directory.models import (
    Accessibility,
    Address,
    CapacityStatus,
    IntakeMode,
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    WaitBand,
)
from joinedup.directory.permissions import require_editable

# The fields of a service an organisation admin edits on the "Edit service" page. Capacity,
# intake mode and checking have their own use cases because each means something on its own
# (and the referral workflow will read them).
SERVICE_EDITABLE_FIELDS = frozenset(
    {
        "name",
        "description",
        "status",
        "minimum_age",
        "maximum_age",
        "eligibility_description",
        "fees_description",
        "application_process",
        "url",
        "email",
    }
)
LOCATION_EDITABLE_FIELDS = frozenset({"name", "description", "latitude", "longitude"})
ADDRESS_EDITABLE_FIELDS = frozenset({"address_1", "address_2", "city", "postal_code"})


def _plain(value: Any) -> Any:
    """A value as it can be kept in the audit log's JSON details."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _apply(
    instance: models.Model, changes: Mapping[str, Any], allowed: frozenset[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set the changed fields on `instance`; return (before, after) of what really changed."""
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}")
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in changes.items():
        current = getattr(instance, name)
        if current != value:
            before[name] = _plain(current)
            after[name] = _plain(value)
            setattr(instance, name, value)
    return before, after


def _touch(service: Service, now: datetime.datetime, fields: list[str]) -> None:
    # The feed's `modified_after` and consumers' caches rely on last_modified moving with
    # every change a person makes.
    service.last_modified = now
    service.save(update_fields=[*fields, "last_modified"])


def update_service(*, actor: User, service: Service, changes: Mapping[str, Any]) -> Service:
    """Change a service's core details (name, description, status, ages, eligibility, ...)."""
    require_editable(actor, service)
    if "status" in changes and changes["status"] not in ServiceStatus.values:
        raise ValidationError({"status": "Select the service's status"})
    minimum = changes.get("minimum_age", service.minimum_age)
    maximum = changes.get("maximum_age", service.maximum_age)
    if minimum is not None and maximum is not None and minimum > maximum:
        raise ValidationError(
            {"maximum_age": "Maximum age must be the same as or more than the minimum age"}
        )
    if "name" in changes and not str(changes["name"]).strip():
        raise ValidationError({"name": "Enter the service's name"})
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        before, after = _apply(service, changes, SERVICE_EDITABLE_FIELDS)
        if not after:
            return service
        _touch(service, timezone.now(), list(after))
        audit.record(
            "service.updated",
            actor=actor,
            target=service,
            organization=service.organization,
            details={"before": before, "after": after},
        )
        listings_changed([service.pk])
    return service


def set_service_capacity(
    *,
    actor: User,
    service: Service,
    status: str,
    wait_band: str = "",
    note: str = "",
) -> Service:
    """Say whether a service is taking people on now, and how long the wait is."""
    require_editable(actor, service)
    if status not in CapacityStatus.values:
        raise ValidationError({"status": "Select whether the service is accepting referrals"})
    # A waiting list without an idea of the wait is no help to someone choosing a service.
    if status == CapacityStatus.WAITING_LIST:
        if wait_band not in WaitBand.values:
            raise ValidationError({"wait_band": "Select how long the wait is"})
    else:
        wait_band = ""
    note = note.strip()
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        before = {
            "status": service.capacity_status,
            "wait_band": service.capacity_wait_band,
            "note": service.capacity_note,
        }
        now = timezone.now()
        service.capacity_status = status
        service.capacity_wait_band = wait_band
        service.capacity_note = note
        # Set even when nothing changed: "still accepting, confirmed today" is news too.
        service.capacity_updated_at = now
        _touch(
            service,
            now,
            ["capacity_status", "capacity_wait_band", "capacity_note", "capacity_updated_at"],
        )
        audit.record(
            "service.capacity_changed",
            actor=actor,
            target=service,
            organization=service.organization,
            details={
                "before": before,
                "after": {"status": status, "wait_band": wait_band, "note": note},
            },
        )
        listings_changed([service.pk])
    return service


def set_intake_mode(*, actor: User, service: Service, intake_mode: str) -> Service:
    """Choose how referrals reach a service (through joinedup, email, phone or signposting)."""
    require_editable(actor, service)
    if intake_mode not in IntakeMode.values:
        raise ValidationError({"intake_mode": "Select how people are referred to this service"})
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        before = service.intake_mode
        if before == intake_mode:
            return service
        service.intake_mode = intake_mode
        _touch(service, timezone.now(), ["intake_mode"])
        audit.record(
            "service.intake_mode_changed",
            actor=actor,
            target=service,
            organization=service.organization,
            details={"before": {"intake_mode": before}, "after": {"intake_mode": intake_mode}},
        )
        listings_changed([service.pk])
    return service


def mark_service_checked(
    *, actor: User, service: Service, on: datetime.date | None = None, via: str = "page"
) -> Service:
    """Record that someone has checked the listing is right (its HSDS assured date).

    `via` says which door it came through for the audit log ("page", or "email link" for the
    reminder's "still right" link, `joinedup.directory.freshness`)."""
    require_editable(actor, service)
    checked_on = on or timezone.localdate()
    if checked_on > timezone.localdate():
        raise ValidationError({"assured_date": "The date checked cannot be in the future"})
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        before = {
            "assured_date": _plain(service.assured_date),
            "assurer_email": service.assurer_email,
        }
        service.assured_date = checked_on
        service.assurer_email = actor.email
        _touch(service, timezone.now(), ["assured_date", "assurer_email"])
        audit.record(
            "service.checked",
            actor=actor,
            target=service,
            organization=service.organization,
            details={
                "before": before,
                "after": {"assured_date": checked_on.isoformat(), "assurer_email": actor.email},
                "via": via,
            },
        )
        listings_changed([service.pk])
    return service


def _check_location_changes(
    location_changes: Mapping[str, Any], address_changes: Mapping[str, Any]
) -> None:
    latitude = location_changes.get("latitude")
    longitude = location_changes.get("longitude")
    if (latitude is None) != (longitude is None):
        raise ValidationError({"longitude": "Enter both latitude and longitude, or neither"})
    if latitude is not None and not -90 <= latitude <= 90:
        raise ValidationError({"latitude": "Latitude must be between -90 and 90"})
    if longitude is not None and not -180 <= longitude <= 180:
        raise ValidationError({"longitude": "Longitude must be between -180 and 180"})
    for name, message in (
        ("address_1", "Enter the first line of the address"),
        ("city", "Enter the town or city"),
        ("postal_code", "Enter the postcode"),
    ):
        if name in address_changes and not str(address_changes[name]).strip():
            raise ValidationError({name: message})


def _coordinates(address: Mapping[str, Any]) -> dict[str, float]:
    """Where a place is, from its postcode (the shipped district table: nobody types
    coordinates); nothing when the postcode is not being changed."""
    if not address.get("postal_code"):
        return {}
    try:
        latitude, longitude = postcodes.locate(str(address["postal_code"]))
    except postcodes.PostcodeError as error:
        raise ValidationError({"postal_code": str(error)}) from error
    return {"latitude": latitude, "longitude": longitude}


def _set_accessibility(location: Location, text: str | None) -> tuple[str, str] | None:
    """Replace the place's accessibility description; (before, after) if it changed."""
    if text is None:
        return None
    rows = Accessibility.objects.filter(location=location)
    before = "\n".join(row.description for row in rows)
    text = text.strip()
    if before == text:
        return None
    rows.delete()
    if text:
        Accessibility.objects.create(location=location, description=text)
    return before, text


def _save_address(
    location: Location, address: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Change the place's (physical) address; (before, after) if it changed."""
    if not address:
        return None
    row = location.addresses.filter(address_type="physical").first() or location.addresses.first()
    if row is None:
        row = Address(location=location, address_1="", city="", postal_code="")
    is_new = row._state.adding
    address_before, address_after = _apply(row, address, ADDRESS_EDITABLE_FIELDS)
    if not address_after:
        return None
    if is_new:
        row.save()
    else:
        row.save(update_fields=list(address_after))
    return address_before, address_after


def update_location(
    *,
    actor: User,
    service: Service,
    location: Location,
    changes: Mapping[str, Any],
    address: Mapping[str, Any],
    accessibility: str | None = None,
) -> Location:
    """Change where a service is delivered: the location's name, address and accessibility
    (its coordinates follow its postcode)."""
    require_editable(actor, service)
    if not ServiceAtLocation.objects.filter(service=service, location=location).exists():
        raise PermissionDenied("This location is not one of the service's locations")
    # A place belongs to its organisation: a service run at someone else's building does not
    # let its admins rename or move that building for everyone.
    if location.organization is not None and not location.organization.is_editable_by(actor):
        raise PermissionDenied("This location belongs to another organisation")
    _check_location_changes(changes, address)
    changes = {**changes, **_coordinates(address)}
    with transaction.atomic():
        location = Location.objects.select_for_update().get(pk=location.pk)
        before, after = _apply(location, changes, LOCATION_EDITABLE_FIELDS)
        if after:
            location.save(update_fields=list(after))
        if access := _set_accessibility(location, accessibility):
            before["accessibility"], after["accessibility"] = access
        if moved := _save_address(location, address):
            before["address"], after["address"] = moved
        if not after:
            return location
        now = timezone.now()
        # Every service delivered here has changed as far as the feed is concerned.
        delivered_here = Service.objects.filter(service_at_locations__location=location)
        delivered_here.update(last_modified=now)
        # ... and as far as search is concerned: distance and area come from the place.
        listings_changed(delivered_here.values_list("pk", flat=True))
        audit.record(
            "location.updated",
            actor=actor,
            target=location,
            organization=service.organization,
            details={"service": str(service.pk), "before": before, "after": after},
        )
    return location


def add_service_location(
    *,
    actor: User,
    service: Service,
    changes: Mapping[str, Any],
    address: Mapping[str, Any],
    accessibility: str = "",
) -> Location:
    """Add a new place where a service is delivered, with its address (found on the map by its
    postcode) and what it is like to get into."""
    require_editable(actor, service)
    required = {"address_1": "", "city": "", "postal_code": ""}
    _check_location_changes(changes, {**required, **address})
    unknown = (set(changes) - LOCATION_EDITABLE_FIELDS) | (set(address) - ADDRESS_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"These fields cannot be set here: {', '.join(sorted(unknown))}")
    changes = {**changes, **_coordinates(address)}
    with transaction.atomic():
        location = Location.objects.create(organization=service.organization, **changes)
        Address.objects.create(location=location, **address)
        _set_accessibility(location, accessibility)
        ServiceAtLocation.objects.create(service=service, location=location)
        _touch(service, timezone.now(), [])
        audit.record(
            "location.created",
            actor=actor,
            target=location,
            organization=service.organization,
            details={
                "service": str(service.pk),
                "after": {
                    **{k: _plain(v) for k, v in changes.items()},
                    "address": dict(address),
                    "accessibility": accessibility.strip(),
                },
            },
        )
        listings_changed([service.pk])
    return location
