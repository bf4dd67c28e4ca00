"""Forms that take their shape from the models (labels aside: max_length, choices, whether a
value is required) but are never saved: the use cases in `joinedup.referrals.services` do every
write, with its checks and its audit, and the views pass them `cleaned_data`."""

from __future__ import annotations

from typing import Any, NoReturn, cast

from django import forms
from django.core.validators import MaxLengthValidator


class UnsavedModelForm(forms.ModelForm):
    """A ModelForm for its fields and the model's own validation; `save()` refuses, so a view
    cannot write around the use case."""

    def save(self, commit: bool = True) -> NoReturn:
        raise TypeError(
            f"{type(self).__name__} is never saved: pass cleaned_data to the use case in "
            "joinedup.referrals.services"
        )


def limit_length(field: forms.Field, max_length: int) -> None:
    """A form-side limit for a text that the model stores as unbounded (a TextField), set as
    CharField(max_length=...) would: the check and the widget's maxlength."""
    assert isinstance(field, forms.CharField)
    field.max_length = max_length
    field.validators.append(MaxLengthValidator(max_length))
    field.widget.attrs.update(field.widget_attrs(field.widget))


def model_field(model: Any, name: str, **kwargs: Any) -> forms.Field:
    """The form field the model's field `name` makes, with these labels, widgets and messages."""
    field = model._meta.get_field(name).formfield(**kwargs)
    assert isinstance(field, forms.Field)
    return field


def drop_choices(field: forms.Field, *values: str) -> None:
    """Offer the model's choices except `values` (and the empty "---------" one)."""
    assert isinstance(field, forms.ChoiceField)
    kept: list[tuple[Any, Any]] = []
    for value, label in cast(list[tuple[Any, Any]], field.choices):
        if value and value not in values:
            kept.append((value, label))
    field.choices = kept
