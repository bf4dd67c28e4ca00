from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.core.models import AuditEvent
from joinedup.referrals import services
from joinedup.referrals.models import Consent, Person, Status


def test_recording_consent_is_audited(alice, person, food_bank):
    consent = services.record_consent(
        actor=alice, person=person, recipient=food_bank, purpose="Food", method="phone"
    )
    assert consent.is_standing and consent.recorded_by == alice
    event = AuditEvent.objects.for_target(consent).get()
    assert event.action == "consent.recorded"
    assert event.details == {"recipient": str(food_bank.pk), "method": "phone"}


def test_recording_consent_twice_keeps_one_standing(alice, person, food_bank, food_consent):
    again = services.record_consent(
        actor=alice, person=person, recipient=food_bank, purpose="Food", method="written"
    )
    assert again == food_consent
    assert Consent.objects.standing().count() == 1


def test_consent_needs_a_purpose_and_a_known_method(alice, person, food_bank):
    with pytest.raises(ValidationError):
        services.record_consent(
            actor=alice, person=person, recipient=food_bank, purpose=" ", method="phone"
        )
    with pytest.raises(ValidationError):
        services.record_consent(
            actor=alice, person=person, recipient=food_bank, purpose="Food", method="telepathy"
        )


def test_only_the_persons_organisation_records_consent(charlie, dora, pam, person, food_bank):
    for actor in (charlie, dora, pam):
        with pytest.raises(PermissionDenied):
            services.record_consent(
                actor=actor, person=person, recipient=food_bank, purpose="Food", method="phone"
            )
    with pytest.raises(PermissionDenied):
        services.record_consent(
            actor=None, person=person, recipient=food_bank, purpose="Food", method="phone"
        )
    assert not Consent.objects.exists()


def test_withdrawing_cancels_open_referrals_to_that_organisation_only(
    alice, person, referral, food_service, housing_org, housing_service, dora
):
    services.record_consent(
        actor=alice, person=person, recipient=housing_org, purpose="Housing", method="phone"
    )
    housing = services.send_referrals(
        actor=alice, person=person, services=[housing_service], need="Rent arrears"
    ).referrals[0]
    consent = Consent.objects.get(recipient=food_service.organization)
    cancelled = services.withdraw_consent(actor=alice, consent=consent, reason="Changed her mind")
    assert cancelled == [referral]
    referral.refresh_from_db()
    housing.refresh_from_db()
    assert referral.status == Status.CANCELLED
    assert housing.status == Status.REQUESTED
    event = referral.events.last()
    assert (event.reason_code, event.reason_text, event.actor) == (
        "consent_withdrawn",
        "Changed her mind",
        alice,
    )


def test_withdrawing_cancels_drafts_and_work_in_progress_but_not_closed(
    alice, dora, person, food_service, food_consent, referral, put_in
):
    drafted = services.draft_referral(actor=alice, person=person, service=food_service, need="x")
    working = services.send_referrals(
        actor=alice, person=person, services=[food_service], need="More food"
    ).referrals[0]
    put_in(working, Status.IN_PROGRESS)
    put_in(referral, Status.COMPLETED)
    cancelled = services.withdraw_consent(actor=alice, consent=food_consent)
    assert {r.pk for r in cancelled} == {drafted.pk, working.pk}
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED


def test_withdrawal_takes_the_details_away_from_the_receiver(
    alice, dora, person, referral, food_consent
):
    assert referral.person_details_visible_to(dora)
    assert list(Person.objects.visible_to(dora)) == [person]
    services.withdraw_consent(actor=alice, consent=food_consent)
    referral.refresh_from_db()
    assert not referral.person_details_visible_to(dora)
    assert not Person.objects.visible_to(dora).exists()
    with pytest.raises(PermissionDenied):
        services.read_person_details(actor=dora, person=person, referral=referral)
    # The referrer keeps them, and the receiver still sees that the referral existed.
    assert referral.person_details_visible_to(alice)
    assert referral in type(referral).objects.visible_to(dora)


def test_withdrawal_is_audited_and_happens_once(alice, referral, food_consent):
    assert services.withdraw_consent(actor=alice, consent=food_consent) == [referral]
    assert services.withdraw_consent(actor=alice, consent=food_consent) == []
    food_consent.refresh_from_db()
    assert food_consent.withdrawn_by == alice and food_consent.withdrawn_at is not None
    assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1
    assert AuditEvent.objects.filter(action="referral.cancelled").count() == 1


def test_only_the_persons_organisation_withdraws(charlie, dora, referral, food_consent):
    for actor in (charlie, dora):
        with pytest.raises(PermissionDenied):
            services.withdraw_consent(actor=actor, consent=food_consent)
    food_consent.refresh_from_db()
    assert food_consent.is_standing


def test_consent_can_be_given_again_after_withdrawal(alice, person, food_bank, food_consent):
    services.withdraw_consent(actor=alice, consent=food_consent)
    again = services.record_consent(
        actor=alice, person=person, recipient=food_bank, purpose="Food", method="phone"
    )
    assert again != food_consent and again.is_standing
    assert Consent.objects.filter(person=person).count() == 2


def test_a_self_referral_records_consent_without_a_signed_in_person(person, food_bank):
    consent = services.record_consent(
        actor=None, person=person, recipient=food_bank, purpose="Food", method="self_referral"
    )
    assert consent.recorded_by is None and consent.is_standing
    assert AuditEvent.objects.for_target(consent).get().actor is None
