"""Organisation API tokens: issue, revoke and check them. Only a hash of the secret is stored.

The secret is 32 random bytes, so a plain SHA-256 is enough to store it safely (a slow password
hash guards guessable secrets, and would cost every API request tens of milliseconds).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.models import ApiToken, User
from joinedup.directory.models import Organization

SCHEME = "ju_"
PREFIX_LENGTH = 8
# last_used_at is a hint for people reviewing tokens, not a log: writing it on every request
# would make one hot row of a busy client's token.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_api_token(
    *, organization: Organization, name: str, created_by: User | None = None
) -> tuple[ApiToken, str]:
    """Make a token for `organization`; returns it and the secret, which is never shown again."""
    name = name.strip()
    if not name:
        raise ValueError("Give the token a name that says who uses it")
    secret = SCHEME + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            organization=organization,
            name=name,
            prefix=secret[len(SCHEME) : len(SCHEME) + PREFIX_LENGTH],
            token_hash=hash_secret(secret),
            created_by=created_by,
        )
        audit.record(
            "api_token.created",
            actor=created_by,
            target=token,
            organization=organization,
            details={"name": name, "prefix": token.prefix},
        )
    return token, secret


def revoke_api_token(*, token: ApiToken, actor: User | None = None) -> bool:
    """Revoke a token at once; False if it was already revoked."""
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            audit.record(
                "api_token.revoked",
                actor=actor,
                target=token,
                organization=token.organization,
                details={"name": token.name, "prefix": token.prefix},
            )
    token.refresh_from_db(fields=["revoked_at"])
    return bool(updated)


def token_for_secret(secret: str) -> ApiToken | None:
    """The active token with this secret, or None. Notes when it was last used."""
    if not secret.startswith(SCHEME):
        return None
    token = (
        ApiToken.objects.active()
        .select_related("organization")
        .filter(token_hash=hash_secret(secret))
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
