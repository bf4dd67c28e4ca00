"""The partnership team's side of the outbox (`core.outbox`, ADR 22): the emails and text
messages that could not be sent after every try, and trying one again.

It sits in directory, the lowest layer that knows who manages the place
(`permissions.is_place_manager`); the outbox itself is in core, below it.
"""

from __future__ import annotations

from django.db import transaction

from joinedup.core import audit, outbox
from joinedup.core.models import OutboxMessage, OutboxMessageQuerySet, User
from joinedup.directory.permissions import require_place_manager

# What each kind of message is, in words for the list.
KIND_LABELS = {
    "referral.requested": "New referral",
    "referral.phone_logged": "Referral logged for a phone service",
    "referral.intake_email": "New referral, to a service's email address",
    "referral.accepted": "Referral accepted",
    "referral.rejected": "Referral declined",
    "referral.on-hold": "Referral on hold",
    "referral.failed": "Referral could not be completed",
    "referral.completed": "Referral completed",
    "referral.cancelled": "Referral cancelled",
    "referral.entered-in-error": "Referral withdrawn as made in error",
    "referral.message": "New message on a referral",
    "referral.reminder": "Reminder to answer a referral",
    "referral.expired": "Referral expired",
    "referral.digest": "Daily digest",
    "support_plan": "A person's support plan",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").replace(".", ": ").capitalize())


def failed_deliveries(actor: User) -> OutboxMessageQuerySet:
    """What could not be sent, newest first: only for the place's managers."""
    require_place_manager(actor, "failed deliveries")
    return OutboxMessage.objects.failed().order_by("-failed_at", "-pk")


@transaction.atomic
def retry_failed_delivery(*, actor: User, message_id: int) -> OutboxMessage:
    """Send a failed email or text message again, from its first try."""
    require_place_manager(actor, "failed deliveries")
    message = OutboxMessage.objects.select_for_update().get(pk=message_id)
    outbox.retry(message=message)
    audit.record(
        "outbox_message.retried",
        actor=actor,
        target=message,
        details={"kind": message.kind, "channel": message.channel},
    )
    return message
