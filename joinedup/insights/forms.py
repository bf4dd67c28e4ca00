"""The board's period and filters: a GET form, so a board can be bookmarked and works without
JavaScript. A bad choice re-renders with a GOV.UK error summary and the default period.

The organisation, service and need filters are lists when a partnership has few to choose
from; above `LIST_LIMIT` (a region has 1,000 organisations and 20,000 services) each is a text
box matched on the server instead, so no page carries megabytes of options. Either way the
value may be an id (a link, a bookmark, the API) or a name, and a name that matches nothing, or
more than one, is a GOV.UK error saying which.
"""

from __future__ import annotations

import datetime
import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from joinedup.directory.models import Organization, Sector, Service, TaxonomyTerm
from joinedup.directory.models.taxonomies import Attribute
from joinedup.insights import periods
from joinedup.partnerships.models import Partnership

CUSTOM = "custom"


def period_choices(today: datetime.date) -> list[tuple[str, str]]:
    """The last eight quarters, the last three years, and custom dates."""
    choices = []
    year, number = periods.quarter_of(today)
    for _ in range(8):
        choices.append((f"q{year}-{number}", periods.quarter(year, number).label))
        year, number = (year - 1, 4) if number == 1 else (year, number - 1)
    choices += [(f"y{y}", f"Year {y}") for y in range(today.year, today.year - 3, -1)]
    return [*choices, (CUSTOM, "Custom dates (below)")]


def _with_bookmarked(
    choices: list[tuple[str, str]], data: Any, today: datetime.date
) -> list[tuple[str, str]]:
    """The choices, with an earlier quarter or year a link asks for added when it is no longer
    among the recent ones: a board paper's link to "Quarter 1 2026" keeps working years on.
    A period that has not begun is not added (there is nothing to show for it)."""
    code = (data.get("period") or "") if data else ""
    if not code or code == CUSTOM or any(code == value for value, _ in choices):
        return choices
    found = period_from(code)
    if found is None or found.start > today:
        return choices
    return [*choices[:-1], (code, found.label), choices[-1]]


# The filters a name is typed or chosen for (`BoardForm.matches`).
MATCHED = ("organization", "service", "need")

# Above this many choices a filter is a text box matched on the server, not a list.
LIST_LIMIT = 100
# How many of the names a too-broad match names in its error.
NAMED_IN_ERROR = 5


@dataclass(frozen=True)
class Match:
    """How one filter finds what was typed: its candidates, what they are called in errors,
    and how each is labelled (a service with its organisation: names repeat across them)."""

    noun: str  # "member organisation"
    candidates: QuerySet[Any]
    label: Callable[[Any], str]


