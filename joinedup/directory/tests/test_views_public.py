from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from joinedup.directory.models import (
    Address,
    CapacityStatus,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    WaitBand,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_service(carers_service) -> Service:
    """A listing with every part a person reads."""
    service: Service = carers_service
    service.minimum_age = 18
    service.eligibility_description = "Unpaid carers living in Ashdown."
    service.fees_description = "Free"
    service.application_process = "Phone us or ask your GP to refer you."
    service.email = "hello@carers.example"
    service.url = "https://carers.example/wellbeing"
    service.capacity_status = CapacityStatus.WAITING_LIST
    service.capacity_wait_band = WaitBand.WEEKS_2_TO_4
    service.capacity_note = "Urgent cases seen sooner."
    service.assured_date = timezone.localdate() - datetime.timedelta(days=30)
    service.save()
    location = Location.objects.create(organization=service.organization, name="The Hub")
    Address.objects.create(
        location=location, address_1="1 High Street", city="Ashdown", postal_code="AS1 1AA"
    )
    ServiceAtLocation.objects.create(service=service, location=location)
    Schedule.objects.create(
        service=service,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR",
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
    )
    Phone.objects.create(service=service, number="01234 567890")
    contact = Contact.objects.create(service=service, name="Sam Carer", title="Coordinator")
    Phone.objects.create(contact=contact, number="07000 000000")
    Language.objects.create(service=service, name="Polish")
    CostOption.objects.create(service=service, option="Group session", amount=5, currency="GBP")
    return service


def test_service_page_shows_everything_a_person_needs(client, full_service):
    response = client.get(f"/services/{full_service.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Carers&#x27; wellbeing check \u2013 Ashdown Together</title>" in html
    for text in (
        "A conversation about how you are coping",  # what
        "18 and over",  # who
        "Unpaid carers living in Ashdown.",
        "1 High Street",  # where
        "AS1 1AA",
        "Monday to Friday, 9am to 5pm",  # when
        "Free",  # cost
        "Group session: £5",
        "Phone us or ask your GP to refer you.",  # how to get it
        "Signposting only",
        "Waiting list: the wait is 2 to 4 weeks",
        "Urgent cases seen sooner.",
        "01234 567890",  # contact
        "hello@carers.example",
        "Sam Carer",
        "07000 000000",
        "Polish",  # languages
        "Last checked",
    ):
        assert text in html, text
    assert "stale-warning" not in html
    assert "Edit details" not in html


def test_service_page_makes_few_queries(client, full_service, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        client.get(f"/services/{full_service.pk}/")


def test_stale_service_carries_a_warning(client, carers_service):
    carers_service.assured_date = timezone.localdate() - datetime.timedelta(days=400)
    carers_service.save()
    html = client.get(f"/services/{carers_service.pk}/").content.decode()
    assert 'id="stale-warning"' in html
    assert "This listing was last checked on" in html


def test_never_checked_service_is_stale_too(client, carers_service):
    html = client.get(f"/services/{carers_service.pk}/").content.decode()
    assert "Nobody has confirmed this listing is up to date" in html


def test_imported_html_is_kept_but_scripts_never_run(client, carers_service):
    carers_service.description = "<p>Weekly <strong>group</strong></p><script>alert(1)</script>"
    carers_service.eligibility_description = "Adults <img src=x onerror=alert(1)>"
    carers_service.save()
    html = client.get(f"/services/{carers_service.pk}/").content.decode()
    assert "<p>Weekly <strong>group</strong></p>" in html
    assert "alert(1)" not in html.split("</main>")[0].split("<main")[1]


def test_typed_text_is_escaped_with_its_line_breaks(client, carers_service):
    carers_service.description = "Tea & chat\nEvery Tuesday"
    carers_service.save()
    html = client.get(f"/services/{carers_service.pk}/").content.decode()
    assert "<p>Tea &amp; chat<br>Every Tuesday</p>" in html


def test_unpublished_service_is_404_for_the_public(client, carers_service):
    carers_service.published = False
    carers_service.save()
    assert client.get(f"/services/{carers_service.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_unpublished_service_is_404_for_people_who_cannot_edit_it(
    who, request, client, carers_service
):
    carers_service.published = False
    carers_service.save()
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/services/{carers_service.pk}/").status_code == 404


def test_unpublished_service_is_visible_to_its_admin(client, alice, carers_service):
    carers_service.published = False
    carers_service.save()
    client.force_login(alice)
    html = client.get(f"/services/{carers_service.pk}/").content.decode()
    assert "Not published" in html


def test_unknown_service_is_404(client, db):
    assert client.get("/services/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_organisation_page_lists_its_published_services(client, carers_centre, carers_service):
    Service.objects.create(organization=carers_centre, name="Hidden draft", published=False)
    Phone.objects.create(organization=carers_centre, number="01234 111222")
    response = client.get(f"/organisations/{carers_centre.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Ashdown Carers Centre</h1>' in html
    assert "Support for unpaid carers." in html
    assert "01234 111222" in html
    assert "Carers&#x27; wellbeing check" in html
    assert "Hidden draft" not in html


def test_organisation_page_makes_few_queries(client, carers_centre, django_assert_max_num_queries):
    Service.objects.bulk_create(
        [Service(organization=carers_centre, name=f"Group {n}") for n in range(25)]
    )
    with django_assert_max_num_queries(8):
        client.get(f"/organisations/{carers_centre.pk}/")


def test_unpublished_organisation_is_404(client, db):
    hidden = Organization.objects.create(name="Not yet live", published=False)
    assert client.get(f"/organisations/{hidden.pk}/").status_code == 404
