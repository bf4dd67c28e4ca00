"""Forms for health checks: setting up a wave, inviting representatives, answering.

They check the shape of what was typed; the rules (who may do what, when a wave takes answers)
live in the use cases, whose refusals the views show on these forms.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from joinedup.directory.models import Organization
from joinedup.partnerships.models import (
    Instrument,
    Partnership,
    RespondentLevel,
    Statement,
    Wave,
)

DONT_KNOW = "dont-know"


class InstrumentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        owner = " (this partnership\u2019s own)" if obj.partnership_id else ""
        return f"{obj.title}, version {obj.version}{owner}"


class OrganizationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _number(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class WaveForm(forms.Form):
    title = forms.CharField(
        label="Name of this round",
        max_length=200,
        help_text="For example, “Spring 2027”. Members see it in their invitation.",
        error_messages={"required": "Enter a name for this round"},
    )
    instrument = InstrumentChoiceField(
        label="Which health check?",
        queryset=Instrument.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select which health check to run"},
    )
    organizations = OrganizationsField(
        label="Which member organisations are asked?",
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one member organisation"},
    )
    # A GOV.UK date input: three boxes, put together in clean().
    closes_day = _number("Day")
    closes_month = _number("Month")
    closes_year = _number("Year")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instruments = Instrument.objects.available_to(partnership).order_by("title", "-version")
        self.fields["instrument"].queryset = instruments  # type: ignore[attr-defined]
        members = Organization.objects.filter(
            partnership_memberships__partnership=partnership
        ).order_by("name")
        self.fields["organizations"].queryset = members  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [data.get(f"closes_{p}", "").strip() for p in ("day", "month", "year")]
        data["closes_on"] = None
        if not any(parts):
            return data
        if not all(p.isdigit() for p in parts):
            self.add_error("closes_day", "The closing date must be a real date, like 27 3 2027")
            return data
        try:
            closes_on = datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            self.add_error("closes_day", "The closing date must be a real date, like 27 3 2027")
            return data
        if closes_on < timezone.localdate():
            self.add_error("closes_day", "The closing date must be today or in the future")
            return data
        data["closes_on"] = closes_on
        return data


# "Sam Patel <sam@example.org>", "Sam Patel sam@example.org" or just "sam@example.org".
_PERSON = re.compile(r"^(?P<name>.*?)[\s,;]*<?(?P<email>[^\s<>,;]+@[^\s<>,;]+)>?$")


def parse_people(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, email) pairs from lines of text, and a message for every line that is not one."""
    people: list[tuple[str, str]] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = _PERSON.match(line)
        email = match.group("email") if match else ""
        try:
            validate_email(email)
        except ValidationError:
            problems.append(f"Line {number} (“{line[:60]}”) is not an email address")
            continue
        name = match.group("name").strip().strip("\"'") if match else ""
        people.append((name[:200], email))
    return people, problems


class RepresentativesForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organization.objects.none(),
        empty_label="Choose an organisation",
        error_messages={"required": "Select the organisation they answer for"},
    )
    people = forms.CharField(
        label="Email addresses",
        help_text="One person a line. You can put their name first, like: Sam Patel "
        "sam.patel@example.org",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        error_messages={"required": "Enter at least one email address"},
    )

    def __init__(self, *args: Any, wave: Wave, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = wave.organizations.order_by("name")  # type: ignore[attr-defined]

    def clean_people(self) -> list[tuple[str, str]]:
        people, problems = parse_people(self.cleaned_data["people"])
        if problems:
            raise ValidationError(problems)
        if not people:
            raise ValidationError("Enter at least one email address")
        return people


class LevelForm(forms.Form):
    level = forms.ChoiceField(
        label="Which best describes your role?",
        choices=RespondentLevel.choices,
        widget=forms.RadioSelect,
        help_text="Results compare how leaders and frontline staff see the partnership.",
        error_messages={"required": "Select whether you lead or manage, or deliver services"},
    )


def offers_dont_know(instrument: Instrument) -> bool:
    """Instruments offer "Don't know" unless their scale says `"dont_know": false`."""
    scale = instrument.document.get("scale", {}) if isinstance(instrument.document, dict) else {}
    return scale.get("dont_know", True) is not False


class SectionAnswersForm(forms.Form):
    """One radios question per statement of a section, on the instrument's scale.

    With `complete=True` ("Save and continue") every statement needs an answer; saving to come
    back later keeps whatever has been answered.
    """

    def __init__(
        self,
        *args: Any,
        instrument: Instrument,
        statements: list[Statement],
        first_number: int = 1,
        complete: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        labels = instrument.scale_labels or {}
        choices = [
            (str(v), labels.get(str(v), str(v)))
            for v in range(instrument.scale_min, instrument.scale_max + 1)
        ]
        if offers_dont_know(instrument):
            choices.append((DONT_KNOW, "Don\u2019t know"))
        self.statements = statements
        for number, statement in enumerate(statements, start=first_number):
            self.fields[statement.key] = forms.ChoiceField(
                label=f"{number}. {statement.text}",
                choices=choices,
                required=complete,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select an answer to statement {number}"},
            )

    def answers(self) -> dict[str, int | None]:
        """Statement key to value (None for "don't know"); unanswered statements left out."""
        found: dict[str, int | None] = {}
        for key, value in self.cleaned_data.items():
            if value == DONT_KNOW:
                found[key] = None
            elif value:
                found[key] = int(value)
        return found
