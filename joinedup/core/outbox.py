"""The outbox: emails and text messages written in the transaction of the change that causes
them, and sent by the task worker once it has committed, with retries (ADR 22).

- `enqueue(...)` writes one `OutboxMessage` (inside `batch()`, all of a use case's messages
  in one INSERT as the block ends) and, once the transaction commits, enqueues the
  `deliver_outbox` task for it. Nothing is sent about a change that was rolled back, and
  nothing is lost when the mail server or GOV.UK Notify is down: the row stays.
- `deliver(ids)` / `deliver_due()` send what is due. Each message is claimed first (a
  conditional UPDATE that moves its next attempt into the future), so two workers never send
  the same message; a failure is recorded and tried again later, waiting twice as long each
  time; after `OUTBOX_MAX_ATTEMPTS` tries it is marked failed, and the partnership team sees it
  (and can try again: `retry`).
- `joinedup send_outbox`, run every minute by the scheduler, sends what is due (the retries,
  and anything whose task was lost) and deletes sent messages after `OUTBOX_KEEP_SENT_DAYS`.

A message that was sent but whose success could not be recorded (the worker died between the
two) is sent again when its claim runs out: at least once, never silently dropped.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from joinedup.core.batching import Deferred
from joinedup.core.models import OutboxChannel, OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

# How long a claimed message is left to its worker before another may try it: longer than any
# one send can take (the SMTP and Notify timeouts are seconds).
CLAIM_SECONDS = 300
# How many due messages one run takes; the next run takes the rest.
BATCH_SIZE = 500


class PermanentFailure(Exception):
    """A send that will never work as it is (Notify refused the number or the template):
    marked failed at once rather than retried."""


def enqueue(
    *,
    channel: str,
    to: str,
    subject: str,
    body: str,
    kind: str,
    send_after: datetime.datetime | None = None,
    subject_ref: str = "",
) -> OutboxMessage:
    """Write a message to send once the current transaction commits (now, outside one).

    `channel` is "email" or "sms"; `to` an email address or a phone number; `subject` is the
    email's (a text message has none); `kind` says what it is about (`referral.requested`,
    `support_plan`); `subject_ref` whose personal details it carries, if anyone's (so that
    `forget(subject_ref)` can delete it when they are erased)."""
    message = _new_message(
        channel=channel, to=to, subject=subject, body=body, kind=kind, send_after=send_after
    )
    message.subject_ref = subject_ref[:100]
    if not _deferred.defer([message]):
        _save([message])
    return message


def _new_message(
    *,
    channel: str,
    to: str,
    subject: str,
    body: str,
    kind: str,
    send_after: datetime.datetime | None,
) -> OutboxMessage:
    errors: dict[str, str] = {}
    if channel not in OutboxChannel.values:
        errors["channel"] = f"Channel must be one of: {', '.join(OutboxChannel.values)}"
    if not to.strip():
        errors["to"] = "Enter who to send it to"
    if not body.strip():
        errors["body"] = "A message needs something to say"
    if channel == OutboxChannel.EMAIL and not subject.strip():
        errors["subject"] = "An email needs a subject"
    if not kind:
        errors["kind"] = "Say what the message is about"
    if errors:
        raise ValidationError(errors)
    return OutboxMessage(
        channel=channel,
        to=to.strip(),
        subject=subject.strip()[:200],
        body=body,
        kind=kind[:60],
        next_attempt_at=send_after or timezone.now(),
    )


def _save(messages: list[OutboxMessage]) -> list[OutboxMessage]:
    """Insert `messages` and have the task worker send them once the transaction commits."""
    if not messages:
        return messages
    if db_connection.features.can_return_rows_from_bulk_insert:
        OutboxMessage.objects.bulk_create(messages)
    else:
        # A database that does not return ids from a bulk insert: one insert each.
        for message in messages:
            message.save(force_insert=True)
    ids = sorted(m.pk for m in messages)
    transaction.on_commit(lambda: _enqueue_delivery(ids))
    return messages


def _enqueue_delivery(ids: list[int]) -> None:
    from joinedup.core.tasks import deliver_outbox

    try:
        deliver_outbox.enqueue(ids)
    except Exception:
        # The messages are safe in the outbox: `send_outbox` (every minute) sends them.
        logger.exception("Could not enqueue the delivery of outbox messages %s", ids)


# Looked up when the block ends, so that a test can make the write fail.
_deferred: Deferred[OutboxMessage] = Deferred("outbox_pending", lambda rows: _save(rows))


def batch() -> contextlib.AbstractContextManager[None]:
    """Write the messages enqueued inside in one INSERT as the block ends (none if it raises);
    open it inside the transaction, as `audit.batch` (see `core.batching`)."""
    return _deferred.collect()


# Sending


@dataclass
class DeliveryReport:
    """What one run did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"sent": self.sent, "retrying": self.retrying, "failed": self.failed}


def deliver(message_ids: Iterable[int], *, now: datetime.datetime | None = None) -> DeliveryReport:
    """Send these messages if they are due (the task enqueued on commit calls this)."""
    now = now or timezone.now()
    due = OutboxMessage.objects.due(now).filter(pk__in=list(message_ids)).order_by("pk")
    return _deliver(list(due), now=now)


