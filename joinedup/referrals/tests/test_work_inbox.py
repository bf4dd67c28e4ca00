"""The receiving team's inbox and the referrer's "my referrals": views, filters, no N+1,
one organisation at a time, the outsider refused."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.directory.models import (
    Attribute,
    IntakeMode,
    Membership,
    Service,
    TaxonomyTerm,
)
from joinedup.referrals import services
from joinedup.referrals.models import Referral, Status, Urgency

DAY = datetime.timedelta(days=1)
INBOX = reverse("referrals:inbox")
SENT = reverse("referrals:sent")


@pytest.fixture
def pantry(food_bank):
    return Service.objects.create(
        organization=food_bank, name="Community pantry", intake_mode=IntakeMode.JOINEDUP
    )


@pytest.fixture
def many(alice, person, food_service, pantry, food_consent, dora):
    """25 referrals to the food bank's two services, in several states."""
    made = []
    for i in range(25):
        service = food_service if i % 2 == 0 else pantry
        urgency = Urgency.URGENT if i % 5 == 0 else Urgency.ROUTINE
        made += services.send_referrals(
            actor=alice, person=person, services=[service], need=f"Need {i}", urgency=urgency
        ).referrals
    for referral in made[:5]:
        services.transition_referral(actor=dora, referral=referral, to_status=Status.ACCEPTED)
    for referral in made[5:8]:
        services.transition_referral(
            actor=dora,
            referral=referral,
            to_status=Status.REJECTED,
            reason_code="no_capacity",
            reason_text="Full",
        )
    # Two have waited four days: overdue (the first reminder day is 3).
    Referral.objects.filter(pk__in=[r.pk for r in made[8:10]]).update(
        requested_at=timezone.now() - 4 * DAY
    )
    return made


def refs(response):
    return {r.reference for r in response.context["page_obj"].object_list}


def test_the_inbox_views(client, dora, many):
    client.force_login(dora)
    new = client.get(INBOX)
    assert new.status_code == 200
    assert new.context["page_obj"].paginator.count == 17
    assert "New (17)" in new.content.decode() and "Overdue (2)" in new.content.decode()
    # Most urgent first, then the longest waiting: the urgent ones lead, then the overdue.
    listed = new.context["page_obj"].object_list
    urgent = {many[i].pk for i in (10, 15, 20)}
    assert {r.pk for r in listed[:3]} == urgent
    assert {r.pk for r in listed[3:5]} == {many[8].pk, many[9].pk}
    assert all(r.is_overdue for r in listed[3:5]) and not listed[0].is_overdue
    overdue = client.get(INBOX, {"view": "overdue"})
    assert refs(overdue) == {many[8].reference, many[9].reference}
    in_progress = client.get(INBOX, {"view": "in_progress"})
    assert refs(in_progress) == {r.reference for r in many[:5]}
    closed = client.get(INBOX, {"view": "closed"})
    assert refs(closed) == {r.reference for r in many[5:8]}


def test_the_inbox_filters(client, dora, many, pantry):
    client.force_login(dora)
    by_service = client.get(INBOX, {"view": "all", "service": str(pantry.pk)})
    assert refs(by_service) == {r.reference for r in many if r.service_id == pantry.pk}
    urgent = client.get(INBOX, {"view": "all", "urgency": "urgent"})
    assert refs(urgent) == {r.reference for r in many if r.urgency == Urgency.URGENT}
    accepted = client.get(INBOX, {"view": "all", "status": "accepted"})
    assert refs(accepted) == {r.reference for r in many[:5]}
    # Nonsense filters are ignored, not an error.
    assert client.get(INBOX, {"view": "bogus", "urgency": "x", "service": "y"}).status_code == 200


def test_the_inbox_pages_and_keeps_filters(client, dora, many):
    client.force_login(dora)
    page_one = client.get(INBOX, {"view": "all"})
    assert len(page_one.context["page_obj"].object_list) == 20
    assert "view=all&amp;page=2" in page_one.content.decode()
    page_two = client.get(INBOX, {"view": "all", "page": 2})
    assert len(page_two.context["page_obj"].object_list) == 5


