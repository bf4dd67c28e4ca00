from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from joinedup.core.models import AuditEvent
from joinedup.referrals import services
from joinedup.referrals.models import Outcome, Status
from joinedup.referrals.transitions import NotAParty


def test_both_sides_write_in_one_thread(referral, alice, dora):
    services.post_message(actor=dora, referral=referral, body="Can she come on Tuesday?")
    services.post_message(actor=alice, referral=referral, body="Yes, after 2pm.")
    thread = list(referral.messages.values_list("author__email", "author_organization__name"))
    assert thread == [
        ("dora@foodbank.example", "Ashdown Food Bank"),
        ("alice@carers.example", "Ashdown Carers Centre"),
    ]


def test_message_audit_leaves_the_text_out(referral, dora):
    services.post_message(actor=dora, referral=referral, body="Her address is 1 High St")
    event = AuditEvent.objects.get(action="referral.message_posted")
    assert "High St" not in str(event.details)


def test_outsiders_cannot_post_and_empty_messages_are_refused(referral, alice, charlie, pam):
    for actor in (charlie, pam):
        with pytest.raises(NotAParty):
            services.post_message(actor=actor, referral=referral, body="Hello")
    with pytest.raises(ValidationError):
        services.post_message(actor=alice, referral=referral, body="   ")
    assert not referral.messages.exists()


def test_receiver_cannot_post_on_a_draft(draft, dora, food_consent):
    with pytest.raises(NotAParty):
        services.post_message(actor=dora, referral=draft, body="Hello")


def test_outcome_is_recorded_apart_from_status(referral, dora):
    services.transition_referral(actor=dora, referral=referral, to_status=Status.ACCEPTED)
    services.transition_referral(actor=dora, referral=referral, to_status=Status.COMPLETED)
    services.record_outcome(
        actor=dora, referral=referral, outcome=Outcome.GOT_HELP, note="Three parcels"
    )
    referral.refresh_from_db()
    assert (referral.status, referral.outcome, referral.outcome_recorded_by) == (
        Status.COMPLETED,
        Outcome.GOT_HELP,
        dora,
    )
    event = AuditEvent.objects.get(action="referral.outcome_recorded")
    assert event.details["outcome"] == "got_help" and event.organization.name == "Ashdown Food Bank"


def test_referrer_records_the_outcome_of_a_logged_referral(referral, alice):
    services.record_outcome(actor=alice, referral=referral, outcome=Outcome.COULD_NOT_CONTACT)
    referral.refresh_from_db()
    assert referral.outcome == Outcome.COULD_NOT_CONTACT
    assert referral.status == Status.REQUESTED


def test_outcome_refusals(referral, draft, alice, charlie, pam):
    for actor in (charlie, pam):
        with pytest.raises(NotAParty):
            services.record_outcome(actor=actor, referral=referral, outcome=Outcome.GOT_HELP)
    with pytest.raises(ValidationError):
        services.record_outcome(actor=alice, referral=referral, outcome="happy")
    with pytest.raises(ValidationError):
        services.record_outcome(actor=alice, referral=draft, outcome=Outcome.GOT_HELP)
    referral.refresh_from_db()
    assert referral.outcome == ""
