"""Forms for joining and for people and roles. They check the shape of what was typed; the
use cases in `directory.joining` and `directory.people` decide what it means."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from joinedup.directory import identifiers
from joinedup.directory.models import Membership, Sector

PASSWORD_HINT = "Use at least 12 characters. A few unrelated words together make a strong password."
EMAIL_FORMAT = "Enter an email address in the right format, like name@example.org"


def _email(label: str, required: str, help_text: str = "") -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=320,
        help_text=help_text,
        error_messages={"required": required, "invalid": EMAIL_FORMAT},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class JoinForm(forms.Form):
    organization_name = forms.CharField(
        label="Name of your organisation",
        max_length=500,
        error_messages={"required": "Enter the name of your organisation"},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    sector = forms.ChoiceField(
        label="What kind of organisation is it?",
        choices=Sector.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of organisation"},
    )
    charity_number = forms.CharField(
        label="Registered charity number (if it has one)",
        required=False,
        max_length=20,
        help_text="For example, 1234567, SC012345 or NIC100001.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    company_number = forms.CharField(
        label="Company number (if it has one)",
        required=False,
        max_length=20,
        help_text="From Companies House. For example, 01234567 or SC123456.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    contact_name = forms.CharField(
        label="Your full name",
        max_length=200,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    contact_email = _email(
        "Your work email address",
        "Enter your email address",
        "We will email you when your request has been looked at. You will sign in with it.",
    )

    def __init__(self, *args: Any, claiming: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if claiming:
            # The listing names the organisation already.
            self.fields["organization_name"].required = False

    def clean_charity_number(self) -> str:
        try:
            return identifiers.normalise_charity_number(self.cleaned_data["charity_number"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_company_number(self) -> str:
        try:
            return identifiers.normalise_company_number(self.cleaned_data["company_number"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class DecisionForm(forms.Form):
    APPROVE = "approve"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[(APPROVE, "Approve"), (DECLINE, "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to approve or decline the request"},
    )
    reason = forms.CharField(
        label="If you decline, why?",
        required=False,
        max_length=2000,
        help_text="We email this to the person who asked, so they can put it right.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args: Any, partnerships: Sequence[tuple[Any, str]] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # A manager of several partnerships says which one an approved organisation joins.
        if len(partnerships) > 1:
            self.fields["partnership"] = forms.ChoiceField(
                label="If you approve, which partnership does it join?",
                choices=[(str(pk), name) for pk, name in partnerships],
                required=False,
                widget=forms.RadioSelect,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("decision") == self.APPROVE
            and "partnership" in self.fields
            and not cleaned.get("partnership")
        ):
            self.add_error("partnership", "Select which partnership the organisation joins")
        if cleaned.get("decision") == self.DECLINE and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why the request is declined: the requester is told")
        return cleaned


def _role_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[
            (
                Membership.Role.MEMBER,
                "Member: works the organisation's referrals",
            ),
            (
                Membership.Role.ADMIN,
                "Organisation admin: also edits listings and manages people and roles",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )


class InviteForm(forms.Form):
    email = _email("Email address", "Enter the email address of the person to invite")
    role = _role_field("Role")


class RoleForm(forms.Form):
    role = _role_field("Role")


class AcceptInvitationForm(forms.Form):
    """A new account: a name and a password (the email is the invitation's)."""

    full_name = forms.CharField(
        label="Your full name",
        max_length=200,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    new_password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        help_text=PASSWORD_HINT,
        error_messages={"required": "Choose a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        error_messages={"required": "Type the password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("new_password1"), cleaned.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "The passwords you typed do not match")
        return cleaned
