"""What the partnership workspace's pages share: who is asking, the partnership they may see,
and a use case's refusal shown on the form."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from joinedup.core.models import User
from joinedup.partnerships.models import Partnership


def person(request: HttpRequest) -> User:
    """The signed-in user (or the anonymous one: the QuerySets refuse anonymous people)."""
    return cast(User, request.user)


def visible_partnership(request: HttpRequest, partnership_id: int) -> Partnership:
    """A partnership the person may see; anyone else gets 404, never a hint that it exists."""
    return get_object_or_404(Partnership.objects.visible_to(person(request)), pk=partnership_id)


def show_errors(form: Any, error: ValidationError) -> None:
    """Put a use case's refusal on the form (as a whole: service messages name the field)."""
    for message in error.messages:
        form.add_error(None, message)
