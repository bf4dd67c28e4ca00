"""The partnership team's side of the outbox (`core.outbox`, ADR 22): the emails and text
messages that could not be sent after every try, and trying one again.

It sits in directory, the lowest layer that knows organisations and who manages them; the
outbox itself is in core, below it. A manager sees only the messages addressed to their
partnership's organisations, services and people (ADR 33): a message keeps no organisation, so
its address says whose it is. Messages to anyone else (a resident's support plan, a request to
join) are for superusers.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from joinedup.core import audit, outbox
from joinedup.core.models import OutboxMessage, OutboxMessageQuerySet, User
from joinedup.directory.models import Organization, Service
from joinedup.directory.permissions import require_partnership_manager

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
    "join.requested": "Request to join, to the partnership's managers",
    "join.approved": "Request to join approved",
    "join.declined": "Request to join declined",
    "people.invited": "Invitation to join an organisation",
    "health_check.invitation": "Health check invitation",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").replace(".", ": ").capitalize())


def _addressed_to_managed(actor: User) -> Q:
    """Messages to the people, organisations and services of the partnerships `actor`
    manages."""
    managed = Organization.objects.managed_by(actor).values("pk")
    people = User.objects.filter(memberships__organization__in=managed)
    organizations = Organization.objects.filter(pk__in=managed).exclude(email="")
    listings = Service.objects.filter(organization__in=managed).exclude(email="")
    return (
        Q(to__in=people.values("email"))
        | Q(to__in=organizations.values("email"))
        | Q(to__in=listings.values("email"))
    )


def _visible(actor: User) -> OutboxMessageQuerySet:
    require_partnership_manager(actor, "failed deliveries")
    messages = OutboxMessage.objects.all()
    if actor.is_superuser:
        return messages
    return messages.filter(_addressed_to_managed(actor))


def failed_deliveries(actor: User) -> OutboxMessageQuerySet:
    """What could not be sent to the manager's partnership, newest first."""
    return _visible(actor).failed().order_by("-failed_at", "-pk")


@transaction.atomic
def retry_failed_delivery(*, actor: User, message_id: int) -> OutboxMessage:
    """Send a failed email or text message again, from its first try."""
    # Another partnership's message is as missing as one that never was.
    message = _visible(actor).select_for_update().get(pk=message_id)
    outbox.retry(message=message)
    audit.record(
        "outbox_message.retried",
        actor=actor,
        target=message,
        details={"kind": message.kind, "channel": message.channel},
    )
    return message
