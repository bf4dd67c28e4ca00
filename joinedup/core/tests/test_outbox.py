"""The outbox: written with the change, sent after commit through a real SMTP server and a
local GOV.UK Notify, retried with backoff, failed for good only after the last try, never lost
and never sent twice."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from joinedup.core import outbox
from joinedup.core.models import OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db


def later(minutes: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)


def committed() -> Any:
    """As if the test's transaction committed here: run what was left for after commit."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def email(n: int = 1, kind: str = "test.email") -> OutboxMessage:
    return outbox.enqueue(
        channel="email",
        to=f"person{n}@example.org",
        subject=f"Message {n}",
        body=f"Hello {n}, https://ashdown.example/referrals/{n}/",
        kind=kind,
    )


def sent_email(n: int = 1) -> OutboxMessage:
    with committed():
        message = email(n)
    message.refresh_from_db()
    return message


def test_a_message_is_sent_only_once_its_transaction_commits(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = email()
        assert OutboxMessage.objects.get().status == OutboxStatus.PENDING
    assert smtp_server.received == []
    assert len(callbacks) == 1
    callbacks[0]()
    [received] = smtp_server.received
    assert received.to == ["person1@example.org"] and received.subject == "Message 1"
    assert "https://ashdown.example/referrals/1/" in received.body
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.sent_at and message.attempts == 1


def test_a_rolled_back_change_sends_nothing(smtp_server, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        email()
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()
    assert smtp_server.received == []


def test_a_batch_writes_its_messages_together_and_none_if_it_raises(
    smtp_server, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        django_assert_num_queries(1),
        outbox.batch(),
    ):
        for n in range(3):
            email(n)
    assert OutboxMessage.objects.count() == 3
    assert len(callbacks) == 1  # one task for the three
    with pytest.raises(RuntimeError), transaction.atomic(), outbox.batch():
        email(9)
        raise RuntimeError("no")
    assert OutboxMessage.objects.count() == 3


def test_mail_server_down_then_up_delivers_every_message_exactly_once(
    smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            with transaction.atomic():
                email(n)
    pending = list(OutboxMessage.objects.filter(status=OutboxStatus.PENDING))
    assert len(pending) == 5
    assert all(m.attempts == 1 and "Connection" in m.last_error for m in pending)
    # Not due again yet: the sweep leaves them alone.
    assert outbox.deliver_due().sent == 0

    # Still down at the first retry: they wait twice as long.
    assert outbox.deliver_due(now=later(1.5)).retrying == 5
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {2}

    smtp_server.start()
    report = outbox.deliver_due(now=later(1.5 + 2.5))
    assert report.sent == 5
    # More sweeps, and the tasks run again: nothing more goes out.
    assert outbox.deliver_due(now=later(600)).sent == 0
    assert outbox.deliver(OutboxMessage.objects.values_list("pk", flat=True)).sent == 0
    addresses = sorted(address for m in smtp_server.received for address in m.to)
    assert addresses == [f"person{n}@example.org" for n in range(5)]
    assert not OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists()


def test_a_temporary_refusal_is_retried(smtp_server):
    smtp_server.refuse_with = "451 Try again later"
    message = sent_email()
    assert message.status == OutboxStatus.PENDING and "451" in message.last_error
    smtp_server.refuse_with = ""
    assert outbox.deliver_due(now=later(2)).sent == 1
    assert len(smtp_server.received) == 1


def test_after_the_last_try_it_is_failed_and_can_be_tried_again(
    smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    smtp_server.stop()
    message = sent_email()
    outbox.deliver_due(now=later(5))
    report = outbox.deliver_due(now=later(60))
    assert report.failed == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == 3
    assert list(OutboxMessage.objects.failed()) == [message]
    assert outbox.deliver_due(now=later(6000)).sent == 0  # a failed message waits for a person

    smtp_server.start()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.retry(message=message)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert len(smtp_server.received) == 1
    with pytest.raises(ValidationError):
        outbox.retry(message=message)  # only a failed one


def test_the_wait_doubles_up_to_a_limit(settings):
    settings.OUTBOX_RETRY_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 3600
    waits = [outbox.retry_delay(n).total_seconds() for n in range(1, 9)]
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_claimed_message_is_not_sent_by_another_worker(smtp_server):
    smtp_server.stop()
    message = sent_email()
    smtp_server.start()
    # A worker claims it (as `_deliver` does) and is still sending it: another run skips it.
    due = later(2)
    read_by_two = [OutboxMessage.objects.get(pk=message.pk) for _ in range(2)]
    assert outbox._claim(read_by_two[0], now=due)
    assert not outbox._claim(read_by_two[1], now=due)
    assert outbox.deliver_due(now=due).sent == 0
    assert smtp_server.received == []
    # The first worker died: once its claim runs out, the message is sent.
    assert outbox.deliver_due(now=later(2 + outbox.CLAIM_SECONDS / 60 + 1)).sent == 1


def test_what_is_enqueued_is_checked():
    with pytest.raises(ValidationError) as error:
        outbox.enqueue(channel="pigeon", to=" ", subject="", body="", kind="")
    assert set(error.value.message_dict) == {"channel", "to", "body", "kind"}
    with pytest.raises(ValidationError) as error:
        outbox.enqueue(channel="email", to="a@example.org", subject="", body="Hi", kind="x")
    assert set(error.value.message_dict) == {"subject"}


def test_the_sweep_command_sends_what_is_due_and_deletes_old_sent_ones(smtp_server, settings):
    smtp_server.stop()
    waiting = sent_email(1)
    smtp_server.start()
    old = sent_email(2)
    OutboxMessage.objects.filter(pk=old.pk).update(sent_at=later(-60 * 24 * 30))
    OutboxMessage.objects.filter(pk=waiting.pk).update(next_attempt_at=later(-1))
    out = io.StringIO()
    call_command("send_outbox", stdout=out)
    assert "Sent 1" in out.getvalue() and "deleted 1" in out.getvalue()
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [waiting.pk]


# Text messages through GOV.UK Notify


def sms(to: str = "07700 900123", body: str = "Your plan: https://ashdown.example/p/1") -> int:
    with committed():
        message = outbox.enqueue(channel="sms", to=to, subject="", body=body, kind="support_plan")
    return message.pk


def test_a_text_message_goes_through_notify(notify_server):
    pk = sms()
    [sent] = notify_server.sent
    assert sent.phone_number == "07700900123"
    assert sent.body == "Your plan: https://ashdown.example/p/1"
    assert sent.template_id == notify_server.template_id
    assert sent.reference == f"outbox-{pk}"
    message = OutboxMessage.objects.get(pk=pk)
    assert message.status == OutboxStatus.SENT and message.provider_reference == sent.id


def test_notify_trouble_is_retried_and_sent_once(notify_server):
    notify_server.fail_next(500)
    notify_server.fail_next(429)
    pk = sms()
    assert "500" in OutboxMessage.objects.get(pk=pk).last_error
    assert outbox.deliver_due(now=later(1.5)).retrying == 1  # the rate limit
    assert outbox.deliver_due(now=later(1.5 + 2.5)).sent == 1
    assert outbox.deliver_due(now=later(100)).sent == 0
    assert len(notify_server.sent) == 1


def test_a_number_notify_refuses_fails_at_once(notify_server):
    pk = sms(to="01632 960001")  # a landline
    message = OutboxMessage.objects.get(pk=pk)
    assert message.status == OutboxStatus.FAILED and message.attempts == 1
    assert "Not a UK mobile number" in message.last_error
    assert notify_server.sent == []


def test_a_wrong_key_is_refused_by_notify(notify_server, settings):
    # The local Notify checks the JWT as the real one does: signed with another secret, refused.
    settings.NOTIFY_API_KEY = (
        notify_server.service.api_key[:-36] + "00000000-0000-0000-0000-000000000000"
    )
    pk = sms()
    message = OutboxMessage.objects.get(pk=pk)
    assert message.status == OutboxStatus.FAILED and "403" in message.last_error
    assert notify_server.sent == []


def test_without_notify_settings_text_messages_wait(settings):
    settings.NOTIFY_API_KEY = ""
    pk = sms()
    message = OutboxMessage.objects.get(pk=pk)
    assert message.status == OutboxStatus.PENDING
    assert "NOTIFY_API_KEY" in message.last_error


def test_masked_addresses_hide_most_of_them():
    assert outbox.masked("dora@foodbank.example") == "d•••@foodbank.example"
    assert outbox.masked("07700 900123") == "07•••••••123"
