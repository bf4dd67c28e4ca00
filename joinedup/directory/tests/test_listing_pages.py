"""The "Your listing" pages: permissions, each part saved on its own, errors, preview, publish;
and the Django admin, which no longer writes listings around the use cases."""

from __future__ import annotations

import pytest

from joinedup.core.models import AuditEvent, User
from joinedup.directory import listing
from joinedup.directory.models import Attribute, Schedule, Service, Taxonomy, TaxonomyTerm
from tests.admin_forms import form_data as _form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(alice, carers_centre) -> Service:
    return listing.create_service(actor=alice, organization=carers_centre, name="Young carers club")


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root@example.org", "a long admin password")


def _urls(service: Service) -> list[str]:
    base = f"/services/{service.pk}/listing"
    sections = ["about", "who", "cost", "categories", "languages", "delivery", "hours"]
    return [
        f"/organisations/{service.organization_id}/services/add/",
        f"{base}/",
        f"{base}/preview/",
        f"{base}/withdraw/",
        *(f"{base}/{s}/" for s in [*sections, "contact", "area"]),
    ]


def test_signed_out_people_are_sent_to_sign_in(client, draft):
    for url in _urls(draft):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/sign-in/?next="), url


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_members_who_are_not_admins_and_outsiders_get_404(who, request, client, draft):
    client.force_login(request.getfixturevalue(who))
    for url in _urls(draft):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "Taken", "description": "x"}).status_code == 404, url
    assert client.post(f"/services/{draft.pk}/listing/publish/").status_code == 404
    draft.refresh_from_db()
    assert draft.name == "Young carers club"
    assert not draft.published
    assert AuditEvent.objects.exclude(action="service.created").count() == 0


