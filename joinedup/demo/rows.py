"""What the demo's builders share: the rows made so far, the error for content that names
something it does not define, and phone numbers that can never ring anyone."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models


class DemoContentError(ValueError):
    """The demo content refers to something it does not define (a bug in the content)."""


@dataclass
class DemoRows:
    rows: dict[type[models.Model], list[models.Model]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, obj: models.Model) -> None:
        self.rows[type(obj)].append(obj)


def phone_number(n: int) -> str:
    # Ofcom's drama range for the fictional 01632 area: never a real line.
    return f"01632 {960000 + n}"


def freephone_number(n: int) -> str:
    # Ofcom's drama range for freephone numbers (0808 157 0000 to 0999).
    return f"0808 157 {n:04d}"
