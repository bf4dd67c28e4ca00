"""What an import run did: counts per record type, every rejected record and every warning."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

OUTCOMES = ("created", "updated", "unchanged", "rejected")


@dataclass(frozen=True)
class Problem:
    kind: str
    position: str  # where in the input: "file.json item 12", "services.csv row 4"
    record_id: str
    reason: str

    def __str__(self) -> str:
        ident = f" id {self.record_id}" if self.record_id else ""
        return f"{self.position} ({self.kind}{ident}): {self.reason}"


@dataclass
class ImportReport:
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: dict.fromkeys(OUTCOMES, 0))
    )
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # Whole inputs that could not be read at all (not JSON, not UTF-8, not a feed, missing).
    errors: list[str] = field(default_factory=list)
    formats: set[str] = field(default_factory=set)

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def reject(self, kind: str, position: str, record_id: str, reason: str) -> None:
        self.counts[kind]["rejected"] += 1
        self.rejected.append(Problem(kind, position, record_id, reason))

    def warn(self, kind: str, position: str, record_id: str, reason: str) -> None:
        self.warnings.append(Problem(kind, position, record_id, reason))

    def total(self, outcome: str, kind: str | None = None) -> int:
        if kind is not None:
            return self.counts[kind][outcome] if kind in self.counts else 0
        return sum(c[outcome] for c in self.counts.values())

    @property
    def ok(self) -> bool:
        """Every input was read (rejected records are reported, not failures of the run)."""
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "formats": sorted(self.formats),
            "counts": {kind: dict(c) for kind, c in sorted(self.counts.items())},
            "rejected": len(self.rejected),
            "warnings": len(self.warnings),
            "errors": list(self.errors),
        }
