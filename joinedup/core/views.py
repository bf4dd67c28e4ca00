from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from joinedup.core.forms import (
    GovukFirstPasswordForm,
    GovukPasswordChangeForm,
    GovukPasswordResetForm,
    GovukSetPasswordForm,
    SignInForm,
)


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    # Django 5 signs out on POST only, so a link from another site cannot sign people out.
    http_method_names = ["post", "options"]


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
