"""The referrer's journey through the pages: refer someone to one service or several."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.directory.models import IntakeMode, Membership, Service
from joinedup.referrals.models import Consent, Person, Referral, Status
from joinedup.referrals.services.intake import set_service_intake
from joinedup.referrals.tests.journey_steps import journey_url, start
from joinedup.search.services import rebuild_index


def _new_person(client, person_url, **extra):
    response = client.post(person_url, {"name": "Sam Carer", "postcode": "BS5 6XX"})
    assert response.status_code == 302
    new_url = response["Location"]
    assert new_url.endswith("/person/new/")
    data = {
        "name": "Sam Carer",
        "postcode": "BS5 6XX",
        "contact_preference": "phone",
        "phone": "07700 900456",
        "date_of_birth_0": "",
        "date_of_birth_1": "",
        "date_of_birth_2": "",
        **extra,
    }
    return client.post(new_url, data)


def _consent_data(n: int) -> dict[str, str]:
    data = {}
    for i in range(n):
        data.update(
            {
                f"o{i}_agreed": "on",
                f"o{i}_method": "in_person",
                f"o{i}_given_on_0": "1",
                f"o{i}_given_on_1": "3",
                f"o{i}_given_on_2": "2026",
            }
        )
    return data


def test_start_needs_signing_in(client, food_service):
    response = client.get(reverse("referrals:start"), {"service": str(food_service.pk)})
    assert response.status_code == 302
    assert "/sign-in" in response["Location"] or "login" in response["Location"]


def test_start_refuses_someone_with_no_organisation(client, pam, food_service):
    client.force_login(pam)
    response = client.get(reverse("referrals:start"), {"service": str(food_service.pk)})
    assert response.status_code == 403
    assert "belong to an organisation" in response.content.decode()


def test_someone_in_two_organisations_chooses_which_one(client, alice, food_bank, food_service):
    Membership.objects.create(user=alice, organization=food_bank)
    client.force_login(alice)
    response = client.get(reverse("referrals:start"), {"service": str(food_service.pk)})
    assert response.status_code == 200
    assert "Which organisation are you referring for?" in response.content.decode()
    response = client.post(reverse("referrals:start"), {"service": str(food_service.pk)})
    assert "Select the organisation you are referring for" in response.content.decode()
    response = client.post(
        reverse("referrals:start"),
        {"service": str(food_service.pk), "organisation": str(food_bank.pk)},
    )
    assert response.status_code == 302


def test_refer_one_person_to_two_services_end_to_end(
    client, alice, food_service, housing_service, food_bank, housing_org
):
    client.force_login(alice)
    person_url = start(client, food_service)
    response = _new_person(client, person_url)
    assert response["Location"].endswith("/services/")
    services_url = journey_url(person_url, "services")
    # The chosen service is listed; a search (the search index, as an import builds it) finds
    # another, which is added.
    rebuild_index()
    page = client.get(services_url, {"q": "tenancy"}).content.decode()
    assert "Emergency food parcels" in page and "Tenancy support" in page
    client.post(services_url, {"action": "add", "service": str(housing_service.pk)})
    response = client.post(services_url, {"action": "continue"})
    assert response["Location"].endswith("/need/")
    response = client.post(
        journey_url(person_url, "need"), {"need": "Caring for my dad", "urgency": "urgent"}
    )
    # No service has questions of its own: straight to consent.
    assert response["Location"].endswith("/consent/")
    consent_url = journey_url(person_url, "consent")
    page = client.get(consent_url).content.decode()
    assert "Ashdown Food Bank" in page and "Brookfield Housing" in page
    response = client.post(consent_url, _consent_data(2))
    assert response["Location"].endswith("/check/")
    check_url = journey_url(person_url, "check")
    page = client.get(check_url).content.decode()
    assert "Send 2 referrals" in page and "Caring for my dad" in page
    assert not Referral.objects.exists()  # nothing written before sending
    response = client.post(check_url)
    assert response.status_code == 302
    assert response["Location"].endswith("/sent/")
    referrals = list(Referral.objects.all())
    assert len(referrals) == 2
    assert {r.status for r in referrals} == {Status.REQUESTED}
    assert Consent.objects.standing().count() == 2
    page = client.get(response["Location"]).content.decode()
    for referral in referrals:
        assert referral.reference in page
        assert f"/referrals/{referral.pk}/" in page
    # Sending again (a double click) makes nothing more.
    client.post(check_url)
    assert Referral.objects.count() == 2


def test_form_errors_are_shown_and_nothing_typed_is_lost(client, alice, food_service):
    client.force_login(alice)
    person_url = start(client, food_service)
    response = _new_person(
        client,
        person_url,
        phone="",
        nhs_number="123 456 7890",
        access_needs="Uses a wheelchair",
        date_of_birth_0="31",
        date_of_birth_1="2",
        date_of_birth_2="1980",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a phone number, or choose another way to contact them" in page
    assert "Enter a valid NHS number" in page
    assert "must be a real date" in page
    assert "Uses a wheelchair" in page and 'value="31"' in page
    assert not Person.objects.exists()


def test_consent_is_required_for_each_organisation(client, alice, food_service):
    client.force_login(alice)
    person_url = start(client, food_service)
    _new_person(client, person_url)
    client.post(journey_url(person_url, "services"), {"action": "continue"})
    client.post(journey_url(person_url, "need"), {"need": "Food", "urgency": "routine"})
    response = client.post(journey_url(person_url, "consent"), {})
    page = response.content.decode()
    assert "Confirm Sam Carer agreed to sharing with Ashdown Food Bank" in page
    # The check page is not reachable until consent is recorded.
    response = client.get(journey_url(person_url, "check"))
    assert response["Location"].endswith("/consent/")
    assert not Referral.objects.exists()


def test_capacity_warning_is_shown_before_sending(client, alice, food_service):
    Service.objects.filter(pk=food_service.pk).update(
        capacity_status="waiting_list", capacity_wait_band="1_to_3_months"
    )
    client.force_login(alice)
    person_url = start(client, food_service)
    _new_person(client, person_url)
    page = client.get(journey_url(person_url, "services")).content.decode()
    assert "Emergency food parcels has a waiting list (wait: 1 to 3 months)" in page
    client.post(journey_url(person_url, "services"), {"action": "continue"})
    client.post(journey_url(person_url, "need"), {"need": "Food", "urgency": "routine"})
    client.post(journey_url(person_url, "consent"), _consent_data(1))
    page = client.get(journey_url(person_url, "check")).content.decode()
    assert "has a waiting list" in page


def test_no_services_chosen_is_an_error(client, alice):
    client.force_login(alice)
    person_url = start(client)
    _new_person(client, person_url)
    response = client.post(journey_url(person_url, "services"), {"action": "continue"})
    assert "Choose at least one service" in response.content.decode()


def test_outsider_cannot_open_someone_elses_journey(client, alice, charlie, food_service):
    client.force_login(alice)
    person_url = start(client, food_service)
    client.force_login(charlie)
    assert client.get(person_url).status_code == 404


def test_questions_of_a_service_are_asked_and_required(client, alice, food_service, food_bank):
    from joinedup.core.models import User

    admin = User.objects.create_user(email="fran@foodbank.example", password="x")
    Membership.objects.create(user=admin, organization=food_bank, role=Membership.Role.ADMIN)
    set_service_intake(
        actor=admin,
        service=food_service,
        person_fields=["postcode"],
        questions=[{"label": "How many people live with you?", "required": True}],
        accepts_self_referral=False,
    )
    client.force_login(alice)
    person_url = start(client, food_service)
    _new_person(client, person_url)
    client.post(journey_url(person_url, "services"), {"action": "continue"})
    response = client.post(journey_url(person_url, "need"), {"need": "Food", "urgency": "routine"})
    assert response["Location"].endswith("/questions/")
    questions_url = response["Location"]
    page = client.post(questions_url, {}).content.decode()
    assert "Answer “How many people live with you?”" in page
    client.post(questions_url, {"s0_how_many_people_live_with_you": "4"})
    client.post(journey_url(person_url, "consent"), _consent_data(1))
    client.post(journey_url(person_url, "check"))
    assert Referral.objects.get().intake_answers == {"how_many_people_live_with_you": "4"}


@pytest.mark.parametrize("mode", [IntakeMode.PHONE, IntakeMode.SIGNPOSTING])
def test_logged_referral_gives_the_service_contact_details(client, alice, food_service, mode):
    Service.objects.filter(pk=food_service.pk).update(
        intake_mode=mode, email="help@foodbank.example"
    )
    client.force_login(alice)
    person_url = start(client, food_service)
    _new_person(client, person_url)
    client.post(journey_url(person_url, "services"), {"action": "continue"})
    client.post(journey_url(person_url, "need"), {"need": "Food", "urgency": "routine"})
    client.post(journey_url(person_url, "consent"), _consent_data(1))
    response = client.post(journey_url(person_url, "check"))
    page = client.get(response["Location"]).content.decode()
    assert "help@foodbank.example" in page and "(logged)" in page
    assert Referral.objects.get().intake_mode == mode


def test_a_service_added_after_the_questions_has_its_own_asked(
    client, alice, food_service, housing_service, housing_org
):
    from joinedup.core.models import User

    admin = User.objects.create_user(email="h@housing.example", password="x")
    Membership.objects.create(user=admin, organization=housing_org, role=Membership.Role.ADMIN)
    set_service_intake(
        actor=admin,
        service=housing_service,
        person_fields=[],
        questions=[{"label": "Who is your landlord?", "required": True}],
        accepts_self_referral=False,
    )
    client.force_login(alice)
    person_url = start(client, food_service)
    _new_person(client, person_url)
    client.post(journey_url(person_url, "services"), {"action": "continue"})
    client.post(journey_url(person_url, "need"), {"need": "Food", "urgency": "routine"})
    client.post(journey_url(person_url, "consent"), _consent_data(1))
    assert client.get(journey_url(person_url, "check")).status_code == 200
    # Back to the services from check-your-answers, and one with its own question added.
    services_url = journey_url(person_url, "services")
    client.post(services_url, {"action": "add", "service": str(housing_service.pk)})
    response = client.post(services_url, {"action": "continue"})
    response = client.get(response["Location"])
    assert response["Location"].endswith("/questions/")
    page = client.get(response["Location"]).content.decode()
    assert "Who is your landlord?" in page


def test_choosing_another_person_asks_for_consent_again(client, alice, person, food_service):
    client.force_login(alice)
    person_url = start(client, food_service)
    _new_person(client, person_url)
    client.post(journey_url(person_url, "services"), {"action": "continue"})
    client.post(journey_url(person_url, "need"), {"need": "Food", "urgency": "routine"})
    client.post(journey_url(person_url, "consent"), _consent_data(1))
    client.post(person_url, {"name": "Mary Carer"})
    client.post(journey_url(person_url, "person/matches"), {"choice": str(person.pk)})
    response = client.get(journey_url(person_url, "check"))
    assert response["Location"].endswith("/consent/")


def _check_page_queries(client, services, data_for_consent) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person_url = start(client, *services)
    _new_person(client, person_url)
    client.post(journey_url(person_url, "services"), {"action": "continue"})
    client.post(journey_url(person_url, "need"), {"need": "Food", "urgency": "routine"})
    client.post(journey_url(person_url, "consent"), data_for_consent)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(journey_url(person_url, "check"))
    assert response.status_code == 200
    assert response.content.decode().count('<h3 class="govuk-heading-s">') == len(services)
    return len(queries)


def test_check_page_queries_do_not_grow_with_the_services(client, alice, food_bank):
    """A prescription of five services costs the check page no more queries than one (N+1)."""
    from joinedup.directory.models import Organization

    services = []
    for n in range(5):
        org = Organization.objects.create(name=f"Partner {n}")
        services.append(Service.objects.create(organization=org, name=f"Service {n}"))
    client.force_login(alice)
    one = _check_page_queries(client, services[:1], _consent_data(1))
    five = _check_page_queries(client, services, _consent_data(5))
    assert five == one, (one, five)


def test_outsider_cannot_start_referring_for_another_organisation(
    client, charlie, carers_centre, food_bank, food_service
):
    Membership.objects.create(user=charlie, organization=food_bank)
    client.force_login(charlie)
    response = client.post(
        reverse("referrals:start"),
        {"service": str(food_service.pk), "organisation": str(carers_centre.pk)},
    )
    assert response.status_code == 200
    assert "Select one of your own organisations" in response.content.decode()
    assert "Ashdown Carers Centre" not in response.content.decode()
    assert not client.session.get("referral_journeys")
