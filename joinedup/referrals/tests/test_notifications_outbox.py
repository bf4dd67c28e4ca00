"""Notifications that reach people: written to the outbox with the referral, sent through a real
SMTP server after commit with absolute links on SITE_URL, never lost when the mail server is
down and never sent twice; services that do not answer referrals here get what fits them."""

from __future__ import annotations

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from joinedup.core import outbox
from joinedup.core.models import OutboxMessage, OutboxStatus
from joinedup.directory.models import IntakeMode, Membership, Organization, Service
from joinedup.referrals import notifications, services
from joinedup.referrals.models import ConsentMethod, Frequency, Notification, Referral, Status
from joinedup.referrals.services.expiry import remind_unanswered_referrals

SITE = "http://joinedup.test:8123"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def later(minutes: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)


def refer(alice, person, service: Service) -> Referral:
    assert service.organization is not None
    services.record_consent(
        actor=alice,
        person=person,
        recipient=service.organization,
        purpose="Referral",
        method=ConsentMethod.IN_PERSON,
    )
    return services.send_referrals(
        actor=alice, person=person, services=[service], need="We have run out of food"
    ).referrals[0]


def test_the_email_is_in_the_outbox_in_the_referrals_transaction(
    alice, person, food_service, food_consent, dora, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        referral = services.send_referrals(
            actor=alice, person=person, services=[food_service], need="We have run out of food"
        ).referrals[0]
        message = OutboxMessage.objects.get()
    assert message.to == "dora@foodbank.example" and message.kind == "referral.requested"
    assert f"{SITE}/referrals/{referral.pk}/" in message.body
    assert "Mary" not in message.body
    with pytest.raises(RuntimeError), transaction.atomic():
        services.send_referrals(actor=alice, person=person, services=[food_service], need="Again")
        raise RuntimeError("rolled back")
    assert OutboxMessage.objects.count() == 1


def test_mail_server_down_then_up_every_notification_arrives_exactly_once(
    smtp_server, alice, person, food_service, food_consent, dora, django_capture_on_commit_callbacks
):
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        referrals = [
            services.send_referrals(
                actor=alice, person=person, services=[food_service], need=f"Need {n}"
            ).referrals[0]
            for n in range(3)
        ]
        services.transition_referral(actor=dora, referral=referrals[0], to_status=Status.ACCEPTED)
        services.post_message(actor=dora, referral=referrals[1], body="When can we call?")
    expected = Counter(
        (m.to, m.subject) for m in OutboxMessage.objects.all()
    )  # 3 new referrals to dora, an acceptance and a message to alice
    assert sum(expected.values()) == 5
    assert smtp_server.received == []
    assert not OutboxMessage.objects.exclude(status=OutboxStatus.PENDING).exists()

    # The sweep runs while the server is still down, then after it is back.
    assert outbox.deliver_due(now=later(1.5)).retrying == 5
    smtp_server.start()
    assert outbox.deliver_due(now=later(5)).sent == 5
    assert outbox.deliver_due(now=later(500)).sent == 0

    received = Counter((m.to[0], m.subject) for m in smtp_server.received)
    assert received == expected
    for message in smtp_server.received:
        assert f"{SITE}/referrals/" in message.body
        assert "Mary" not in message.body and "When can we call" not in message.body


def test_a_digest_waits_in_the_outbox_while_the_mail_server_is_down(
    smtp_server, alice, person, food_service, food_consent, dora, django_capture_on_commit_callbacks
):
    notifications.set_notification_frequency(actor=dora, frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.send_referrals(
            actor=alice, person=person, services=[food_service], need="Food"
        ).referrals[0]
    assert not OutboxMessage.objects.exists()  # dora chose the digest
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=io.StringIO())
    digest = OutboxMessage.objects.get()
    assert digest.status == OutboxStatus.PENDING and digest.attempts == 1
    smtp_server.start()
    outbox.deliver_due(now=later(2))
    [received] = smtp_server.received
    assert received.to == ["dora@foodbank.example"]
    assert f"{SITE}/referrals/{referral.pk}/" in received.body
    # Its notifications were handed over once: the next digest has nothing.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=io.StringIO())
    assert OutboxMessage.objects.count() == 1


def test_a_service_that_takes_referrals_by_email_gets_a_link_with_the_referral(
    alice, person, housing_service, django_capture_on_commit_callbacks, smtp_server
):
    housing_service.email = "referrals@housing.example"
    housing_service.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        referral = refer(alice, person, housing_service)
        message = OutboxMessage.objects.get(to="referrals@housing.example")
    assert message.kind == "referral.intake_email"
    assert f"{SITE}/referrals/{referral.pk}/" in message.body
    for callback in callbacks:
        callback()
    assert [m.to for m in smtp_server.to("referrals@housing.example")] == [
        ["referrals@housing.example"]
    ]


@pytest.fixture
def advice_line(db) -> Service:
    org = Organization.objects.create(name="Ashdown Advice Line")
    from joinedup.core.models import User

    eve = User.objects.create_user(email="eve@advice.example", password="x")
    Membership.objects.create(user=eve, organization=org, role=Membership.Role.MEMBER)
    return Service.objects.create(
        organization=org, name="Debt advice line", intake_mode=IntakeMode.PHONE
    )


@pytest.fixture
def leaflet_service(db) -> Service:
    org = Organization.objects.create(name="Ashdown Library")
    from joinedup.core.models import User

    fay = User.objects.create_user(email="fay@library.example", password="x")
    Membership.objects.create(user=fay, organization=org, role=Membership.Role.MEMBER)
    return Service.objects.create(
        organization=org, name="Information leaflets", intake_mode=IntakeMode.SIGNPOSTING
    )


def test_a_phone_service_is_told_to_expect_a_call_not_asked_to_answer(
    alice, person, advice_line, django_capture_on_commit_callbacks, smtp_server
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(alice, person, advice_line)
    [message] = smtp_server.to("eve@advice.example")
    assert "expect a phone call" in message.subject
    assert "answer" not in message.body.replace("Nothing needs answering here", "")
    assert "New referral" not in message.subject
    assert f"{SITE}/referrals/{referral.pk}/" in message.body
    # Nor is it reminded to answer.
    Referral.objects.filter(pk=referral.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=8)
    )
    with django_capture_on_commit_callbacks(execute=True):
        remind_unanswered_referrals()
    assert not Notification.objects.filter(kind="referral.reminder").exists()
    assert len(smtp_server.to("eve@advice.example")) == 1


def test_a_signposting_service_is_told_nothing(
    alice, person, leaflet_service, django_capture_on_commit_callbacks, smtp_server
):
    with django_capture_on_commit_callbacks(execute=True):
        referral = refer(alice, person, leaflet_service)
        services.post_message(actor=alice, referral=referral, body="Mary will pop in")
        services.transition_referral(
            actor=alice,
            referral=referral,
            to_status=Status.CANCELLED,
            reason_code="no_longer_needed",
            reason_text="Found the leaflet online",
        )
    Referral.objects.filter(pk=referral.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=8)
    )
    remind_unanswered_referrals()
    assert not Notification.objects.filter(recipient__email="fay@library.example").exists()
    assert smtp_server.to("fay@library.example") == []
