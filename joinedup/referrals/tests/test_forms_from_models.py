"""The referral forms take their shape from the models (issue 13): a form field that mirrors a
model field has the model's max_length, choices and required-ness, and no form writes: the use
cases in `joinedup.referrals.services` do."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from django import forms
from django.db import models

from joinedup.referrals.forms import intake, plan, refer, work
from joinedup.referrals.forms.base import UnsavedModelForm
from joinedup.referrals.models import (
    ContactPreference,
    NotificationPreference,
    Person,
    Referral,
    ReferralMessage,
    ServiceIntake,
)
from joinedup.referrals.services.intake import Intake

pytestmark = pytest.mark.django_db

FORM_MODULES = (intake, plan, refer, work)


def _ask(**kwargs: Any) -> intake.AskForHelpForm:
    return intake.AskForHelpForm(intake=Intake(), organisation_name="Ashdown Carers", **kwargs)


def _person(**kwargs: Any) -> refer.PersonForm:
    return refer.PersonForm(needed=refer.OPTIONAL_PERSON_FIELDS, **kwargs)


# (how to make the form, its field, the model, the model's field, whether the form asks for it
# although the model allows it blank)
MIRRORED = [
    (_ask, "name", Person, "name", False),
    (_ask, "contact_preference", Person, "contact_preference", False),
    (_ask, "phone", Person, "phone", False),
    (_ask, "email", Person, "email", False),
    (_ask, "address", Person, "address", False),
    (_ask, "postcode", Person, "postcode", False),
    (_ask, "preferred_language", Person, "preferred_language", False),
    (_ask, "access_needs", Person, "access_needs", False),
    (_ask, "need", Referral, "need", False),
    (_ask, "urgency", Referral, "urgency", False),
    (_person, "name", Person, "name", False),
    (_person, "contact_preference", Person, "contact_preference", False),
    (_person, "phone", Person, "phone", False),
    (_person, "email", Person, "email", False),
    (_person, "preferred_language", Person, "preferred_language", False),
    (
        intake.IntakeSettingsForm,
        "accepts_self_referral",
        ServiceIntake,
        "accepts_self_referral",
        False,
    ),
    (intake.IntakeSettingsForm, "next_steps", ServiceIntake, "next_steps", False),
    (work.OutcomeForm, "outcome", Referral, "outcome", True),
    (work.OutcomeForm, "note", Referral, "outcome_note", False),
    (work.MessageForm, "body", ReferralMessage, "body", False),
    (work.NotificationPreferenceForm, "frequency", NotificationPreference, "frequency", False),
]


def _ids(case: tuple[Any, ...]) -> str:
    make, name = case[0], case[1]
    return f"{getattr(make, '__name__', make)}.{name}"


@pytest.mark.parametrize("case", MIRRORED, ids=[_ids(c) for c in MIRRORED])
def test_a_form_field_has_its_model_fields_shape(case: tuple[Any, ...]) -> None:
    make, name, model, model_name, asked_although_blank = case
    field = make().fields[name]
    model_field = model._meta.get_field(model_name)
    if model_field.max_length is not None and not model_field.choices:
        assert field.max_length == model_field.max_length
    if model_field.choices:
        offered = [value for value, _ in field.choices if value]
        held = [value for value, _ in model_field.choices]
        if model is Person and name == "contact_preference" and make is _ask:
            # Someone asking for help is asked how to contact them, never "do not".
            held.remove(ContactPreference.DO_NOT_CONTACT)
        assert offered == held
    # A field the model requires is required on the page; an optional one is optional there,
    # except where the page asks for what the model leaves blank until then.
    asks = not model_field.blank or asked_although_blank
    if not isinstance(model_field, models.BooleanField) and make is not _person:
        assert field.required is asks


def test_a_text_the_model_keeps_unbounded_still_has_the_pages_limit() -> None:
    form = work.MessageForm({"body": "x" * 5001})
    assert not form.is_valid()
    assert form.errors["body"] == ["Ensure this value has at most 5000 characters (it has 5001)."]
    assert 'maxlength="5000"' in str(form["body"])
    assert work.MessageForm({"body": "x" * 5000}).is_valid()


def test_asking_for_help_chooses_no_contact_preference_for_the_person() -> None:
    rendered = str(_ask()["contact_preference"])
    assert "checked" not in rendered
    assert ContactPreference.DO_NOT_CONTACT.value not in rendered


def _model_forms() -> list[type[forms.ModelForm]]:
    found = []
    for module in FORM_MODULES:
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.ModelForm) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_the_forms_that_mirror_models_are_model_forms() -> None:
    names = {form.__name__ for form in _model_forms()}
    assert names >= {
        "AskForHelpForm",
        "IntakeSettingsForm",
        "PersonForm",
        "OutcomeForm",
        "MessageForm",
        "NotificationPreferenceForm",
    }


@pytest.mark.parametrize("form_class", _model_forms(), ids=lambda f: f.__name__)
def test_no_model_form_can_save(form_class: type[forms.ModelForm]) -> None:
    """Writes go through the use cases (checks, audit, all-or-nothing), so a view that called
    form.save() would fail here rather than write around them."""
    assert issubclass(form_class, UnsavedModelForm)
    form = {
        intake.AskForHelpForm: _ask,
        refer.PersonForm: _person,
    }.get(form_class, form_class)()
    with pytest.raises(TypeError, match="never saved"):
        form.save()
    with pytest.raises(TypeError, match="never saved"):
        form.save(commit=False)
