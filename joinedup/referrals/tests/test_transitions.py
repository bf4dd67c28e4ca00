from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError

from joinedup.core.models import AuditEvent
from joinedup.referrals import services
from joinedup.referrals.models import ReferralEvent, Status
from joinedup.referrals.transitions import (
    MOVES,
    REASONS,
    ConsentMissing,
    NotAParty,
    ReasonRequired,
    Role,
    TransitionRefused,
    allowed_moves,
)

S = Status
REFERRER_MOVES = {(m.source, m.target) for m in MOVES if m.role == Role.REFERRER}
RECEIVER_MOVES = {(m.source, m.target) for m in MOVES if m.role == Role.RECEIVER}
ALL_PAIRS = [(a, b) for a, b in itertools.product(S, S) if a != b]


def reason_for(target):
    if target in REASONS:
        return {"reason_code": "other", "reason_text": "Explained on the phone"}
    return {}


def test_the_table_matches_the_workflow_of_the_issue():
    assert {(S.DRAFT, S.REQUESTED), (S.REQUESTED, S.CANCELLED)} <= REFERRER_MOVES
    assert {
        (S.REQUESTED, S.ACCEPTED),
        (S.REQUESTED, S.REJECTED),
        (S.ACCEPTED, S.IN_PROGRESS),
        (S.ACCEPTED, S.ON_HOLD),
        (S.IN_PROGRESS, S.ON_HOLD),
        (S.ON_HOLD, S.IN_PROGRESS),
        (S.ACCEPTED, S.FAILED),
        (S.IN_PROGRESS, S.FAILED),
        (S.ON_HOLD, S.FAILED),
        (S.ACCEPTED, S.COMPLETED),
        (S.IN_PROGRESS, S.COMPLETED),
    } == RECEIVER_MOVES
    # Nothing leaves a closed status.
    closed = {S.REJECTED, S.CANCELLED, S.FAILED, S.COMPLETED, S.ENTERED_IN_ERROR}
    assert not [m for m in MOVES if m.source in closed]


@pytest.mark.parametrize(("source", "target"), sorted(RECEIVER_MOVES))
def test_receiver_may_make_each_receiver_move(referral, dora, put_in, source, target):
    put_in(referral, source)
    event = services.transition_referral(
        actor=dora, referral=referral, to_status=target, **reason_for(target)
    )
    referral.refresh_from_db()
    assert referral.status == target
    assert event.from_status == source and event.to_status == target
    assert event.actor == dora and event.actor_organization == referral.receiving_organization


@pytest.mark.parametrize(("source", "target"), sorted(REFERRER_MOVES - {(S.DRAFT, S.REQUESTED)}))
def test_referrer_may_make_each_referrer_move(referral, bob, put_in, source, target):
    put_in(referral, source)
    services.transition_referral(
        actor=bob, referral=referral, to_status=target, **reason_for(target)
    )
    referral.refresh_from_db()
    assert referral.status == target


@pytest.mark.parametrize(("source", "target"), [p for p in ALL_PAIRS if p not in RECEIVER_MOVES])
def test_receiver_is_refused_every_other_move(referral, dora, put_in, source, target):
    put_in(referral, source)
    with pytest.raises(TransitionRefused):
        services.transition_referral(
            actor=dora, referral=referral, to_status=target, **reason_for(target)
        )
    referral.refresh_from_db()
    assert referral.status == source


@pytest.mark.parametrize(("source", "target"), [p for p in ALL_PAIRS if p not in REFERRER_MOVES])
def test_referrer_is_refused_every_other_move(referral, alice, put_in, source, target):
    put_in(referral, source)
    with pytest.raises(TransitionRefused):
        services.transition_referral(
            actor=alice, referral=referral, to_status=target, **reason_for(target)
        )
    referral.refresh_from_db()
    assert referral.status == source


@pytest.mark.parametrize("target", [S.ACCEPTED, S.CANCELLED, S.REJECTED, S.ENTERED_IN_ERROR])
def test_outsider_is_refused_as_not_a_party(referral, charlie, target):
    with pytest.raises(NotAParty):
        services.transition_referral(
            actor=charlie, referral=referral, to_status=target, **reason_for(target)
        )
    assert referral.events.count() == 2


