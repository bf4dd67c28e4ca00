from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from joinedup.core import postcodes
from joinedup.core.models import AuditEvent
from joinedup.directory import services
from joinedup.directory.models import (
    Address,
    CapacityStatus,
    IntakeMode,
    Location,
    Service,
    ServiceAtLocation,
    WaitBand,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(carers_service) -> Location:
    location = Location.objects.create(
        organization=carers_service.organization, name="Carers Centre, High Street"
    )
    Address.objects.create(
        location=location, address_1="1 High Street", city="Ashdown", postal_code="AS1 1AA"
    )
    ServiceAtLocation.objects.create(service=carers_service, location=location)
    return location


def _old(service: Service) -> datetime.datetime:
    stamp = timezone.now() - datetime.timedelta(days=3)
    Service.objects.filter(pk=service.pk).update(last_modified=stamp)
    return stamp


# update_service


def test_admin_updates_service_and_audit_keeps_before_and_after(alice, carers_service):
    stamp = _old(carers_service)
    service = services.update_service(
        actor=alice,
        service=carers_service,
        changes={
            "name": "Carers' check-in",
            "minimum_age": 16,
            "description": carers_service.description,  # unchanged: not in the audit
        },
    )
    service.refresh_from_db()
    assert service.name == "Carers' check-in"
    assert service.minimum_age == 16
    assert service.last_modified > stamp
    event = AuditEvent.objects.get(action="service.updated")
    assert event.actor == alice
    assert event.organization == carers_service.organization
    assert event.target_id == str(carers_service.pk)
    assert event.details["before"] == {"name": "Carers' wellbeing check", "minimum_age": None}
    assert event.details["after"] == {"name": "Carers' check-in", "minimum_age": 16}


def test_update_with_no_real_change_writes_nothing(alice, carers_service):
    stamp = _old(carers_service)
    services.update_service(
        actor=alice, service=carers_service, changes={"name": carers_service.name}
    )
    carers_service.refresh_from_db()
    assert carers_service.last_modified == stamp
    assert not AuditEvent.objects.exists()


def test_member_who_is_not_admin_cannot_update(bob, carers_service):
    with pytest.raises(PermissionDenied):
        services.update_service(actor=bob, service=carers_service, changes={"name": "Hijacked"})
    carers_service.refresh_from_db()
    assert carers_service.name == "Carers' wellbeing check"
    assert not AuditEvent.objects.exists()


def test_outsider_cannot_update(charlie, carers_service):
    with pytest.raises(PermissionDenied):
        services.update_service(actor=charlie, service=carers_service, changes={"name": "X"})


def test_partnership_manager_can_update_any_service(pam, carers_service):
    services.update_service(actor=pam, service=carers_service, changes={"fees_description": "Free"})
    carers_service.refresh_from_db()
    assert carers_service.fees_description == "Free"


def test_age_range_must_be_in_order(alice, carers_service):
    with pytest.raises(ValidationError) as error:
        services.update_service(
            actor=alice, service=carers_service, changes={"minimum_age": 65, "maximum_age": 18}
        )
    assert "maximum_age" in error.value.message_dict


def test_fields_outside_the_edit_page_are_refused(alice, carers_service):
    with pytest.raises(ValueError, match="capacity_status"):
        services.update_service(
            actor=alice, service=carers_service, changes={"capacity_status": "not_accepting"}
        )


def test_unknown_status_is_refused(alice, carers_service):
    with pytest.raises(ValidationError):
        services.update_service(actor=alice, service=carers_service, changes={"status": "gone"})


# set_service_capacity


def test_waiting_list_needs_a_wait_band(alice, carers_service):
    with pytest.raises(ValidationError) as error:
        services.set_service_capacity(
            actor=alice, service=carers_service, status=CapacityStatus.WAITING_LIST
        )
    assert "wait_band" in error.value.message_dict
    carers_service.refresh_from_db()
    assert carers_service.capacity_status == CapacityStatus.ACCEPTING
    assert carers_service.capacity_updated_at is None
    assert not AuditEvent.objects.exists()


def test_setting_waiting_list_records_band_note_time_and_audit(alice, carers_service):
    stamp = _old(carers_service)
    services.set_service_capacity(
        actor=alice,
        service=carers_service,
        status=CapacityStatus.WAITING_LIST,
        wait_band=WaitBand.WEEKS_2_TO_4,
        note="  New referrals from March.  ",
    )
    carers_service.refresh_from_db()
    assert carers_service.capacity_status == "waiting_list"
    assert carers_service.capacity_wait_band == "2_to_4_weeks"
    assert carers_service.capacity_note == "New referrals from March."
    assert carers_service.capacity_updated_at is not None
    assert carers_service.last_modified > stamp
    event = AuditEvent.objects.get(action="service.capacity_changed")
    assert event.details["before"]["status"] == "accepting"
    assert event.details["after"] == {
        "status": "waiting_list",
        "wait_band": "2_to_4_weeks",
        "note": "New referrals from March.",
    }


def test_leaving_the_waiting_list_clears_the_wait_band(alice, carers_service):
    services.set_service_capacity(
        actor=alice,
        service=carers_service,
        status=CapacityStatus.WAITING_LIST,
        wait_band=WaitBand.OVER_3_MONTHS,
    )
    services.set_service_capacity(
        actor=alice,
        service=carers_service,
        status=CapacityStatus.ACCEPTING,
        wait_band=WaitBand.OVER_3_MONTHS,
    )
    carers_service.refresh_from_db()
    assert carers_service.capacity_status == "accepting"
    assert carers_service.capacity_wait_band == ""


def test_confirming_unchanged_capacity_still_sets_the_time(alice, carers_service):
    services.set_service_capacity(
        actor=alice, service=carers_service, status=CapacityStatus.ACCEPTING
    )
    carers_service.refresh_from_db()
    assert carers_service.capacity_updated_at is not None


def test_unknown_capacity_status_is_refused(alice, carers_service):
    with pytest.raises(ValidationError):
        services.set_service_capacity(actor=alice, service=carers_service, status="full")


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_only_editors_set_capacity(who, request, carers_service):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.set_service_capacity(
            actor=user, service=carers_service, status=CapacityStatus.NOT_ACCEPTING
        )
    carers_service.refresh_from_db()
    assert carers_service.capacity_status == CapacityStatus.ACCEPTING


# set_intake_mode


def test_intake_mode_change_is_audited(alice, carers_service):
    services.set_intake_mode(actor=alice, service=carers_service, intake_mode=IntakeMode.EMAIL)
    carers_service.refresh_from_db()
    assert carers_service.intake_mode == "email"
    event = AuditEvent.objects.get(action="service.intake_mode_changed")
    assert event.details == {
        "before": {"intake_mode": "signposting"},
        "after": {"intake_mode": "email"},
    }


def test_unknown_intake_mode_is_refused(alice, carers_service):
    with pytest.raises(ValidationError):
        services.set_intake_mode(actor=alice, service=carers_service, intake_mode="pigeon")


def test_outsider_cannot_set_intake_mode(charlie, carers_service):
    with pytest.raises(PermissionDenied):
        services.set_intake_mode(
            actor=charlie, service=carers_service, intake_mode=IntakeMode.PHONE
        )


# mark_service_checked


def test_marking_checked_makes_a_stale_listing_fresh(alice, carers_service):
    assert carers_service.is_stale
    services.mark_service_checked(actor=alice, service=carers_service)
    carers_service.refresh_from_db()
    assert carers_service.assured_date == timezone.localdate()
    assert carers_service.assurer_email == alice.email
    assert not carers_service.is_stale
    assert not Service.objects.stale().filter(pk=carers_service.pk).exists()
    assert AuditEvent.objects.filter(action="service.checked").count() == 1


def test_checked_date_cannot_be_in_the_future(alice, carers_service):
    with pytest.raises(ValidationError):
        services.mark_service_checked(
            actor=alice,
            service=carers_service,
            on=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_member_cannot_mark_checked(bob, carers_service):
    with pytest.raises(PermissionDenied):
        services.mark_service_checked(actor=bob, service=carers_service)


# update_location / add_service_location


def test_update_location_changes_address_and_bumps_the_service(alice, carers_service, clinic):
    stamp = _old(carers_service)
    services.update_location(
        actor=alice,
        service=carers_service,
        location=clinic,
        changes={"name": "The Hub"},
        address={"address_1": "2 Market Square", "postal_code": "BS5 6XX"},
    )
    clinic.refresh_from_db()
    address = clinic.addresses.get()
    assert clinic.name == "The Hub"
    # Where it is comes from the postcode's district, never from typing.
    assert (clinic.latitude, clinic.longitude) == postcodes.locate("BS5 6XX")
    assert address.address_1 == "2 Market Square"
    assert address.postal_code == "BS5 6XX"
    carers_service.refresh_from_db()
    assert carers_service.last_modified > stamp
    event = AuditEvent.objects.get(action="location.updated")
    assert event.details["before"]["address"] == {
        "address_1": "1 High Street",
        "postal_code": "AS1 1AA",
    }
    assert event.details["after"]["latitude"] == clinic.latitude
    assert event.details["after"]["name"] == "The Hub"


def test_location_needs_both_coordinates(alice, carers_service, clinic):
    with pytest.raises(ValidationError):
        services.update_location(
            actor=alice,
            service=carers_service,
            location=clinic,
            changes={"latitude": 51.45, "longitude": None},
            address={},
        )
    clinic.refresh_from_db()
    assert clinic.latitude is None


def test_location_of_another_service_is_refused(alice, carers_service, housing_org):
    elsewhere = Location.objects.create(organization=housing_org, name="Housing office")
    with pytest.raises(PermissionDenied):
        services.update_location(
            actor=alice,
            service=carers_service,
            location=elsewhere,
            changes={"name": "Mine now"},
            address={},
        )


def test_outsider_cannot_update_location(charlie, carers_service, clinic):
    with pytest.raises(PermissionDenied):
        services.update_location(
            actor=charlie,
            service=carers_service,
            location=clinic,
            changes={"name": "Taken"},
            address={},
        )


def test_add_location_links_it_to_the_service(alice, carers_service):
    location = services.add_service_location(
        actor=alice,
        service=carers_service,
        changes={"name": "Library drop-in"},
        address={"address_1": "Library, Church Lane", "city": "Bristol", "postal_code": "BS6 5AA"},
    )
    assert location.organization == carers_service.organization
    assert carers_service.service_at_locations.filter(location=location).exists()
    assert location.addresses.get().postal_code == "BS6 5AA"
    assert (location.latitude, location.longitude) == postcodes.locate("BS6 5AA")
    assert AuditEvent.objects.filter(action="location.created").count() == 1


def test_add_location_without_an_address_writes_nothing(alice, carers_service):
    with pytest.raises(ValidationError):
        services.add_service_location(
            actor=alice, service=carers_service, changes={"name": "Nowhere"}, address={}
        )
    assert not Location.objects.exists()


def test_location_owned_by_another_organisation_is_refused(alice, carers_service, housing_org):
    shared = Location.objects.create(organization=housing_org, name="Housing office")
    ServiceAtLocation.objects.create(service=carers_service, location=shared)
    with pytest.raises(PermissionDenied):
        services.update_location(
            actor=alice,
            service=carers_service,
            location=shared,
            changes={"name": "Renamed"},
            address={},
        )
    shared.refresh_from_db()
    assert shared.name == "Housing office"
