from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.core.models import AuditEvent
from joinedup.directory.models import CapacityStatus, Service, WaitBand
from joinedup.referrals import services
from joinedup.referrals.models import Referral, Status
from joinedup.referrals.transitions import ConsentMissing


@pytest.fixture
def housing_consent(alice, person, housing_org):
    return services.record_consent(
        actor=alice, person=person, recipient=housing_org, purpose="Housing", method="written"
    )


def test_a_prescription_sends_one_referral_per_service(
    alice, person, food_service, housing_service, food_consent, housing_consent
):
    result = services.send_referrals(
        actor=alice,
        person=person,
        services=[food_service, housing_service],
        need="Struggling since my husband's stroke",
        urgency="urgent",
        intake_answers={food_service.pk: {"household_size": 2}},
    )
    assert len(result.referrals) == 2
    assert {r.prescription for r in result.referrals} == {result.prescription}
    by_service = {r.service: r for r in Referral.objects.all()}
    assert by_service[food_service].receiving_organization == food_service.organization
    assert by_service[housing_service].receiving_organization == housing_service.organization
    assert by_service[food_service].intake_answers == {"household_size": 2}
    assert by_service[housing_service].intake_answers == {}
    assert by_service[housing_service].intake_mode == "email"
    for referral in by_service.values():
        assert referral.status == Status.REQUESTED
        assert referral.urgency == "urgent"
        assert referral.referring_user == alice
        assert referral.requested_at is not None
        assert re.fullmatch(r"R-[0-9A-Z]{4}-[0-9A-Z]{4}", referral.reference)
    assert by_service[food_service].reference != by_service[housing_service].reference
    assert result.warnings == []


def test_each_referral_of_a_prescription_is_tracked_on_its_own(
    alice, dora, person, food_service, housing_service, food_consent, housing_consent
):
    result = services.send_referrals(
        actor=alice, person=person, services=[food_service, housing_service], need="Help"
    )
    food = next(r for r in result.referrals if r.service == food_service)
    services.transition_referral(actor=dora, referral=food, to_status=Status.ACCEPTED)
    statuses = dict(Referral.objects.values_list("service__name", "status"))
    assert statuses == {food_service.name: Status.ACCEPTED, housing_service.name: Status.REQUESTED}


def test_missing_consent_for_one_recipient_sends_nothing(
    alice, person, food_service, housing_service, food_consent
):
    with pytest.raises(ConsentMissing) as caught:
        services.send_referrals(
            actor=alice, person=person, services=[food_service, housing_service], need="Help"
        )
    assert "Brookfield Housing" in str(caught.value)
    assert "Food Bank" not in str(caught.value)
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="referral.").exists()


def test_withdrawn_consent_does_not_count(alice, person, food_service, food_consent):
    services.withdraw_consent(actor=alice, consent=food_consent)
    with pytest.raises(ConsentMissing):
        services.send_referrals(actor=alice, person=person, services=[food_service], need="x")


@pytest.mark.parametrize(
    ("capacity", "band", "warning"),
    [
        (CapacityStatus.NOT_ACCEPTING, "", "Emergency food parcels is not accepting referrals"),
        (CapacityStatus.WAITING_LIST, WaitBand.WEEKS_2_TO_4, "has a waiting list (wait: 2 to 4"),
        (CapacityStatus.WAITING_LIST, "", "Emergency food parcels has a waiting list"),
    ],
)
def test_services_without_capacity_are_sent_with_a_warning(
    alice, person, food_service, food_consent, capacity, band, warning
):
    Service.objects.filter(pk=food_service.pk).update(
        capacity_status=capacity, capacity_wait_band=band
    )
    food_service.refresh_from_db()
    result = services.send_referrals(actor=alice, person=person, services=[food_service], need="x")
    assert len(result.warnings) == 1 and warning in result.warnings[0]
    assert result.referrals[0].status == Status.REQUESTED


def test_a_member_who_is_not_admin_can_refer(bob, person, food_service, food_consent):
    result = services.send_referrals(actor=bob, person=person, services=[food_service], need="x")
    assert result.referrals[0].referring_user == bob


def test_outsiders_cannot_refer_someone_else_s_person(charlie, pam, person, food_service):
    for actor in (charlie, pam):
        with pytest.raises(PermissionDenied):
            services.send_referrals(actor=actor, person=person, services=[food_service], need="x")
    assert not Referral.objects.exists()


def test_a_person_is_referred_by_the_organisation_holding_them(
    charlie, housing_org, person, food_service
):
    with pytest.raises(PermissionDenied):
        services.draft_referral(
            actor=charlie,
            person=person,
            service=food_service,
            need="x",
            referring_organization=housing_org,
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"need": " "}, "need"), ({"urgency": "whenever"}, "urgency")],
)
def test_bad_input_is_refused_whole(alice, person, food_service, food_consent, kwargs, field):
    with pytest.raises(ValidationError) as caught:
        services.send_referrals(
            actor=alice, person=person, services=[food_service], **{"need": "x"} | kwargs
        )
    assert field in caught.value.message_dict
    assert not Referral.objects.exists()


def test_no_services_or_the_same_twice_is_refused(alice, person, food_service, food_consent):
    for chosen in ([], [food_service, food_service]):
        with pytest.raises(ValidationError):
            services.send_referrals(actor=alice, person=person, services=chosen, need="x")


def test_a_service_without_an_organisation_cannot_be_referred_to(alice, person):
    orphan = Service.objects.create(name="Orphan service", published=False)
    with pytest.raises(ValidationError):
        services.draft_referral(actor=alice, person=person, service=orphan, need="x")


def test_a_draft_shares_nothing_until_sent(alice, draft, dora):
    assert draft.status == Status.DRAFT
    assert not Referral.objects.visible_to(dora).exists()
    assert AuditEvent.objects.for_target(draft).get().action == "referral.drafted"
