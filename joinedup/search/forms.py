"""The search's parameters, parsed once for the search page and for /api/search.

The form checks the shape of each value (a number, a day code, a UUID); the engine checks
what it means (a known postcode, an existing category) and its SearchValidationError is put
back on the same field, so both entry points answer bad input the same way.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from joinedup.directory.models import IntakeMode
from joinedup.search.query import (
    ACCESSIBILITY,
    DAYS,
    MAX_AGE,
    MAX_DISTANCE_KM,
    SearchQuery,
    SearchValidationError,
)

TRUE = frozenset({"true", "1", "yes", "on"})
FALSE = frozenset({"false", "0", "no", "off", ""})
DELIVERY_LABELS = {"in_person": "In person", "online": "Online", "phone": "By phone"}
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_LABELS = dict(zip(DAYS, DAY_NAMES, strict=True))
# Distances offered on the page, in km; the API takes any distance up to the engine's maximum.
DISTANCE_CHOICES = (1, 3, 5, 10, 25)
MAX_PAGE = 10_000
# The engine's names for fields that the form calls something else.
ENGINE_FIELDS = {"text": "q", "page_size": "page_size"}


class FlagInput(forms.CheckboxInput):
    """A checkbox that hands its raw value to the field (Django's makes "banana" True)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name, "")


class FlagField(forms.Field):
    """A yes/no filter: absent or "false" is no, "true" (a ticked checkbox) is yes, and
    anything else is an error rather than a silent yes."""

    widget = FlagInput

    def to_python(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value or "").strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise ValidationError(f"{self.label} must be true or false", code="invalid")

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {}


class SearchForm(forms.Form):
    q = forms.CharField(
        label="What do you need help with?",
        required=False,
        max_length=500,
        help_text="For example, “my mum has dementia and I can\u2019t cope” or “debt advice”.",
        error_messages={"max_length": "Search words must be 500 characters or fewer"},
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=16,
        help_text="A full postcode or just the first part, like BS5.",
        error_messages={"max_length": "Enter a real postcode, like BS5 6XX"},
    )
    distance_km = forms.FloatField(
        label="Distance",
        required=False,
        widget=forms.RadioSelect,
        min_value=0.1,
        max_value=MAX_DISTANCE_KM,
        error_messages={
            "invalid": "Distance must be a number of kilometres, like 5",
            "min_value": "Distance must be more than 0 km",
            "max_value": f"Distance must be {MAX_DISTANCE_KM:g} km or less",
        },
    )
    taxonomy_term = forms.UUIDField(
        label="Category",
        required=False,
        widget=forms.RadioSelect,  # drawn by the page with counts; the error links to the first
        error_messages={"invalid": "Select a category from the list"},
    )
    age = forms.IntegerField(
        label="Age of the person",
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        help_text="Only services for people of this age.",
        error_messages={
            "invalid": "Age must be a whole number, like 42",
            "min_value": "Age must be 0 or more",
            "max_value": f"Age must be {MAX_AGE} or less",
        },
    )
    free = FlagField(label="Free services only", required=False)
    language = forms.CharField(
        label="Language",
        required=False,
        widget=forms.RadioSelect,
        max_length=50,
        error_messages={"max_length": "Language must be 50 characters or fewer"},
    )
    delivery = forms.ChoiceField(
        label="How the service is given",
        required=False,
        choices=[("", "Any way"), *DELIVERY_LABELS.items()],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select in person, online or by phone"},
    )
    open_on = forms.ChoiceField(
        label="Open on",
        required=False,
        choices=[("", "Any day"), *DAY_LABELS.items()],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select a day of the week"},
    )
    accepting_referrals = FlagField(label="Accepting referrals now", required=False)
    intake_mode = forms.ChoiceField(
        label="How people are referred",
        required=False,
        choices=[("", "Any way"), *IntakeMode.choices],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select how people are referred from the list"},
    )
    accessibility = forms.ChoiceField(
        label="Accessibility",
        required=False,
        choices=[("", "Any"), *ACCESSIBILITY.items()],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select an accessibility need from the list"},
    )
    # "exact": search for the words as typed, with no spelling correction (the "Search instead
    # for ..." link under a corrected search).
    spelling = forms.ChoiceField(
        required=False,
        choices=[("", "Correct my spelling"), ("exact", "Exactly as typed")],
        error_messages={"invalid_choice": "Spelling must be exact or left out"},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "invalid": "Page must be a whole number",
            "min_value": "Page must be 1 or more",
            "max_value": f"Page must be {MAX_PAGE} or less",
        },
    )
    page_size = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100,
        error_messages={
            "invalid": "Page size must be a whole number",
            "min_value": "Page size must be 1 or more",
            "max_value": "Page size must be 100 or less",
        },
    )

    def searched(self) -> bool:
        """Whether the person asked for anything (the bare page shows the form only)."""
        data = self.data
        return any(
            str(data.get(name, "")).strip()
            for name in self.fields
            if name not in ("page", "spelling")
        )

    def to_query(self, *, page_size: int = 20) -> SearchQuery:
        """The engine's query from the cleaned values (call after is_valid())."""
        data = self.cleaned_data
        return SearchQuery(
            text=data["q"].strip(),
            postcode=data["postcode"].strip(),
            distance_km=data["distance_km"],
            taxonomy_term=data["taxonomy_term"],
            age=data["age"],
            free_only=data["free"],
            language=data["language"].strip(),
            delivery=data["delivery"],
            open_on=data["open_on"],
            accepting_referrals=data["accepting_referrals"],
            intake_mode=data["intake_mode"],
            accessibility=data["accessibility"],
            exact_spelling=data["spelling"] == "exact",
            page=data["page"] or 1,
            page_size=data["page_size"] or page_size,
        )

    def add_engine_error(self, error: SearchValidationError) -> None:
        """Put the engine's refusal on the field it is about."""
        name = ENGINE_FIELDS.get(error.field, error.field)
        self.add_error(name if name in self.fields else None, error.message)
