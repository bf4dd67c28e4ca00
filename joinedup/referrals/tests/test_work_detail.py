"""The referral page and its actions: who sees what, every read audited, the outsider refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.core.models import AuditEvent
from joinedup.referrals import services
from joinedup.referrals.models import Outcome, ServiceIntake, Status


@pytest.fixture
def intake(food_service):
    return ServiceIntake.objects.create(
        service=food_service,
        person_fields=["postcode"],
        questions=[{"key": "household", "label": "How many live with you?", "required": True}],
    )


@pytest.fixture
def answered(alice, person, food_service, food_consent, dora, intake):
    result = services.send_referrals(
        actor=alice,
        person=person,
        services=[food_service],
        need="We have run out of food",
        intake_answers={food_service.pk: {"household": "Four", "secret_key": "Not asked for"}},
    )
    return result.referrals[0]


def url(name, referral):
    return reverse(f"referrals:{name}", args=[referral.pk])


def person_views(person):
    return AuditEvent.objects.filter(action="person.viewed", target_id=str(person.pk))


def test_receiver_sees_the_referral_with_only_what_the_intake_asks(client, dora, answered):
    client.force_login(dora)
    page = client.get(url("detail", answered)).content.decode()
    assert answered.reference in page and "Emergency food parcels" in page
    assert "Mary Carer" in page and "07700 900123" in page  # name and how to contact them
    assert "BS5 6XX" in page  # the intake asks for the postcode
    assert "We have run out of food" in page
    assert "How many live with you?" in page and "Four" in page
    assert "Not asked for" not in page  # an answer to no question of the intake is not shown
    assert "Answer by" in page
    # Actions the receiver may take on a new referral.
    assert ">Accept</button>" in page and "Decline" in page
    assert "Cancel referral" not in page


def test_every_view_of_the_person_is_audited(client, dora, alice, answered, person):
    client.force_login(dora)
    client.get(url("detail", answered))
    client.get(url("detail", answered))
    views = list(person_views(person).order_by("created_at"))
    assert len(views) == 2
    assert views[0].actor == dora and views[0].organization == answered.receiving_organization
    assert views[0].details == {"referral": answered.reference}
    client.force_login(alice)
    client.get(url("detail", answered))
    assert person_views(person).filter(actor=alice).count() == 1


def test_after_withdrawal_the_receiver_sees_no_details_and_none_is_audited(
    client, dora, alice, answered, person, food_consent
):
    client.force_login(alice)
    page = client.get(url("withdraw-consent", answered)).content.decode()
    assert "Withdraw consent" in page
    response = client.post(url("withdraw-consent", answered), {"reason": "Changed her mind"})
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.status == Status.CANCELLED
    client.force_login(dora)
    before = person_views(person).count()
    page = client.get(url("detail", answered)).content.decode()
    assert "Mary Carer" not in page and "07700" not in page
    assert "We have run out of food" not in page and "Four" not in page
    assert "You cannot see this person" in page
    assert person_views(person).count() == before
    # The referral and its history are still the receiver's record.
    assert "The person withdrew their consent" in page


def test_only_the_referrer_withdraws_consent(client, dora, answered):
    client.force_login(dora)
    assert client.get(url("withdraw-consent", answered)).status_code == 404
    assert client.post(url("withdraw-consent", answered)).status_code == 404


def test_the_outsider_gets_404_on_every_page_and_action(client, charlie, answered, person):
    client.force_login(charlie)
    for name in ("detail", "change-status", "record-outcome", "post-message", "withdraw-consent"):
        assert client.get(url(name, answered)).status_code in (404, 405), name
        assert client.post(url(name, answered), {"to_status": "accepted"}).status_code == 404, name
    answered.refresh_from_db()
    assert answered.status == Status.REQUESTED
    assert not person_views(person).filter(actor=charlie).exists()


def test_partnership_managers_do_not_see_referrals(client, pam, answered):
    client.force_login(pam)
    assert client.get(url("detail", answered)).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, answered):
    response = client.get(url("detail", answered))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_accept_message_complete_and_outcome(client, dora, alice, answered):
    client.force_login(dora)
    response = client.post(url("change-status", answered), {"to_status": "accepted"})
    assert response.status_code == 302
    response = client.post(url("post-message", answered), {"body": "We will call tomorrow"})
    assert response.status_code == 302
    client.post(url("record-outcome", answered), {"outcome": "got_help", "note": "Parcel given"})
    # Completing asks first: the button alone shows a page that says it is final.
    asked = client.post(url("change-status", answered), {"to_status": "completed"})
    assert asked.status_code == 200 and "Complete this referral?" in asked.content.decode()
    answered.refresh_from_db()
    assert answered.status == Status.ACCEPTED
    client.post(
        url("change-status", answered),
        {"to_status": "completed", "step": "confirm", "confirm": "on"},
    )
    answered.refresh_from_db()
    assert answered.status == Status.COMPLETED == answered.derived_status()
    assert answered.outcome == Outcome.GOT_HELP
    # The referrer sees the outcome, the message and the history.
    client.force_login(alice)
    page = client.get(url("detail", answered)).content.decode()
    assert "Got help" in page and "Parcel given" in page
    assert "We will call tomorrow" in page
    assert "Accepted to Completed" in page


def test_declining_needs_a_reason_and_keeps_what_was_typed(client, dora, answered):
    client.force_login(dora)
    page = client.get(url("change-status", answered) + "?to=rejected").content.decode()
    assert "No capacity to take it on" in page
    response = client.post(
        url("change-status", answered), {"to_status": "rejected", "reason_text": "We are full"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "Choose a reason" in page
    assert "We are full" in page  # nothing typed is lost
    response = client.post(
        url("change-status", answered),
        {"to_status": "rejected", "reason_code": "no_capacity", "reason_text": "We are full"},
    )
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.status == Status.REJECTED
    event = answered.events.last()
    assert (event.reason_code, event.reason_text) == ("no_capacity", "We are full")
    assert event.actor == dora


def test_a_move_no_longer_open_is_refused_with_an_error_summary(client, dora, answered):
    client.force_login(dora)
    client.post(url("change-status", answered), {"to_status": "accepted"})
    response = client.post(url("change-status", answered), {"to_status": "accepted"})
    assert response.status_code == 409
    assert "govuk-error-summary" in response.content.decode()
    response = client.post(url("change-status", answered), {"to_status": "nonsense"})
    assert response.status_code == 409


def test_the_referrer_cannot_accept_their_own_referral(client, alice, answered):
    client.force_login(alice)
    response = client.post(url("change-status", answered), {"to_status": "accepted"})
    assert response.status_code == 409
    answered.refresh_from_db()
    assert answered.status == Status.REQUESTED


def test_empty_message_and_missing_outcome_show_errors(client, dora, answered):
    client.force_login(dora)
    response = client.post(url("post-message", answered), {"body": "  "})
    assert response.status_code == 200 and "Enter a message" in response.content.decode()
    response = client.post(url("record-outcome", answered), {"note": "Keep this note"})
    page = response.content.decode()
    assert "Choose what happened" in page and "Keep this note" in page
    assert not answered.messages.exists()


def test_bob_in_the_referring_organisation_can_follow_it(client, bob, answered):
    client.force_login(bob)
    page = client.get(url("detail", answered)).content.decode()
    assert "Mary Carer" in page and "Cancel referral" in page


def test_notification_preferences_page(client, dora):
    client.force_login(dora)
    page = client.get(reverse("referrals:notification-preferences")).content.decode()
    assert "As it happens" in page
    response = client.post(reverse("referrals:notification-preferences"), {})
    assert "Choose how often you want email" in response.content.decode()
    response = client.post(reverse("referrals:notification-preferences"), {"frequency": "daily"})
    assert response.status_code == 302
    assert dora.notification_preference.frequency == "daily"
