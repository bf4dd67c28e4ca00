"""The four ONS4 wellbeing questions as form fields: 0 to 10, or "prefer not to say"."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.referrals.models import MEASURES

PREFER_NOT_TO_SAY = "prefer_not"
PREFIX = "wellbeing_"
CHOICES = [(str(n), str(n)) for n in range(11)] + [(PREFER_NOT_TO_SAY, "Prefer not to say")]
HINT = "0 is \u201cnot at all\u201d and 10 is \u201ccompletely\u201d. You can leave it out."


def add_wellbeing_fields(form: forms.BaseForm) -> list[str]:
    """Add the four questions to `form`, each optional; the names added, in order."""
    names = []
    for measure in MEASURES:
        name = f"{PREFIX}{measure.key}"
        form.fields[name] = forms.ChoiceField(
            label=measure.question,
            choices=CHOICES,
            required=False,
            widget=forms.RadioSelect,
            help_text=HINT,
        )
        names.append(name)
    return names


def scores_from(cleaned_data: dict[str, Any]) -> dict[str, int | None]:
    """Each measure's answer, None when not given or "prefer not to say"."""
    scores: dict[str, int | None] = {}
    for measure in MEASURES:
        value = cleaned_data.get(f"{PREFIX}{measure.key}") or ""
        scores[measure.key] = int(value) if value.isdigit() else None
    return scores


class WellbeingForm(forms.Form):
    """The questions on a page of their own (recorded with the person by either side)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = add_wellbeing_fields(self)

    def questions(self) -> list[forms.BoundField]:
        return [self[name] for name in self.names]

    def scores(self) -> dict[str, int | None]:
        return scores_from(self.cleaned_data)
