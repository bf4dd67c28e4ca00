"""What the joining and people pages share."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from joinedup.core.models import User


def person(request: HttpRequest) -> User:
    """The signed-in user, or the anonymous user (QuerySets and use cases refuse them)."""
    return cast(User, request.user)


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a use case's refusal on the form, beside the field it is about where it has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
