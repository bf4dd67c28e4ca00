"""The gate: a signed-in session that still owes its second step goes nowhere else.

Signing in with a password starts a session (Django's login); for a person who has set up an
authenticator app, or whose role needs one, that session is only half open until a code is
checked (django-otp marks it verified). One gate for every page means no view can forget it,
whichever way the person signed in (sign-in page, emailed password link, admin).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from joinedup.core import failing
from joinedup.core.sessions import NOT_LIMITED, TWO_FACTOR, two_factor_state


class TwoFactorGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @failing.outage_answered
    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if request.path.startswith(NOT_LIMITED) or not user.is_authenticated:
            return self.get_response(request)
        owed = request.session.get(TWO_FACTOR, "")
        if not owed or user.is_verified():  # type: ignore[attr-defined]
            return self.get_response(request)
        # Owed and not yet paid (only while signing in): ask again, as the app may have been
        # reset or set up since the session began.
        owed = request.session[TWO_FACTOR] = two_factor_state(user)
        if not owed:
            return self.get_response(request)
        step = reverse("core:two-factor-set-up" if owed == "set_up" else "core:two-factor-check")
        if request.path in (step, reverse("core:sign-out")):
            return self.get_response(request)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(f"{step}?{query}" if query else step)
