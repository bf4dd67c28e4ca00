"""Failed deliveries: partnership managers see what could not be sent (addresses partly
hidden, never the words) and try it again; nobody else sees or retries anything."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from joinedup.core import outbox
from joinedup.core.models import AuditEvent, OutboxMessage, OutboxStatus, User
from joinedup.directory import deliveries
from joinedup.directory.models import Membership

URL = "/failed-deliveries/"


def failed_message(n: int = 1, *, kind: str = "referral.requested") -> OutboxMessage:
    return OutboxMessage.objects.create(
        channel="email",
        to=f"dora{n}@foodbank.example",
        subject=f"New referral R-{n} for Emergency food parcels",
        body="Mary Carer needs food",
        kind=kind,
        status=OutboxStatus.FAILED,
        attempts=10,
        failed_at=timezone.now() - datetime.timedelta(minutes=n),
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )


@pytest.fixture(autouse=True)
def doras(carers_centre) -> None:
    """The people the failed messages were for: members of Ashdown Carers Centre, in pam's
    partnership (a manager sees only messages to her partnership's people, ADR 33)."""
    for n in range(16):
        user = User.objects.create_user(email=f"dora{n}@foodbank.example", password=None)
        Membership.objects.create(user=user, organization=carers_centre)


@pytest.fixture
def failed(db) -> OutboxMessage:
    return failed_message()


def test_a_manager_sees_nothing_sent_to_another_partnership(client, pam, charlie, failed):
    theirs = failed_message(2)
    OutboxMessage.objects.filter(pk=theirs.pk).update(to=charlie.email)
    client.force_login(pam)
    text = client.get(URL).content.decode()
    assert "R-1 for" in text and "R-2 for" not in text
    assert client.post(reverse("directory:retry-delivery", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == OutboxStatus.FAILED


def test_a_manager_sees_what_failed_without_its_words(client, pam, failed):
    sent = OutboxMessage.objects.create(
        channel="email", to="x@example.org", subject="Sent", body="b", kind="k", status="sent"
    )
    client.force_login(pam)
    page = client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "New referral R-1 for Emergency food parcels" in text
    assert "d•••@foodbank.example" in text and "dora1@" not in text
    assert "Mary" not in text
    assert "Connection refused" in text
    assert "Try again" in text
    assert sent.subject not in text


def test_the_list_costs_the_same_however_many_failed(client, pam, django_assert_max_num_queries):
    for n in range(15):
        failed_message(n)
    client.force_login(pam)
    with django_assert_max_num_queries(6):
        page = client.get(URL)
    assert page.content.decode().count("Try again<span") == 15


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_nobody_else_sees_the_list_or_retries(client, request, failed, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(reverse("directory:retry-delivery", args=[failed.pk])).status_code == 403
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.FAILED
    with pytest.raises(PermissionDenied):
        deliveries.retry_failed_delivery(actor=user, message_id=failed.pk)


def test_signed_out_people_are_sent_to_sign_in(client, failed):
    assert client.get(URL).status_code == 302
    assert client.post(reverse("directory:retry-delivery", args=[failed.pk])).status_code == 302


def test_try_again_sends_it_and_is_audited(
    client, pam, failed, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(pam)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("directory:retry-delivery", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.SENT
    assert [m.to for m in smtp_server.received] == [["dora1@foodbank.example"]]
    event = AuditEvent.objects.get(action="outbox_message.retried")
    assert event.actor == pam and event.target_id == str(failed.pk)
    assert "d•••@foodbank.example" not in client.get(URL).content.decode()


def test_try_again_while_still_failing_brings_it_back_after_the_tries(
    client, pam, failed, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_server.stop()
    client.force_login(pam)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("directory:retry-delivery", args=[failed.pk]))
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.PENDING and failed.attempts == 1
    outbox.deliver_due(now=timezone.now() + datetime.timedelta(minutes=5))
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.FAILED
    assert "Try again<span" in client.get(URL).content.decode()


def test_a_message_not_failed_or_not_there(client, pam, failed):
    client.force_login(pam)
    OutboxMessage.objects.filter(pk=failed.pk).update(status=OutboxStatus.PENDING)
    response = client.post(reverse("directory:retry-delivery", args=[failed.pk]), follow=True)
    assert "Only a message that failed can be tried again" in response.content.decode()
    assert client.post(reverse("directory:retry-delivery", args=[99999])).status_code == 404
    assert client.get(reverse("directory:retry-delivery", args=[failed.pk])).status_code == 405
