"""`joinedup erase_person <person id> [--force]`: erase a person's details, keeping anonymised
referral statistics. Refuses while referrals are open unless --force (which cancels them)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.referrals.management.commands.export_person import find_person
from joinedup.referrals.services.governance import ErasureRefused, erase_person


class Command(BaseCommand):
    help = "Erase a person's details and the words of their referrals (statistics are kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id")
        parser.add_argument(
            "--force", action="store_true", help="cancel the person's open referrals first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        person = find_person(options["person_id"])
        try:
            result = erase_person(person=person, force=options["force"])
        except ErasureRefused as exc:
            raise CommandError(str(exc)) from None
        cancelled = f", cancelled {', '.join(result.cancelled)}" if result.cancelled else ""
        self.stdout.write(
            f"Erased person {result.person.pk}: {result.referrals} referral(s) anonymised"
            f"{cancelled}"
        )
