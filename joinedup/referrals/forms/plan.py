"""Sending a support plan to the person: how, where to, and that they agreed. Shape only; the
use case (`services.support_plan.send_support_plan`) checks the address and the agreement."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.referrals.services.support_plan import CHANNELS, SupportPlan


class SendPlanForm(forms.Form):
    channel = forms.ChoiceField(
        label="How should we send it?",
        choices=list(CHANNELS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose email or text message"},
    )
    email = forms.CharField(
        label="Email address",
        max_length=320,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Mobile phone number",
        max_length=40,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "off", "class": "govuk-input--width-20"}
        ),
    )
    person_agreed = forms.BooleanField(
        label="The person agreed to get their plan this way",
        required=False,
        help_text="Only send it if they said yes. Anyone who can see their email or phone "
        "can read it.",
    )

    @classmethod
    def initial_for(cls, plan: SupportPlan) -> dict[str, Any]:
        """Prefilled from the person's record: their email address and phone number, if held."""
        return {"email": plan.person_email, "phone": plan.person_phone}

    def address(self) -> str:
        channel = self.cleaned_data.get("channel")
        return str(self.cleaned_data.get("email" if channel == "email" else "phone") or "")