def test_the_inbox_names_the_person_but_shows_nothing_else_personal(client, dora, many):
    client.force_login(dora)
    page = client.get(INBOX, {"view": "all"}).content.decode()
    # The food bank holds the person's consent: it sees their name, never their need in a list.
    assert "Mary Carer" in page and "Need 1" not in page


def test_the_inbox_makes_a_bounded_number_of_queries(
    client, dora, many, django_assert_max_num_queries
):
    client.force_login(dora)
    client.get(INBOX, {"view": "all"})  # warm the session
    # Constant, whatever the page holds: names and overdue come with the rows, the page's
    # audit lines in one INSERT, the tab counts in one query.
    with django_assert_max_num_queries(15):
        client.get(INBOX, {"view": "all"})
    with django_assert_max_num_queries(12):
        client.get(SENT)


def test_the_referrer_sees_none_of_it_in_their_inbox(client, alice, many):
    client.force_login(alice)
    response = client.get(INBOX, {"view": "all"})
    assert response.context["page_obj"].paginator.count == 0


def test_the_outsider_sees_nothing_and_cannot_pick_another_organisation(
    client, charlie, many, food_bank, carers_centre
):
    client.force_login(charlie)
    assert client.get(INBOX, {"view": "all"}).context["page_obj"].paginator.count == 0
    assert client.get(SENT, {"view": "all"}).context["page_obj"].paginator.count == 0
    assert client.get(INBOX, {"organisation": str(food_bank.pk)}).status_code == 404
    assert client.get(SENT, {"organisation": str(carers_centre.pk)}).status_code == 404
    assert client.get(INBOX, {"organisation": "not-a-uuid"}).status_code == 404


def test_someone_in_two_organisations_picks_one(client, dora, many, carers_centre):
    Membership.objects.create(user=dora, organization=carers_centre)
    client.force_login(dora)
    page = client.get(INBOX).content.decode()
    assert 'name="organisation"' in page and "Ashdown Carers Centre" in page
    as_carers = client.get(INBOX, {"organisation": str(carers_centre.pk), "view": "all"})
    assert as_carers.context["organisation"] == carers_centre
    assert as_carers.context["page_obj"].paginator.count == 0
    sent = client.get(SENT, {"organisation": str(carers_centre.pk), "view": "all"})
    assert sent.context["page_obj"].paginator.count == 25


def test_people_in_no_organisation_are_told(client, pam):
    client.force_login(pam)
    assert "not a member of any organisation" in client.get(INBOX).content.decode()
    assert "not a member of any organisation" in client.get(SENT).content.decode()


def test_my_referrals_filters(client, alice, bob, many):
    client.force_login(alice)
    everything = client.get(SENT)
    assert everything.context["page_obj"].paginator.count == 25
    closed = client.get(SENT, {"view": "closed"})
    assert refs(closed) == {r.reference for r in many[5:8]}
    open_ = client.get(SENT, {"view": "open", "status": "accepted"})
    assert refs(open_) == {r.reference for r in many[:5]}
    client.force_login(bob)
    assert client.get(SENT, {"mine": "on"}).context["page_obj"].paginator.count == 0
    assert client.get(SENT).context["page_obj"].paginator.count == 25


def test_expired_referrals_offer_another_service_in_the_same_category(
    client, alice, referral, food_service
):
    term = TaxonomyTerm.objects.create(name="Food")
    Attribute.objects.create(
        taxonomy_term=term, link_entity="service", link_id=food_service.pk, link_type=""
    )
    Referral.objects.filter(pk=referral.pk).update(requested_at=timezone.now() - 20 * DAY)
    services.expire_unanswered_referrals()
    client.force_login(alice)
    response = client.get(SENT, {"view": "expired"})
    assert refs(response) == {referral.reference}
    page = response.content.decode()
    assert "Expired: no response" in page
    assert f'href="/?category={term.pk}"' in page and "Choose another service" in page
    assert client.get(SENT, {"view": "open"}).context["page_obj"].paginator.count == 0
