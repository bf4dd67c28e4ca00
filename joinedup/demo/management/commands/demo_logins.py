"""`joinedup demo_logins`: print the demo place's logins as small tables."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from joinedup.demo.organisations import ORGS
from joinedup.demo.users import DEMO_PASSWORD, DEMO_USERS, TEAM_USERS


class Command(BaseCommand):
    help = "Print the demo logins (role, email, password, organisation)."

    def handle(self, *args: Any, **options: Any) -> None:
        names = {org.key: org.name for org in ORGS}
        people = Table(title="Demo logins", title_justify="left")
        for heading in ("Role", "Email", "Password", "Organisation"):
            people.add_column(heading)
        for person in DEMO_USERS:
            people.add_row(person.role, person.email, DEMO_PASSWORD, names.get(person.org, ""))
        teams = Table(
            title="Every other organisation's receiving team (its admin; same password)",
            title_justify="left",
        )
        for heading in ("Organisation", "Email"):
            teams.add_column(heading)
        for person in TEAM_USERS:
            teams.add_row(names.get(person.org, ""), person.email)
        # Rendered to text first: the tables must read the same in a terminal, a pipe or a test.
        console = Console(file=io.StringIO(), width=160, record=True)
        console.print(people)
        console.print(teams)
        self.stdout.write(console.export_text(styles=False).rstrip())
        self.stdout.write(two_factor_note(settings.JOINEDUP_TWO_FACTOR_REQUIRED_FOR))


def two_factor_note(required_for: list[str]) -> str:
    """What someone trying the demo needs to know about two-factor sign-in (ADR 29)."""
    if not required_for:
        return (
            "\nTwo-factor sign-in is not required in the demo: sign in with the password above. "
            "Try it from 'Your account and two-factor sign-in' (page footer). "
            "`make demo DEMO_TWO_FACTOR=superuser,staff,manager,org_admin,person_reader` "
            "requires it as production does."
        )
    return (
        f"\nTwo-factor sign-in is required for: {', '.join(required_for)}. At first sign-in "
        "each of these logins sets up an authenticator app (or types its key into one)."
    )
