from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator

from joinedup.core import audit, sessions
from joinedup.core.forms import (
    GovukFirstPasswordForm,
    GovukPasswordChangeForm,
    GovukPasswordResetForm,
    GovukSetPasswordForm,
    SignInForm,
)
from joinedup.core.models import User
from joinedup.core.sign_in_limits import address_is_locked, client_address

# Why a person was signed out, as the sign-in page tells them (`sessions.SessionLimitsMiddleware`).
SIGNED_OUT_BECAUSE = {
    "idle": "You were signed out after {idle} minutes without using the service, to protect "
    "people's information on a shared computer. Sign in again to carry on.",
    "absolute": "You were signed out because you signed in more than {hours} hours ago. "
    "Sign in again to carry on.",
}


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        because = SIGNED_OUT_BECAUSE.get(self.request.GET.get("signed_out", ""), "")
        context["signed_out_because"] = because.format(
            idle=settings.JOINEDUP_SESSION_IDLE_MINUTES, hours=settings.JOINEDUP_SESSION_MAX_HOURS
        )
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        owed = self.request.session.get(sessions.TWO_FACTOR, "")
        audit.record(
            "user.signed_in",
            actor=user,
            target=user,
            details={"address": client_address(self.request), "two_factor": owed or "none"},
        )
        if not owed:
            return response
        # The password was right; the session stays half open until the second step.
        step = "core:two-factor-set-up" if owed == "set_up" else "core:two-factor-check"
        return HttpResponseRedirect(
            f"{reverse(step)}?{urlencode({'next': self.get_success_url()})}"
        )

    def form_invalid(self, form: Any) -> HttpResponse:
        typed = str(form.data.get("username", ""))[:254]
        # The account, when there is one, so its history shows the attempt; never what was typed
        # otherwise (it may be a password typed in the wrong box).
        account = User.objects.filter(email__iexact=typed).first() if typed else None
        locked = bool(getattr(self.request, "axes_locked_out", False))
        if typed or locked:
            audit.record(
                "user.sign_in_locked_out" if locked else "user.sign_in_failed",
                target=account,
                details={
                    "address": client_address(self.request),
                    "account_exists": account is not None,
                    "address_locked": locked and address_is_locked(self.request),
                },
            )
        return super().form_invalid(form)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE): says why, for how long and what to do."""
    return render(
        request,
        "core/locked_out.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "username": get_client_username(request, credentials) or "",
            "cooloff_timedelta": get_cool_off(request),
            "address_locked": address_is_locked(request),
        },
        status=429,
    )


class SignOutView(auth_views.LogoutView):
    # Django 5 signs out on POST only, so a link from another site cannot sign people out.
    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            audit.record("user.signed_out", actor=request.user, target=request.user)
        return super().post(request, *args, **kwargs)


# Passwords: Django's own views, with GOV.UK templates and forms that set the password through
# `accounts.set_user_password` (audited). A person who has just set a password from an emailed
# link is signed in, so the link's journey ends where they work.
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "core/password_reset.html"
    email_template_name = "core/email/password_reset.txt"
    subject_template_name = "core/email/password_reset_subject.txt"
    form_class = GovukPasswordResetForm
    success_url = reverse_lazy("core:password-reset-sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/password_reset_confirm.html"
    form_class = GovukSetPasswordForm
    post_reset_login = True
    post_reset_login_backend = SIGN_IN_BACKEND
    success_url = reverse_lazy("core:password-done")


class SetFirstPasswordView(PasswordResetConfirmView):
    """The link emailed when an organisation's request to join is approved."""

    template_name = "core/password_set.html"
    form_class = GovukFirstPasswordForm


class PasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_done.html"

    @method_decorator(login_required)
    def dispatch(self, *args: Any, **kwargs: Any) -> Any:
        return super().dispatch(*args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    form_class = GovukPasswordChangeForm
    success_url = reverse_lazy("core:password-done")
