"""Forms for a service's intake settings and for asking a service for help (self-referral)."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.referrals.forms.refer import (
    GovukDateField,
    check_person_rules,
    postcode_or_error,
    question_field,
)
from joinedup.referrals.models import PERSON_FIELDS, ContactPreference, Urgency
from joinedup.referrals.services.intake import Intake


class IntakeSettingsForm(forms.Form):
    person_fields = forms.MultipleChoiceField(
        label="Which of the person's details does your service need?",
        choices=PERSON_FIELDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Every referral gives their name and how to contact them. Your team sees only the "
            "details you tick here: ask for no more than you need."
        ),
    )
    accepts_self_referral = forms.BooleanField(
        label="People can ask us for help directly (self-referral)",
        required=False,
        help_text="Shows an “Ask for help” button on your service's public page.",
    )
    next_steps = forms.CharField(
        label="What happens next (optional)",
        required=False,
        max_length=2000,
        help_text="Shown to the referrer and the person once a referral is made.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionForm(forms.Form):
    key = forms.CharField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(label="Question", max_length=300, required=False)
    hint = forms.CharField(label="Hint (optional)", max_length=500, required=False)
    required = forms.BooleanField(label="They must answer it", required=False)
    remove = forms.BooleanField(label="Remove this question", required=False)


QuestionFormSet = forms.formset_factory(QuestionForm, extra=1, max_num=20, absolute_max=40)


def questions_from(formset: Any) -> list[dict[str, Any]]:
    """The questions kept: neither removed nor left empty."""
    kept = []
    for form in formset.forms:
        data = form.cleaned_data if form.is_valid() else {}
        if not data or data.get("remove") or not data.get("label", "").strip():
            continue
        kept.append({k: data.get(k) for k in ("key", "label", "hint", "required")})
    return kept


class AskForHelpForm(forms.Form):
    """What a person gives when asking a service for help themselves, and its own questions."""

    name = forms.CharField(
        label="Your full name", max_length=300, error_messages={"required": "Enter your name"}
    )
    contact_preference = forms.ChoiceField(
        label="How should we contact you?",
        choices=[c for c in ContactPreference.choices if c[0] != ContactPreference.DO_NOT_CONTACT],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how we should contact you"},
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=40,
        required=False,
        help_text="If you would like a call.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
    )
    email = forms.CharField(
        label="Email address",
        max_length=320,
        required=False,
        help_text="If you would like an email.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "type": "email"}),
    )
    address = forms.CharField(
        label="Address",
        max_length=1000,
        required=False,
        help_text="If you would like a letter.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    date_of_birth = GovukDateField(
        label="Date of birth (optional)",
        what="your date of birth",
        required=False,
        help_text="For example, 27 3 1958.",
    )
    preferred_language = forms.CharField(
        label="Which language would you like us to use? (optional)", max_length=100, required=False
    )
    access_needs = forms.CharField(
        label="Anything that would help you use the service? (optional)",
        max_length=2000,
        required=False,
        help_text="For example, step-free access, British Sign Language, large print.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    need = forms.CharField(
        label="What would you like help with?",
        max_length=5000,
        error_messages={"required": "Tell us what you need help with"},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    urgency = forms.ChoiceField(
        label="How soon do you need help?",
        choices=Urgency.choices,
        initial=Urgency.ROUTINE,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how soon you need help"},
    )
    consent = forms.BooleanField(
        label="",
        error_messages={"required": "Confirm you agree to us receiving your details"},
    )
    # A honeypot: hidden from people (and from screen readers); form-filling robots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")

    PERSON = (
        "name",
        "contact_preference",
        "phone",
        "email",
        "address",
        "postcode",
        "date_of_birth",
        "preferred_language",
        "access_needs",
    )

    def __init__(self, *args: Any, intake: Intake, organisation_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "consent"
        ].label = f"I agree to {organisation_name} receiving these details to help me"
        self.question_names = []
        for question in intake.questions:
            name = f"q_{question.key}"
            self.fields[name] = question_field(question.label, question.hint, question.required)
            self.question_names.append(name)

    def clean_postcode(self) -> str:
        return postcode_or_error(self.cleaned_data["postcode"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_person_rules(self, data)
        return data

    def questions(self) -> list[forms.BoundField]:
        return [self[name] for name in self.question_names]

    def is_robot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def person_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in self.PERSON} | {
            "date_of_birth": self.cleaned_data.get("date_of_birth")
        }

    def answers(self) -> dict[str, str]:
        return {name[2:]: self.cleaned_data.get(name, "") for name in self.question_names}
