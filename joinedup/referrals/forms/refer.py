"""Forms for the referring journey. They check the shape of what was typed (taking fields from
the models); the use cases in `joinedup.referrals.services` decide what it means and save it,
and the views show their refusals here."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from joinedup.core.postcodes import PostcodeError, normalise
from joinedup.directory.models import Organization, Service
from joinedup.referrals.forms.base import UnsavedModelForm
from joinedup.referrals.models import (
    PERSON_FIELDS,
    Person,
    Referral,
    normalise_nhs_number,
)
from joinedup.referrals.services.intake import Intake
from joinedup.referrals.services.prescription import REFERRER_CONSENT_METHODS


class DateParts(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input); the templates draw them."""

    def __init__(self) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages."""

    widget = DateParts

    def __init__(self, *, what: str, past_only: bool = True, **kwargs: Any) -> None:
        self.what = what
        self.past_only = past_only
        parts = [forms.CharField(required=False) for _ in range(3)]
        super().__init__(parts, require_all_fields=False, **kwargs)
        self.error_messages["required"] = f"Enter {what}"
        self.error_messages["incomplete"] = f"Enter {what}"

    def compress(self, data_list: list[str]) -> datetime.date | None:
        day, month, year = (s.strip() for s in (data_list or ["", "", ""]))
        what = f"{self.what[0].upper()}{self.what[1:]}"
        if not (day or month or year):
            return None
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise ValidationError(f"{what} must include a {missing[0]}")
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{what} must be a real date") from None
        if value.year < 1900:
            raise ValidationError(f"{what} must be after 1900")
        if self.past_only and value > timezone.localdate():
            raise ValidationError(f"{what} must be in the past")
        return value


def date_initial(value: datetime.date | str | None) -> list[str]:
    """A date as the three boxes' initial values (ISO strings come from the session)."""
    if isinstance(value, str) and value:
        value = datetime.date.fromisoformat(value)
    return DateParts().decompress(value)


