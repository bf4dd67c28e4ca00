"""Forms for the network survey: setting one up, and an organisation's ratings of its partners.

They check the shape of what was typed; the rules (who may answer, which partners count) live
in `joinedup.partnerships.services.network`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from joinedup.directory.models import Organization
from joinedup.partnerships.forms.actions import set_choices
from joinedup.partnerships.models import Closeness, Frequency, NetworkRating, PartnershipMember

TRUST = (
    ("reliability", "Reliable: does what it says it will"),
    ("shared_mission", "Shares our mission"),
    ("openness", "Open: easy to talk to and listens"),
)
VALUE = (
    ("influence", "Influence: can make things happen in the place"),
    ("involvement", "Involvement: takes an active part"),
    ("resources", "Resources: brings people, money, data or space"),
)
FOUR_POINT_CHOICES = [
    ("", "Not sure"),
    ("1", "1: not at all"),
    ("2", "2: a little"),
    ("3", "3: fairly"),
    ("4", "4: very"),
]
CLOSENESS_CHOICES = [
    (str(value), "We do not work together" if value == 0 else label)
    for value, label in Closeness.choices
]
FREQUENCY_CHOICES = [("", "Not sure"), *((str(v), label) for v, label in Frequency.choices)]
RATING_FIELDS = ("closeness", "frequency", *(name for name, _ in TRUST + VALUE))


class SurveyForm(forms.Form):
    title = forms.CharField(
        label="Name of the survey",
        max_length=200,
        help_text="For example, “Who works with whom, spring 2027”.",
        error_messages={"required": "Enter a name for the survey"},
    )
    organizations = forms.MultipleChoiceField(
        label="Member organisations taking part",
        help_text="Each one rates every other one taking part.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the member organisations taking part"},
    )

    def __init__(self, *args: Any, members: Sequence[PartnershipMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(m.organization_id): m.organization for m in members}
        set_choices(
            self.fields["organizations"], [(key, org.name) for key, org in self.members.items()]
        )

    def clean_organizations(self) -> list[Organization]:
        chosen = [self.members[key] for key in self.cleaned_data["organizations"]]
        if len(chosen) < 2:
            raise forms.ValidationError("Select at least 2 member organisations")
        return chosen


class RatingsForm(forms.Form):
    """One page of partners: for each, closeness, frequency, and trust and value (1-4).

    Fields are named `<partner id>-<measure>`, so each page saves only its own partners.
    """

    def __init__(
        self,
        *args: Any,
        partners: Sequence[Organization],
        existing: Mapping[Any, NetworkRating],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partners = list(partners)
        for partner in self.partners:
            rating = existing.get(partner.pk)
            prefix = str(partner.pk)
            self.fields[f"{prefix}-closeness"] = forms.TypedChoiceField(
                label="How closely you work together",
                choices=CLOSENESS_CHOICES,
                coerce=int,
                initial=str(rating.closeness) if rating else "0",
                error_messages={
                    "required": f"Select how closely you work with {partner.name}",
                    "invalid_choice": f"Select how closely you work with {partner.name}",
                },
            )
            self.fields[f"{prefix}-frequency"] = forms.TypedChoiceField(
                label="How often you are in touch",
                choices=FREQUENCY_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=_initial(rating, "frequency"),
                error_messages={"invalid_choice": f"Select how often you see {partner.name}"},
            )
            for name, label in TRUST + VALUE:
                self.fields[f"{prefix}-{name}"] = forms.TypedChoiceField(
                    label=label,
                    choices=FOUR_POINT_CHOICES,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=_initial(rating, name),
                    error_messages={
                        "invalid_choice": f"Choose one of the ratings offered for {partner.name}"
                    },
                )

    def groups(self) -> list[dict[str, Any]]:
        """Per partner, its bound fields: closeness and frequency, then trust, then value."""
        out = []
        for partner in self.partners:
            prefix = str(partner.pk)
            out.append(
                {
                    "partner": partner,
                    "work": [self[f"{prefix}-closeness"], self[f"{prefix}-frequency"]],
                    "trust": [self[f"{prefix}-{name}"] for name, _ in TRUST],
                    "value": [self[f"{prefix}-{name}"] for name, _ in VALUE],
                }
            )
        return out

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for partner in self.partners:
            prefix = str(partner.pk)
            if cleaned.get(f"{prefix}-closeness") != 0:
                continue
            rated = [n for n in RATING_FIELDS[1:] if cleaned.get(f"{prefix}-{n}") is not None]
            if rated:
                # A rating of someone you do not work with would be counted as a tie of 0: ask
                # which was meant rather than guess.
                self.add_error(
                    f"{prefix}-closeness",
                    f"You said you do not work with {partner.name}: select how closely you "
                    "work together, or set the other answers to “Not sure”",
                )
        return cleaned

    def ratings(self) -> dict[Any, Any]:
        """What the service saves: None for a partner you do not work with (no rating row)."""
        out: dict[Any, dict[str, int | None] | None] = {}
        for partner in self.partners:
            prefix = str(partner.pk)
            values = {name: self.cleaned_data.get(f"{prefix}-{name}") for name in RATING_FIELDS}
            out[partner.pk] = None if values["closeness"] == 0 else values
        return out


def _initial(rating: NetworkRating | None, name: str) -> str:
    value = getattr(rating, name, None) if rating else None
    return "" if value is None else str(value)