class BoardForm(forms.Form):
    period = forms.ChoiceField(label="Period", required=False)
    start = forms.DateField(
        label="From (custom dates)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To (custom dates)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sector = forms.ChoiceField(label="Receiving sector", required=False)
    organization = forms.CharField(label="Organisation", required=False, max_length=300)
    service = forms.CharField(label="Service", required=False, max_length=300)
    need = forms.CharField(label="Need category", required=False, max_length=300)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self._choose("period", _with_bookmarked(period_choices(self.today), self.data, self.today))
        self._choose("sector", [("", "All sectors"), *Sector.choices])
        self.partnership = partnership
        for name, choices in _lists(partnership, lambda: self.matches).items():
            field = self.fields[name]
            if choices is not None:
                # Few: a list, each choice's value its id.
                field.widget = forms.Select(choices=[("", _EVERYTHING[name]), *choices])
            else:
                field.help_text = _HINTS[name]
                field.widget.attrs.update(
                    {"class": "govuk-!-width-two-thirds", "spellcheck": "false"}
                )
                if self.is_bound:
                    self._show_name(name)

    @functools.cached_property
    def matches(self) -> dict[str, Match]:
        """How each of the organisation, service and need filters finds what was typed. Built
        only when asked for (a name typed, the lists found again): a board page that reads the
        cached lists pays nothing for it."""
        partnership = self.partnership
        members = Organization.objects.filter(
            partnership_memberships__partnership=partnership
        ).order_by("name")
        services = Service.objects.filter(
            organization__partnership_memberships__partnership=partnership
        ).order_by("name", "organization__name")
        used = Attribute.objects.filter(
            link_entity="service", link_id__in=services.order_by().values("pk")
        ).values("taxonomy_term_id")
        terms = TaxonomyTerm.objects.filter(pk__in=used).order_by("name")
        return {
            "organization": Match("member organisation", members.only("pk", "name"), _name),
            "service": Match(
                "service of a member organisation",
                services.select_related("organization").only("pk", "name", "organization__name"),
                lambda s: f"{s.name} ({s.organization.name})",
            ),
            "need": Match("need category", terms.only("pk", "name"), _name),
        }

    def _choose(self, name: str, choices: list[tuple[str, str]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def _show_name(self, name: str) -> None:
        """A text box given an id (a link, a bookmark) shows the name it stands for."""
        value = self.data.get(name) or ""
        if not _is_uuid(value):
            return
        match = self.matches[name]
        found = match.candidates.filter(pk=value).first()
        if found is not None:
            data = cast(QueryDict, self.data).copy()
            data[name] = match.label(found)
            self.data = data

    def _resolve(self, name: str) -> str | None:
        """The id of what the filter's value names, or None (with an error) when it names
        nothing, or several things."""
        value = " ".join((self.cleaned_data.get(name) or "").split())
        if not value:
            return None
        match = self.matches[name]
        candidates = match.candidates
        if _is_uuid(value):
            found = candidates.filter(pk=value).first()
            if found is not None:
                return str(found.pk)
        exact = [c for c in candidates.filter(name__iexact=value)[: NAMED_IN_ERROR + 1]]
        if name == "service" and not exact:
            exact = _service_with_organisation(candidates, value)
        chosen = exact or list(candidates.filter(name__icontains=value)[: NAMED_IN_ERROR + 1])
        if len(chosen) == 1:
            return str(chosen[0].pk)
        if not chosen:
            self.add_error(
                name,
                f"No {match.noun} is called “{value}” or has it in its name: check the "
                f"spelling, or leave the box empty for all",
            )
            return None
        named = "; ".join(match.label(c) for c in chosen[:NAMED_IN_ERROR])
        more = " and more" if len(chosen) > NAMED_IN_ERROR else ""
        self.add_error(
            name,
            f"More than one {match.noun} matches “{value}” ({named}{more}): enter the whole "
            f"name as it is shown there",
        )
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in MATCHED:
            if name in data:
                found = self._resolve(name)
                if name in data:  # still (no error)
                    data[name] = found
        if data.get("period") == CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start:
                self.add_error("start", "Enter the first day of the custom period")
            if not end:
                self.add_error("end", "Enter the last day of the custom period")
            if start and end:
                try:
                    data["chosen"] = periods.custom(start, end)
                except periods.PeriodError as exc:
                    self.add_error("end", str(exc))
        return data

    def selection(self) -> tuple[periods.Period, periods.Filters]:
        """The period and filters chosen (the current quarter and no filters by default, and
        whenever the form has errors)."""
        default = periods.current_quarter(self.today)
        if not self.is_bound or not self.is_valid():
            return default, periods.Filters()
        data = self.cleaned_data
        return period_from(
            data.get("period") or "", data.get("chosen")
        ) or default, periods.Filters(
            sector=data.get("sector") or "",
            organization=data.get("organization") or None,
            service=data.get("service") or None,
            need=data.get("need") or None,
        )


_EVERYTHING = {
    "organization": "All organisations",
    "service": "All services",
    "need": "All need categories",
}
_HINTS = {
    "organization": "All of its name, or enough of it to tell it apart. Leave empty for all.",
    "service": "Its name, or its name and organisation as “Service (Organisation)”. Leave "
    "empty for all.",
    "need": "A category's name, or enough of it to tell it apart. Leave empty for all.",
}


def _name(found: Any) -> str:
    return str(found.name)


def _lists(
    partnership: Partnership, matches_of: Callable[[], dict[str, Match]]
) -> dict[str, list[tuple[str, str]] | None]:
    """Each filter's choices as (id, label), or None where there are too many for a list.
    Kept as long as the figures (a new member shows in the lists as soon as in the figures):
    finding them reads every service of a region."""

    def find() -> dict[str, list[tuple[str, str]] | None]:
        found: dict[str, list[tuple[str, str]] | None] = {}
        for name, match in matches_of().items():
            few = list(match.candidates[: LIST_LIMIT + 1])
            found[name] = (
                [(str(c.pk), match.label(c)) for c in few] if len(few) <= LIST_LIMIT else None
            )
        return found

    seconds = int(getattr(settings, "INSIGHTS_CACHE_SECONDS", 300))
    if seconds <= 0:
        return find()
    key = f"insights-filters:1:{partnership.pk}:{LIST_LIMIT}"
    return cast(dict[str, list[tuple[str, str]] | None], cache.get_or_set(key, find, seconds))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _service_with_organisation(candidates: QuerySet[Any], value: str) -> list[Any]:
    """A service named as the error lists it: "Name (Organisation)"."""
    name, bracket, rest = value.rpartition(" (")
    if not bracket or not rest.endswith(")"):
        return []
    return list(
        candidates.filter(name__iexact=name, organization__name__iexact=rest[:-1])[
            : NAMED_IN_ERROR + 1
        ]
    )


def period_from(code: str, custom: periods.Period | None = None) -> periods.Period | None:
    """A period from its code: "q2026-1", "y2026", or custom dates already read."""
    try:
        if code.startswith("q"):
            year, number = code[1:].split("-")
            return periods.quarter(int(year), int(number))
        if code.startswith("y"):
            return periods.year(int(code[1:]))
    except (ValueError, periods.PeriodError):
        return None
    return custom if code == CUSTOM else None
