"""What the working-referrals views share."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from joinedup.core.models import User


def request_user(request: HttpRequest) -> User:
    return cast(User, request.user)


def show_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
