"""The referrer's journey, its last steps: check the answers, send, and what was sent.

Sending runs one use case (`refer_person`): the person (if new), the consents and the
referrals, all or nothing; a refusal brings the referrer back to this page with its reasons.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from joinedup.referrals.models import ConsentMethod, Referral, Urgency
from joinedup.referrals.services import capacity_warning, read_person_details
from joinedup.referrals.services.intake import intakes_of
from joinedup.referrals.services.prescription import ConsentGiven, refer_person
from joinedup.referrals.transitions import TransitionRefused
from joinedup.referrals.views.journey import (
    LOGGED_MODES,
    Journey,
    detail_url,
    render_step,
)


def _summary(journey: Journey) -> dict[str, Any]:
    person = journey.person()
    if person is not None:
        read_person_details(actor=journey.user, person=person)
    intakes = journey.intakes()
    answers = journey.data.get("answers", {})
    consents = journey.data.get("consents", {})
    rows = []
    for service, intake in intakes:
        given = answers.get(str(service.pk), {})
        rows.append(
            {
                "service": service,
                "warning": capacity_warning(service),
                "logged": service.intake_mode in LOGGED_MODES,
                "answers": [(q.label, given.get(q.key, "")) for q in intake.questions],
                "sees": intake.person_field_labels(),
            }
        )
    consent_rows = []
    for org in journey.recipients():
        given = consents.get(str(org.pk))
        consent_rows.append(
            {
                "organisation": org,
                "method": dict(ConsentMethod.choices).get((given or {}).get("method", ""), ""),
                "given_on": (datetime.date.fromisoformat(given["given_on"]) if given else None),
                "already": given is None,
            }
        )
    return {
        "person": person,
        "new_person": journey.new_person(),
        "rows": rows,
        "consents": consent_rows,
        "need": journey.data.get("need", ""),
        "urgency": dict(Urgency.choices).get(journey.data.get("urgency", ""), ""),
    }


@login_required
def check_answers(request: HttpRequest, journey_id: uuid.UUID) -> HttpResponse:
    journey = Journey(request, journey_id)
    if (other := journey.guard("check")) is not None:
        return other
    if not journey.data.get("checking"):
        journey.data["checking"] = True
        journey.save()
    errors: list[str] = []
    if request.method == "POST":
        try:
            result = _send(journey)
        except (ValidationError, PermissionDenied, TransitionRefused) as exc:
            errors = _messages(exc)
        else:
            journey.data["sent"] = [str(r.pk) for r in result.referrals]
            journey.save()
            return redirect(journey.url("sent"))
    return render_step(request, journey, "check.html", {**_summary(journey), "errors": errors})


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    if isinstance(exc, TransitionRefused):
        return [exc.message]
    return [str(exc) or "You cannot make this referral"]


def _given_at(day: datetime.date) -> datetime.datetime:
    # Consent given today is stamped now; an earlier day (written consent brought in) at noon.
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _send(journey: Journey) -> Any:
    given = journey.data.get("consents", {})
    recipients = {str(org.pk): org for org in journey.recipients()}
    consents = [
        ConsentGiven(
            recipient=recipients[org_id],
            method=value["method"],
            given_at=_given_at(datetime.date.fromisoformat(value["given_on"])),
        )
        for org_id, value in given.items()
        if org_id in recipients
    ]
    answers = {
        uuid.UUID(service_id): values
        for service_id, values in journey.data.get("answers", {}).items()
    }
    return refer_person(
        actor=journey.user,
        organization=journey.organisation,
        services=journey.services(),
        need=journey.data["need"],
        urgency=journey.data.get("urgency", Urgency.ROUTINE),
        person=journey.person(),
        new_person=journey.new_person() if journey.person() is None else None,
        intake_answers=answers,
        consents=consents,
    )


@login_required
def sent(request: HttpRequest, journey_id: uuid.UUID) -> HttpResponse:
    journey = Journey(request, journey_id)
    ids = journey.data.get("sent") or []
    if not ids:
        return redirect(journey.url("check"))
    referrals = list(
        Referral.objects.visible_to(journey.user)
        .filter(pk__in=ids)
        .select_related("service", "receiving_organization")
        .prefetch_related("service__phones")
        .order_by("service__name")
    )
    intakes = intakes_of([r.service for r in referrals])
    rows = [
        {
            "referral": r,
            "url": detail_url(r),
            "logged": r.intake_mode in LOGGED_MODES,
            "next_steps": intake.next_steps,
            "warning": capacity_warning(r.service),
        }
        for r, (_, intake) in zip(referrals, intakes, strict=True)
    ]
    return render_step(request, journey, "sent.html", {"rows": rows})
