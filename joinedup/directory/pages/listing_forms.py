"""Forms for the parts of a listing. They check the shape of what was typed; the rules live in
`joinedup.directory.listing` and `joinedup.directory.services`."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms

from joinedup.directory import languages
from joinedup.directory.forms import ServiceForm
from joinedup.directory.models import DeliveryMethod, TaxonomyTerm
from joinedup.directory.models.contacts import DAY_NAMES


class NewServiceForm(forms.Form):
    name = ServiceForm.base_fields["name"]
    description = ServiceForm.base_fields["description"]


class AboutForm(forms.Form):
    name = ServiceForm.base_fields["name"]
    description = ServiceForm.base_fields["description"]
    application_process = ServiceForm.base_fields["application_process"]


class WhoForm(forms.Form):
    minimum_age = ServiceForm.base_fields["minimum_age"]
    maximum_age = ServiceForm.base_fields["maximum_age"]
    eligibility_description = ServiceForm.base_fields["eligibility_description"]


class CostForm(forms.Form):
    fees_description = forms.CharField(
        label="What does it cost?",
        max_length=5000,
        help_text="For example, “Free” or “£5 a session, free for people on benefits”.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the service costs, or that it is free"},
    )


class CategoriesForm(forms.Form):
    terms = forms.MultipleChoiceField(
        label="Categories",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one category"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        terms = self.fields["terms"]
        assert isinstance(terms, forms.MultipleChoiceField)
        terms.choices = [
            (str(pk), name) for pk, name in TaxonomyTerm.objects.values_list("pk", "name")
        ]

    def groups(self) -> list[tuple[TaxonomyTerm, list[TaxonomyTerm]]]:
        """The taxonomy as (top term, terms beneath it) for checkboxes grouped under parents."""
        terms = list(TaxonomyTerm.objects.only("pk", "name", "parent_id").order_by("name"))
        by_id = {term.pk: term for term in terms}

        def top(term: TaxonomyTerm) -> TaxonomyTerm:
            seen = set()
            while term.parent_id in by_id and term.pk not in seen:
                seen.add(term.pk)
                term = by_id[term.parent_id]
            return term

        groups: dict[Any, list[TaxonomyTerm]] = {t.pk: [] for t in terms if top(t) is t}
        for term in terms:
            root = top(term)
            if root is not term:
                groups[root.pk].append(term)
        return [(by_id[pk], children) for pk, children in groups.items()]

    def chosen(self) -> set[str]:
        value = self["terms"].value() or []
        return {str(v) for v in value}


class LanguagesForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label="Which languages can people use with the service?",
        choices=languages.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one language"},
    )
    interpretation = forms.CharField(
        label="Interpreters (optional)",
        required=False,
        max_length=2000,
        help_text="For example, “We can book a telephone interpreter for any language”.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeliveryForm(forms.Form):
    methods = forms.MultipleChoiceField(
        label="How do people get the service?",
        choices=DeliveryMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select how the service is delivered"},
    )


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def parse_time(text: str) -> datetime.time:
    """A time as people type it: 9am, 9:30am, 09:30, 17:00, 5pm, midday, noon."""
    value = text.strip().lower().replace(" ", "")
    if value in {"midday", "noon", "12noon"}:
        return datetime.time(12, 0)
    match = _TIME.match(value)
    if not match:
        raise ValueError(text)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = match.group(3)
    if suffix and not 1 <= hour <= 12:
        raise ValueError(text)
    if suffix == "pm" and hour != 12:
        hour += 12
    if suffix == "am" and hour == 12:
        hour = 0
    return datetime.time(hour, minute)


class TimeText(forms.CharField):
    def __init__(self, label: str) -> None:
        super().__init__(
            label=label,
            required=False,
            max_length=10,
            widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
        )

    def clean(self, value: Any) -> datetime.time | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_time(text)
        except ValueError as error:
            raise forms.ValidationError(
                f"{self.label} must be a time, like 9am or 5:30pm"
            ) from error


class HoursForm(forms.Form):
    """Per weekday, when the service opens and closes (both empty: closed that day)."""

    exceptions = forms.CharField(
        label="Exceptions (optional)",
        required=False,
        max_length=2000,
        help_text="For example, “Closed on bank holidays and from 24 December to 1 January”.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, day in DAY_NAMES.items():
            self.fields[f"{code.lower()}_opens"] = TimeText(f"{day} opens")
            self.fields[f"{code.lower()}_closes"] = TimeText(f"{day} closes")
        # Exceptions last, after the week.
        self.fields["exceptions"] = self.fields.pop("exceptions")

    def days(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (day, self[f"{code.lower()}_opens"], self[f"{code.lower()}_closes"])
            for code, day in DAY_NAMES.items()
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for code, day in DAY_NAMES.items():
            opens_name, closes_name = f"{code.lower()}_opens", f"{code.lower()}_closes"
            if opens_name in self.errors or closes_name in self.errors:
                continue
            opens, closes = cleaned.get(opens_name), cleaned.get(closes_name)
            if opens and not closes:
                self.add_error(closes_name, f"Enter when the service closes on {day}")
            elif closes and not opens:
                self.add_error(opens_name, f"Enter when the service opens on {day}")
        return cleaned

    def week(self) -> dict[str, tuple[datetime.time, datetime.time] | None]:
        week: dict[str, tuple[datetime.time, datetime.time] | None] = {}
        for code in DAY_NAMES:
            opens = self.cleaned_data.get(f"{code.lower()}_opens")
            closes = self.cleaned_data.get(f"{code.lower()}_closes")
            week[code] = (opens, closes) if opens and closes else None
        return week


_PHONE = re.compile(r"^\+?[0-9 ()-]{6,20}$")


def _phone(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=30,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "off", "class": "govuk-input--width-20"}
        ),
    )


class ContactForm(forms.Form):
    """Phone numbers (as many as the listing has, and room for one more), email and website."""

    email = ServiceForm.base_fields["email"]
    url = ServiceForm.base_fields["url"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        slots = max(2, self._highest(self.initial) + 1, self._highest(self.data))
        fields: dict[str, forms.Field] = {}
        for n in range(1, slots + 1):
            label = {1: "Phone number", 2: "Another phone number"}.get(n, f"Phone number {n}")
            fields[f"phone_{n}"] = _phone(f"{label} (optional)")
            fields[f"phone_{n}_description"] = forms.CharField(
                label=f"What is {'this' if n == 1 else 'that'} number for? (optional)"
                if n <= 2
                else f"What is phone number {n} for? (optional)",
                required=False,
                max_length=200,
                help_text="For example, “Referrals, Monday to Friday”." if n == 1 else "",
            )
        self.fields = {**fields, **self.fields}
        self.slots = slots

    @staticmethod
    def _highest(values: Any) -> int:
        found = [
            int(match.group(1))
            for key in values or {}
            if (match := re.fullmatch(r"phone_(\d+)", str(key)))
        ]
        return min(max(found, default=0), 20)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for n in range(1, self.slots + 1):
            value = (cleaned.get(f"phone_{n}") or "").strip()
            if value and not _PHONE.match(value):
                self.add_error(f"phone_{n}", "Enter a phone number, like 0117 496 0000")
        return cleaned

    def phones(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"phone_{n}"], self.cleaned_data[f"phone_{n}_description"])
            for n in range(1, self.slots + 1)
            if self.cleaned_data.get(f"phone_{n}")
        ]


class AreaForm(forms.Form):
    name = forms.CharField(
        label="Name of the area",
        max_length=500,
        required=False,
        help_text="For example, “East Bristol” or “Anywhere in the city”.",
    )
    outcodes = forms.CharField(
        label="Postcode districts (optional)",
        required=False,
        max_length=2000,
        help_text="The first part of the postcodes it covers, separated by spaces, like BS5 BS6.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )

    def codes(self) -> list[str]:
        return [c for c in re.split(r"[\s,;]+", self.cleaned_data["outcodes"]) if c]
