"""What a person reads about each result, the same on the search page and in /api/search:
distance, opening today, capacity and "why this result" in plain words."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any, cast

from django.urls import reverse

from joinedup.directory.models import (
    CapacityStatus,
    IntakeMode,
    Schedule,
    Service,
    WaitBand,
)
from joinedup.search import categories
from joinedup.search.forms import DAY_LABELS, DELIVERY_LABELS
from joinedup.search.query import ACCESSIBILITY, DAYS, Explanation, SearchResults


@dataclass(frozen=True)
class Card:
    id: uuid.UUID
    name: str
    organisation: str
    organisation_id: uuid.UUID | None
    description: str
    url: str
    distance_m: float | None
    open_today: bool
    hours_today: str  # "9am to 5pm", or empty when the listing gives no hours for today
    capacity_status: str
    capacity_label: str
    wait_band: str
    wait_band_label: str
    reasons: list[str] = field(default_factory=list)
    explanation: Explanation = field(default_factory=Explanation)

    @property
    def distance_text(self) -> str:
        return distance_text(self.distance_m)


def distance_text(metres: float | None) -> str:
    """ "0.4 km", "12 km": one decimal under 10 km, where the difference matters on foot."""
    if metres is None:
        return ""
    km = metres / 1000
    return f"{km:.1f} km" if km < 10 else f"{km:.0f} km"


def _words(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"“{v}”" for v in values)


def reasons(explanation: Explanation, *, postcode: str = "") -> list[str]:
    """Why a service is in the results, as short sentences a person can check."""
    found = []
    if explanation.matched_words:
        found.append(f"Matches your words {_words(explanation.matched_words)}")
    for typed, used in explanation.corrections.items():
        found.append(f"Spelling corrected: “{typed}” read as “{used}”")
    if explanation.synonyms:
        found.append(f"Matches related words {_words(explanation.synonyms)}")
    if explanation.meaning:
        found.append("Matches what you described (by meaning)")
    if explanation.taxonomy_terms:
        found.append(f"Filed under {_words(explanation.taxonomy_terms)}")
    if explanation.distance_m is not None:
        where = f" from {postcode}" if postcode else ""
        found.append(f"{distance_text(explanation.distance_m)}{where}")
    if explanation.open_today:
        found.append("Open today")
    if explanation.accepting_referrals:
        found.append("Accepting referrals now")
    return found


def _hours(schedules: list[Schedule], code: str) -> str:
    for schedule in schedules:
        if code in schedule.days() and schedule.opens_at and schedule.closes_at:
            # describe() gives "Monday to Friday, 9am to 5pm": today only needs the hours.
            return schedule.describe().rsplit(", ", 1)[-1]
    return ""


def cards(results: SearchResults, *, today: datetime.date) -> list[Card]:
    """One card per hit, in rank order; two queries for the whole page (one when no hit is
    open today).

    The services are read as plain values and the link is reversed once: for a page of
    twenty, building Service objects, their related managers and twenty reversals cost more
    than the queries (the search's latency budget, ADR 12)."""
    ids = [hit.service_id for hit in results.hits]
    services = {
        row[0]: row
        for row in Service.objects.filter(pk__in=ids).values_list(
            "id", "description", "capacity_status", "capacity_wait_band", "organization_id"
        )
    }
    open_ids = [h.service_id for h in results.hits if h.explanation.open_today]
    schedules: dict[uuid.UUID, list[Schedule]] = {}
    if open_ids:
        for schedule in Schedule.objects.filter(service_id__in=open_ids).order_by("id"):
            schedules.setdefault(cast(uuid.UUID, schedule.service_id), []).append(schedule)
    capacity_labels = dict(CapacityStatus.choices)
    wait_labels = dict(WaitBand.choices)
    placeholder = str(uuid.UUID(int=0))
    template = reverse("directory:view-service", args=[placeholder])
    code = DAYS[today.weekday()]
    found = []
    for hit in results.hits:
        row = services.get(hit.service_id)
        if row is None:
            continue  # removed between the search and this read: leave it out
        service_id, description, capacity_status, wait_band, organisation_id = row
        found.append(
            Card(
                id=service_id,
                name=hit.name,
                organisation=hit.organisation,
                organisation_id=organisation_id,
                description=description,
                url=template.replace(placeholder, str(service_id)),
                distance_m=hit.distance_m,
                open_today=hit.explanation.open_today,
                hours_today=_hours(schedules.get(service_id, []), code)
                if hit.explanation.open_today
                else "",
                capacity_status=capacity_status,
                capacity_label=str(capacity_labels.get(capacity_status, capacity_status)),
                wait_band=wait_band,
                wait_band_label=str(wait_labels.get(wait_band, wait_band)) if wait_band else "",
                reasons=reasons(hit.explanation, postcode=results.postcode),
                explanation=hit.explanation,
            )
        )
    return found


def term_names(ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """Category id → (name, parent id) for facet labels."""
    return categories.names_and_parents(ids)


def facet_list(results: SearchResults) -> dict[str, list[dict[str, Any]]]:
    """Facets as lists of {value, label, count}, most first: the same labels as the page."""
    terms = term_names(list(results.facets.get("taxonomy_term", {})))
    labels: dict[str, dict[str, str]] = {
        "delivery": DELIVERY_LABELS,
        "open_on": DAY_LABELS,
        "intake_mode": dict(IntakeMode.choices),
        "free": {"free": "Free"},
        "accepting_referrals": {"accepting": "Accepting referrals"},
        "accessibility": ACCESSIBILITY,
    }
    listed: dict[str, list[dict[str, Any]]] = {}
    for name, counts in results.facets.items():
        items = []
        for value, count in counts.items():
            if not value:
                continue
            item: dict[str, Any] = {"value": value, "count": count}
            if name == "taxonomy_term":
                label, parent = terms.get(value, (value, None))
                item.update(label=label, parent=parent)
            else:
                item["label"] = labels.get(name, {}).get(value, value)
            items.append(item)
        keep_order = name in ("open_on", "delivery")
        listed[name] = (
            items if keep_order else sorted(items, key=lambda i: (-i["count"], i["label"]))
        )
    return listed
