"""Forms for the referring journey. They check the shape of what was typed; the use cases in
`joinedup.referrals.services` decide what it means, and the views show their refusals here."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from joinedup.core.postcodes import PostcodeError, normalise
from joinedup.directory.models import Organization, Service
from joinedup.referrals.models import (
    ContactPreference,
    Person,
    Urgency,
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


def check_person_rules(form: forms.Form, data: dict[str, Any]) -> None:
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


class PersonForm(forms.Form):
    name = forms.CharField(
        label="Full name", max_length=300, error_messages={"required": "Enter the person's name"}
    )
    date_of_birth = GovukDateField(
        label="Date of birth (optional)",
        what="their date of birth",
        required=False,
        help_text="For example, 27 3 1958.",
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        help_text="Leave empty if they have no fixed address.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    contact_preference = forms.ChoiceField(
        label="How should the service contact them?",
        choices=ContactPreference.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the service should contact them"},
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=40,
        required=False,
        help_text="Needed if they want a phone call.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
    )
    email = forms.CharField(
        label="Email address",
        max_length=320,
        required=False,
        help_text="Needed if they want an email.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "type": "email"}),
    )
    address = forms.CharField(
        label="Address",
        max_length=1000,
        required=False,
        help_text="Needed if they want a letter (with the postcode above).",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    preferred_language = forms.CharField(
        label="Preferred language (optional)",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-one-half"}),
    )
    access_needs = forms.CharField(
        label="Access needs (optional)",
        max_length=2000,
        required=False,
        help_text="For example, uses a wheelchair, needs British Sign Language, large print.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        max_length=14,
        required=False,
        help_text="10 digits, as on an NHS letter. For example, 485 777 3456.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )

    FIELDS = (
        "name",
        "date_of_birth",
        "postcode",
        "contact_preference",
        "phone",
        "email",
        "address",
        "preferred_language",
        "access_needs",
        "nhs_number",
    )

    def clean_postcode(self) -> str:
        return postcode_or_error(self.cleaned_data["postcode"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_person_rules(self, data)
        return data

    def values(self) -> dict[str, Any]:
        """What `create_person` takes (the session keeps the date as ISO text)."""
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class NeedForm(forms.Form):
    need = forms.CharField(
        label="What do they need help with, in their own words?",
        max_length=5000,
        help_text="Write what they said. Each service you chose will read this.",
        error_messages={"required": "Describe the need, in the person's own words"},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    urgency = forms.ChoiceField(
        label="How urgent is it?",
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how urgent it is"},
    )


def question_field(label: str, hint: str, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label if required else f"{label} (optional)",
        help_text=hint,
        required=required,
        max_length=2000,
        error_messages={"required": f"Answer “{label}”"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionsForm(forms.Form):
    """Every chosen service's own questions, one group per service (field `s<n>_<key>`)."""

    def __init__(
        self, *args: Any, intakes: Sequence[tuple[Service, Intake]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.groups: list[tuple[Service, list[str]]] = []
        for n, (service, intake) in enumerate(intakes):
            names = []
            for question in intake.questions:
                name = f"s{n}_{question.key}"
                self.fields[name] = question_field(question.label, question.hint, question.required)
                names.append(name)
            if names:
                self.groups.append((service, names))

    def grouped(self) -> list[tuple[Service, list[forms.BoundField]]]:
        return [(service, [self[name] for name in names]) for service, names in self.groups]

    def answers(self, intakes: Sequence[tuple[Service, Intake]]) -> dict[str, dict[str, str]]:
        """Answers per service id, as the session keeps them."""
        found: dict[str, dict[str, str]] = {}
        for n, (service, intake) in enumerate(intakes):
            found[str(service.pk)] = {
                q.key: self.cleaned_data.get(f"s{n}_{q.key}", "").strip() for q in intake.questions
            }
        return found


class ConsentForm(forms.Form):
    """For each receiving organisation without standing consent: did the person agree, how
    and when (fields `o<n>_agreed`, `o<n>_method`, `o<n>_given_on`)."""

    def __init__(
        self,
        *args: Any,
        recipients: Sequence[Organization],
        person_name: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.recipients = list(recipients)
        methods = [(m.value, m.label) for m in REFERRER_CONSENT_METHODS]
        for n, org in enumerate(self.recipients):
            self.fields[f"o{n}_agreed"] = forms.BooleanField(
                label=(
                    f"{person_name} agreed to be referred to {org.name} and to their details "
                    f"being shared with {org.name} for this referral"
                ),
                error_messages={
                    "required": f"Confirm {person_name} agreed to sharing with {org.name}, "
                    "or remove its services"
                },
            )
            self.fields[f"o{n}_method"] = forms.ChoiceField(
                label=f"How did they agree to sharing with {org.name}?",
                choices=methods,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select how they agreed to sharing with {org.name}"},
            )
            self.fields[f"o{n}_given_on"] = GovukDateField(
                label=f"When did they agree to sharing with {org.name}?",
                what="the date they agreed",
                help_text="For example, 27 3 2026.",
            )

    def grouped(self) -> list[tuple[Organization, list[forms.BoundField]]]:
        return [
            (org, [self[f"o{n}_agreed"], self[f"o{n}_method"], self[f"o{n}_given_on"]])
            for n, org in enumerate(self.recipients)
        ]

    def consents(self) -> dict[str, dict[str, str]]:
        """Per recipient id: method and the date given (ISO), as the session keeps them."""
        return {
            str(org.pk): {
                "method": self.cleaned_data[f"o{n}_method"],
                "given_on": self.cleaned_data[f"o{n}_given_on"].isoformat(),
            }
            for n, org in enumerate(self.recipients)
        }
