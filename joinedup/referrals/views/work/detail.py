"""The referral page and its actions. Every referral is looked up through
`Referral.objects.visible_to(user)` (anyone else gets 404); a person's details are read only
through `services.read_person_details`, which audits each read."""

from __future__ import annotations

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.core.models import User
from joinedup.referrals import services
from joinedup.referrals.forms.work import (
    ConfirmMoveForm,
    MessageForm,
    OutcomeForm,
    StatusChangeForm,
    WithdrawConsentForm,
)
from joinedup.referrals.models import (
    CLOSED_STATUSES,
    PERSON_FIELDS,
    Consent,
    Moment,
    Person,
    Referral,
    ServiceIntake,
    Status,
    WellbeingAnswers,
    receiver_person_fields,
)
from joinedup.referrals.services.common import NO_RESPONSE
from joinedup.referrals.services.wellbeing import asks_wellbeing
from joinedup.referrals.transitions import REASONS, Move, TransitionRefused, reason_label
from joinedup.referrals.views.work.common import request_user, show_errors
from joinedup.referrals.views.work.wellbeing import wellbeing_summary

# The words on each action's button, by the move's verb.
BUTTONS = {
    "requested": "Send referral",
    "accepted": "Accept",
    "rejected": "Decline",
    "started": "Start work",
    "paused": "Put on hold",
    "resumed": "Resume work",
    "failed": "Could not complete",
    "completed": "Complete",
    "cancelled": "Cancel referral",
    "entered_in_error": "Strike out as made in error",
}
DONE = {
    "requested": "Referral sent",
    "accepted": "Referral accepted",
    "rejected": "Referral declined",
    "started": "Work started",
    "paused": "Referral put on hold",
    "resumed": "Work resumed",
    "failed": "Referral marked as could not be completed",
    "completed": "Referral completed",
    "cancelled": "Referral cancelled",
    "entered_in_error": "Referral struck out as made in error",
}


# Moves that end a referral for good and take no reason: a page asks "are you sure?" first
# (the moves that take a reason already have a page of their own, which says it is final).
CONFIRM = frozenset({Status.COMPLETED, Status.ENTERED_IN_ERROR})


CONFIRM_TITLES = {
    "completed": "Complete this referral?",
    "entered_in_error": "Strike out this referral as made in error?",
}


def _referral(request: HttpRequest, referral_id: uuid.UUID) -> Referral:
    found = Referral.objects.visible_to(request_user(request)).select_related(
        "service", "referring_organization", "receiving_organization", "referring_user"
    )
    return get_object_or_404(found, pk=referral_id)


