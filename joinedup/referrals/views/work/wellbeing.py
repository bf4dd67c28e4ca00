"""The ONS4 wellbeing questions for one referral, asked with the person at referral or at
completion, when the service has switched them on."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from joinedup.referrals.forms.wellbeing import PREFER_NOT_TO_SAY, PREFIX, WellbeingForm
from joinedup.referrals.models import (
    INTRODUCTION,
    MEASURES,
    Moment,
    Referral,
    WellbeingAnswers,
)
from joinedup.referrals.services.wellbeing import asks_wellbeing, moment_open, record_wellbeing
from joinedup.referrals.views.work.common import request_user, show_errors


def wellbeing_summary(referral: Referral) -> dict[str, Any] | None:
    """What the referral page shows of wellbeing (for those who may see the person): each
    moment's answers, and where to record them while that moment is open. None when the
    service does not ask."""
    if not asks_wellbeing(referral.service_id):
        return None
    recorded = {w.moment: w for w in WellbeingAnswers.objects.filter(referral=referral)}
    moments = []
    for moment in Moment:
        answers = recorded.get(moment.value)
        moments.append(
            {
                "label": moment.label,
                "answers": [(m.short, answers.scores()[m.key]) for m in MEASURES]
                if answers
                else None,
                "url": reverse("referrals:record-wellbeing", args=[referral.pk, moment.value])
                if moment_open(referral, moment.value)
                else "",
            }
        )
    return {"moments": moments}


@login_required
def record(request: HttpRequest, referral_id: uuid.UUID, moment: str) -> HttpResponse:
    user = request_user(request)
    referral = get_object_or_404(
        Referral.objects.visible_to(user).select_related("service", "receiving_organization"),
        pk=referral_id,
    )
    if moment not in Moment.values or not asks_wellbeing(referral.service_id):
        raise Http404("This service does not ask about wellbeing")
    # The answers are the person's: only those who may see the person ask them.
    if not referral.person_details_visible_to(user):
        raise Http404("You cannot see this person's details")
    detail = reverse("referrals:detail", args=[referral.pk])
    if request.method == "POST":
        form = WellbeingForm(request.POST)
        if form.is_valid():
            try:
                record_wellbeing(actor=user, referral=referral, moment=moment, scores=form.scores())
            except PermissionDenied:
                raise Http404("You cannot record this person's answers") from None
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, "Wellbeing answers saved")
                return redirect(detail)
    else:
        existing = WellbeingAnswers.objects.filter(referral=referral, moment=moment).first()
        initial = (
            {
                f"{PREFIX}{key}": PREFER_NOT_TO_SAY if value is None else str(value)
                for key, value in existing.scores().items()
            }
            if existing
            else {}
        )
        form = WellbeingForm(initial=initial)
    return render(
        request,
        "referrals/work/wellbeing.html",
        {
            "referral": referral,
            "form": form,
            "moment": Moment(moment),
            "introduction": INTRODUCTION,
            "detail_url": detail,
        },
        status=400 if form.errors else 200,
    )
