"""Text messages through GOV.UK Notify (the UK public sector's messaging service), with its
official client. Configured by environment: NOTIFY_API_KEY, NOTIFY_SMS_TEMPLATE_ID (a template
whose whole content is ((body))) and NOTIFY_BASE_URL (a local server in tests)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from joinedup.core.outbox import PermanentFailure


class NotConfigured(Exception):
    """No API key or template: text messages wait (and are retried) until there is one."""


def client() -> NotificationsAPIClient:
    if not settings.NOTIFY_API_KEY or not settings.NOTIFY_SMS_TEMPLATE_ID:
        raise NotConfigured(
            "GOV.UK Notify is not configured: set NOTIFY_API_KEY and NOTIFY_SMS_TEMPLATE_ID"
        )
    return NotificationsAPIClient(
        settings.NOTIFY_API_KEY,
        base_url=settings.NOTIFY_BASE_URL,
        timeout=settings.NOTIFY_TIMEOUT_SECONDS,
    )


def is_permanent(error: HTTPError) -> bool:
    """Notify's 400 (a bad number, a missing personalisation) and 403 (a bad key) will not
    change by trying again; 429 (rate limit) and 5xx will."""
    return error.status_code in (400, 403)


def send_sms(client: NotificationsAPIClient, *, to: str, body: str, ref: Any) -> str:
    """Send one text message; Notify's id for it."""
    try:
        response = client.send_sms_notification(
            phone_number=to,
            template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
            personalisation={"body": body},
            reference=f"outbox-{ref}",
        )
    except HTTPError as error:
        if is_permanent(error):
            raise PermanentFailure(f"GOV.UK Notify refused it: {error}") from error
        raise
    return str(response.get("id", ""))
