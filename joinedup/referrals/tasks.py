"""Background work for referrals: thin tasks that take ids and call `delivery`.

They are enqueued with `transaction.on_commit`, so nothing is emailed about a change that was
rolled back, and each is safe to run twice (a notification is claimed before it is sent).
"""

from __future__ import annotations

from django_tasks import task

from joinedup.referrals import delivery


@task()
def send_notifications(notification_ids: list[int]) -> int:
    """Email the notifications whose recipients chose instant email; returns how many went."""
    return delivery.deliver_notifications(notification_ids)


@task()
def send_intake_email(referral_id: str) -> bool:
    """The link-only email to a service that takes referrals by email."""
    return delivery.deliver_intake_email(referral_id)
