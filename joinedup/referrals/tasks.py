"""Background work for referrals: thin tasks that take ids and call `delivery`.

Notifications are now emailed through the outbox (`core.outbox` and its `deliver_outbox`
task, ADR 22); these two remain for tasks an older version enqueued, and hand what they name
to the outbox. Each is safe to run twice.
"""

from __future__ import annotations

from django_tasks import task

from joinedup.referrals import delivery


@task()
def send_notifications(notification_ids: list[int]) -> int:
    """Hand these notifications' emails to the outbox; returns how many."""
    return delivery.deliver_notifications(notification_ids)


@task()
def send_intake_email(referral_id: str) -> bool:
    """The link-only email to a service that takes referrals by email."""
    return delivery.deliver_intake_email(referral_id)
