"""Forms for the learning log: a new entry, and searching the log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from joinedup.directory.models import Organization
from joinedup.partnerships.forms.actions import element_choices, set_choices
from joinedup.partnerships.models import Action, FrameworkElement

NO_ORGANISATION = "none"


class LearningEntryForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="A few words to find it by, like “Joint visits cut hospital readmissions”.",
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    text = forms.CharField(
        label="What happened, and what you learned",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter what happened and what you learned",
            "max_length": "The story must be 10,000 characters or fewer",
        },
    )
    organization = forms.ChoiceField(
        label="Who are you writing for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are writing for"},
    )
    elements = forms.MultipleChoiceField(
        label="What it is about",
        required=False,
        help_text="Tag the challenges, enablers and dimensions of collaboration it shows.",
        widget=forms.CheckboxSelectMultiple,
    )
    actions = forms.MultipleChoiceField(
        label="Actions it is about (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        organizations: Sequence[Organization],
        elements: Sequence[FrameworkElement],
        actions: Sequence[Action],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organizations = {str(o.pk): o for o in organizations}
        set_choices(
            self.fields["organization"],
            [
                *((key, o.name) for key, o in self.organizations.items()),
                (NO_ORGANISATION, "Myself, not for an organisation"),
            ],
        )
        self.element_map = {e.key: e for e in elements}
        set_choices(
            self.fields["elements"],
            [(e.key, f"{e.label} ({e.get_kind_display().lower()})") for e in elements],
        )
        self.action_map = {str(a.pk): a for a in actions}
        set_choices(self.fields["actions"], [(key, a.title) for key, a in self.action_map.items()])

    def clean_organization(self) -> Organization | None:
        return self.organizations.get(self.cleaned_data["organization"])

    def clean_elements(self) -> list[FrameworkElement]:
        return [self.element_map[key] for key in self.cleaned_data["elements"]]

    def clean_actions(self) -> list[Action]:
        return [self.action_map[key] for key in self.cleaned_data["actions"]]


class LearningSearchForm(forms.Form):
    q = forms.CharField(label="Search the learning log", required=False, max_length=200)
    element = forms.ChoiceField(label="Tagged", required=False)

    def __init__(self, *args: Any, elements: Sequence[FrameworkElement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["element"], element_choices(elements, "Any tag"))

    def value(self, name: str) -> str:
        if not self.is_bound:
            return ""
        self.is_valid()
        return str(self.cleaned_data.get(name) or "").strip()
