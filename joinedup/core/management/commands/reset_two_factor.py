"""`joinedup reset_two_factor <email>`: turn off a person's two-factor sign-in when they have lost
their phone and their recovery codes (the same service as the admin's "Reset two-factor
sign-in" action). If their role needs it, they set it up again when they next sign in."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.core import two_factor
from joinedup.core.models import User


class Command(BaseCommand):
    help = "Reset a person's two-factor sign-in (their app and recovery codes stop working)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the person's email address")
        parser.add_argument(
            "--reason", default="reset from the command line", help="recorded in the audit log"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(f"No account has the email address {options['email']}")
        removed = two_factor.remove_two_factor(user=user, actor=None, reason=options["reason"])
        if not removed:
            self.stdout.write(f"{user.email} had no two-factor sign-in set up; nothing changed.")
            return
        then = (
            "They will be asked to set it up again when they next sign in."
            if two_factor.is_required_for(user)
            else "They sign in with their password only until they set it up again."
        )
        self.stdout.write(f"Two-factor sign-in reset for {user.email}. {then}")
