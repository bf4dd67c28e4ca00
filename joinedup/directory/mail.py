"""Emails the directory's use cases send, once their transaction has committed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from django.core.mail import send_mail
from django.db import transaction

# Turns a path such as `/invitations/…/` into a full link. Views pass
# `request.build_absolute_uri`; commands and tasks will pass the site's own address.
LinkBuilder = Callable[[str], str]


def send_on_commit(*, subject: str, body: str, to: Sequence[str]) -> None:
    """Send a plain-text email after the surrounding transaction commits (never for a write
    that rolled back)."""
    recipients = [address for address in to if address]
    if recipients:
        transaction.on_commit(
            partial(send_mail, subject, body, None, recipients, fail_silently=False)
        )
