"""The referrer's journey through the pages: from the shortlist, who, what and consent, check
and send, to one service or several."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from joinedup.core.models import User
from joinedup.directory.models import IntakeMode, Membership, Organization, Service
from joinedup.referrals.models import Consent, Person, Referral, Status, Urgency
from joinedup.referrals.services.intake import set_service_intake
from joinedup.referrals.tests.journey_steps import (
    date_data,
    journey_url,
    new_person,
    shortlist,
    start,
    what_data,
)


def _intake(org, service, **settings) -> None:
    admin = User.objects.create_user(email=f"admin-{service.pk}@example.org", password="x")
    Membership.objects.create(user=admin, organization=org, role=Membership.Role.ADMIN)
    set_service_intake(
        actor=admin,
        service=service,
        person_fields=settings.get("person_fields", []),
        questions=settings.get("questions", []),
        accepts_self_referral=False,
    )


def test_start_needs_signing_in(client, food_service):
    response = client.get(reverse("referrals:start"), {"service": str(food_service.pk)})
    assert response.status_code == 302
    assert "/sign-in" in response["Location"] or "login" in response["Location"]
    assert client.post(reverse("referrals:shortlist-change"), {"add": "x"}).status_code == 302
    assert not client.session.get("shortlist")


def test_start_refuses_someone_with_no_organisation(client, pam, food_service):
    client.force_login(pam)
    shortlist(client, food_service)
    response = client.post(reverse("referrals:start"))
    assert response.status_code == 403
    assert "belong to an organisation" in response.content.decode()


def test_someone_in_two_organisations_chooses_which_one(client, alice, food_bank, food_service):
    Membership.objects.create(user=alice, organization=food_bank)
    client.force_login(alice)
    shortlist(client, food_service)
    response = client.post(reverse("referrals:start"), {"name": "Sam Carer"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Which organisation are you referring for?" in page
    assert 'name="name" value="Sam Carer"' in page  # the name typed is carried on
    response = client.post(
        reverse("referrals:start"), {"service": str(food_service.pk), "choose": "1"}
    )
    assert "Select the organisation you are referring for" in response.content.decode()
    response = client.post(
        reverse("referrals:start"),
        {
            "service": str(food_service.pk),
            "choose": "1",
            "organisation": str(food_bank.pk),
            "name": "Sam Carer",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/person/new/")


def test_refer_one_person_to_three_services_end_to_end(
    client, alice, food_service, housing_service, food_bank, housing_org
):
    """Shortlist to sent for someone new: their details, what and consent, check, sent."""
    other = Service.objects.create(
        organization=food_bank, name="Debt advice", intake_mode=IntakeMode.JOINEDUP
    )
    client.force_login(alice)
    what_url = new_person(client, food_service, housing_service, other)
    assert what_url.endswith("/what/")
    page = client.get(what_url).content.decode()
    # One consent statement, each receiving organisation once (the food bank runs two).
    assert page.count('name="include"') == 2
    assert "Ashdown Food Bank" in page and "Brookfield Housing" in page
    response = client.post(what_url, what_data(food_bank, housing_org, urgency="urgent"))
    assert response["Location"].endswith("/check/")
    check_url = response["Location"]
    page = client.get(check_url).content.decode()
    assert "Send 3 referrals" in page and "Caring for my dad" in page
    assert not Referral.objects.exists() and not Person.objects.exists()  # nothing before send
    response = client.post(check_url)
    assert response["Location"].endswith("/sent/")
    referrals = list(Referral.objects.all())
    assert len(referrals) == 3
    assert {r.status for r in referrals} == {Status.REQUESTED}
    assert {r.urgency for r in referrals} == {Urgency.URGENT}
    assert len({r.prescription for r in referrals}) == 1
    consents = Consent.objects.standing()
    assert consents.count() == 2  # one per receiving organisation
    assert {c.method for c in consents} == {"in_person"}
    page = client.get(response["Location"]).content.decode()
    for referral in referrals:
        assert referral.reference in page
        assert f"/referrals/{referral.pk}/" in page
    # What was sent left the shortlist; the header counts what is left.
    assert client.session["shortlist"] == []
    assert "Shortlist (<span data-shortlist-count>0</span>" in page
    # Sending again (a double click) makes nothing more.
    client.post(check_url)
    assert Referral.objects.count() == 3


def test_consent_given_on_an_earlier_day_is_recorded_at_noon(
    client, alice, food_service, food_bank
):
    client.force_login(alice)
    what_url = new_person(client, food_service)
    earlier = datetime.date.today() - datetime.timedelta(days=3)
    data = {**what_data(food_bank, method="written"), **date_data("given_on", earlier)}
    client.post(journey_url(what_url, "what"), data)
    client.post(journey_url(what_url, "check"))
    consent = Consent.objects.get()
    assert consent.method == "written"
    assert consent.given_at.date() == earlier and consent.recorded_by == alice


def test_a_new_person_is_asked_only_what_the_services_need(client, alice, food_service, food_bank):
    client.force_login(alice)
    details_url = start(client, food_service, name="Sam Carer")
    page = client.get(details_url).content.decode()
    assert "NHS number" not in page and "Date of birth" not in page
    assert "Access needs" not in page
    _intake(food_bank, food_service, person_fields=["date_of_birth", "nhs_number"])
    page = client.get(details_url).content.decode()
    assert "Date of birth (optional)" in page and "NHS number (optional)" in page
    assert "Access needs" not in page


def test_form_errors_are_shown_and_nothing_typed_is_lost(client, alice, food_service, food_bank):
    _intake(food_bank, food_service, person_fields=["date_of_birth", "nhs_number", "access_needs"])
    client.force_login(alice)
    details_url = start(client, food_service, name="Sam Carer")
    response = client.post(
        details_url,
        {
            "name": "Sam Carer",
            "contact_preference": "phone",
            "phone": "",
            "nhs_number": "123 456 7890",
            "access_needs": "Uses a wheelchair",
            "date_of_birth_0": "31",
            "date_of_birth_1": "2",
            "date_of_birth_2": "1980",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "must be a real date" in page
    assert "Enter a valid NHS number" in page
    assert "Uses a wheelchair" in page and 'value="31"' in page
    response = client.post(
        details_url, {"name": "Sam Carer", "contact_preference": "phone", "phone": ""}
    )
    assert "Enter a phone number, or choose another way to contact them" in (
        response.content.decode()
    )
    assert not Person.objects.exists()


def test_consent_is_required_before_the_check_page(client, alice, food_service, food_bank):
    client.force_login(alice)
    what_url = new_person(client, food_service)
    response = client.post(what_url, {"need": "Food", "urgency": "routine"})
    page = response.content.decode()
    assert "Tick at least one organisation they agreed to" in page
    response = client.post(
        what_url, {"need": "Food", "urgency": "routine", "include": [food_bank.pk]}
    )
    page = response.content.decode()
    assert "Select how they agreed" in page
    assert "Food" in page  # the need typed is kept
    # The check page is not reachable until consent is recorded.
    response = client.get(journey_url(what_url, "check"))
    assert response["Location"].endswith("/what/")
    assert not Referral.objects.exists()


def test_a_referrer_cannot_record_self_referral_as_consent(client, alice, food_service, food_bank):
    client.force_login(alice)
    what_url = new_person(client, food_service)
    response = client.post(what_url, what_data(food_bank, method="self_referral"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_leaving_an_organisation_out_drops_its_services_from_this_send(
    client, alice, food_service, housing_service, food_bank, housing_org
):
    client.force_login(alice)
    what_url = new_person(client, food_service, housing_service)
    response = client.post(what_url, what_data(food_bank))  # housing left out
    page = client.get(response["Location"]).content.decode()
    assert "Send referral" in page
    assert "Not sent this time" in page and "Tenancy support (Brookfield Housing)" in page
    client.post(response["Location"])
    referral = Referral.objects.get()
    assert referral.service == food_service
    assert list(Consent.objects.values_list("recipient", flat=True)) == [food_bank.pk]
    # The service left out stays on the shortlist for later.
    assert client.session["shortlist"] == [str(housing_service.pk)]


def test_capacity_is_shown_on_the_shortlist_and_before_sending(
    client, alice, food_service, food_bank
):
    Service.objects.filter(pk=food_service.pk).update(
        capacity_status="waiting_list", capacity_wait_band="1_to_3_months"
    )
    client.force_login(alice)
    shortlist(client, food_service)
    page = client.get(reverse("referrals:shortlist")).content.decode()
    assert "Emergency food parcels has a waiting list (wait: 1 to 3 months)" in page
    assert "Referral through joinedup" in page
    what_url = new_person(client)
    client.post(what_url, what_data(food_bank))
    page = client.get(journey_url(what_url, "check")).content.decode()
    assert "has a waiting list" in page


def test_nothing_to_refer_goes_back_to_the_shortlist(client, alice):
    client.force_login(alice)
    response = client.post(reverse("referrals:start"))
    assert response["Location"] == reverse("referrals:shortlist")
    assert "No services on your shortlist yet" in client.get(response["Location"]).content.decode()


def test_outsider_cannot_open_someone_elses_journey(client, alice, charlie, food_service):
    client.force_login(alice)
    url = start(client, food_service)
    client.force_login(charlie)
    assert client.get(url).status_code == 404
    assert client.get(journey_url(url, "what")).status_code == 404


def test_questions_of_a_service_are_asked_and_required(client, alice, food_service, food_bank):
    _intake(
        food_bank,
        food_service,
        person_fields=["postcode"],
        questions=[{"label": "How many people live with you?", "required": True}],
    )
    client.force_login(alice)
    what_url = new_person(client, food_service)
    page = client.get(what_url).content.decode()
    assert "Emergency food parcels asks" in page and "How many people live with you?" in page
    page = client.post(what_url, what_data(food_bank)).content.decode()
    assert "Answer “How many people live with you?” for Emergency food parcels" in page
    client.post(what_url, what_data(food_bank, s0_how_many_people_live_with_you="4"))
    client.post(journey_url(what_url, "check"))
    assert Referral.objects.get().intake_answers == {"how_many_people_live_with_you": "4"}


def test_a_service_left_out_asks_nothing(
    client, alice, food_service, housing_service, food_bank, housing_org
):
    _intake(
        housing_org,
        housing_service,
        questions=[{"label": "Who is your landlord?", "required": True}],
    )
    client.force_login(alice)
    what_url = new_person(client, food_service, housing_service)
    response = client.post(what_url, what_data(food_bank))
    assert response.status_code == 302
    client.post(response["Location"])
    assert Referral.objects.get().service == food_service


@pytest.mark.parametrize("mode", [IntakeMode.PHONE, IntakeMode.SIGNPOSTING])
def test_a_service_that_takes_no_referral_here_says_what_to_do_instead(
    client, alice, food_service, housing_service, mode
):
    Service.objects.filter(pk=food_service.pk).update(
        intake_mode=mode, email="help@foodbank.example", url="https://foodbank.example"
    )
    client.force_login(alice)
    shortlist(client, food_service, housing_service)
    page = client.get(reverse("referrals:shortlist")).content.decode()
    assert "Emergency food parcels does not take referrals through joinedup" in page
    assert "help@foodbank.example" in page and "https://foodbank.example" in page
    assert "Refer to the services that take referrals here" in page
    # Referring skips it: only the service that takes referrals here is in the journey.
    what_url = new_person(client)
    page = client.get(what_url).content.decode()
    assert "Tenancy support" in page and "Emergency food parcels" not in page
    # With only such services shortlisted there is nothing to refer through joinedup.
    client.post(reverse("referrals:shortlist-change"), {"remove": str(housing_service.pk)})
    page = client.get(reverse("referrals:shortlist")).content.decode()
    assert "None of these services takes referrals through joinedup" in page
    assert client.post(reverse("referrals:start"))["Location"] == reverse("referrals:shortlist")


def test_choosing_another_person_asks_for_consent_again(
    client, alice, person, food_service, food_bank
):
    client.force_login(alice)
    what_url = new_person(client, food_service)
    client.post(what_url, what_data(food_bank))
    assert client.get(journey_url(what_url, "check")).status_code == 200
    who_url = journey_url(what_url, "person")
    client.post(who_url, {"name": "Mary Carer"})
    client.post(who_url, {"choice": str(person.pk)})
    response = client.get(journey_url(what_url, "check"))
    assert response["Location"].endswith("/what/")


def test_a_known_person_with_standing_consent_is_not_asked_again(
    client, alice, person, food_consent, food_service, food_bank
):
    client.force_login(alice)
    url = start(client, food_service, name="Mary Carer")
    response = client.post(journey_url(url, "person"), {"choice": str(person.pk)})
    what_url = response["Location"]
    page = client.get(what_url).content.decode()
    assert "consent to share with every one of these organisations is already recorded" in page
    assert 'name="method"' not in page
    response = client.post(
        what_url, {"need": "Food", "urgency": "routine", "include": [str(food_bank.pk)]}
    )
    client.post(response["Location"])
    assert Referral.objects.get().person == person
    assert Consent.objects.count() == 1


def test_urgency_is_offered_as_the_model_words_it_in_its_order(
    client, alice, food_service, food_bank
):
    client.force_login(alice)
    page = client.get(new_person(client, food_service)).content.decode()
    positions = [page.index(f'value="{value}"') for value, _ in Urgency.choices]
    assert positions == sorted(positions)
    for _, label in Urgency.choices:
        assert escape(str(label)) in page  # "the service's usual wait": the ' is escaped


def _check_page_queries(client, services) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    what_url = new_person(client, *services)
    client.post(what_url, what_data(*[s.organization for s in services]))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(journey_url(what_url, "check"))
    assert response.status_code == 200
    assert response.content.decode().count('<h3 class="govuk-heading-s">') == len(services)
    return len(queries)


def test_check_page_queries_do_not_grow_with_the_services(client, alice, food_bank):
    """A prescription of five services costs the check page no more queries than one (N+1)."""
    services = []
    for n in range(5):
        org = Organization.objects.create(name=f"Partner {n}")
        # Someone answers each partner's referrals, so each service is referable.
        user = User.objects.create_user(email=f"partner-{n}@example.org", password="x")
        Membership.objects.create(user=user, organization=org)
        services.append(
            Service.objects.create(
                organization=org, name=f"Service {n}", intake_mode=IntakeMode.JOINEDUP
            )
        )
    client.force_login(alice)
    one = _check_page_queries(client, services[:1])
    five = _check_page_queries(client, services)
    assert five == one, (one, five)


def test_outsider_cannot_start_referring_for_another_organisation(
    client, charlie, carers_centre, food_bank, food_service
):
    Membership.objects.create(user=charlie, organization=food_bank)
    client.force_login(charlie)
    response = client.post(
        reverse("referrals:start"),
        {"service": str(food_service.pk), "choose": "1", "organisation": str(carers_centre.pk)},
    )
    assert response.status_code == 200
    assert "Select one of your own organisations" in response.content.decode()
    assert "Ashdown Carers Centre" not in response.content.decode()
    assert not client.session.get("referral_journeys")


def test_sent_links_to_the_persons_support_plan(
    client, alice, charlie, food_service, housing_service, food_bank, housing_org
):
    """The confirmation leads to the plan of what was just sent, and the referrer can open it;
    charlie (Brookfield Housing, which received one of the referrals) following it gets
    nothing: the plan is the referrer's to give the person."""
    client.force_login(alice)
    what_url = new_person(client, food_service, housing_service)
    client.post(what_url, what_data(food_bank, housing_org))
    response = client.post(journey_url(what_url, "check"))
    page = client.get(response["Location"]).content.decode()
    (prescription,) = {r.prescription for r in Referral.objects.all()}
    plan_url = reverse("referrals:support-plan", args=[prescription])
    assert f'href="{plan_url}"' in page
    assert "Sam Carer\u2019s support plan" in page
    plan = client.get(plan_url)
    assert plan.status_code == 200
    text = plan.content.decode()
    assert "Emergency food parcels" in text and "Tenancy support" in text
    client.force_login(charlie)
    assert client.get(plan_url).status_code == 404
