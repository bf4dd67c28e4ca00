"""System checks run by every `joinedup` command (migrate, runserver, check)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register


@register()
def site_url_is_set(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Emails link back to the site: without its public address they cannot be sent."""
    if getattr(settings, "SITE_URL", ""):
        return []
    return [
        Warning(
            "SITE_URL is not set.",
            hint="Set SITE_URL to the site's public address (https://directory.example.org): "
            "every email links to it, and emails cannot be written without it.",
            id="core.W001",
        )
    ]


@register(deploy=True)
def privacy_notice_is_filled_in(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """UK GDPR Article 13: the privacy notice must say who the controller is, where, and how to
    reach its data protection officer (ADR 33)."""
    missing = [
        name
        for name in ("JOINEDUP_PRIVACY_CONTROLLER_ADDRESS", "JOINEDUP_PRIVACY_DPO_EMAIL")
        if not getattr(settings, name, "")
    ]
    if not missing:
        return []
    return [
        Warning(
            f"The privacy notice is missing {' and '.join(missing)}.",
            hint="Set them (see .env.example): the privacy notice at /privacy/ must give the "
            "controller's address and how to contact its data protection officer.",
            id="core.W033",
        )
    ]