def test_partnership_manager_cannot_move_a_referral(referral, pam):
    with pytest.raises(NotAParty):
        services.transition_referral(actor=pam, referral=referral, to_status=S.ACCEPTED)


def test_receiver_has_no_part_in_a_draft(draft, food_consent, dora):
    with pytest.raises(NotAParty):
        services.transition_referral(actor=dora, referral=draft, to_status=S.ACCEPTED)


def test_sending_a_draft_needs_consent_for_the_recipient(draft, alice):
    with pytest.raises(ConsentMissing):
        services.transition_referral(actor=alice, referral=draft, to_status=S.REQUESTED)
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_sending_a_draft_with_consent(draft, food_consent, alice):
    services.transition_referral(actor=alice, referral=draft, to_status=S.REQUESTED)
    draft.refresh_from_db()
    assert draft.status == S.REQUESTED
    assert draft.requested_at == draft.status_changed_at


def test_consent_for_another_organisation_does_not_let_it_be_sent(
    draft, alice, person, housing_org
):
    services.record_consent(
        actor=alice, person=person, recipient=housing_org, purpose="Housing", method="phone"
    )
    with pytest.raises(ConsentMissing):
        services.transition_referral(actor=alice, referral=draft, to_status=S.REQUESTED)


@pytest.mark.parametrize("target", [S.REJECTED, S.CANCELLED, S.ON_HOLD, S.FAILED])
@pytest.mark.parametrize(
    ("code", "text"),
    [("", "Some words"), ("other", ""), ("other", "   "), ("made_up", "Some words")],
)
def test_closing_and_pausing_need_a_listed_reason_and_words(
    referral, alice, dora, put_in, target, code, text
):
    source = S.REQUESTED if target in (S.REJECTED, S.CANCELLED) else S.IN_PROGRESS
    put_in(referral, source)
    actor = alice if target == S.CANCELLED else dora
    with pytest.raises(ReasonRequired):
        services.transition_referral(
            actor=actor, referral=referral, to_status=target, reason_code=code, reason_text=text
        )
    referral.refresh_from_db()
    assert referral.status == source


def test_a_reason_from_another_status_list_is_refused(referral, dora):
    # "could_not_contact" explains a failure, not a refusal before any contact.
    with pytest.raises(ReasonRequired):
        services.transition_referral(
            actor=dora,
            referral=referral,
            to_status=S.REJECTED,
            reason_code="could_not_contact",
            reason_text="No answer",
        )


@pytest.mark.parametrize("code", ["consent_withdrawn", "no_response"])
def test_system_reasons_cannot_be_chosen_by_people(referral, alice, code):
    with pytest.raises(ReasonRequired):
        services.transition_referral(
            actor=alice,
            referral=referral,
            to_status=S.CANCELLED,
            reason_code=code,
            reason_text="Chosen by hand",
        )


def test_a_move_without_reasons_refuses_a_reason_code(referral, dora):
    with pytest.raises(TransitionRefused):
        services.transition_referral(
            actor=dora, referral=referral, to_status=S.ACCEPTED, reason_code="other"
        )


def test_the_reason_is_kept_on_the_event(referral, dora):
    event = services.transition_referral(
        actor=dora,
        referral=referral,
        to_status=S.REJECTED,
        reason_code="outside_area",
        reason_text="Lives in Brookfield",
    )
    assert (event.reason_code, event.reason_text) == ("outside_area", "Lives in Brookfield")