def deliver_due(*, now: datetime.datetime | None = None, limit: int = BATCH_SIZE) -> DeliveryReport:
    """Send every message that is due: new ones whose task was lost, and retries."""
    now = now or timezone.now()
    due = OutboxMessage.objects.due(now).order_by("next_attempt_at", "pk")[:limit]
    return _deliver(list(due), now=now)


def _deliver(messages: list[OutboxMessage], *, now: datetime.datetime) -> DeliveryReport:
    report = DeliveryReport()
    with _Senders() as senders:
        for message in messages:
            if _claim(message, now=now):
                _attempt(message, senders, report, now=now)
    return report


def _claim(message: OutboxMessage, *, now: datetime.datetime) -> bool:
    """Take a due message for this worker: one UPDATE that only one worker can win (it must
    still be due, and tried as often as when it was read)."""
    lease = now + datetime.timedelta(seconds=CLAIM_SECONDS)
    won = (
        OutboxMessage.objects.due(now)
        .filter(pk=message.pk, attempts=message.attempts)
        .update(next_attempt_at=lease, attempts=F("attempts") + 1)
    )
    if won:
        message.attempts += 1
        message.next_attempt_at = lease
    return bool(won)


def _attempt(
    message: OutboxMessage, senders: _Senders, report: DeliveryReport, *, now: datetime.datetime
) -> None:
    try:
        reference = senders.send(message)
    except PermanentFailure as error:
        _record_failure(message, str(error), permanent=True, report=report, now=now)
    except Exception as error:
        _record_failure(message, _describe(error), permanent=False, report=report, now=now)
    else:
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.SENT,
            sent_at=timezone.now(),
            provider_reference=reference[:100],
            last_error="",
        )
        report.sent += 1


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after the `attempts`-th failed try: twice as long each time."""
    base = max(1, settings.OUTBOX_RETRY_SECONDS)
    seconds = min(base * 2 ** max(0, attempts - 1), settings.OUTBOX_RETRY_MAX_SECONDS)
    return datetime.timedelta(seconds=seconds)


def _record_failure(
    message: OutboxMessage,
    error: str,
    *,
    permanent: bool,
    report: DeliveryReport,
    now: datetime.datetime,
) -> None:
    """Try again later, waiting longer each time; failed for good after the last try."""
    report.errors.append(error)
    if permanent or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxStatus.FAILED, failed_at=now, last_error=error
        )
        logger.warning("Outbox message %s failed for good: %s", message.pk, error)
        report.failed += 1
        return
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=now + retry_delay(message.attempts), last_error=error
    )
    report.retrying += 1


class _Senders:
    """One SMTP connection and one Notify client for a run, opened when first needed."""

    def __init__(self) -> None:
        self._mail: Any = None
        self._notify: Any = None

    def __enter__(self) -> _Senders:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._mail is not None:
            with contextlib.suppress(Exception):
                self._mail.close()

    def send(self, message: OutboxMessage) -> str:
        """Send one message; the provider's reference for it ('' if none)."""
        if message.channel == OutboxChannel.SMS:
            return self._send_sms(message)
        return self._send_email(message)

    def _send_email(self, message: OutboxMessage) -> str:
        if self._mail is None:
            mail = get_connection()
            mail.open()  # refused: this message fails, and the next one tries again
            self._mail = mail
        email = EmailMessage(message.subject, message.body, None, [message.to])
        try:
            sent = self._mail.send_messages([email])
        except Exception:
            # The connection may be broken: the next message opens a new one.
            with contextlib.suppress(Exception):
                self._mail.close()
            self._mail = None
            raise
        if not sent:
            raise RuntimeError("The mail server did not take the message")
        return ""

    def _send_sms(self, message: OutboxMessage) -> str:
        from joinedup.core import notify

        if self._notify is None:
            self._notify = notify.client()
        return notify.send_sms(self._notify, to=message.to, body=message.body, ref=message.pk)


# The partnership team's view of what failed


def retry(*, message: OutboxMessage) -> OutboxMessage:
    """Send a failed message again from the first try (the caller checks who may and audits)."""
    now = timezone.now()
    updated = OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.FAILED).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now, failed_at=None
    )
    if not updated:
        raise ValidationError("Only a message that failed can be tried again.")
    message.refresh_from_db()
    ids = [message.pk]
    transaction.on_commit(lambda: _enqueue_delivery(ids))
    return message


def delete_sent(*, now: datetime.datetime | None = None) -> int:
    """Delete messages sent more than `OUTBOX_KEEP_SENT_DAYS` ago; returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.OUTBOX_KEEP_SENT_DAYS)
    deleted, _ = OutboxMessage.objects.filter(status=OutboxStatus.SENT, sent_at__lt=cutoff).delete()
    return deleted


def forget(subject_ref: str) -> int:
    """Delete every message carrying the details of `subject_ref` (waiting, failed or sent):
    someone erased is not written to afterwards, and no copy of their details stays here.
    Returns how many. A message being sent at this moment may still go; its row is gone."""
    if not subject_ref:
        raise ValueError("Say whose messages to forget")
    deleted, _ = OutboxMessage.objects.filter(subject_ref=subject_ref).delete()
    return deleted


def masked(address: str) -> str:
    """An address shown to the partnership team with most of it hidden: enough to tell two
    apart and spot a typing slip, not to contact the person."""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}{'•' * 3}@{domain}"
    digits = address.strip()
    if len(digits) <= 4:
        return "•" * len(digits)
    return f"{digits[:2]}{'•' * (len(digits) - 5)}{digits[-3:]}"
