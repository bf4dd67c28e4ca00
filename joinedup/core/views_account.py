"""Your account: two-factor sign-in (set up, the second step of signing in, recovery codes,
turning it off) and sending a form kept when a session timed out."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from joinedup.core import sessions, two_factor
from joinedup.core.forms import TwoFactorCodeForm, TwoFactorSetUpForm
from joinedup.core.sessions import take_kept_form
from joinedup.core.sign_in_limits import client_address

# Recovery codes are shown once: kept in the session between the POST that makes them and the
# page that shows them, then dropped.
NEW_CODES = "joinedup_new_recovery_codes"


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _verified(request: HttpRequest) -> bool:
    return bool(request.user.is_verified())  # type: ignore[union-attr]


def _home() -> str:
    return reverse("referrals:home")


def _wrong_code_message(waiting: bool, what: str) -> str:
    if waiting:
        then = what[0].lower() + what[1:]
        return f"You have entered too many wrong codes. Wait a minute, then {then}"
    return f"The code is not right. {what}"


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Your account: password and two-factor sign-in."""
    user = request.user
    return render(
        request,
        "core/account.html",
        {
            "has_two_factor": two_factor.has_two_factor(user),  # type: ignore[arg-type]
            "required": two_factor.is_required_for(user),  # type: ignore[arg-type]
            "codes_left": two_factor.recovery_codes_left(user),  # type: ignore[arg-type]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the key), then confirm with a code from the app."""
    user = request.user
    if two_factor.has_two_factor(user) and not _verified(request):  # type: ignore[arg-type]
        # Replacing an app needs the old one first: a password alone must not add a device.
        return redirect("core:two-factor-check")
    device = two_factor.pending_app_device(user)  # type: ignore[arg-type]
    form = TwoFactorSetUpForm(request.POST or None)
    next_url = _next(request, _home())
    if form.is_valid():
        waiting = two_factor.refusing_codes_for_now(user)  # type: ignore[arg-type]
        codes = two_factor.confirm_app_device(
            user=user,  # type: ignore[arg-type]
            device=device,
            code=form.cleaned_data["code"],
        )
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            request.session[NEW_CODES] = codes
            query = urlencode({"next": next_url})
            return HttpResponseRedirect(f"{reverse('core:two-factor-recovery-codes')}?{query}")
        form.add_error("code", _wrong_code_message(waiting, "Enter the code your app shows now"))
    return render(
        request,
        "core/two_factor_set_up.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_svg(device),
            "key": two_factor.typed_key(device),
            "next": next_url,
            "required": two_factor.is_required_for(user),  # type: ignore[arg-type]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """The second step of signing in."""
    next_url = _next(request, _home())
    if _verified(request) or not two_factor.has_two_factor(request.user):  # type: ignore[arg-type]
        return HttpResponseRedirect(next_url)
    form = TwoFactorCodeForm(request.POST or None)
    if form.is_valid():
        waiting = two_factor.refusing_codes_for_now(request.user)  # type: ignore[arg-type]
        device = two_factor.check_code(
            user=request.user,  # type: ignore[arg-type]
            code=form.cleaned_data["code"],
            address=client_address(request),
        )
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(next_url)
        form.add_error(
            "code",
            _wrong_code_message(waiting, "Enter the code your app shows now, or a recovery code"),
        )
    return render(request, "core/two_factor_check.html", {"form": form, "next": next_url})


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown this once."""
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        return redirect("core:account")
    return render(
        request,
        "core/recovery_codes.html",
        {"codes": codes, "next": _next(request, reverse("core:account"))},
    )


@login_required
@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not _verified(request):
        return redirect("core:account")
    request.session[NEW_CODES] = two_factor.regenerate_recovery_codes(
        user=request.user  # type: ignore[arg-type]
    )
    return redirect("core:two-factor-recovery-codes")


@login_required
@require_http_methods(["GET", "POST"])
def turn_off(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off: only for someone whose role does not need it."""
    user = request.user
    required = two_factor.is_required_for(user)  # type: ignore[arg-type]
    if not two_factor.has_two_factor(user) or not _verified(request):  # type: ignore[arg-type]
        return redirect("core:account")
    if request.method == "POST" and not required:
        two_factor.remove_two_factor(
            user=user,  # type: ignore[arg-type]
            actor=user,  # type: ignore[arg-type]
            reason="turned off by the person",
        )
        return redirect("core:account")
    return render(request, "core/two_factor_turn_off.html", {"required": required})


@login_required
def send_kept_form(request: HttpRequest) -> HttpResponse:
    """After a time-out: what the person had typed, to send again with one button."""
    kept = take_kept_form(request)
    if kept is None:
        return redirect(_home())
    context: dict[str, Any] = {
        "kept": kept,
        "fields": [(name, value) for name, values in kept["fields"] for value in values],
    }
    return render(request, "core/send_kept_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session(request: HttpRequest) -> HttpResponse:
    """How long this session has before it is signed out (GET, JSON, for the time-out warning;
    asking is not activity), and "stay signed in" (POST: the idle limit starts again). Without
    JavaScript the warning's button posts here and comes back to the page it was on."""
    if request.method == "POST":
        sessions.keep_alive(request)
        if not request.headers.get("Accept", "").startswith("application/json"):
            return HttpResponseRedirect(_next(request, reverse("core:account")))
    return JsonResponse({"seconds_left": sessions.idle_seconds_left(request)})
