from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from joinedup.core import partnership_style, sessions


def partnership(request: HttpRequest) -> dict[str, Any]:
    """The place's name and colour for the header, from configuration."""
    return {
        "partnership_name": settings.JOINEDUP_PARTNERSHIP_NAME,
        "partnership_colour": partnership_style.partnership_colour(),
        "front_door_phone": settings.JOINEDUP_FRONT_DOOR_PHONE,
        "partnership_stylesheet": partnership_style.stylesheet_url(),
    }


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    """For a signed-in page: how long until its session is signed out for being idle, and when
    to warn (the warning script in base.html; WCAG 2.2.1 asks that a person can extend a time
    limit before it ends)."""
    left = sessions.idle_seconds_left(request)
    if left is None:
        return {}
    return {
        "session_seconds_left": left,
        "session_warn_seconds": settings.JOINEDUP_SESSION_WARN_SECONDS,
        "session_sign_in_url": reverse("core:sign-in")
        + "?"
        + urlencode({"signed_out": "idle", "next": request.get_full_path()}),
    }
