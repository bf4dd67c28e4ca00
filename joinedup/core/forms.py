from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
