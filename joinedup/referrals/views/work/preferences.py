"""Each person's choice of instant email or a daily digest."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.referrals import notifications
from joinedup.referrals.forms.work import (
    NotificationPreferenceForm,
)
from joinedup.referrals.models import (
    Notification,
)
from joinedup.referrals.views.work.common import request_user, show_errors


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = NotificationPreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"frequency": notifications.frequency_of(user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            notifications.set_notification_frequency(
                actor=user, frequency=form.cleaned_data["frequency"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Your email preference has been saved")
            return redirect("referrals:notification-preferences")
    recent = Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")[:20]
    return render(
        request,
        "referrals/work/preferences.html",
        {"form": form, "recent": list(recent)},
    )
