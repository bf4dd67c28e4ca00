"""Headers every response gets (ADR 30): Permissions-Policy, and `Cache-Control: no-store` on
anything that may carry personal data.

Django's SecurityMiddleware already sends HSTS, nosniff, Referrer-Policy and the opener policy,
XFrameOptionsMiddleware sends `X-Frame-Options: DENY` and django-csp the
Content-Security-Policy; this fills the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
NO_STORE = "no-store, private"
# Set on a response by `same_for_everyone`: it never depends on who asks.
SHARED = "_joinedup_same_for_everyone"


def may_carry_personal_data(request: HttpRequest) -> bool:
    """The rule for no-store, kept simple so that no page can slip through it.

    Referral, person and account pages are only shown to someone signed in (a session cookie) or
    to an API token; what a form post answers may repeat what was typed; a response that starts
    a session (the "ask for help" confirmation, a search that signalled abuse) is about that
    visitor. Only anonymous reads that change no session are left to cache as they say: public
    search, the feed, static files (which WhiteNoise serves before this middleware)."""
    if request.method not in SAFE_METHODS:
        return True
    if "Authorization" in request.headers:
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.modified)


def same_for_everyone(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Mark a view whose answer is identical for every visitor (a stylesheet): it keeps its own
    caching even for someone signed in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        setattr(response, SHARED, True)
        return response

    return wrapped


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        if not getattr(response, SHARED, False) and may_carry_personal_data(request):
            # Not in the browser's cache, a proxy's, or the back button's on a shared computer.
            response["Cache-Control"] = NO_STORE
            response["Pragma"] = "no-cache"
            if "Expires" in response:
                del response["Expires"]
        return response
