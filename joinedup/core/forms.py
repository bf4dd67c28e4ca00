from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)

from joinedup.core import accounts
from joinedup.core.models import User


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK wording. The email field keeps the name `username`
    so django-axes counts failed attempts against it."""

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Ask your organisation admin.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"] = forms.CharField(
            label="Email address",
            max_length=254,
            error_messages={"required": "Enter your email address"},
            widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        )
        self.fields["password"].label = "Password"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


def _govuk_password_fields(form: forms.Form, *, new: str = "New password") -> None:
    """GOV.UK wording and autocomplete hints on Django's password fields."""
    if "new_password1" in form.fields:
        field = form.fields["new_password1"]
        field.label = new
        field.help_text = (
            "Use at least 12 characters. A few unrelated words together make a strong password."
        )
        field.error_messages["required"] = "Enter a new password"
        field.widget.attrs.update({"autocomplete": "new-password"})
    if "new_password2" in form.fields:
        field = form.fields["new_password2"]
        field.label = "Type the new password again"
        field.help_text = ""
        field.error_messages["required"] = "Type the new password again"
        field.widget.attrs.update({"autocomplete": "new-password"})
    if "old_password" in form.fields:
        field = form.fields["old_password"]
        field.label = "Current password"
        field.error_messages["required"] = "Enter your current password"
        field.widget.attrs.pop("autofocus", None)


class GovukSetPasswordForm(SetPasswordForm):
    """Set a password from an emailed link (a first password or a reset)."""

    how = "reset"
    error_messages = {"password_mismatch": "The passwords you typed do not match"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _govuk_password_fields(self)

    def save(self, commit: bool = True) -> Any:
        return accounts.set_user_password(
            user=self.user, password=self.cleaned_data["new_password1"], how=self.how
        )


class GovukFirstPasswordForm(GovukSetPasswordForm):
    how = "set"


class GovukPasswordChangeForm(PasswordChangeForm):
    """Change a password, knowing the current one."""

    error_messages = {
        "password_mismatch": "The passwords you typed do not match",
        "password_incorrect": "Your current password is not right. Type it again.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _govuk_password_fields(self)

    def save(self, commit: bool = True) -> Any:
        return accounts.set_user_password(
            user=self.user, password=self.cleaned_data["new_password1"], how="change"
        )


class GovukPasswordResetForm(PasswordResetForm):
    """Ask for a reset link. A person whose organisation was approved but whose first link
    expired has no usable password yet: they may ask for a new link here too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = "Email address"
        field.error_messages.update(
            {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the right format, like name@example.org",
            }
        )
        field.widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(User.objects.filter(email__iexact=email, is_active=True).exclude(email=""))


class TwoFactorCodeForm(forms.Form):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=40,
        help_text=(
            "The 6-digit code your authenticator app shows now, or one of your recovery codes"
        ),
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )


class TwoFactorSetUpForm(forms.Form):
    """Confirming a new authenticator app with the code it shows."""

    code = forms.CharField(
        label="Code from your app",
        max_length=12,
        help_text="The 6-digit code your authenticator app shows for this service",
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )
