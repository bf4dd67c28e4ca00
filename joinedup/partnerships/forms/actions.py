"""Forms for action plans: a new action, progress on one, and the list's filters.

They check the shape of what was typed; who may change which plan is decided in
`joinedup.partnerships.services.actions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms

from joinedup.directory.models import Organization
from joinedup.partnerships.models import ActionStatus, ElementKind, FrameworkElement

PARTNERSHIP_PLAN = "partnership"
DATE_FORMATS = ["%d %m %Y", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"]


def set_choices(field: forms.Field, choices: Any) -> None:
    """Give a choice field its choices at run time (the stubs type fields as plain Field)."""
    cast(forms.ChoiceField, field).choices = choices


def element_choices(elements: Sequence[FrameworkElement], empty: str) -> list[Any]:
    """Challenges, enablers, dimensions and foundations, each kind in its own group."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for element in elements:
        groups.setdefault(element.kind, []).append((element.key, element.label))
    labels = dict(ElementKind.choices)
    order = [
        ElementKind.CHALLENGE,
        ElementKind.ENABLER,
        ElementKind.FOUNDATION,
        ElementKind.DIMENSION,
    ]
    return [("", empty)] + [(f"{labels[kind]}s", groups[kind]) for kind in order if kind in groups]


def due_date_field(label: str, help_text: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter the due date as day, month and year, like 31 3 2027"},
    )


class ActionForm(forms.Form):
    plan = forms.ChoiceField(
        label="Which plan is this action part of?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the plan this action is part of"},
    )
    title = forms.CharField(
        label="What will be done",
        max_length=300,
        error_messages={
            "required": "Enter what will be done",
            "max_length": "What will be done must be 300 characters or fewer",
        },
    )
    description = forms.CharField(
        label="More detail (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    element = forms.ChoiceField(
        label="Challenge or enabler it answers",
        required=False,
        help_text="From the health-check results: what this action is meant to improve.",
    )
    owner = forms.ChoiceField(
        label="Organisation doing it",
        error_messages={"required": "Select the organisation doing it"},
    )
    due_date = due_date_field("Due date (optional)", "For example, 31 3 2027")

    def __init__(
        self,
        *args: Any,
        plans: Sequence[tuple[str, str]],
        members: Sequence[Organization],
        elements: Sequence[FrameworkElement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["plan"], list(plans))
        self.members = {str(o.pk): o for o in members}
        set_choices(
            self.fields["owner"],
            [("", "Select an organisation")] + [(key, o.name) for key, o in self.members.items()],
        )
        self.elements = {e.key: e for e in elements}
        set_choices(self.fields["element"], element_choices(elements, "Not linked to one"))

    def clean_owner(self) -> Organization:
        return self.members[self.cleaned_data["owner"]]

    def clean_element(self) -> FrameworkElement | None:
        key = self.cleaned_data["element"]
        return self.elements[key] if key else None


class ActionUpdateForm(forms.Form):
    text = forms.CharField(
        label="What has happened",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    status = forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect
    )
    due_date = due_date_field(
        "New due date (optional)", "Leave empty to keep it. For example, 31 3 2027"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            not cleaned.get("text", "").strip()
            and cleaned.get("status") == self.initial.get("status")
            and not cleaned.get("due_date")
        ):
            self.add_error("text", "Say what has happened, or change the status or due date")
        return cleaned


class ActionFilterForm(forms.Form):
    """The list's filters (GET). Anything not understood is ignored rather than refused."""

    status = forms.ChoiceField(label="Status", required=False)
    owner = forms.ChoiceField(label="Organisation doing it", required=False)
    element = forms.ChoiceField(label="Challenge or enabler", required=False)
    plan = forms.ChoiceField(label="Plan", required=False)

    def __init__(
        self,
        *args: Any,
        plans: Sequence[tuple[str, str]],
        owners: Sequence[Organization],
        elements: Sequence[FrameworkElement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self.fields["status"],
            [
                ("", "Any status"),
                ("open", "Not done yet"),
                ("overdue", "Overdue"),
                *ActionStatus.choices,
            ],
        )
        set_choices(
            self.fields["owner"], [("", "Any organisation")] + [(str(o.pk), o.name) for o in owners]
        )
        set_choices(self.fields["element"], element_choices(elements, "Any"))
        set_choices(self.fields["plan"], [("", "Every plan"), *plans])

    def value(self, name: str) -> str:
        """The chosen value of one filter, or "" when none was chosen or it made no sense."""
        if not self.is_bound:
            return ""
        self.is_valid()  # fills cleaned_data with the fields that made sense
        return str(self.cleaned_data.get(name) or "")
