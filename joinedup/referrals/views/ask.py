"""Self-referral: "Ask for help" on a service's public page, for people who are not signed in."""

from __future__ import annotations

import time
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from joinedup.core import limits
from joinedup.core.exit_page import carries_exit
from joinedup.directory.models import Service
from joinedup.referrals.forms.intake import AskForHelpForm
from joinedup.referrals.models import INTRODUCTION, Referral
from joinedup.referrals.services.intake import intake_of
from joinedup.referrals.services.self_referral import accepts_self_referral, submit_self_referral
from joinedup.referrals.views.refer import LOGGED_MODES, referable_services
from joinedup.search import crisis
from joinedup.search.safety import assess

STARTED = "ask_started"
ASKED = "ask_times"
DONE = "ask_done"
# What the person wrote signalled risk (the kinds), for the crisis panel on the confirmation.
CRISIS = "ask_crisis"
# A person asks a few services for help; a robot asks hundreds. Counted per browser session
# (kept in the database, so every app server sees the same count).
MAX_PER_HOUR = 5


def _service(service_id: uuid.UUID, *, posted: bool) -> Service:
    # The form is offered only where someone answers; a form already open when that stops
    # (say the last member left) is refused by the one door (`refer_person`) with an error
    # on the page, keeping what the person wrote, rather than a "not found".
    services = Service.objects.published() if posted else referable_services()
    service: Service = get_object_or_404(services.select_related("organization"), pk=service_id)
    if not accepts_self_referral(service):
        raise Http404("This service does not take requests for help directly")
    return service


def _recent(request: HttpRequest) -> list[float]:
    now = time.time()
    return [t for t in request.session.get(ASKED, []) if now - t < 3600]


def ask_for_help(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    service = _service(service_id, posted=request.method == "POST")
    assert service.organization is not None
    intake = intake_of(service)
    form = AskForHelpForm(
        request.POST if request.method == "POST" else None,
        intake=intake,
        organisation_name=service.organization.name,
    )
    context = {
        "service": service,
        "form": form,
        "intake": intake,
        "exit_page": carries_exit(request),
        "wellbeing_introduction": INTRODUCTION,
    }
    if request.method != "POST":
        # Starting the form opens a session: a request posted without one is turned back.
        request.session[STARTED] = time.time()
        return render(request, "referrals/refer/ask.html", context)
    if form.is_robot():
        return render(request, "referrals/refer/ask_refused.html", context, status=400)
    if len(_recent(request)) >= MAX_PER_HOUR:
        return render(request, "referrals/refer/ask_refused.html", context, status=429)
    if STARTED not in request.session:
        request.session[STARTED] = time.time()
        form.is_valid()
        form.add_error(None, "Your session timed out. Check your answers and send them again.")
        return render(request, "referrals/refer/ask.html", context)
    if form.is_valid():
        _count_request(request, service)
        if (sent := _submit(request, service, form)) is not None:
            return sent
    return render(request, "referrals/refer/ask.html", context)


def _count_request(request: HttpRequest, service: Service) -> None:
    """Fresh sessions get round the count above: limit the address and the service too. Only a
    request about to be written counts (not one with mistakes), and the limit is checked before
    the write, so a refused request left nothing behind and an accepted one stays."""
    limits.enforce(request, "ask-for-help", settings.RATELIMIT_ASK_FOR_HELP_ADDRESS)
    limits.enforce(
        request,
        "ask-for-help-service",
        settings.RATELIMIT_ASK_FOR_HELP_SERVICE,
        key=str(service.pk),
    )


def _submit(request: HttpRequest, service: Service, form: AskForHelpForm) -> HttpResponse | None:
    """Send the request for help; None (with the errors on the form) when it was refused."""
    try:
        referral = submit_self_referral(
            service=service,
            need=form.cleaned_data["need"],
            urgency=form.cleaned_data["urgency"],
            consent_given=form.cleaned_data["consent"],
            intake_answers=form.answers(),
            wellbeing=form.wellbeing(),
            **form.person_values(),
        )
    except PermissionDenied:
        raise Http404("This service does not take requests for help directly") from None
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            name = field if field in form.fields else f"q_{field}"
            form.add_error(name if name in form.fields else None, messages)
        return None
    request.session[ASKED] = [*_recent(request), time.time()]
    request.session[DONE] = str(referral.pk)
    # What they wrote is read for risk as a search is: the next page shows crisis help.
    signal = assess(form.cleaned_data["need"])
    request.session[CRISIS] = crisis.remembered(
        crisis.crisis_help(signal, form.cleaned_data["need"])
    )
    if signal.exit_page:
        crisis.remember_exit(request, signal)
    return redirect(reverse("referrals:asked-for-help", args=[service.pk]))


def asked_for_help(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    """The confirmation, with the reference to quote; only in the session that asked."""
    done = request.session.get(DONE)
    referral = (
        Referral.objects.filter(pk=done, service_id=service_id)
        .select_related("service", "receiving_organization")
        .first()
        if done
        else None
    )
    if referral is None:
        return redirect(reverse("referrals:ask-for-help", args=[service_id]))
    return render(
        request,
        "referrals/refer/asked.html",
        {
            "referral": referral,
            "service": referral.service,
            "logged": referral.intake_mode in LOGGED_MODES,
            "next_steps": intake_of(referral.service).next_steps,
            "crisis": crisis.recalled(request.session.get(CRISIS)),
            "exit_page": carries_exit(request),
        },
    )
