from __future__ import annotations

import pytest
from django.utils import timezone

from joinedup.core import postcodes
from joinedup.core.models import AuditEvent
from joinedup.directory.models import (
    Address,
    Location,
    Service,
    ServiceAtLocation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(carers_service) -> Location:
    location = Location.objects.create(organization=carers_service.organization, name="The Hub")
    Address.objects.create(
        location=location, address_1="1 High Street", city="Ashdown", postal_code="AS1 1AA"
    )
    ServiceAtLocation.objects.create(service=carers_service, location=location)
    return location


def _edit_urls(service: Service, location: Location) -> list[str]:
    base = f"/services/{service.pk}"
    return [
        f"{base}/edit/",
        f"{base}/capacity/",
        f"{base}/intake/",
        f"{base}/locations/add/",
        f"{base}/locations/{location.pk}/edit/",
    ]


CORE = {
    "name": "Carers' wellbeing check",
    "description": "A conversation.",
    "status": "active",
    "minimum_age": "",
    "maximum_age": "",
    "eligibility_description": "",
    "fees_description": "Free",
    "application_process": "",
    "url": "",
    "email": "",
}


# Permissions: the cast


def test_signed_out_people_are_sent_to_sign_in(client, carers_service, clinic):
    for url in _edit_urls(carers_service, clinic):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/sign-in/?next="), url


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_people_who_cannot_edit_get_404_on_every_edit_url(
    who, request, client, carers_service, clinic
):
    client.force_login(request.getfixturevalue(who))
    for url in _edit_urls(carers_service, clinic):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {**CORE, "status": "not_accepting"}).status_code == 404, url
    assert client.post(f"/services/{carers_service.pk}/check/").status_code == 404
    carers_service.refresh_from_db()
    assert carers_service.capacity_status == "accepting"
    assert carers_service.assured_date is None
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["alice", "pam"])
def test_admin_and_partnership_manager_can_open_every_edit_url(
    who, request, client, carers_service, clinic
):
    client.force_login(request.getfixturevalue(who))
    for url in _edit_urls(carers_service, clinic):
        assert client.get(url).status_code == 200, url


def test_service_page_shows_edit_links_only_to_editors(client, alice, bob, carers_service):
    url = f"/services/{carers_service.pk}/"
    client.force_login(bob)
    assert "Edit details" not in client.get(url).content.decode()
    client.force_login(alice)
    assert "Edit details" in client.get(url).content.decode()


# Editing the service