def test_a_whole_journey_is_a_log_from_which_the_status_is_derived(referral, dora):
    for target in (S.ACCEPTED, S.IN_PROGRESS):
        services.transition_referral(actor=dora, referral=referral, to_status=target)
    services.transition_referral(
        actor=dora,
        referral=referral,
        to_status=S.ON_HOLD,
        reason_code="person_unavailable",
        reason_text="In hospital for a week",
    )
    services.transition_referral(actor=dora, referral=referral, to_status=S.IN_PROGRESS)
    services.transition_referral(actor=dora, referral=referral, to_status=S.COMPLETED)
    events = list(referral.events.values_list("sequence", "from_status", "to_status"))
    assert events == [
        (1, "", S.DRAFT),
        (2, S.DRAFT, S.REQUESTED),
        (3, S.REQUESTED, S.ACCEPTED),
        (4, S.ACCEPTED, S.IN_PROGRESS),
        (5, S.IN_PROGRESS, S.ON_HOLD),
        (6, S.ON_HOLD, S.IN_PROGRESS),
        (7, S.IN_PROGRESS, S.COMPLETED),
    ]
    referral.refresh_from_db()
    assert referral.status == referral.derived_status() == S.COMPLETED


def test_every_move_is_audited_with_its_verb(referral, dora, alice):
    services.transition_referral(actor=dora, referral=referral, to_status=S.ACCEPTED)
    services.transition_referral(
        actor=alice,
        referral=referral,
        to_status=S.CANCELLED,
        reason_code="no_longer_needed",
        reason_text="Family helped",
    )
    actions = list(
        AuditEvent.objects.for_target(referral)
        .order_by("created_at")
        .values_list("action", "actor__email", "organization__name")
    )
    assert actions == [
        ("referral.drafted", "alice@carers.example", "Ashdown Carers Centre"),
        ("referral.requested", "alice@carers.example", "Ashdown Carers Centre"),
        ("referral.accepted", "dora@foodbank.example", "Ashdown Food Bank"),
        ("referral.cancelled", "alice@carers.example", "Ashdown Carers Centre"),
    ]


def test_events_are_append_only(referral):
    event = referral.events.first()
    event.reason_text = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert ReferralEvent.objects.filter(referral=referral).count() == 2


def test_allowed_moves_offers_only_what_the_role_may_do():
    receiver = {m.target for m in allowed_moves(S.REQUESTED, frozenset({Role.RECEIVER}))}
    assert receiver == {S.ACCEPTED, S.REJECTED}
    assert allowed_moves(S.COMPLETED, frozenset({Role.RECEIVER, Role.REFERRER})) == []


def test_an_unknown_status_is_refused(referral, dora):
    with pytest.raises(TransitionRefused):
        services.transition_referral(actor=dora, referral=referral, to_status="finished")


def test_an_organisation_referring_to_its_own_service_holds_both_roles(
    alice, person, carers_service
):
    services.record_consent(
        actor=alice,
        person=person,
        recipient=carers_service.organization,
        purpose="x",
        method="written",
    )
    result = services.send_referrals(
        actor=alice, person=person, services=[carers_service], need="A break"
    )
    referral = result.referrals[0]
    services.transition_referral(actor=alice, referral=referral, to_status=S.ACCEPTED)
    referral.refresh_from_db()
    assert referral.status == S.ACCEPTED


def test_validation_errors_are_not_transition_errors(alice, person, food_service):
    with pytest.raises(ValidationError):
        services.draft_referral(actor=alice, person=person, service=food_service, need="  ")


def test_available_moves_follow_role_and_consent(draft, referral, alice, dora, charlie):
    def targets(actor, r):
        return {m.target for m in services.available_moves(actor=actor, referral=r)}

    # The draft is of the same person to the same recipient, whose consent stands.
    assert targets(alice, draft) == {S.REQUESTED, S.CANCELLED, S.ENTERED_IN_ERROR}
    assert targets(dora, referral) == {S.ACCEPTED, S.REJECTED}
    assert targets(alice, referral) == {S.CANCELLED, S.ENTERED_IN_ERROR}
    assert targets(charlie, referral) == set()


def test_available_moves_leave_out_sending_without_consent(alice, person, food_service):
    draft = services.draft_referral(actor=alice, person=person, service=food_service, need="x")
    moves = {m.target for m in services.available_moves(actor=alice, referral=draft)}
    assert moves == {S.CANCELLED, S.ENTERED_IN_ERROR}
