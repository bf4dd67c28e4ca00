"""`joinedup export_person <person id>`: everything held about a person, as JSON (for a
subject-access request). Audited."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.referrals.models import Person
from joinedup.referrals.services.governance import export_person


def find_person(value: str) -> Person:
    try:
        person = Person.objects.select_related("organization").filter(pk=uuid.UUID(value)).first()
    except ValueError:
        raise CommandError(f"Not a person id: {value!r}") from None
    if person is None:
        raise CommandError(f"No person with id {value}")
    return person


class Command(BaseCommand):
    help = "Print everything held about a person as JSON (subject-access request)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id")
        parser.add_argument("--output", "-o", help="write to this file instead of the screen")

    def handle(self, *args: Any, **options: Any) -> None:
        data = export_person(person=find_person(options["person_id"]))
        text = json.dumps(data, indent=2, ensure_ascii=False)
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Written to {options['output']}")
        else:
            self.stdout.write(text)
