"""The typed shapes of a search: what is asked, what comes back, and the one error type."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from joinedup.directory.models import CapacityStatus, IntakeMode

DELIVERY_MODES = ("in_person", "online", "phone")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Accessibility features read from a service's places' HSDS accessibility records.
ACCESSIBILITY = {
    "wheelchair": "Wheelchair accessible",
    "hearing_loop": "Hearing loop",
    "accessible_toilet": "Accessible toilet",
    "accessible_parking": "Accessible parking",
    "sign_language": "British Sign Language",
    "large_print": "Large print or braille",
}
MAX_AGE = 130
MAX_DISTANCE_KM = 500.0


class SearchValidationError(ValueError):
    """A filter or place the search cannot use; `field` names which (for a 4xx answer)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    postcode: str = ""  # empty: a postcode typed inside `text` is used instead
    distance_km: float | None = None  # only services with a place within this distance
    taxonomy_term: uuid.UUID | None = None  # a parent term includes its children
    age: int | None = None
    free_only: bool = False
    language: str = ""  # a code ("pl") or a name ("Polish")
    delivery: str = ""  # one of DELIVERY_MODES
    open_on: str = ""  # one of DAYS
    accepting_referrals: bool = False
    intake_mode: str = ""  # an IntakeMode value
    accessibility: str = ""  # one of ACCESSIBILITY
    exact_spelling: bool = False  # True: no spelling corrections ("Search instead for ...")
    page: int = 1
    page_size: int = 20
    today: datetime.date | None = None  # for "open today"; defaults to the local date

    def validate(self) -> None:
        """Raise SearchValidationError for any value the search cannot use."""
        if self.age is not None and not 0 <= self.age <= MAX_AGE:
            raise SearchValidationError("age", f"Age must be a whole number from 0 to {MAX_AGE}")
        if self.distance_km is not None and not 0 < self.distance_km <= MAX_DISTANCE_KM:
            raise SearchValidationError(
                "distance_km", f"Distance must be more than 0 and at most {MAX_DISTANCE_KM:g} km"
            )
        if self.delivery and self.delivery not in DELIVERY_MODES:
            raise SearchValidationError(
                "delivery", f"Delivery must be one of: {', '.join(DELIVERY_MODES)}"
            )
        if self.open_on and self.open_on not in DAYS:
            raise SearchValidationError("open_on", f"Day must be one of: {', '.join(DAYS)}")
        if self.intake_mode and self.intake_mode not in IntakeMode.values:
            raise SearchValidationError(
                "intake_mode", f"Intake mode must be one of: {', '.join(IntakeMode.values)}"
            )
        if self.accessibility and self.accessibility not in ACCESSIBILITY:
            raise SearchValidationError(
                "accessibility", f"Accessibility must be one of: {', '.join(ACCESSIBILITY)}"
            )
        if self.page < 1 or not 1 <= self.page_size <= 100:
            raise SearchValidationError("page", "Page must be 1 or more, page size 1 to 100")
        if len(self.text) > 500:
            raise SearchValidationError("text", "Search text must be 500 characters or fewer")


@dataclass(frozen=True)
class Explanation:
    matched_words: tuple[str, ...] = ()
    corrections: dict[str, str] = field(default_factory=dict)  # typed → used
    synonyms: tuple[str, ...] = ()  # synonym phrases that matched this service
    taxonomy_terms: tuple[str, ...] = ()  # category names that matched the words or filter
    # Similar in meaning to what was asked (sentence embeddings), even with no word in common.
    meaning: bool = False
    needs: tuple[str, ...] = ()  # names of the recognised needs the service meets
    distance_m: float | None = None
    open_today: bool = False
    accepting_referrals: bool = False


@dataclass(frozen=True)
class Hit:
    service_id: uuid.UUID
    name: str
    organisation: str
    score: float
    distance_m: float | None  # None: online or phone only, or no place given
    explanation: Explanation


@dataclass(frozen=True)
class SearchResults:
    hits: list[Hit]
    total: int
    page: int
    page_size: int
    facets: dict[str, dict[str, int]]
    postcode: str = ""  # the place used, normalised ("BS5 6XX" or "BS5"), if any
    corrections: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # e.g. an unknown postcode in the text
    # The words (and the needs they name) found little: these are the services closest in
    # meaning, then the partnership's front door, not matches of what was typed.
    closest_matches: bool = False
    needs: tuple[str, ...] = ()  # codes of the needs the text names (`needs.understand`)
    urgency: str = ""  # the most urgent of them: "crisis", "urgent", "soon", "routine" or ""


ACCEPTING = CapacityStatus.ACCEPTING