def test_a_draft_is_not_public(client, charlie, draft):
    assert client.get(f"/services/{draft.pk}/").status_code == 404
    client.force_login(charlie)
    assert client.get(f"/services/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["alice", "pam"])
def test_admin_and_partnership_manager_open_every_listing_page(who, request, client, draft):
    client.force_login(request.getfixturevalue(who))
    for url in _urls(draft):
        assert client.get(url).status_code == 200, url


def test_adding_a_service_starts_a_draft_and_opens_its_task_list(client, alice, carers_centre):
    client.force_login(alice)
    response = client.post(
        f"/organisations/{carers_centre.pk}/services/add/",
        {"name": "Young carers club", "description": "Fun and a break."},
    )
    service = Service.objects.get(name="Young carers club")
    assert response["Location"] == f"/services/{service.pk}/listing/"
    assert service.organization == carers_centre and not service.published
    html = client.get(response["Location"]).content.decode()
    assert "Not published" in html
    assert "Opening hours" in html and "Add a location" in html


def test_adding_a_service_without_a_name_shows_the_error_summary(client, alice, carers_centre):
    client.force_login(alice)
    html = client.post(
        f"/organisations/{carers_centre.pk}/services/add/", {"name": "", "description": "x"}
    ).content.decode()
    assert "There is a problem" in html
    assert '<a href="#id_name">Enter the service&#x27;s name</a>' in html
    assert not Service.objects.exists()


BAD = {
    "about": {"name": "", "description": "x", "application_process": ""},
    "who": {"minimum_age": "30", "maximum_age": "12", "eligibility_description": ""},
    "cost": {"fees_description": ""},
    "categories": {},
    "languages": {"languages": ["xx"], "interpretation": ""},
    "delivery": {},
    "hours": {"mo_opens": "9am", "mo_closes": "", "tu_opens": "banana", "tu_closes": "5pm"},
    "contact": {"phone_1": "call me", "email": "not an email", "url": ""},
    "area": {"name": "", "outcodes": "ZZ99"},
}


@pytest.mark.parametrize("section", list(BAD))
def test_every_part_answers_bad_input_with_an_error_summary_and_saves_nothing(
    section, client, alice, draft
):
    TaxonomyTerm.objects.create(name="Health")
    client.force_login(alice)
    before = Service.objects.filter(pk=draft.pk).values().get()
    response = client.post(f"/services/{draft.pk}/listing/{section}/", BAD[section])
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="govuk-error-summary"' in html
    assert "<title>Error: " in html
    assert Service.objects.filter(pk=draft.pk).values().get() == before
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["service.created"]


def test_hours_page_saves_a_weekly_pattern(client, alice, draft):
    client.force_login(alice)
    response = client.post(
        f"/services/{draft.pk}/listing/hours/",
        {
            "mo_opens": "9am",
            "mo_closes": "5:30pm",
            "sa_opens": "10:00",
            "sa_closes": "midday",
            "exceptions": "Closed on bank holidays",
        },
    )
    assert response.status_code == 302
    described = sorted(s.describe() for s in Schedule.objects.filter(service=draft))
    assert described == [
        "Closed on bank holidays",
        "Monday, 9am to 5:30pm",
        "Saturday, 10am to midday",
    ]
    # The form shows what was saved.
    html = client.get(f"/services/{draft.pk}/listing/hours/").content.decode()
    assert 'value="09:00"' in html and 'value="17:30"' in html


def test_categories_are_chosen_from_the_tree(client, alice, draft):
    health = TaxonomyTerm.objects.create(name="Health")
    dementia = TaxonomyTerm.objects.create(name="Dementia", parent=health)
    client.force_login(alice)
    html = client.get(f"/services/{draft.pk}/listing/categories/").content.decode()
    assert "All of Health" in html and "Dementia" in html
    client.post(f"/services/{draft.pk}/listing/categories/", {"terms": [str(dementia.pk)]})
    assert list(Attribute.objects.values_list("taxonomy_term_id", flat=True)) == [dementia.pk]


def test_preview_shows_the_public_page_and_publishing_makes_it_public(client, alice, draft):
    client.force_login(alice)
    html = client.get(f"/services/{draft.pk}/listing/preview/").content.decode()
    assert "This is how the public will see your listing" in html
    assert "Give a phone number, email address or website before you publish" in html
    client.post(
        f"/services/{draft.pk}/listing/about/", {"name": draft.name, "description": "A club."}
    )
    client.post(f"/services/{draft.pk}/listing/contact/", {"phone_1": "0117 496 0000"})
    response = client.post(f"/services/{draft.pk}/listing/publish/")
    assert response["Location"] == f"/services/{draft.pk}/"
    client.logout()
    assert client.get(f"/services/{draft.pk}/").status_code == 200
    client.force_login(alice)
    client.post(f"/services/{draft.pk}/listing/withdraw/")
    client.logout()
    assert client.get(f"/services/{draft.pk}/").status_code == 404


def test_publishing_an_incomplete_listing_says_why(client, alice, draft):
    client.force_login(alice)
    response = client.post(f"/services/{draft.pk}/listing/publish/", follow=True)
    page = response.content.decode()
    assert "Say what the service does before you publish it" in page
    # Told as a problem (the GOV.UK error summary), never under a green "Success" banner.
    assert "There is a problem" in page
    assert "govuk-notification-banner--success" not in page
    draft.refresh_from_db()
    assert not draft.published


# The Django admin


def test_admin_cannot_add_or_change_a_service(client, superuser, carers_service, carers_centre):
    client.force_login(superuser)
    assert client.get("/admin/directory/service/add/").status_code == 403
    client.post("/admin/directory/service/add/", {"name": "Orphan", "published": "on"})
    assert not Service.objects.filter(name="Orphan").exists()
    client.post(
        f"/admin/directory/service/{carers_service.pk}/change/",
        {"name": "Renamed", "organization": "", "published": "on"},
    )
    carers_service.refresh_from_db()
    assert carers_service.name != "Renamed"
    assert carers_service.organization == carers_centre
    for model in ("location", "schedule", "phone", "language", "servicearea", "attribute"):
        assert client.get(f"/admin/directory/{model}/add/").status_code == 403, model


def test_admin_changes_an_organisation_through_the_audited_use_case(
    client, superuser, carers_centre, carers_service, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    assert client.get("/admin/directory/organization/add/").status_code == 403
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            f"/admin/directory/organization/{carers_centre.pk}/change/",
            {
                "name": "Ashdown Carers",
                "alternate_name": "",
                "description": carers_centre.description,
                "email": "",
                "website": "",
                "sector": carers_centre.sector,
                "published": "on",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
                "phones-TOTAL_FORMS": "0",
                "phones-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302
    carers_centre.refresh_from_db()
    assert carers_centre.name == "Ashdown Carers"
    event = AuditEvent.objects.get(action="organization.updated")
    assert event.actor == superuser
    assert event.details["after"] == {"name": "Ashdown Carers"}
    assert callbacks  # its services are re-indexed once the change commits


def test_imported_hours_and_phones_survive_a_save_of_their_page(client, alice, draft):
    from joinedup.directory.models import Phone

    Schedule.objects.create(
        service=draft, freq="WEEKLY", byday="MO,TU,WE", opens_at="09:00", closes_at="17:00"
    )
    Schedule.objects.create(
        service=draft, freq="MONTHLY", byday="1FR", opens_at="10:00", closes_at="12:00"
    )
    for number in ("0117 000 0001", "0117 000 0002", "0117 000 0003"):
        Phone.objects.create(service=draft, number=number)
    client.force_login(alice)
    html = client.get(f"/services/{draft.pk}/listing/hours/").content.decode()
    assert html.count('value="09:00"') == 3
    assert "Monthly: Friday, 10am to midday" in html
    html = client.get(f"/services/{draft.pk}/listing/contact/").content.decode()
    assert all(n in html for n in ("0117 000 0001", "0117 000 0002", "0117 000 0003"))
    assert 'name="phone_4"' in html  # room for one more
    client.post(
        f"/services/{draft.pk}/listing/contact/",
        {"phone_1": "0117 000 0001", "phone_2": "0117 000 0002", "phone_3": "0117 000 0003"},
    )
    assert Phone.objects.filter(service=draft).count() == 3


def test_the_task_list_takes_a_bounded_number_of_queries(
    client, alice, draft, django_assert_max_num_queries
):
    from joinedup.directory.models import Location, ServiceAtLocation

    for n in range(5):
        place = Location.objects.create(organization=draft.organization, name=f"Hall {n}")
        ServiceAtLocation.objects.create(service=draft, location=place)
    client.force_login(alice)
    with django_assert_max_num_queries(20):
        assert client.get(f"/services/{draft.pk}/listing/").status_code == 200


def test_taxonomy_terms_changed_in_the_admin_are_audited(client, superuser):
    taxonomy = Taxonomy.objects.create(name="Local needs", version="1")
    term = TaxonomyTerm.objects.create(name="Carers", code="LN-1", taxonomy_detail=taxonomy)
    client.force_login(superuser)
    url = f"/admin/directory/taxonomyterm/{term.pk}/change/"
    data = _form_data(client.get(url))
    data["name"] = "Unpaid carers"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="taxonomy_term.changed")
    assert event.actor == superuser and event.target_id == str(term.pk)
    assert event.details == {"via": "admin", "fields": {"name": "Unpaid carers"}}
