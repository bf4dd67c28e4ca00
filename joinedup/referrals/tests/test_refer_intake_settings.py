"""Intake settings pages: a service's organisation says what referrals to it ask for."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.core.models import AuditEvent
from joinedup.directory.models import Membership, Service
from joinedup.referrals.services.intake import intake_of


@pytest.fixture
def url(carers_service):
    return reverse("referrals:edit-intake", args=[carers_service.pk])


def _data(**extra):
    data = {
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-label": "Who do you care for?",
        "questions-0-hint": "For example, my mum",
        "questions-0-required": "on",
        "questions-1-label": "",
        "person_fields": ["date_of_birth", "postcode"],
        "accepts_self_referral": "on",
        "next_steps": "We call within a week.",
        "action": "save",
    }
    data.update(extra)
    return data


def test_admin_sets_intake_and_it_is_audited(client, alice, carers_service, url):
    client.force_login(alice)
    assert "What referrals ask for" in client.get(url).content.decode()
    response = client.post(url, _data())
    assert response.status_code == 302
    intake = intake_of(carers_service)
    assert intake.person_fields == ("date_of_birth", "postcode")
    assert [q.label for q in intake.questions] == ["Who do you care for?"]
    assert intake.questions[0].required
    assert intake.accepts_self_referral and intake.next_steps == "We call within a week."
    assert AuditEvent.objects.filter(action="service.intake_changed", actor=alice).exists()
    # The page shows what was saved.
    page = client.get(url).content.decode()
    assert 'value="Who do you care for?"' in page


def test_add_another_question_keeps_what_was_typed(client, alice, url):
    client.force_login(alice)
    response = client.post(url, _data(action="add-question"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Who do you care for?"' in page
    assert 'name="questions-2-label"' in page


def test_unknown_person_field_is_an_error_on_the_page(client, alice, carers_service, url):
    client.force_login(alice)
    response = client.post(url, _data(person_fields=["religion"]))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert intake_of(carers_service).person_fields == ()


@pytest.mark.parametrize("who", ["charlie", "bob"])
def test_outsider_and_non_admin_get_404(client, request, url, carers_service, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == 404
    assert client.post(url, _data()).status_code == 404
    assert not intake_of(carers_service).accepts_self_referral


def test_service_page_links_to_the_intake_settings_for_its_editors(
    client, alice, carers_service, url
):
    client.force_login(alice)
    page = client.get(reverse("directory:view-service", args=[carers_service.pk]))
    assert url in page.content.decode()


def test_service_page_offers_the_shortlist_to_members(client, bob, charlie, carers_service):
    for user in (bob, charlie):
        client.force_login(user)
        page = client.get(reverse("directory:view-service", args=[carers_service.pk]))
        assert f'name="add" value="{carers_service.pk}"' in page.content.decode()


def test_members_of_another_organisation_can_be_added_and_refer(
    client, food_bank, carers_service, alice
):
    # alice answers the carers centre's referrals, so its service can be referred to.
    from joinedup.core.models import User

    user = User.objects.create_user(email="m@foodbank.example", password="x")
    Membership.objects.create(user=user, organization=food_bank)
    client.force_login(user)
    Service.objects.filter(pk=carers_service.pk).update(intake_mode="joinedup")
    response = client.get(reverse("referrals:start"), {"service": str(carers_service.pk)})
    assert response.status_code == 302 and response["Location"].endswith("/person/")


def test_your_services_links_to_the_intake_settings(client, alice, carers_service, url):
    client.force_login(alice)
    page = client.get(reverse("directory:list-your-services"))
    assert url in page.content.decode()
