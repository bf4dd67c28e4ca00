"""Forms for working referrals: inbox filters, status changes, outcome, messages, consent
withdrawal and notification preferences. They check shape only; the use cases decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from joinedup.directory.models import Organization, Service
from joinedup.referrals.forms.base import (
    UnsavedModelForm,
    drop_choices,
    limit_length,
    model_field,
)
from joinedup.referrals.models import (
    NotificationPreference,
    Referral,
    ReferralMessage,
    Status,
    Urgency,
)
from joinedup.referrals.transitions import REASONS

ANY = [("", "Any")]


class _FilterForm(forms.Form):
    """A GET filter: unknown or foreign values are dropped, never an error page."""

    organisation = forms.ChoiceField(label="Organisation", required=False)
    person = forms.CharField(
        label="Person's name",
        required=False,
        max_length=100,
        help_text="Part of the name is enough",
    )
    urgency = forms.ChoiceField(
        label="Urgency", required=False, choices=ANY + list(Urgency.choices)
    )
    status = forms.ChoiceField(label="Status", required=False, choices=ANY + list(Status.choices))
    overdue = forms.BooleanField(
        label="Only overdue: waiting too long for a first answer", required=False
    )

    def __init__(self, data: Any, *, organisations: QuerySet[Organization], **kwargs: Any):
        super().__init__(data, **kwargs)
        organisation = cast(forms.ChoiceField, self.fields["organisation"])
        organisation.choices = [(str(o.pk), o.name) for o in organisations]
        if len(organisation.choices) < 2:
            # One organisation: nothing to choose, so the field is not shown.
            organisation.widget = forms.HiddenInput()
        # Drafts belong to the referrer's journey, not to these lists.
        status = cast(forms.ChoiceField, self.fields["status"])
        status.choices = [c for c in Status.choices if c[0] != Status.DRAFT]
        status.choices = ANY + status.choices

    def value(self, name: str) -> str:
        """The cleaned value, or "" when absent or not one of the choices."""
        if not self.is_bound:
            return ""
        self.is_valid()  # fields that fail are left out of cleaned_data
        return str(self.cleaned_data.get(name) or "").strip()


class InboxFilterForm(_FilterForm):
    VIEWS = [
        ("new", "New"),
        ("in_progress", "In progress"),
        ("overdue", "Overdue"),
        ("closed", "Closed"),
        ("all", "All"),
    ]

    view = forms.ChoiceField(required=False, choices=VIEWS, widget=forms.HiddenInput)
    service = forms.ChoiceField(label="Service", required=False)

    field_order = ["organisation", "person", "service", "urgency", "status", "overdue", "view"]

    def __init__(
        self,
        data: Any,
        *,
        organisations: QuerySet[Organization],
        services: QuerySet[Service] | None = None,
        **kwargs: Any,
    ):
        super().__init__(data, organisations=organisations, **kwargs)
        cast(forms.ChoiceField, self.fields["service"]).choices = ANY + [
            (str(s.pk), s.name) for s in services or []
        ]


class SentFilterForm(_FilterForm):
    VIEWS = [
        ("open", "Waiting or in progress"),
        ("expired", "Expired"),
        ("closed", "Closed"),
        ("all", "All"),
    ]

    view = forms.ChoiceField(required=False, choices=VIEWS, widget=forms.HiddenInput)
    mine = forms.BooleanField(label="Only referrals I made", required=False)

    field_order = ["organisation", "person", "urgency", "status", "overdue", "mine", "view"]


class StatusChangeForm(forms.Form):
    """A move that needs a reason from the list and a few words (declined, cancelled, on hold,
    could not be completed)."""

    reason_code = forms.ChoiceField(
        label="Why?", widget=forms.RadioSelect, error_messages={"required": "Choose a reason"}
    )
    reason_text = forms.CharField(
        label="Say in a few words why",
        help_text="The other organisation reads this. Do not add details the person has not "
        "agreed to share.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say in a few words why"},
    )

    def __init__(self, data: Any = None, *, to_status: str, **kwargs: Any):
        super().__init__(data, **kwargs)
        cast(forms.ChoiceField, self.fields["reason_code"]).choices = list(
            REASONS[Status(to_status)].items()
        )


class ConfirmMoveForm(forms.Form):
    """The second step before a move that cannot be undone."""

    confirm = forms.BooleanField(
        label="Yes, I am sure",
        error_messages={"required": "Tick the box to say you are sure, or go back"},
    )


class OutcomeForm(UnsavedModelForm):
    """What happened for the person (`Referral.outcome`; the model allows none yet, this form
    asks for one) and a note (`Referral.outcome_note`, called `note` here and in the page)."""

    note = model_field(
        Referral,
        "outcome_note",
        label="Anything to add (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Referral
        fields = ("outcome",)
        labels = {"outcome": "What happened for the person?"}
        widgets = {"outcome": forms.RadioSelect}
        error_messages = {"outcome": {"required": "Choose what happened"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = True
        drop_choices(self.fields["outcome"])
        limit_length(self.fields["note"], 2000)


class MessageForm(UnsavedModelForm):
    class Meta:
        model = ReferralMessage
        fields = ("body",)
        labels = {"body": "Your message"}
        help_texts = {
            "body": "Both organisations can read the thread, even after consent is withdrawn: "
            "do not put the person's details in it."
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"body": {"required": "Enter a message"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_length(self.fields["body"], 5000)


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(
        label="Why was consent withdrawn? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NotificationPreferenceForm(UnsavedModelForm):
    class Meta:
        model = NotificationPreference
        fields = ("frequency",)
        labels = {"frequency": "How do you want to hear about your referrals?"}
        help_texts = {
            "frequency": "Emails say what happened and give the reference and a link; they "
            "never contain a person's details."
        }
        widgets = {"frequency": forms.RadioSelect}
        error_messages = {"frequency": {"required": "Choose how often you want email"}}