def _detail_url(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def _person_rows(person: Person, intake: ServiceIntake | None) -> list[tuple[str, str]]:
    """Name and how to contact them, then only the fields the service's intake asks for
    (data minimisation: a receiving service sees what its intake needs)."""
    labels = dict(PERSON_FIELDS)
    rows = []
    for name in receiver_person_fields(person.contact_preference, intake):
        if name == "name":
            rows.append(("Name", person.name))
        elif name == "contact_preference":
            rows.append(("How to contact them", person.get_contact_preference_display()))
        else:
            value = getattr(person, name)
            if isinstance(value, datetime.date):
                value = f"{value:%-d %B %Y}"
            rows.append((labels[name], str(value or "Not given")))
    return rows


def _answers(referral: Referral, intake: ServiceIntake | None) -> list[tuple[str, str]]:
    """The answers to the service's own questions, and nothing stored under any other key."""
    answers = referral.intake_answers or {}
    rows = []
    for question in (intake.questions if intake else []) or []:
        key = question.get("key")
        if key and key in answers:
            rows.append((str(question.get("label") or key), str(answers[key])))
    return rows


def _standing_consent(referral: Referral) -> Consent | None:
    return (
        Consent.objects.standing()
        .filter(person_id=referral.person_id, recipient_id=referral.receiving_organization_id)
        .first()
    )


def _render_detail(
    request: HttpRequest,
    referral: Referral,
    *,
    outcome_form: OutcomeForm | None = None,
    message_form: MessageForm | None = None,
    action_error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    intake = ServiceIntake.objects.filter(service_id=referral.service_id).first()
    person_rows: list[tuple[str, str]] = []
    answers: list[tuple[str, str]] = []
    can_see_person = referral.person_details_visible_to(user)
    if can_see_person:
        # The one door to a person's details: this read is written to the audit log.
        person = services.read_person_details(actor=user, person=referral.person, referral=referral)
        person_rows = _person_rows(person, intake)
        answers = _answers(referral, intake)
    is_referrer = referral.is_referrer(user)
    moves: list[Move] = services.available_moves(actor=user, referral=referral)
    actions = [
        {
            "to": m.target.value,
            "label": BUTTONS.get(m.verb, m.target.label),
            "needs_page": m.target in REASONS or m.target in CONFIRM,
            "secondary": m.target in REASONS or m.target == Status.ENTERED_IN_ERROR,
        }
        for m in moves
    ]
    events = list(
        referral.events.select_related("actor", "actor_organization").order_by("sequence")
    )
    history = [(e, reason_label(e.reason_code) if e.reason_code else "") for e in events]
    thread = referral.messages.select_related("author", "author_organization")
    can_act = referral.status not in (Status.DRAFT, Status.ENTERED_IN_ERROR)
    expired = any(e.reason_code == NO_RESPONSE for e in events)
    answer_by = referral.answer_by()
    # The other referrals of the same send (a prescription) that this reader may see.
    sent_with = (
        Referral.objects.visible_to(user)
        .filter(prescription=referral.prescription)
        .exclude(pk=referral.pk)
        .select_related("service", "receiving_organization")
        .order_by("service__name", "pk")
    )
    return render(
        request,
        "referrals/work/detail.html",
        {
            "referral": referral,
            "can_see_person": can_see_person,
            "person_rows": person_rows,
            "answers": answers,
            "is_referrer": is_referrer,
            "is_receiver": referral.is_receiver(user),
            "actions": actions,
            "history": history,
            "thread": list(thread),
            "can_record_outcome": can_act,
            "outcome_form": outcome_form
            or OutcomeForm(initial={"outcome": referral.outcome, "note": referral.outcome_note}),
            "message_form": message_form or MessageForm(),
            "can_message": can_act,
            "consent": _standing_consent(referral) if is_referrer else None,
            "expired": expired,
            "answer_by": answer_by,
            "sent_with": list(sent_with),
            "action_error": action_error,
            "wellbeing": wellbeing_summary(referral) if can_see_person else None,
        },
        status=status,
    )


@login_required
def detail(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    return _render_detail(request, _referral(request, referral_id))


@login_required
def change_status(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """A move: done at once when it takes no reason; otherwise a page asks for one."""
    referral = _referral(request, referral_id)
    user = request_user(request)
    to_status = request.POST.get("to_status") or request.GET.get("to", "")
    move = next(
        (
            m
            for m in services.available_moves(actor=user, referral=referral)
            if m.target == to_status
        ),
        None,
    )
    if move is None:
        label = Status(to_status).label.lower() if to_status in Status.values else to_status
        return _render_detail(
            request,
            referral,
            action_error=f"This referral cannot be made {label} now. It is "
            f"{referral.get_status_display().lower()}.",
            status=409,
        )
    if move.target in CONFIRM:
        return _confirm(request, referral, move)
    if move.target not in REASONS:
        # A move without a reason is a button on the detail page, never a page of its own.
        if request.method != "POST":
            return redirect(_detail_url(referral))
        try:
            services.transition_referral(actor=user, referral=referral, to_status=to_status)
        except TransitionRefused as refused:
            return _render_detail(request, referral, action_error=refused.message, status=409)
        messages.success(request, DONE.get(move.verb, "Referral updated"))
        return redirect(_detail_url(referral))
    form = StatusChangeForm(request.POST if request.method == "POST" else None, to_status=to_status)
    if request.method == "POST" and form.is_valid():
        try:
            services.transition_referral(
                actor=user,
                referral=referral,
                to_status=to_status,
                reason_code=form.cleaned_data["reason_code"],
                reason_text=form.cleaned_data["reason_text"],
            )
        except TransitionRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, DONE.get(move.verb, "Referral updated"))
            return redirect(_detail_url(referral))
    return render(
        request,
        "referrals/work/change_status.html",
        {
            "referral": referral,
            "form": form,
            "to_status": to_status,
            "title": BUTTONS.get(move.verb, move.target.label),
            "status_label": move.target.label.lower(),
            "final": move.target in CLOSED_STATUSES,
        },
    )


def _confirm(request: HttpRequest, referral: Referral, move: Move) -> HttpResponse:
    """A move that ends the referral for good happens only when the person has ticked that
    they are sure, on a page that says what it means; anything less shows that page."""
    # Only this page's own form is checked: a bare POST (the old one-click button) shows the
    # page, not an error.
    posted = request.method == "POST" and request.POST.get("step") == "confirm"
    form = ConfirmMoveForm(request.POST if posted else None)
    if posted and form.is_valid():
        user = request_user(request)
        try:
            services.transition_referral(actor=user, referral=referral, to_status=move.target)
        except TransitionRefused as refused:
            return _render_detail(request, referral, action_error=refused.message, status=409)
        messages.success(request, DONE.get(move.verb, "Referral updated"))
        if move.target == Status.COMPLETED and _asks_wellbeing_now(user, referral):
            # Closing with an outcome is when the person is asked again (ONS4 at completion).
            return redirect(
                reverse("referrals:record-wellbeing", args=[referral.pk, Moment.COMPLETION])
            )
        return redirect(_detail_url(referral))
    return render(
        request,
        "referrals/work/confirm_status.html",
        {
            "referral": referral,
            "form": form,
            "to_status": move.target.value,
            "title": CONFIRM_TITLES.get(move.verb, BUTTONS.get(move.verb, move.target.label)),
            "button": BUTTONS.get(move.verb, move.target.label),
            "verb": move.verb,
        },
    )


def _asks_wellbeing_now(user: User, referral: Referral) -> bool:
    """The service asks about wellbeing, this person may ask it, and nobody has at completion."""
    return (
        asks_wellbeing(referral.service_id)
        and referral.person_details_visible_to(user)
        and not WellbeingAnswers.objects.filter(
            referral=referral, moment=Moment.COMPLETION
        ).exists()
    )


@login_required
@require_POST
def record_outcome(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _referral(request, referral_id)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.record_outcome(
                actor=request_user(request),
                referral=referral,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Outcome recorded")
            return redirect(_detail_url(referral))
    return _render_detail(request, referral, outcome_form=form)


@login_required
@require_POST
def post_message(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = _referral(request, referral_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.post_message(
                actor=request_user(request), referral=referral, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, "Message sent")
            return redirect(_detail_url(referral) + "#messages")
    return _render_detail(request, referral, message_form=form)


@login_required
def withdraw_consent(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """The referrer records that the person withdrew consent to share with the receiver."""
    referral = _referral(request, referral_id)
    consent = _standing_consent(referral)
    if consent is None or not referral.is_referrer(request_user(request)):
        raise Http404("No consent to withdraw")
    form = WithdrawConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        cancelled = services.withdraw_consent(
            actor=request_user(request), consent=consent, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            f"Consent withdrawn. {referral.receiving_organization} can no longer see the "
            f"person's details; {len(cancelled)} open referral(s) to it cancelled.",
        )
        return redirect(_detail_url(referral))
    return render(
        request,
        "referrals/work/withdraw_consent.html",
        {"referral": referral, "consent": consent, "form": form},
    )
