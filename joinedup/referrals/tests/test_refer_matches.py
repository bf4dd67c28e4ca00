"""The referrer's journey, finding the person on the who screen: possible matches offered, each
read audited, and nobody else's people offered or chosen."""

from __future__ import annotations

import datetime

from joinedup.core.models import AuditEvent
from joinedup.referrals.models import Person
from joinedup.referrals.tests.journey_steps import journey_url, start


def test_existing_person_is_offered_and_viewing_the_matches_is_audited(
    client, alice, person, food_service
):
    client.force_login(alice)
    # The name typed with "Refer to these services" leads straight to the offer.
    url = start(client, food_service, name="mary carer")
    assert url.endswith("/person/#matches")
    page = client.get(url).content.decode()
    assert "Mary Carer" in page and "BS5 6XX" in page
    assert AuditEvent.objects.filter(action="person.viewed", target_id=str(person.pk)).exists()
    response = client.post(journey_url(url, "person"), {"choice": str(person.pk)})
    assert response["Location"].endswith("/what/")


def test_finding_on_the_who_screen_offers_them_too(client, alice, person, food_service):
    client.force_login(alice)
    url = start(client, food_service)
    assert url.endswith("/person/")
    assert "Who are you referring?" in client.get(url).content.decode()
    response = client.post(url, {"name": "Mary Carer", "postcode": "bs5 6xx"})
    assert response["Location"].endswith("/person/#matches")
    assert "Refer Mary Carer" in client.get(url).content.decode()


def test_the_who_screen_audits_a_read_of_each_person_it_offers(client, alice, person, food_service):
    twin = Person.objects.create(
        organization=person.organization, name="Mary Carer", date_of_birth=datetime.date(1960, 1, 2)
    )
    Person.objects.create(organization=person.organization, name="Someone Else")
    client.force_login(alice)
    url = start(client, food_service, name="Mary Carer")
    # Finding out whether anyone may be them shows no one: no read to audit yet.
    assert not AuditEvent.objects.filter(action="person.viewed").exists()
    page = client.get(url).content.decode()
    assert "born 2 January 1960" in page and "Someone Else" not in page
    viewed = AuditEvent.objects.filter(action="person.viewed", actor=alice)
    assert sorted(viewed.values_list("target_id", flat=True)) == sorted(
        [str(person.pk), str(twin.pk)]
    )


def test_choosing_an_offered_person_reads_no_one_again(client, alice, person, food_service):
    client.force_login(alice)
    url = start(client, food_service, name="Mary Carer")
    client.get(url)
    viewed = AuditEvent.objects.filter(action="person.viewed", target_id=str(person.pk))
    assert viewed.count() == 1  # the page showed them once
    response = client.post(journey_url(url, "person"), {"choice": str(person.pk)})
    assert response["Location"].endswith("/what/")
    # The choice was checked against the offer by id: nothing more was shown, so no new read.
    assert viewed.count() == 1


def test_someone_new_among_the_matches_goes_to_their_details(client, alice, person, food_service):
    client.force_login(alice)
    url = start(client, food_service, name="Mary Carer")
    response = client.post(journey_url(url, "person"), {"choice": "new"})
    assert response["Location"].endswith("/person/new/")
    assert 'value="Mary Carer"' in client.get(response["Location"]).content.decode()


def test_a_choice_that_was_not_offered_shows_the_offer_again_with_an_error(
    client, alice, person, food_service, housing_org
):
    stranger = Person.objects.create(organization=housing_org, name="Mary Carer")
    client.force_login(alice)
    url = start(client, food_service, name="Mary Carer")
    response = client.post(journey_url(url, "person"), {"choice": str(stranger.pk)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Mary Carer" in page
    # Shown again: a read of the person offered, audited; the stranger was neither.
    viewed = AuditEvent.objects.filter(action="person.viewed")
    assert list(viewed.values_list("target_id", flat=True)) == [str(person.pk)]


def test_outsider_is_not_offered_another_organisations_people(
    client, charlie, person, food_service
):
    client.force_login(charlie)
    url = start(client, food_service, name="Mary Carer")
    assert url.endswith("/person/new/")
    page = client.get(journey_url(url, "person")).content.decode()
    assert "BS5 6XX" not in page and "Refer Mary Carer" not in page
    assert not AuditEvent.objects.filter(action="person.viewed").exists()


def test_outsider_cannot_choose_another_organisations_person(client, charlie, person, food_service):
    client.force_login(charlie)
    url = start(client, food_service, name="Someone")
    response = client.post(journey_url(url, "person"), {"choice": str(person.pk)})
    # Not one of the choices offered: the form refuses it, and no person is chosen.
    assert response.status_code == 200
    what = client.get(journey_url(url, "what"))
    assert what["Location"].endswith("/person/")
