from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from joinedup.core import partnership_style


def partnership(request: HttpRequest) -> dict[str, Any]:
    """The place's name and colour for the header, from configuration."""
    return {
        "partnership_name": settings.JOINEDUP_PARTNERSHIP_NAME,
        "partnership_colour": partnership_style.partnership_colour(),
        "front_door_phone": settings.JOINEDUP_FRONT_DOOR_PHONE,
        "partnership_stylesheet": partnership_style.stylesheet_url(),
    }
