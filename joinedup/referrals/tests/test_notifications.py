"""Notifications: who is told what, email only after commit, never a person's details."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command

from joinedup.core.models import AuditEvent, OutboxMessage, User
from joinedup.directory.models import IntakeMode, Membership
from joinedup.referrals import delivery, notifications, services
from joinedup.referrals.models import Frequency, Notification, NotificationPreference, Status

# Everything about Mary the fixtures hold: none of it may appear in a notification or email.
PERSONAL = ["Mary", "Mary Carer", "07700", "900123", "BS5", "run out of food"]


def assert_no_personal_data(*texts: str) -> None:
    for text in texts:
        for secret in PERSONAL:
            assert secret.lower() not in text.lower(), f"{secret!r} leaked into {text!r}"


def all_outbox_text() -> list[str]:
    return [f"{m.subject}\n{m.body}" for m in mail.outbox]


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://ashdown.example"


@pytest.fixture
def sent(alice, person, food_service, food_consent, dora, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.send_referrals(
            actor=alice, person=person, services=[food_service], need="We have run out of food"
        )
    return result.referrals[0]


def test_a_new_referral_tells_the_receiving_team_after_commit(
    alice, person, food_service, food_consent, dora, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = services.send_referrals(
            actor=alice, person=person, services=[food_service], need="We have run out of food"
        )
        # Written in the transaction, but nothing emailed until it commits.
        assert Notification.objects.filter(recipient=dora).count() == 1
        assert mail.outbox == []
    assert callbacks, "the email is enqueued on commit"
    for callback in callbacks:
        callback()
    referral = result.referrals[0]
    assert [m.to for m in mail.outbox] == [["dora@foodbank.example"]]
    message = mail.outbox[0]
    assert referral.reference in message.subject
    assert f"https://ashdown.example/referrals/{referral.pk}/" in message.body
    assert_no_personal_data(message.subject, message.body)
    row = Notification.objects.get(recipient=dora)
    assert row.kind == "referral.requested" and row.sent_at is not None
    # The referrer, who did it, is not told about their own action.
    assert not Notification.objects.filter(recipient=alice).exists()


def test_a_rolled_back_change_emails_nobody(
    alice, person, food_service, food_consent, dora, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.send_referrals(
            actor=alice, person=person, services=[food_service], need="We have run out"
        )
        raise RuntimeError("something later failed")
    assert mail.outbox == []
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("to_status", "reason", "words"),
    [
        (Status.ACCEPTED, "", "accepted"),
        (Status.REJECTED, "no_capacity", "declined"),
    ],
)
def test_answers_tell_the_referrer_without_the_free_text(
    sent, alice, dora, to_status, reason, words, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_referral(
            actor=dora,
            referral=sent,
            to_status=to_status,
            reason_code=reason,
            reason_text="Mary Carer lives at BS5 and we are full",
        )
    assert [m.to for m in mail.outbox] == [["alice@carers.example"]]
    text = all_outbox_text()[0]
    assert words in text and sent.reference in text
    assert_no_personal_data(text)
    if reason:
        assert "No capacity to take it on" in text  # the label from the list, not the words


def test_completion_and_messages_reach_the_other_side(
    sent, alice, dora, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_referral(actor=dora, referral=sent, to_status=Status.ACCEPTED)
        services.post_message(actor=dora, referral=sent, body="Mary Carer: call on 07700 900123?")
        services.post_message(actor=alice, referral=sent, body="Yes, Mary is expecting you")
        services.transition_referral(actor=dora, referral=sent, to_status=Status.COMPLETED)
    kinds = list(
        Notification.objects.order_by("created_at", "pk").values_list("recipient__email", "kind")
    )
    assert kinds == [
        ("dora@foodbank.example", "referral.requested"),
        ("alice@carers.example", "referral.accepted"),
        ("alice@carers.example", "referral.message"),
        ("dora@foodbank.example", "referral.message"),
        ("alice@carers.example", "referral.completed"),
    ]
    assert len(mail.outbox) == 4
    assert_no_personal_data(*all_outbox_text())
    assert_no_personal_data(*Notification.objects.values_list("body", flat=True))


def test_withdrawing_consent_tells_the_receiver_it_is_cancelled(
    sent, alice, dora, food_consent, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_consent(actor=alice, consent=food_consent, reason="Mary changed her mind")
    assert [m.to for m in mail.outbox] == [["dora@foodbank.example"]]
    text = all_outbox_text()[0]
    assert "cancelled" in text and "withdrew their consent" in text
    assert_no_personal_data(text)


def test_referrer_who_left_is_replaced_by_their_organisation(
    sent, alice, bob, dora, django_capture_on_commit_callbacks
):
    Membership.objects.filter(user=alice).delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_referral(actor=dora, referral=sent, to_status=Status.ACCEPTED)
    assert list(
        Notification.objects.filter(kind="referral.accepted").values_list(
            "recipient__email", flat=True
        )
    ) == ["bob@carers.example"]


def test_the_outsider_is_never_told(sent, charlie, dora, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_referral(actor=dora, referral=sent, to_status=Status.ACCEPTED)
        services.post_message(actor=dora, referral=sent, body="Hello")
    assert not Notification.objects.filter(recipient=charlie).exists()
    assert all("charlie" not in m.to[0] for m in mail.outbox)


def test_email_intake_sends_a_link_only_email_to_the_service(
    alice, person, housing_service, django_capture_on_commit_callbacks
):
    housing_service.email = "referrals@housing.example"
    housing_service.intake_mode = IntakeMode.EMAIL
    housing_service.save()
    services.record_consent(
        actor=alice,
        person=person,
        recipient=housing_service.organization,
        purpose="Referral for tenancy support",
        method="in_person",
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = services.send_referrals(
            actor=alice, person=person, services=[housing_service], need="We have run out of food"
        )
    to_service = [m for m in mail.outbox if m.to == ["referrals@housing.example"]]
    assert len(to_service) == 1
    body = to_service[0].body
    assert result.referrals[0].reference in body
    assert f"/referrals/{result.referrals[0].pk}/" in body
    assert_no_personal_data(to_service[0].subject, body)


def test_daily_digest_gathers_notifications_into_one_email(
    alice, person, food_service, food_consent, dora, django_capture_on_commit_callbacks
):
    notifications.set_notification_frequency(actor=dora, frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_referrals(
            actor=alice, person=person, services=[food_service], need="We have run out of food"
        ).referrals[0]
        services.post_message(actor=alice, referral=first, body="Mary is at home all day")
    assert mail.outbox == []  # dora chose the digest
    assert Notification.objects.filter(recipient=dora, sent_at__isnull=True).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["dora@foodbank.example"]]
    digest = mail.outbox[0]
    assert "2 referral updates" in digest.subject
    assert digest.body.count(first.reference) >= 2
    assert_no_personal_data(digest.subject, digest.body)
    assert not Notification.objects.filter(recipient=dora, sent_at__isnull=True).exists()
    assert NotificationPreference.objects.get(user=dora).last_digest_sent_at is not None

    # Run again: nothing new, nothing sent.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_a_task_left_by_an_older_version_emails_once_however_often_it_runs(
    sent, dora, django_capture_on_commit_callbacks
):
    row = Notification.objects.get(recipient=dora)
    mail.outbox.clear()
    OutboxMessage.objects.all().delete()
    Notification.objects.filter(pk=row.pk).update(sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.deliver_notifications([row.pk]) == 1
        assert delivery.deliver_notifications([row.pk]) == 0
    assert len(mail.outbox) == 1
    assert "https://ashdown.example/referrals/" in mail.outbox[0].body


def test_choosing_the_frequency_is_audited_and_validated(dora):
    from django.core.exceptions import ValidationError

    notifications.set_notification_frequency(actor=dora, frequency=Frequency.DAILY)
    assert notifications.frequency_of(dora) == Frequency.DAILY
    assert AuditEvent.objects.filter(action="notification_preference.changed").count() == 1
    with pytest.raises(ValidationError):
        notifications.set_notification_frequency(actor=dora, frequency="hourly")


def test_users_without_a_preference_get_instant_email(db):
    user = User.objects.create_user(email="new@example.org", password="x")
    assert notifications.frequency_of(user) == Frequency.INSTANT


def test_a_self_referral_tells_the_team_once_and_not_about_its_own_answers(
    food_service, dora, django_capture_on_commit_callbacks
):
    from joinedup.referrals.models import ServiceIntake
    from joinedup.referrals.services.self_referral import submit_self_referral

    ServiceIntake.objects.create(service=food_service, accepts_self_referral=True)
    with django_capture_on_commit_callbacks(execute=True):
        referral = submit_self_referral(
            service=food_service,
            name="Mary Carer",
            need="We have run out of food",
            consent_given=True,
            phone="07700 900123",
        )
    assert [m.to for m in mail.outbox] == [["dora@foodbank.example"]]
    assert_no_personal_data(*all_outbox_text())
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_referral(actor=dora, referral=referral, to_status=Status.ACCEPTED)
    assert len(mail.outbox) == 1
