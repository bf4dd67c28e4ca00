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
