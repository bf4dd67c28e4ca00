"""Names in the lists: the referring organisation and a receiving organisation holding the
person's consent see whose referral it is, each name shown audited; nobody else ever does.
A prescription's referrals are shown together; the lists filter by person, status and overdue."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import AuditEvent, User
from joinedup.directory.models import IntakeMode, Membership, Organization, Sector, Service
from joinedup.referrals import services
from joinedup.referrals.models import ConsentMethod, Referral, Status

INBOX = reverse("referrals:inbox")
SENT = reverse("referrals:sent")
DAY = datetime.timedelta(days=1)


def listed(response) -> list[Referral]:
    return list(response.context["page_obj"].object_list)


def names_read(user: User, where: str) -> list[str]:
    return [
        e.details["referral"]
        for e in AuditEvent.objects.filter(action="person.viewed", actor=user)
        if e.details.get("list") == where
    ]


@pytest.fixture
def advice(db) -> Organization:
    return Organization.objects.create(name="Ashdown Advice", sector=Sector.VCS)


@pytest.fixture
def ed(advice) -> User:
    user = User.objects.create_user(email="ed@advice.example", password="x")
    Membership.objects.create(user=user, organization=advice)
    return user


@pytest.fixture
def advice_service(advice) -> Service:
    return Service.objects.create(
        organization=advice, name="Benefits advice", intake_mode=IntakeMode.JOINEDUP
    )


@pytest.fixture
def prescription(alice, person, food_service, advice_service, food_consent, advice, dora, ed):
    """One send: Mary to the food bank and to the advice centre."""
    services.record_consent(
        actor=alice,
        person=person,
        recipient=advice,
        purpose="Referral for advice",
        method=ConsentMethod.IN_PERSON,
    )
    return services.send_referrals(
        actor=alice, person=person, services=[food_service, advice_service], need="Food and money"
    ).referrals


def test_the_referrer_sees_the_name_and_the_prescription_together(
    client, alice, bob, prescription, food_service
):
    # Another, later referral of someone else, to keep apart from Mary's prescription.
    john = services.create_person(
        actor=bob,
        organization=bob.memberships.get().organization,
        name="John Neighbour",
        contact_preference="phone",
        phone="07700 900456",
    )
    services.record_consent(
        actor=bob,
        person=john,
        recipient=food_service.organization,
        purpose="Food",
        method=ConsentMethod.PHONE,
    )
    services.send_referrals(actor=bob, person=john, services=[food_service], need="Food")
    client.force_login(alice)
    response = client.get(SENT)
    groups = response.context["groups"]
    assert [len(g) for g in groups] == [1, 2]
    assert {r.pk for r in groups[1]} == {r.pk for r in prescription}
    page = response.content.decode()
    assert "Mary Carer" in page and "John Neighbour" in page
    assert "2 referrals sent together" in page
    assert sorted(names_read(alice, "sent")) == sorted(
        [r.reference for r in prescription] + [Referral.objects.get(person=john).reference]
    )


def test_each_receiver_sees_the_name_only_while_its_consent_stands(
    client, alice, dora, ed, prescription, food_consent
):
    client.force_login(dora)
    assert "Mary Carer" in client.get(INBOX).content.decode()
    assert names_read(dora, "inbox") == [prescription[0].reference]
    # The food bank's consent is withdrawn: its referral is cancelled and the name goes with it.
    services.withdraw_consent(actor=alice, consent=food_consent)
    before = len(names_read(dora, "inbox"))
    closed = client.get(INBOX, {"view": "closed"})
    assert [r.pk for r in listed(closed)] == [prescription[0].pk]
    assert "Mary Carer" not in closed.content.decode()
    assert "Person's details not shared with you" in closed.content.decode()
    assert len(names_read(dora, "inbox")) == before
    # The advice centre's consent still stands.
    client.force_login(ed)
    assert "Mary Carer" in client.get(INBOX).content.decode()


def test_a_referral_struck_out_in_error_hides_the_name_from_the_receiver(
    client, alice, dora, referral
):
    services.transition_referral(actor=alice, referral=referral, to_status=Status.ENTERED_IN_ERROR)
    client.force_login(dora)
    page = client.get(INBOX, {"view": "all"}).content.decode()
    assert referral.reference in page and "Mary Carer" not in page


def test_the_outsider_never_sees_a_name(client, charlie, prescription):
    client.force_login(charlie)
    for url, params in ((INBOX, {"view": "all"}), (SENT, {"view": "all"})):
        response = client.get(url, params)
        assert response.context["page_obj"].paginator.count == 0
        assert "Mary" not in response.content.decode()
    for url in (INBOX, SENT):
        response = client.get(url, {"view": "all", "person": "Mary"})
        assert response.context["page_obj"].paginator.count == 0
    assert not AuditEvent.objects.filter(actor=charlie, action="person.viewed").exists()


def test_the_list_annotation_agrees_with_the_model_rule(
    alice, dora, ed, charlie, pam, prescription, food_consent, draft
):
    services.withdraw_consent(actor=alice, consent=food_consent)
    rows = list(Referral.objects.all())
    for user in (alice, dora, ed, charlie, pam):
        annotated = {r.pk: r.person_visible for r in Referral.objects.with_person_visible(user)}
        assert annotated == {r.pk: r.person_details_visible_to(user) for r in rows}, user


def test_the_person_filter_finds_only_names_the_reader_may_see(
    client, alice, dora, prescription, food_consent
):
    client.force_login(alice)
    assert len(listed(client.get(SENT, {"person": "mary"}))) == 2
    assert len(listed(client.get(SENT, {"person": "  MARY   carer "}))) == 2
    assert listed(client.get(SENT, {"person": "John"})) == []
    client.force_login(dora)
    assert len(listed(client.get(INBOX, {"view": "all", "person": "mary"}))) == 1
    services.withdraw_consent(actor=alice, consent=food_consent)
    # Without consent the name must not find the referral: that would say who was referred.
    assert listed(client.get(INBOX, {"view": "all", "person": "mary"})) == []
    assert len(listed(client.get(INBOX, {"view": "all"}))) == 1


def test_the_status_and_overdue_filters(client, alice, dora, prescription):
    food, advice = prescription
    services.transition_referral(actor=dora, referral=food, to_status=Status.ACCEPTED)
    Referral.objects.filter(pk=advice.pk).update(requested_at=timezone.now() - 4 * DAY)
    client.force_login(alice)
    assert [r.pk for r in listed(client.get(SENT, {"status": "accepted"}))] == [food.pk]
    overdue = client.get(SENT, {"overdue": "on"})
    assert [r.pk for r in listed(overdue)] == [advice.pk]
    assert "Overdue" in overdue.content.decode()
    # The filter is kept in the links to the other pages.
    assert "overdue=True" in overdue.context["query_string"]


def test_the_lists_fit_a_phone_with_summary_cards_not_wide_tables(client, alice, prescription):
    client.force_login(alice)
    page = client.get(SENT).content.decode()
    assert "govuk-summary-card" in page and "<table" not in page


def test_the_referral_page_links_the_rest_of_its_prescription_to_those_who_may_see_it(
    client, alice, dora, prescription
):
    food, advice = prescription
    client.force_login(alice)
    page = client.get(reverse("referrals:detail", args=[food.pk])).content.decode()
    assert "Sent together with" in page and reverse("referrals:detail", args=[advice.pk]) in page
    # The food bank is no party to the advice referral: it is not told of it.
    client.force_login(dora)
    page = client.get(reverse("referrals:detail", args=[food.pk])).content.decode()
    assert "Sent together with" not in page and advice.reference not in page


def test_the_filters_fold_away_until_used(client, alice, prescription):
    client.force_login(alice)
    assert '<details class="govuk-details">' in client.get(SENT).content.decode()
    filtered = client.get(SENT, {"person": "Mary"}).content.decode()
    assert '<details class="govuk-details" open>' in filtered and "(filtered)" in filtered
