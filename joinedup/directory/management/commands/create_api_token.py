"""`joinedup create_api_token --organisation <id or name> --name <who uses it>`."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.directory.models import Organization
from joinedup.directory.tokens import issue_api_token


def find_organization(value: str) -> Organization:
    """An organisation by id, or by its exact name (ignoring case) if that names only one."""
    try:
        found = Organization.objects.filter(pk=uuid.UUID(value)).first()
    except ValueError:
        matches = list(Organization.objects.filter(name__iexact=value.strip())[:2])
        if len(matches) > 1:
            raise CommandError(f"Several organisations are called {value!r}: give the id") from None
        found = matches[0] if matches else None
    if found is None:
        raise CommandError(f"No organisation {value!r}")
    return found


class Command(BaseCommand):
    help = "Make an API token for an organisation and print its secret (shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", "--organization", dest="organisation", required=True)
        parser.add_argument("--name", required=True, help="who or what will use the token")

    def handle(self, *args: Any, **options: Any) -> None:
        organization = find_organization(options["organisation"])
        try:
            token, secret = issue_api_token(organization=organization, name=options["name"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stderr.write(
            f"Token {token.name!r} ({token.prefix}…, id {token.pk}) for {organization}. "
            "Keep the secret below safe: it is not stored and cannot be shown again."
        )
        self.stdout.write(secret)
