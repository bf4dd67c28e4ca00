"""The use cases behind the referring journey, intake settings and self-referral."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from joinedup.core.models import AuditEvent
from joinedup.directory.models import IntakeMode, Service
from joinedup.referrals.models import Consent, Person, Referral, ReferralEvent, Status
from joinedup.referrals.services.intake import intake_of, set_service_intake
from joinedup.referrals.services.prescription import ConsentGiven, refer_person
from joinedup.referrals.services.self_referral import submit_self_referral
from joinedup.referrals.transitions import ConsentMissing

NEW_PERSON = {
    "name": "Sam  Carer",
    "postcode": "bs5 6xx",
    "contact_preference": "phone",
    "phone": "07700 900456",
}


@pytest.fixture
def food_admin(food_bank):
    from joinedup.core.models import User
    from joinedup.directory.models import Membership

    user = User.objects.create_user(email="fran@foodbank.example", password="x")
    Membership.objects.create(user=user, organization=food_bank, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def food_questions(food_admin, food_service):
    return set_service_intake(
        actor=food_admin,
        service=food_service,
        person_fields=["postcode", "phone"],
        questions=[
            {"label": "How many people live with you?", "required": True},
            {"label": "Any dietary needs?", "hint": "For example, halal"},
        ],
        accepts_self_referral=True,
        next_steps="We will call within two working days.",
    )


def _consent(org):
    return ConsentGiven(recipient=org, method="in_person", given_at=timezone.now())


# Intake settings


def test_service_admin_sets_intake_and_it_is_audited(food_admin, food_questions, food_service):
    intake = intake_of(food_service)
    assert intake.person_fields == ("postcode", "phone")
    assert [q.key for q in intake.questions] == [
        "how_many_people_live_with_you",
        "any_dietary_needs",
    ]
    assert intake.questions[0].required and not intake.questions[1].required
    assert intake.accepts_self_referral
    event = AuditEvent.objects.get(action="service.intake_changed")
    assert event.actor == food_admin
    assert event.organization == food_service.organization


def test_editing_a_question_keeps_its_key(food_admin, food_questions, food_service):
    key = intake_of(food_service).questions[0].key
    set_service_intake(
        actor=food_admin,
        service=food_service,
        person_fields=[],
        questions=[{"key": key, "label": "How many people live in your home?"}],
        accepts_self_referral=False,
    )
    assert intake_of(food_service).questions[0].key == key


def test_outsider_and_plain_member_cannot_set_intake(charlie, dora, food_service):
    for actor in (charlie, dora):
        with pytest.raises(PermissionDenied):
            set_service_intake(
                actor=actor,
                service=food_service,
                person_fields=[],
                questions=[],
                accepts_self_referral=True,
            )
    assert not intake_of(food_service).accepts_self_referral


def test_intake_refuses_unknown_person_fields_and_empty_questions(food_admin, food_service):
    with pytest.raises(ValidationError) as caught:
        set_service_intake(
            actor=food_admin,
            service=food_service,
            person_fields=["religion"],
            questions=[{"label": "  "}],
            accepts_self_referral=False,
        )
    assert set(caught.value.message_dict) == {"person_fields", "questions"}


# The prescription


def test_prescription_makes_one_referral_and_one_consent_per_service(
    alice, carers_centre, food_service, housing_service, food_bank, housing_org
):
    result = refer_person(
        actor=alice,
        organization=carers_centre,
        services=[food_service, housing_service],
        need="Struggling since my husband's stroke",
        new_person=NEW_PERSON,
        consents=[_consent(food_bank), _consent(housing_org)],
    )
    assert len(result.referrals) == 2
    assert {r.service for r in result.referrals} == {food_service, housing_service}
    assert {r.status for r in Referral.objects.all()} == {Status.REQUESTED}
    assert len({r.prescription for r in result.referrals}) == 1
    person = Person.objects.get()
    assert person.organization == carers_centre and person.name == "Sam Carer"
    assert set(Consent.objects.standing().values_list("recipient", flat=True)) == {
        food_bank.pk,
        housing_org.pk,
    }
    assert Consent.objects.filter(recorded_by=alice, method="in_person").count() == 2


def test_missing_consent_for_one_recipient_sends_nothing(
    alice, carers_centre, food_service, housing_service, food_bank
):
    with pytest.raises(ConsentMissing):
        refer_person(
            actor=alice,
            organization=carers_centre,
            services=[food_service, housing_service],
            need="Help",
            new_person=NEW_PERSON,
            consents=[_consent(food_bank)],
        )
    assert not Referral.objects.exists()
    assert not Person.objects.exists()
    assert not Consent.objects.exists()


def test_required_intake_answer_is_checked_before_anything_is_written(
    alice, carers_centre, food_service, food_bank, food_questions
):
    with pytest.raises(ValidationError) as caught:
        refer_person(
            actor=alice,
            organization=carers_centre,
            services=[food_service],
            need="Help",
            new_person=NEW_PERSON,
            consents=[_consent(food_bank)],
        )
    assert "How many people live with you?" in caught.value.messages[0]
    assert not Person.objects.exists()
    result = refer_person(
        actor=alice,
        organization=carers_centre,
        services=[food_service],
        need="Help",
        new_person=NEW_PERSON,
        intake_answers={food_service.pk: {"how_many_people_live_with_you": "3", "other": "x"}},
        consents=[_consent(food_bank)],
    )
    assert result.referrals[0].intake_answers == {"how_many_people_live_with_you": "3"}


def test_outsider_cannot_refer_for_another_organisation(charlie, carers_centre, food_service):
    with pytest.raises(PermissionDenied):
        refer_person(
            actor=charlie,
            organization=carers_centre,
            services=[food_service],
            need="Help",
            new_person=NEW_PERSON,
            consents=[_consent(food_service.organization)],
        )
    assert not Person.objects.exists()


def test_outsider_cannot_refer_a_person_another_organisation_holds(
    charlie, housing_org, person, food_service
):
    with pytest.raises(PermissionDenied):
        refer_person(
            actor=charlie,
            organization=housing_org,
            services=[food_service],
            need="Help",
            person=person,
            consents=[_consent(food_service.organization)],
        )
    assert not Referral.objects.exists()


def test_referrer_cannot_choose_self_referral_as_consent(
    alice, carers_centre, food_service, food_bank
):
    given = ConsentGiven(recipient=food_bank, method="self_referral", given_at=timezone.now())
    with pytest.raises(ValidationError):
        refer_person(
            actor=alice,
            organization=carers_centre,
            services=[food_service],
            need="Help",
            new_person=NEW_PERSON,
            consents=[given],
        )


def test_existing_standing_consent_is_reused(
    alice, carers_centre, person, food_consent, food_service
):
    result = refer_person(
        actor=alice, organization=carers_centre, services=[food_service], need="Help", person=person
    )
    assert result.referrals[0].person == person
    assert Consent.objects.count() == 1


def test_capacity_warning_is_returned_for_a_waiting_list(
    alice, carers_centre, food_service, food_bank
):
    Service.objects.filter(pk=food_service.pk).update(capacity_status="waiting_list")
    food_service.refresh_from_db()
    result = refer_person(
        actor=alice,
        organization=carers_centre,
        services=[food_service],
        need="Help",
        new_person=NEW_PERSON,
        consents=[_consent(food_bank)],
    )
    assert result.warnings == ["Emergency food parcels has a waiting list"]


# Self-referral


def _ask(service, **overrides):
    values = {
        "service": service,
        "name": "Pat Person",
        "need": "I care for my mum and I am exhausted",
        "consent_given": True,
        "contact_preference": "email",
        "email": "pat@example.org",
        "intake_answers": {"how_many_people_live_with_you": "2"},
    }
    values.update(overrides)
    return submit_self_referral(**values)


def test_self_referral_is_sent_to_the_service_with_the_persons_own_consent(
    food_questions, food_service, food_bank, dora
):
    referral = _ask(food_service)
    assert referral.status == Status.REQUESTED
    assert referral.referring_organization == food_bank
    assert referral.receiving_organization == food_bank
    assert referral.referring_user is None
    assert referral.reference.startswith("R-")
    consent = Consent.objects.get(person=referral.person)
    assert consent.method == "self_referral" and consent.recorded_by is None
    assert list(
        ReferralEvent.objects.filter(referral=referral).values_list("to_status", flat=True)
    ) == [Status.DRAFT, Status.REQUESTED]
    assert Referral.objects.received_by(food_bank).filter(pk=referral.pk).exists()
    assert referral.person_details_visible_to(dora)
    assert AuditEvent.objects.filter(action="referral.self_referred").exists()


def test_self_referral_needs_consent_and_the_required_answers(food_questions, food_service):
    with pytest.raises(ValidationError) as caught:
        _ask(food_service, consent_given=False, intake_answers={}, email="", name="")
    assert {"consent", "how_many_people_live_with_you", "email", "name"} <= set(
        caught.value.message_dict
    )
    assert not Person.objects.exists()


def test_self_referral_refused_where_the_service_does_not_take_it(food_service):
    with pytest.raises(PermissionDenied):
        _ask(food_service)
    assert not Referral.objects.exists()


def test_self_referral_refused_for_an_unpublished_service(food_questions, food_service):
    Service.objects.filter(pk=food_service.pk).update(published=False)
    with pytest.raises(PermissionDenied):
        _ask(food_service)


def test_self_referral_to_a_phone_service_is_logged_with_its_mode(food_questions, food_service):
    Service.objects.filter(pk=food_service.pk).update(intake_mode=IntakeMode.PHONE)
    food_service.refresh_from_db()
    referral = _ask(food_service, date_of_birth=datetime.date(1960, 5, 1))
    assert referral.intake_mode == IntakeMode.PHONE
    assert referral.person.date_of_birth == datetime.date(1960, 5, 1)
