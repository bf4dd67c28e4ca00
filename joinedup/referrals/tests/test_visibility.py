from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from joinedup.core.models import AuditEvent
from joinedup.referrals import services
from joinedup.referrals.models import Person, Referral, Status


def test_both_organisations_see_the_referral_and_nobody_else(
    referral, alice, bob, dora, charlie, pam
):
    for user in (alice, bob, dora):
        assert list(Referral.objects.visible_to(user)) == [referral]
    for user in (charlie, pam, AnonymousUser()):
        assert not Referral.objects.visible_to(user).exists()


def test_partnership_managers_see_counts_not_people(referral, draft, dora):
    services.transition_referral(actor=dora, referral=referral, to_status=Status.ACCEPTED)
    counts = Referral.objects.status_counts()
    assert counts[Status.ACCEPTED] == 1 and counts[Status.DRAFT] == 1
    assert counts[Status.COMPLETED] == 0
    assert set(counts) == set(Status.values)


def test_receiver_sees_details_while_consent_stands(referral, alice, dora, charlie, pam):
    assert referral.person_details_visible_to(alice)
    assert referral.person_details_visible_to(dora)
    for user in (charlie, pam):
        assert not referral.person_details_visible_to(user)


def test_receiver_does_not_see_details_of_a_draft(draft, food_consent, dora, alice):
    assert draft.person_details_visible_to(alice)
    assert not draft.person_details_visible_to(dora)
    assert not Person.objects.visible_to(dora).exists()


def test_receiver_sees_no_details_without_consent_for_its_organisation(
    alice, dora, person, referral, food_consent, housing_org
):
    # Consent to another organisation stands; the food bank's own was withdrawn.
    services.record_consent(
        actor=alice, person=person, recipient=housing_org, purpose="Housing", method="phone"
    )
    services.withdraw_consent(actor=alice, consent=food_consent)
    referral.refresh_from_db()
    assert not referral.person_details_visible_to(dora)
    assert not Person.objects.visible_to(dora).exists()


def test_every_read_of_details_is_audited_on_the_readers_side(referral, alice, dora, person):
    services.read_person_details(actor=dora, person=person, referral=referral)
    services.read_person_details(actor=alice, person=person, referral=referral)
    views = AuditEvent.objects.filter(action="person.viewed").order_by("created_at")
    assert list(views.values_list("actor__email", "organization__name", "details")) == [
        ("dora@foodbank.example", "Ashdown Food Bank", {"referral": referral.reference}),
        ("alice@carers.example", "Ashdown Carers Centre", {"referral": referral.reference}),
    ]
    assert all(v.target_id == str(person.pk) for v in views)


def test_refused_reads_write_nothing_and_reveal_nothing(referral, person, charlie, pam):
    for actor in (charlie, pam):
        with pytest.raises(PermissionDenied):
            services.read_person_details(actor=actor, person=person, referral=referral)
    assert not AuditEvent.objects.filter(action="person.viewed").exists()


def test_a_referral_does_not_open_another_person(referral, alice, dora, carers_centre):
    other = services.create_person(
        actor=alice,
        organization=carers_centre,
        name="Someone Else",
        contact_preference="post",
        address="2 Low St",
        postcode="BS5 6XX",
    )
    with pytest.raises(PermissionDenied):
        services.read_person_details(actor=dora, person=other, referral=referral)


def test_receiver_cannot_read_details_without_the_referral(referral, dora, person):
    # Outside a referral only the owning organisation reads a person's record.
    with pytest.raises(PermissionDenied):
        services.read_person_details(actor=dora, person=person)


def test_entered_in_error_hides_the_person_from_the_receiver(referral, alice, dora):
    services.transition_referral(
        actor=alice,
        referral=referral,
        to_status=Status.ENTERED_IN_ERROR,
        reason_text="Wrong person",
    )
    referral.refresh_from_db()
    assert not referral.person_details_visible_to(dora)
    assert not Person.objects.visible_to(dora).exists()


def test_sent_and_received_filters(referral, draft, carers_centre, food_bank):
    assert set(Referral.objects.sent_by(carers_centre)) == {referral, draft}
    assert list(Referral.objects.received_by(food_bank)) == [referral]
    assert list(Referral.objects.open()) == [referral]


def test_listing_visible_referrals_is_one_query(
    referral, alice, person, food_service, django_assert_num_queries
):
    for _ in range(3):
        services.send_referrals(actor=alice, person=person, services=[food_service], need="x")
    with django_assert_num_queries(1):
        rows = list(
            Referral.objects.visible_to(alice).select_related("service", "receiving_organization")
        )
    assert len(rows) == 4
