"""Emails the directory's use cases send, through the outbox (core.outbox, ADR 22): written with
the use case's own transaction, so never for a write that rolled back, sent once it commits, and
tried again while the mail server is down. Each recipient gets their own message, so nobody
sees who else it went to."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from joinedup.core import outbox
from joinedup.core.models import OutboxChannel

# Turns a path such as `/invitations/…/` into a full link. Views pass
# `request.build_absolute_uri`; commands and tasks will pass the site's own address.
LinkBuilder = Callable[[str], str]


def send_on_commit(*, subject: str, body: str, to: Sequence[str], kind: str) -> None:
    """Queue a plain-text email to each of `to` (blank addresses skipped, each address once);
    `kind` says what it is about, for the failed-deliveries page."""
    for address in dict.fromkeys(a.strip() for a in to if a and a.strip()):
        outbox.enqueue(
            channel=OutboxChannel.EMAIL, to=address, subject=subject, body=body, kind=kind
        )
