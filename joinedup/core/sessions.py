"""Session limits for shared computers: signed out after a while idle, and some hours after
signing in whatever happens; a form sent after that is kept to send again, never lost.

The stamps live in the session itself (no table of their own). They are written when a person
signs in (`stamp_sign_in`, on Django's `user_logged_in`, so every way of signing in is covered:
the sign-in page, an emailed password link, the tests' `force_login`) and refreshed at most once
a minute, so a busy page costs no extra write.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse

from joinedup.core import audit, failing
from joinedup.core.models import User

SIGNED_IN_AT = "joinedup_signed_in_at"
SEEN_AT = "joinedup_seen_at"
# Whether this session must pass the second step: "set_up", "check" or "" (see two_factor_gate).
TWO_FACTOR = "joinedup_two_factor"
KEPT_FORM = "joinedup_kept_form"
# How often the last-seen stamp (and who must use two-factor sign-in) is refreshed.
TOUCH_SECONDS = 60
# A form kept at a time-out can be sent again for this long after.
KEEP_FORM_SECONDS = 60 * 60
# The API answers tokens, not sessions (`api.auth`); static files need no session.
NOT_LIMITED = ("/api/", "/static/")
# Never kept, even for the person who typed them.
SECRET_FIELDS = ("csrfmiddlewaretoken", "password", "old_password", "new_password1")


def two_factor_state(user: User) -> str:
    """What this person's session needs before it may do anything: "set_up", "check" or ""."""
    from joinedup.core import two_factor

    if two_factor.has_two_factor(user):
        return "check"
    return "set_up" if two_factor.is_required_for(user) else ""


def stamp_sign_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """Receiver of `user_logged_in`: the session starts now."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now
    request.session[TWO_FACTOR] = two_factor_state(user)


def idle_seconds_left(request: HttpRequest) -> int | None:
    """Seconds until this signed-in session is signed out, idle or at its absolute limit,
    whichever comes first; None when no limit applies (signed out, the API, limits off)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.path.startswith(NOT_LIMITED):
        return None
    session = request.session
    now = time.time()
    ends = []
    idle = settings.JOINEDUP_SESSION_IDLE_MINUTES * 60
    lifetime = settings.JOINEDUP_SESSION_MAX_HOURS * 60 * 60
    if idle:
        ends.append(session.get(SEEN_AT, now) + idle)
    if lifetime:
        ends.append(session.get(SIGNED_IN_AT, now) + lifetime)
    return max(0, int(min(ends) - now)) if ends else None


def keep_alive(request: HttpRequest) -> None:
    """The person asked to stay signed in: the idle limit starts again now (the absolute limit
    does not move)."""
    request.session[SEEN_AT] = int(time.time())


def expired_because(session: Any, now: float) -> str:
    """ "idle", "absolute" or "" for a signed-in session's stamps."""
    idle = settings.JOINEDUP_SESSION_IDLE_MINUTES * 60
    lifetime = settings.JOINEDUP_SESSION_MAX_HOURS * 60 * 60
    if idle and now - session.get(SEEN_AT, now) > idle:
        return "idle"
    if lifetime and now - session.get(SIGNED_IN_AT, now) > lifetime:
        return "absolute"
    return ""


class SessionLimitsMiddleware:
    """Signs out a session that has been idle too long or has lived too long, on every request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @failing.outage_answered
    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(NOT_LIMITED) or not request.user.is_authenticated:
            return self.get_response(request)
        session = request.session
        now = time.time()
        if SIGNED_IN_AT not in session:
            # Signed in before these limits existed: they start now.
            stamp_sign_in(None, request, request.user)
        reason = expired_because(session, now)
        if reason:
            return self._sign_out(request, reason)
        # Asking how long is left (the time-out warning's script) is not activity.
        asking = request.method == "GET" and request.path == reverse("core:session")
        if not asking and now - session.get(SEEN_AT, now) > TOUCH_SECONDS:
            session[SEEN_AT] = int(now)
            # A role given or taken away reaches open sessions within a minute.
            session[TWO_FACTOR] = two_factor_state(request.user)
        return self.get_response(request)

    def _sign_out(self, request: HttpRequest, reason: str) -> HttpResponse:
        user = request.user
        audit.record(
            "user.session_expired",
            actor=user,  # type: ignore[arg-type]
            target=user,  # type: ignore[arg-type]
            details={"reason": reason, "path": request.path},
        )
        # Kept only when it came from our own page (its CSRF token holds): a form another site
        # posts must not be offered back to the person as theirs.
        posted = request.method == "POST" and bool(request.POST) and _from_our_page(request)
        kept = _kept_form(request, user.pk) if posted else None
        logout(request)
        query = {"signed_out": reason}
        if kept is not None:
            request.session[KEPT_FORM] = kept
            query["next"] = reverse("core:send-kept-form")
        elif request.method == "GET":
            query["next"] = request.get_full_path()
        url = f"{reverse('core:sign-in')}?{urlencode(query)}"
        if request.headers.get("HX-Request"):
            # htmx would swap the sign-in page into part of this one: send the whole page there.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)


def _from_our_page(request: HttpRequest) -> bool:
    refused = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(
        request, lambda r: HttpResponse(), (), {}
    )
    return refused is None


def _kept_form(request: HttpRequest, user_id: Any) -> dict[str, Any]:
    """What a person had typed into a form when they were signed out, to send again after they
    sign in: only to the same person, for an hour; never passwords. Attached files are not kept
    (the page says so)."""
    fields = [
        [name, values]
        for name, values in request.POST.lists()
        if name not in SECRET_FIELDS and "password" not in name
    ]
    return {
        "user_id": user_id,
        "path": request.path,
        "fields": fields,
        "had_files": bool(request.FILES),
        "at": int(time.time()),
    }


def take_kept_form(request: HttpRequest) -> dict[str, Any] | None:
    """The form kept at this person's time-out, once; None if there is none for them now."""
    kept = request.session.pop(KEPT_FORM, None)
    if not kept or kept.get("user_id") != request.user.pk:
        return None
    if time.time() - kept.get("at", 0) > KEEP_FORM_SECONDS:
        return None
    return kept  # type: ignore[no-any-return]
