"""The board's period and filters: a GET form, so a board can be bookmarked and works without
JavaScript. A bad choice re-renders with a GOV.UK error summary and the default period."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
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


class BoardForm(forms.Form):
    period = forms.ChoiceField(label="Period", required=False)
    start = forms.DateField(
        label="From (custom dates)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="To (custom dates)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sector = forms.ChoiceField(label="Receiving sector", required=False)
    organization = forms.ChoiceField(label="Organisation", required=False)
    service = forms.ChoiceField(label="Service", required=False)
    need = forms.ChoiceField(label="Need category", required=False)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self._choose("period", period_choices(self.today))
        self._choose("sector", [("", "All sectors"), *Sector.choices])
        members = Organization.objects.filter(
            partnership_memberships__partnership=partnership
        ).order_by("name")
        self._choose(
            "organization",
            [("", "All organisations")]
            + [(str(pk), name) for pk, name in members.values_list("pk", "name")],
        )
        services = Service.objects.filter(organization__in=members).order_by("name")
        self._choose(
            "service",
            [("", "All services")]
            + [
                (str(pk), f"{name} ({org})")
                for pk, name, org in services.values_list("pk", "name", "organization__name")
            ],
        )
        used = Attribute.objects.filter(
            link_entity="service", link_id__in=services.values("pk")
        ).values("taxonomy_term_id")
        terms = TaxonomyTerm.objects.filter(pk__in=used).order_by("name")
        self._choose(
            "need",
            [("", "All need categories")]
            + [(str(pk), name) for pk, name in terms.values_list("pk", "name")],
        )

    def _choose(self, name: str, choices: list[tuple[str, str]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
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
