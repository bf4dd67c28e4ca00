"""Ask for help: self-referral pages for people who are not signed in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.referrals.models import Consent, Referral, Status
from joinedup.referrals.services.intake import set_service_intake
from joinedup.referrals.views.ask import MAX_PER_HOUR


@pytest.fixture
def open_service(alice, carers_service):
    set_service_intake(
        actor=alice,
        service=carers_service,
        person_fields=["postcode"],
        questions=[{"label": "Who do you care for?", "required": True}],
        accepts_self_referral=True,
        next_steps="We will call you within a week.",
    )
    return carers_service


def _data(**extra):
    data = {
        "name": "Pat Person",
        "contact_preference": "phone",
        "phone": "07700 900789",
        "postcode": "BS5 6XX",
        "need": "I look after my mum and I am exhausted",
        "urgency": "routine",
        "q_who_do_you_care_for": "My mum",
        "consent": "on",
        "website": "",
    }
    data.update(extra)
    return data


def _url(service):
    return reverse("referrals:ask-for-help", args=[service.pk])


def test_service_page_shows_ask_for_help_only_where_it_is_taken(client, carers_service):
    page = client.get(reverse("directory:view-service", args=[carers_service.pk]))
    assert _url(carers_service) not in page.content.decode()
    assert client.get(_url(carers_service)).status_code == 404


def test_person_asks_for_help_and_gets_a_reference(client, open_service, carers_centre):
    page = client.get(reverse("directory:view-service", args=[open_service.pk]))
    assert _url(open_service) in page.content.decode()
    assert client.get(_url(open_service)).status_code == 200
    response = client.post(_url(open_service), _data())
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.status == Status.REQUESTED
    assert referral.referring_organization == carers_centre and referral.referring_user is None
    assert referral.intake_answers == {"who_do_you_care_for": "My mum"}
    assert Consent.objects.get().method == "self_referral"
    page = client.get(response["Location"]).content.decode()
    assert referral.reference in page
    assert "We will call you within a week." in page


def test_errors_are_shown_and_nothing_is_lost(client, open_service):
    client.get(_url(open_service))
    response = client.post(
        _url(open_service), _data(consent="", phone="", q_who_do_you_care_for="")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Confirm you agree to us receiving your details" in page
    assert "Enter a phone number" in page
    assert "Answer “Who do you care for?”" in page
    assert "I look after my mum and I am exhausted" in page
    assert not Referral.objects.exists()


def test_honeypot_filled_in_is_refused(client, open_service):
    client.get(_url(open_service))
    response = client.post(_url(open_service), _data(website="http://spam.example"))
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_post_without_a_started_session_is_turned_back(client, open_service):
    response = client.post(_url(open_service), _data())
    assert response.status_code == 200
    assert "Your session timed out" in response.content.decode()
    assert not Referral.objects.exists()
    # Sending again from that page works.
    assert client.post(_url(open_service), _data()).status_code == 302


def test_many_requests_from_one_browser_are_limited(client, open_service):
    client.get(_url(open_service))
    for _ in range(MAX_PER_HOUR):
        assert client.post(_url(open_service), _data()).status_code == 302
    response = client.post(_url(open_service), _data())
    assert response.status_code == 429
    assert Referral.objects.count() == MAX_PER_HOUR


def test_confirmation_is_only_for_the_browser_that_asked(client, open_service):
    from django.test import Client

    client.get(_url(open_service))
    response = client.post(_url(open_service), _data())
    other = Client()
    page = other.get(response["Location"])
    assert page.status_code == 302
    assert Referral.objects.get().reference not in page.content.decode()


def test_csrf_is_enforced(open_service):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.get(_url(open_service))
    assert strict.post(_url(open_service), _data()).status_code == 403
