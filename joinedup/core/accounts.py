"""Passwords: the one door through which a person's password is set, reset or changed."""

from __future__ import annotations

from django.db import transaction

from joinedup.core import audit
from joinedup.core.models import User

# How the password came to be set, as the audit log says it.
HOW = {
    "set": "user.password_set",  # first password, from an approval or invitation email
    "reset": "user.password_reset",  # forgotten password, from a reset email
    "change": "user.password_changed",  # signed in, knowing the old one
}


def set_user_password(*, user: User, password: str, how: str) -> User:
    """Set a person's password (already validated by the form) and record how it was set."""
    if how not in HOW:
        raise ValueError(f"Unknown way of setting a password: {how}")
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        # The person acts on themselves; never the password itself in the log.
        audit.record(HOW[how], actor=user, target=user, details={"email": user.email})
    return user
