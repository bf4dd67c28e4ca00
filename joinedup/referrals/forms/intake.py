"""Forms for a service's intake settings and for asking a service for help (self-referral)."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.referrals.forms.base import (
    UnsavedModelForm,
    drop_choices,
    limit_length,
    model_field,
)
from joinedup.referrals.forms.refer import (
    GovukDateField,
    check_person_rules,
    postcode_or_error,
    question_field,
)
from joinedup.referrals.forms.wellbeing import add_wellbeing_fields, scores_from
from joinedup.referrals.models import (
    PERSON_FIELDS,
    ContactPreference,
    Person,
    Referral,
    ServiceIntake,
)
from joinedup.referrals.services.intake import Intake


class IntakeSettingsForm(UnsavedModelForm):
    """`ServiceIntake`'s settings; the questions are a formset of their own (`QuestionFormSet`)
    and the person's details a choice from `PERSON_FIELDS`, both kept as JSON."""

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

    class Meta:
        model = ServiceIntake
        fields = ("accepts_self_referral", "next_steps", "asks_wellbeing")
        labels = {
            "asks_wellbeing": (
                "Ask people about their wellbeing (ONS4) at referral and at completion"
            ),
            "accepts_self_referral": "People can ask us for help directly (self-referral)",
            "next_steps": "What happens next (optional)",
        }
        help_texts = {
            "accepts_self_referral": (
                "Shows an “Ask for help” button on your service's public page."
            ),
            "next_steps": "Shown to the referrer and the person once a referral is made.",
            "asks_wellbeing": (
                "The four ONS personal wellbeing questions, 0 to 10, each optional for the "
                "person. Your partnership sees the average change, never anyone's answers."
            ),
        }
        widgets = {"next_steps": forms.Textarea(attrs={"rows": 3})}

    field_order = ["person_fields", "accepts_self_referral", "next_steps", "asks_wellbeing"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_length(self.fields["next_steps"], 2000)


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


class AskForHelpForm(UnsavedModelForm):
    """What a person gives when asking a service for help themselves (their `Person` details,
    the need and urgency as `Referral` holds them), and the service's own questions. The values
    go to `submit_self_referral`."""

    date_of_birth = GovukDateField(
        label="Date of birth (optional)",
        what="your date of birth",
        required=False,
        help_text="For example, 27 3 1958.",
    )
    need = model_field(
        Referral,
        "need",
        label="What would you like help with?",
        help_text="",
        error_messages={"required": "Tell us what you need help with"},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    urgency = model_field(
        Referral,
        "urgency",
        label="How soon do you need help?",
        error_messages={"required": "Select how soon you need help"},
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label="",
        error_messages={"required": "Confirm you agree to us receiving your details"},
    )
    # A honeypot: hidden from people (and from screen readers); form-filling robots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")

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
        )
        labels = {
            "name": "Your full name",
            "contact_preference": "How should we contact you?",
            "phone": "Phone number",
            "email": "Email address",
            "address": "Address",
            "postcode": "Postcode",
            "preferred_language": "Which language would you like us to use? (optional)",
            "access_needs": "Anything that would help you use the service? (optional)",
        }
        help_texts = {
            "phone": "If you would like a call.",
            "email": "If you would like an email.",
            "address": "If you would like a letter.",
            "access_needs": "For example, step-free access, British Sign Language, large print.",
        }
        error_messages = {
            "name": {"required": "Enter your name"},
            "contact_preference": {"required": "Select how we should contact you"},
        }
        widgets = {
            "contact_preference": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
            "email": forms.TextInput(attrs={"spellcheck": "false", "type": "email"}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "postcode": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "access_needs": forms.Textarea(attrs={"rows": 3}),
        }

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
        # Nobody is asked to be contacted in a way they did not choose (nor not at all).
        self.initial.pop("contact_preference", None)
        self.fields["contact_preference"].initial = None
        drop_choices(self.fields["contact_preference"], ContactPreference.DO_NOT_CONTACT)
        limit_length(self.fields["address"], 1000)
        limit_length(self.fields["access_needs"], 2000)
        limit_length(self.fields["need"], 5000)
        self.fields[
            "consent"
        ].label = f"I agree to {organisation_name} receiving these details to help me"
        self.question_names = []
        for question in intake.questions:
            name = f"q_{question.key}"
            self.fields[name] = question_field(question.label, question.hint, question.required)
            self.question_names.append(name)
        self.wellbeing_names = add_wellbeing_fields(self) if intake.asks_wellbeing else []

    def clean_postcode(self) -> str:
        return postcode_or_error(self.cleaned_data["postcode"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_person_rules(self, data)
        return data

    def _post_clean(self) -> None:
        """The Person model's rules are checked in `clean` (`check_person_rules`): once the name
        and contact preference are readable, and without repeating a field's own error."""

    def questions(self) -> list[forms.BoundField]:
        return [self[name] for name in self.question_names]

    def wellbeing_questions(self) -> list[forms.BoundField]:
        return [self[name] for name in self.wellbeing_names]

    def wellbeing(self) -> dict[str, int | None] | None:
        """The person's ONS4 answers, None when the service does not ask."""
        return scores_from(self.cleaned_data) if self.wellbeing_names else None

    def is_robot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def person_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in self.PERSON} | {
            "date_of_birth": self.cleaned_data.get("date_of_birth")
        }

    def answers(self) -> dict[str, str]:
        return {name[2:]: self.cleaned_data.get(name, "") for name in self.question_names}