class OrganisationForm(forms.Form):
    organisation = forms.ChoiceField(
        label="Which organisation are you referring for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the organisation you are referring for",
            "invalid_choice": "Select one of your own organisations",
        },
    )

    def __init__(self, *args: Any, organisations: Sequence[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["organisation"])
        field.choices = [(str(o.pk), o.name) for o in organisations]


def postcode_or_error(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return normalise(value)
    except PostcodeError:
        raise ValidationError("Enter a real postcode, like AS1 2BB") from None


class FindPersonForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=300,
        error_messages={"required": "Enter the person's name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    date_of_birth = GovukDateField(
        label="Date of birth (optional)",
        what="their date of birth",
        required=False,
        help_text="For example, 27 3 1958.",
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )

    def clean_postcode(self) -> str:
        return postcode_or_error(self.cleaned_data["postcode"])


class MatchForm(forms.Form):
    NEW = "new"
    choice = forms.ChoiceField(
        label="Is this the person you are referring?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person, or that they are someone new"},
    )

    def __init__(
        self,
        *args: Any,
        matches: Sequence[Person] = (),
        offered_ids: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        """The people to choose from: `matches` to show them, or only `offered_ids` to check a
        choice (nobody's details read)."""
        super().__init__(*args, **kwargs)
        choices = [(pk, pk) for pk in offered_ids]
        for person in matches:
            born = f", born {person.date_of_birth:%-d %B %Y}" if person.date_of_birth else ""
            where = f", {person.postcode}" if person.postcode else ""
            choices.append((str(person.pk), f"{person.name}{born}{where}"))
        choices.append((self.NEW, "None of these: someone new"))
        cast(forms.ChoiceField, self.fields["choice"]).choices = choices


def check_person_rules(form: forms.BaseForm, data: dict[str, Any]) -> None:
    """Add the Person model's own rules (contact details for the preference, NHS check digit)
    to `form`, so the person is told on the page they are on, not at the end."""
    if "name" not in data or "contact_preference" not in data:
        return
    person = Person(
        name=data["name"],
        date_of_birth=data.get("date_of_birth"),
        postcode=data.get("postcode", ""),
        contact_preference=data["contact_preference"],
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        address=data.get("address", ""),
        preferred_language=data.get("preferred_language", ""),
        access_needs=data.get("access_needs", ""),
        nhs_number=normalise_nhs_number(data.get("nhs_number", "")),
    )
    try:
        person.full_clean(exclude=["organization", "created_by"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            # A field already refused (an unreadable postcode) keeps its own message.
            if field not in form.errors:
                form.add_error(field if field in form.fields else None, messages)


# What a person's record holds beyond the name and how to contact them, in the order the
# form asks (the intake settings name these).
CONTACT_FIELDS = ("phone", "email", "address")
OPTIONAL_PERSON_FIELDS = tuple(name for name, _ in PERSON_FIELDS if name not in CONTACT_FIELDS)


class PersonForm(UnsavedModelForm):
    """A new person: name, how to contact them (with the detail that needs), and only the other
    fields that the chosen services' intakes ask for. Never saved here: the values go to the
    `refer_person` use case when the referral is sent."""

    date_of_birth = GovukDateField(
        label="Date of birth",
        what="their date of birth",
        required=False,
        help_text="For example, 27 3 1958.",
    )
    # Typed with spaces, as on an NHS letter; kept as ten digits.
    nhs_number = forms.CharField(
        label="NHS number",
        max_length=14,
        required=False,
        help_text="10 digits, as on an NHS letter. For example, 485 777 3456.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )

    class Meta:
        model = Person
        fields = (
            "name",
            "contact_preference",
            "phone",
            "email",
            "address",
            "postcode",
            "date_of_birth",
            "preferred_language",
            "access_needs",
            "nhs_number",
        )
        labels = {
            "name": "Full name",
            "contact_preference": "How should the services contact them?",
            "phone": "Phone number",
            "email": "Email address",
            "address": "Address (for post)",
            "postcode": "Postcode",
            "preferred_language": "Preferred language",
            "access_needs": "Access needs",
        }
        help_texts = {
            "phone": "Needed if they want a phone call.",
            "email": "Needed if they want an email.",
            "postcode": "Leave empty if they have no fixed address.",
            "access_needs": (
                "For example, uses a wheelchair, needs British Sign Language, large print."
            ),
        }
        error_messages = {
            "name": {"required": "Enter the person's name"},
            "contact_preference": {"required": "Select how the services should contact them"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "contact_preference": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
            "email": forms.TextInput(attrs={"spellcheck": "false", "type": "email"}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "postcode": forms.TextInput(
                attrs={"class": "govuk-input--width-10", "autocomplete": "off"}
            ),
            "preferred_language": forms.TextInput(attrs={"class": "govuk-!-width-one-half"}),
            "access_needs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, needed: Sequence[str] = (), **kwargs: Any) -> None:
        """`needed`: the person fields the chosen services' intakes ask for; others are left
        out (data minimisation). The postcode is always asked with a postal address."""
        super().__init__(*args, **kwargs)
        self.needed = [name for name in OPTIONAL_PERSON_FIELDS if name in set(needed)]
        for name in OPTIONAL_PERSON_FIELDS:
            if name not in self.needed and name != "postcode":
                del self.fields[name]
            elif name in self.fields:
                # Not compulsory (ADR 0009): a referral without a date of birth beats none.
                self.fields[name].required = False
                self.fields[name].label = f"{self.fields[name].label} (optional)"
        # Nothing chosen for them: the referrer asks.
        self.fields["contact_preference"].initial = None
        self.postcode_with_address = "postcode" not in self.needed
        if self.postcode_with_address:
            # Asked only to go with a postal address (the Person model's rule).
            self.fields["postcode"].label = "Postcode (for post)"

    def clean_postcode(self) -> str:
        return postcode_or_error(self.cleaned_data["postcode"])

    def clean_nhs_number(self) -> str:
        return normalise_nhs_number(self.cleaned_data.get("nhs_number", ""))

    def values(self) -> dict[str, Any]:
        """What `create_person` takes (fields not asked are left empty)."""
        return {name: self.cleaned_data[name] for name in self.fields}


def question_field(label: str, hint: str, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label if required else f"{label} (optional)",
        help_text=hint,
        required=required,
        max_length=2000,
        error_messages={"required": f"Answer “{label}”"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WhatForm(forms.Form):
    """The need (once, for every service), its urgency, each service's own questions (fields
    `s<n>_<key>`), and one consent statement covering every receiving organisation: which
    organisations the person agreed to (all ticked; untick one to leave its services out of
    this send), how and when."""

    def __init__(
        self,
        *args: Any,
        intakes: Sequence[tuple[Service, Intake]],
        recipients: Sequence[Organization],
        needing_consent: Sequence[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.intakes = list(intakes)
        self.needing = {str(org.pk) for org in needing_consent}
        self.fields.update(
            forms.fields_for_model(
                Referral,
                fields=["need", "urgency"],
                labels={
                    "need": "What do they need help with, in their own words?",
                    "urgency": "How urgent is it?",
                },
                help_texts={"need": "Write what they said. Every service you chose reads this."},
                widgets={"need": forms.Textarea(attrs={"rows": 5}), "urgency": forms.RadioSelect},
                error_messages={
                    "need": {"required": "Describe the need, in the person's own words"},
                    "urgency": {"required": "Select how urgent it is"},
                },
            )
        )
        self.groups: list[tuple[Service, list[str]]] = []
        for n, (service, intake) in enumerate(self.intakes):
            names = []
            for question in intake.questions:
                name = f"s{n}_{question.key}"
                field = question_field(question.label, question.hint, question.required)
                # Checked in clean(): a service left out of the send asks nothing.
                field.required = False
                self.fields[name] = field
                names.append(name)
            if names:
                self.groups.append((service, names))
        self.fields["include"] = forms.MultipleChoiceField(
            label="Which organisations did they agree to?",
            choices=[(str(org.pk), org.name) for org in recipients],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["method"] = forms.ChoiceField(
            label="How did they agree?",
            choices=[(m.value, m.label) for m in REFERRER_CONSENT_METHODS],
            widget=forms.RadioSelect,
            required=False,
        )
        self.fields["given_on"] = GovukDateField(
            label="When did they agree?",
            what="the date they agreed",
            help_text="For example, 27 3 2026.",
            required=False,
        )

    def grouped(self) -> list[tuple[Service, list[forms.BoundField]]]:
        return [(service, [self[name] for name in names]) for service, names in self.groups]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        included = set(data.get("include") or [])
        if not included:
            self.add_error(
                "include",
                "Tick at least one organisation they agreed to, or go back to your shortlist",
            )
        if included & self.needing:
            if not data.get("method"):
                self.add_error("method", "Select how they agreed")
            if not data.get("given_on") and "given_on" not in self.errors:
                self.add_error("given_on", "Enter the date they agreed")
        for n, (service, intake) in enumerate(self.intakes):
            if str(service.organization_id) not in included:
                continue
            for question in intake.questions:
                name = f"s{n}_{question.key}"
                if question.required and not str(data.get(name) or "").strip():
                    self.add_error(name, f"Answer “{question.label}” for {service.name}")
        return data

    def answers(self) -> dict[str, dict[str, str]]:
        """Answers per service id, as the session keeps them."""
        return {
            str(service.pk): {
                q.key: str(self.cleaned_data.get(f"s{n}_{q.key}") or "").strip()
                for q in intake.questions
            }
            for n, (service, intake) in enumerate(self.intakes)
        }