def test_admin_edits_core_details(client, alice, carers_service):
    client.force_login(alice)
    response = client.post(
        f"/services/{carers_service.pk}/edit/",
        {**CORE, "name": "Carers' check-in", "minimum_age": "18", "mark_checked": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/services/{carers_service.pk}/"
    carers_service.refresh_from_db()
    assert carers_service.name == "Carers' check-in"
    assert carers_service.minimum_age == 18
    assert carers_service.assured_date == timezone.localdate()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert actions == {"service.updated", "service.checked"}
    page = client.get(response["Location"]).content.decode()
    assert "Your changes have been saved" in page


def test_edit_form_errors_show_the_error_summary(client, alice, carers_service):
    client.force_login(alice)
    response = client.post(
        f"/services/{carers_service.pk}/edit/",
        {**CORE, "name": "", "email": "not an email", "minimum_age": "old"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Edit" in html
    assert '<a href="#id_name">Enter the service&#x27;s name</a>' in html
    assert '<a href="#id_email">Enter an email address in the right format' in html
    assert '<a href="#id_minimum_age">Youngest age must be a whole number' in html
    assert "govuk-form-group--error" in html
    assert not AuditEvent.objects.exists()


def test_age_range_refused_by_the_use_case_shows_on_the_field(client, alice, carers_service):
    client.force_login(alice)
    html = client.post(
        f"/services/{carers_service.pk}/edit/",
        {**CORE, "minimum_age": "65", "maximum_age": "18"},
    ).content.decode()
    assert '<a href="#id_maximum_age">Maximum age must be the same as or more than' in html
    carers_service.refresh_from_db()
    assert carers_service.minimum_age is None


def test_radio_errors_link_to_the_first_radio(client, alice, carers_service):
    client.force_login(alice)
    html = client.post(
        f"/services/{carers_service.pk}/edit/", {**CORE, "status": ""}
    ).content.decode()
    assert '<a href="#id_status_0">Select the service&#x27;s status</a>' in html
    assert 'id="id_status_0"' in html


# Capacity and intake


def test_waiting_list_without_a_wait_band_shows_the_error(client, alice, carers_service):
    client.force_login(alice)
    response = client.post(
        f"/services/{carers_service.pk}/capacity/", {"status": "waiting_list", "note": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_wait_band_0">Select how long the wait is</a>' in html
    assert 'value="waiting_list" checked' in html
    carers_service.refresh_from_db()
    assert carers_service.capacity_status == "accepting"


def test_admin_sets_waiting_list_and_the_public_sees_it(client, alice, carers_service):
    client.force_login(alice)
    response = client.post(
        f"/services/{carers_service.pk}/capacity/",
        {"status": "waiting_list", "wait_band": "1_to_3_months", "note": "Call to check"},
    )
    assert response.status_code == 302
    carers_service.refresh_from_db()
    assert carers_service.capacity_updated_at is not None
    client.logout()
    html = client.get(f"/services/{carers_service.pk}/").content.decode()
    assert "Waiting list: the wait is 1 to 3 months" in html
    assert "Call to check" in html


def test_intake_mode_is_saved(client, pam, carers_service):
    client.force_login(pam)
    response = client.post(f"/services/{carers_service.pk}/intake/", {"intake_mode": "phone"})
    assert response.status_code == 302
    carers_service.refresh_from_db()
    assert carers_service.intake_mode == "phone"


def test_intake_mode_must_be_chosen(client, alice, carers_service):
    client.force_login(alice)
    html = client.post(f"/services/{carers_service.pk}/intake/", {}).content.decode()
    assert "Select how people are referred to this service" in html


# Checking


def test_mark_checked_only_by_post(client, alice, carers_service):
    client.force_login(alice)
    assert client.get(f"/services/{carers_service.pk}/check/").status_code == 405
    response = client.post(f"/services/{carers_service.pk}/check/", {"next": "/your-services/"})
    assert response["Location"] == "/your-services/"
    carers_service.refresh_from_db()
    assert carers_service.assured_date == timezone.localdate()


def test_check_ignores_a_next_address_elsewhere(client, alice, carers_service):
    client.force_login(alice)
    response = client.post(
        f"/services/{carers_service.pk}/check/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"/services/{carers_service.pk}/"


# Locations


def test_admin_changes_a_location(client, alice, carers_service, clinic):
    client.force_login(alice)
    response = client.post(
        f"/services/{carers_service.pk}/locations/{clinic.pk}/edit/",
        {
            "name": "The Hub",
            "address_1": "2 Market Square",
            "address_2": "",
            "city": "Bristol",
            "postal_code": "bs5  6xx",
            "accessibility": "Step-free entrance",
            # Typed coordinates are not a field: the postcode places it.
            "latitude": "1.0",
            "longitude": "1.0",
        },
    )
    assert response.status_code == 302
    address = clinic.addresses.get()
    assert address.address_1 == "2 Market Square"
    assert address.postal_code == "BS5 6XX"
    clinic.refresh_from_db()
    assert (clinic.latitude, clinic.longitude) == postcodes.locate("BS5 6XX")
    assert clinic.accessibility.get().description == "Step-free entrance"


def test_location_form_errors(client, alice, carers_service, clinic):
    client.force_login(alice)
    html = client.post(
        f"/services/{carers_service.pk}/locations/{clinic.pk}/edit/",
        {"address_1": "", "city": "Ashdown", "postal_code": "nonsense"},
    ).content.decode()
    assert '<a href="#id_address_1">Enter the first line of the address</a>' in html
    assert '<a href="#id_postal_code">Enter a full postcode, like BS5 6XX</a>' in html
    assert clinic.addresses.get().postal_code == "AS1 1AA"


def test_a_postcode_we_cannot_place_is_refused(client, alice, carers_service, clinic):
    client.force_login(alice)
    html = client.post(
        f"/services/{carers_service.pk}/locations/{clinic.pk}/edit/",
        {"address_1": "1 High St", "city": "Ashdown", "postal_code": "ZZ9 9ZZ"},
    ).content.decode()
    assert "There is a problem" in html
    assert "ZZ9 9ZZ is not a UK postcode we know" in html
    assert clinic.addresses.get().postal_code == "AS1 1AA"
    assert not AuditEvent.objects.exists()


def test_location_of_another_service_is_404(client, alice, carers_service, housing_org):
    elsewhere = Location.objects.create(organization=housing_org, name="Housing office")
    client.force_login(alice)
    url = f"/services/{carers_service.pk}/locations/{elsewhere.pk}/edit/"
    assert client.get(url).status_code == 404


def test_admin_adds_a_location(client, alice, carers_service):
    client.force_login(alice)
    response = client.post(
        f"/services/{carers_service.pk}/locations/add/",
        {
            "name": "Library",
            "address_1": "Church Lane",
            "city": "Bristol",
            "postal_code": "BS6 5AA",
        },
    )
    assert response.status_code == 302
    html = client.get(f"/services/{carers_service.pk}/").content.decode()
    assert "Church Lane" in html


# Dashboard


def test_your_services_lists_what_you_can_edit_and_flags_stale(
    client, alice, carers_service, charlie, housing_org
):
    Service.objects.create(organization=housing_org, name="Tenancy support")
    fresh = Service.objects.create(
        organization=carers_service.organization,
        name="Young carers club",
        assured_date=timezone.localdate(),
    )
    client.force_login(alice)
    html = client.get("/your-services/").content.decode()
    assert "Carers&#x27; wellbeing check" in html
    assert fresh.name in html
    assert "Tenancy support" not in html
    assert html.count("Check this listing") == 1
    assert "1 listing has not been checked" in html
    stale_only = client.get("/your-services/", {"stale": "1"}).content.decode()
    assert "Young carers club" not in stale_only


def test_member_who_is_not_admin_sees_no_services_to_edit(client, bob, carers_service):
    client.force_login(bob)
    html = client.get("/your-services/").content.decode()
    assert "You cannot edit any services" in html
    assert "Carers&#x27; wellbeing check" not in html


def test_partnership_manager_sees_her_partnerships_services(
    client, pam, carers_service, housing_org
):
    Service.objects.create(organization=housing_org, name="Tenancy support")
    client.force_login(pam)
    html = client.get("/your-services/").content.decode()
    assert "Carers&#x27; wellbeing check" in html
    # Brookfield Housing is in none of her partnerships (ADR 33).
    assert "Tenancy support" not in html


def test_your_services_makes_few_queries(client, pam, carers_centre, django_assert_max_num_queries):
    Service.objects.bulk_create(
        [Service(organization=carers_centre, name=f"Group {n}") for n in range(30)]
    )
    client.force_login(pam)
    with django_assert_max_num_queries(10):
        client.get("/your-services/")
