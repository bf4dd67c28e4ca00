"""Forms for editing listings. They check the shape of what was typed; the rules about what
a change means live in `joinedup.directory.services`, whose errors the views show here too."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.core import postcodes
from joinedup.directory.models import CapacityStatus, IntakeMode, ServiceStatus, WaitBand


def _text(
    label: str, *, required: bool = False, help_text: str = "", **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
        **kwargs,
    )


class ServiceForm(forms.Form):
    name = forms.CharField(
        label="Service name",
        max_length=500,
        error_messages={"required": "Enter the service's name"},
    )
    description = _text(
        "What the service does",
        help_text="Say what someone gets from the service, in plain English.",
        max_length=20000,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ServiceStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the service's status"},
    )
    minimum_age = forms.IntegerField(
        label="Youngest age the service is for",
        required=False,
        min_value=0,
        max_value=130,
        help_text="Leave empty if there is no lower age limit.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Youngest age must be a whole number, like 16",
            "min_value": "Youngest age must be 0 or more",
            "max_value": "Youngest age must be 130 or less",
        },
    )
    maximum_age = forms.IntegerField(
        label="Oldest age the service is for",
        required=False,
        min_value=0,
        max_value=130,
        help_text="Leave empty if there is no upper age limit.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Oldest age must be a whole number, like 25",
            "min_value": "Oldest age must be 0 or more",
            "max_value": "Oldest age must be 130 or less",
        },
    )
    eligibility_description = _text("Who the service is for", max_length=10000)
    fees_description = _text("Cost", help_text="For example, “Free” or “£5 a session”.")
    application_process = _text("How to get the service", max_length=10000)
    url = forms.URLField(
        label="Website",
        required=False,
        max_length=2000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
        error_messages={"invalid": "Enter a website address, like https://www.example.org"},
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=320,
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "invalid": "Enter an email address in the right format, like name@example.org"
        },
    )
    mark_checked = forms.BooleanField(
        label="I have checked this whole listing is correct today",
        required=False,
        help_text="This updates the “last checked” date people see.",
    )

    # The fields passed to `update_service`; `mark_checked` calls `mark_service_checked`.
    SERVICE_FIELDS = (
        "name",
        "description",
        "status",
        "minimum_age",
        "maximum_age",
        "eligibility_description",
        "fees_description",
        "application_process",
        "url",
        "email",
    )

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.SERVICE_FIELDS}


class CapacityForm(forms.Form):
    status = forms.ChoiceField(
        label="Is the service taking on new people?",
        choices=CapacityStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the service is accepting referrals"},
    )
    wait_band = forms.ChoiceField(
        label="How long is the wait?",
        choices=WaitBand.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Only if there is a waiting list.",
    )
    note = forms.CharField(
        label="Anything else people should know (optional)",
        required=False,
        max_length=1000,
        help_text="For example, “Reopening to new referrals in March”.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IntakeModeForm(forms.Form):
    intake_mode = forms.ChoiceField(
        label="How do people get referred to this service?",
        choices=IntakeMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how people are referred to this service"},
    )


class LocationForm(forms.Form):
    name = forms.CharField(
        label="Name of the place",
        max_length=500,
        required=False,
        help_text="For example, “Ashdown Library”.",
    )
    address_1 = forms.CharField(
        label="Address line 1",
        max_length=500,
        error_messages={"required": "Enter the first line of the address"},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    address_2 = forms.CharField(label="Address line 2 (optional)", max_length=500, required=False)
    city = forms.CharField(
        label="Town or city",
        max_length=200,
        error_messages={"required": "Enter the town or city"},
        widget=forms.TextInput(attrs={"class": "govuk-!-width-two-thirds"}),
    )
    postal_code = forms.CharField(
        label="Postcode",
        max_length=20,
        error_messages={"required": "Enter the postcode"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    accessibility = forms.CharField(
        label="Accessibility (optional)",
        required=False,
        max_length=5000,
        help_text="For example, “Step-free entrance, accessible toilet, hearing loop”.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_postal_code(self) -> str:
        value = self.cleaned_data["postal_code"]
        if not postcodes.is_full_postcode(value):
            raise forms.ValidationError("Enter a full postcode, like BS5 6XX")
        # Where the place is on the map comes from its postcode: check we know it here, so
        # the error sits beside the postcode.
        try:
            postcodes.locate(value)
        except postcodes.PostcodeError as error:
            raise forms.ValidationError(str(error)) from error
        return postcodes.normalise(value)

    def location_changes(self) -> dict[str, Any]:
        return {"name": self.cleaned_data["name"]}

    def address_changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("address_1", "address_2", "city", "postal_code")
        }
