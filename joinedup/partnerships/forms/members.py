"""Forms for a partnership's members and settings: who is in it, in what role, who manages it,
and the referral periods the referrals app reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from joinedup.core.models import User
from joinedup.directory.models import Organization, Sector
from joinedup.partnerships.forms.actions import set_choices
from joinedup.partnerships.models import MemberRole

OWN_SECTOR = [("", "As the directory lists it")]


class SettingsForm(forms.Form):
    referral_expiry_days = forms.IntegerField(
        label="Days a referral waits for an answer",
        help_text="A referral nobody has accepted or declined after this many days lapses.",
        min_value=1,
        max_value=365,
        error_messages={
            "required": "Enter how many days a referral waits for an answer",
            "invalid": "Enter the days as a whole number, like 14",
            "min_value": "A referral must wait at least 1 day",
            "max_value": "A referral can wait at most 365 days",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    closed_referral_retention_months = forms.IntegerField(
        label="Months a closed referral's personal details are kept",
        help_text="After this, the person's details are erased; the counts are kept.",
        min_value=1,
        max_value=120,
        error_messages={
            "required": "Enter how many months closed referrals are kept",
            "invalid": "Enter the months as a whole number, like 24",
            "min_value": "Closed referrals must be kept for at least 1 month",
            "max_value": "Closed referrals can be kept for at most 120 months",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    suppression_threshold = forms.IntegerField(
        label="Smallest number shown in results and insights",
        help_text="Smaller counts are hidden, with others so they can't be worked out. 5 is usual.",
        required=False,  # left blank: unchanged
        min_value=2,
        max_value=100,
        error_messages={
            "required": "Enter the smallest number shown",
            "invalid": "Enter the number as a whole number, like 5",
            "min_value": "The smallest number shown must be 2 or more",
            "max_value": "The smallest number shown can be at most 100",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )


class MemberForm(forms.Form):
    """A member's role, and the sector the partnership counts it in."""

    role = forms.ChoiceField(
        label="Role in the partnership",
        choices=MemberRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the organisation's role in the partnership"},
    )
    sector_override = forms.ChoiceField(
        label="Sector it is counted in",
        help_text="Health-check results and the network map group members by sector.",
        choices=OWN_SECTOR + list(Sector.choices),
        required=False,
    )


class AddMemberForm(MemberForm):
    organization = forms.ChoiceField(
        label="Organisation",
        help_text="Organisations in the directory that are not members yet.",
        error_messages={"required": "Select the organisation to add"},
    )
    field_order = ["organization", "role", "sector_override"]

    def __init__(self, *args: Any, candidates: Sequence[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(o.pk): o for o in candidates}
        set_choices(
            self.fields["organization"],
            [("", "Choose an organisation")] + [(k, o.name) for k, o in self.candidates.items()],
        )

    def clean_organization(self) -> Organization:
        return self.candidates[self.cleaned_data["organization"]]


class AddManagerForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="They need a joinedup account already.",
        error_messages={
            "required": "Enter the email address of the person to add",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if user is None:
            raise forms.ValidationError(
                "There is no joinedup account with that email address: ask for one first"
            )
        return user
