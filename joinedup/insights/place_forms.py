"""Forms of the place pages: the indicator upload and a line with its ordered stops."""

from __future__ import annotations

from typing import Any

from django import forms

from joinedup.insights.indicators import MAX_BYTES
from joinedup.insights.models import Line, Stop


class IndicatorUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="An export from OHID Fingertips, or a file with the columns area_code, "
        "area_name, indicator, period, value (and sex, if the values differ by sex).",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 20 MB")
        return upload


class LineForm(forms.ModelForm):
    class Meta:
        model = Line
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": "Enter the name of the line"}}


class StopForm(forms.ModelForm):
    """One stop. Its order is a number the person can change, so stops are put in order, moved
    and removed without JavaScript (the page always offers a few empty rows to add stops)."""

    order = forms.IntegerField(
        label="Order",
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"invalid": "Enter the order as a whole number, like 3"},
    )
    remove = forms.BooleanField(label="Remove this stop", required=False)

    class Meta:
        model = Stop
        fields = ["name", "area_code", "district"]
        labels = {"name": "Stop", "area_code": "Area code"}
        help_texts = {
            "area_code": "An ONS code such as E02001234, or a postcode district",
            "district": "Where its referrals and searches are counted, such as NE6",
        }
        widgets = {
            "area_code": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "district": forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Empty rows are allowed: they are the places to add a stop.
        for name in ("name", "area_code"):
            self.fields[name].required = False

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any((data.get(f) or "").strip() for f in ("name", "area_code", "district"))


StopFormSet = forms.formset_factory(StopForm, extra=0)
EMPTY_ROWS = 3


def stop_initial(line: Line | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if line is not None:
        rows = [
            {"order": s.position, "name": s.name, "area_code": s.area_code, "district": s.district}
            for s in line.stops.all()
        ]
    rows.extend({"order": len(rows) + n} for n in range(1, EMPTY_ROWS + 1))
    return rows
