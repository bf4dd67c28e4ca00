"""`joinedup revoke_api_token <id or prefix>`: the token stops working at once."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.core.models import ApiToken
from joinedup.directory.tokens import revoke_api_token


class Command(BaseCommand):
    help = "Revoke an organisation's API token, by its id or its prefix."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("token", help="the token's id, or the 8 characters after ju_")

    def handle(self, *args: Any, **options: Any) -> None:
        value = options["token"].removeprefix("ju_")
        try:
            matches = list(ApiToken.objects.filter(pk=uuid.UUID(value)))
        except ValueError:
            matches = list(ApiToken.objects.filter(prefix=value[:8]))
        if len(matches) != 1:
            raise CommandError(f"{len(matches)} tokens match {value!r}: give the token's id")
        token = matches[0]
        if revoke_api_token(token=token):
            self.stdout.write(f"Revoked {token}")
        else:
            self.stdout.write(f"{token} was already revoked")
