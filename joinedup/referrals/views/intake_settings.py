"""A service's intake settings, edited by the people who look after the service."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from joinedup.core.models import User
from joinedup.directory.models import Service
from joinedup.referrals.forms.intake import IntakeSettingsForm, QuestionFormSet, questions_from
from joinedup.referrals.services.intake import intake_of, set_service_intake

PREFIX = "questions"


@login_required
def edit_intake(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    service = get_object_or_404(
        Service.objects.editable_by(user).select_related("organization"), pk=service_id
    )
    intake = intake_of(service)
    initial = {
        "person_fields": list(intake.person_fields),
        "accepts_self_referral": intake.accepts_self_referral,
        "next_steps": intake.next_steps,
        "asks_wellbeing": intake.asks_wellbeing,
    }
    questions = [
        {"key": q.key, "label": q.label, "hint": q.hint, "required": q.required}
        for q in intake.questions
    ]
    if request.method != "POST":
        form = IntakeSettingsForm(initial=initial)
        formset = QuestionFormSet(initial=questions, prefix=PREFIX)
        return _render(request, service, form, formset)
    data = request.POST.copy()
    adding = request.POST.get("action") == "add-question"
    if adding:
        # Without JavaScript, "add another question" posts the page back with one more row.
        total = int(data.get(f"{PREFIX}-TOTAL_FORMS", "0") or 0)
        data[f"{PREFIX}-TOTAL_FORMS"] = str(min(total + 1, 20))
    form = IntakeSettingsForm(data)
    formset = QuestionFormSet(data, prefix=PREFIX)
    if adding or not (form.is_valid() and formset.is_valid()):
        return _render(request, service, form, formset)
    try:
        set_service_intake(
            actor=user,
            service=service,
            person_fields=form.cleaned_data["person_fields"],
            questions=questions_from(formset),
            accepts_self_referral=form.cleaned_data["accepts_self_referral"],
            next_steps=form.cleaned_data["next_steps"],
            asks_wellbeing=form.cleaned_data["asks_wellbeing"],
        )
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _render(request, service, form, formset)
    messages.success(request, "What your service asks of a referral has been saved")
    return redirect(reverse("directory:view-service", args=[service.pk]))


def _render(
    request: HttpRequest, service: Service, form: IntakeSettingsForm, formset: object
) -> HttpResponse:
    return render(
        request,
        "referrals/refer/intake_settings.html",
        {"service": service, "form": form, "formset": formset},
    )
