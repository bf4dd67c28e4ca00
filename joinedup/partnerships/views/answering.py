"""Answering a health check from the emailed link: no sign-in, the token is the key.

Start (the respondent's role), one page per section, check your answers, send. Every page
saves as it goes, so the same link resumes where the person left off; once the answers are
sent the link only says so. A link that is unknown or withdrawn is a 404; a closed or expired
wave, or answers already sent, get a page that says exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from joinedup.core.models import User
from joinedup.partnerships import services
from joinedup.partnerships.forms.waves import DONT_KNOW, LevelForm, SectionAnswersForm
from joinedup.partnerships.models import (
    InstrumentSection,
    Invitation,
    Response,
    Statement,
    WaveStatus,
)
from joinedup.partnerships.views.common import person


@dataclass
class Section:
    number: int
    section: InstrumentSection
    statements: list[Statement]
    first_number: int


def _sections(invitation: Invitation) -> list[Section]:
    """The instrument's sections with their statements, numbered straight through (2 queries)."""
    instrument = invitation.wave.instrument
    by_section: dict[int, list[Statement]] = {}
    for statement in Statement.objects.filter(instrument=instrument).order_by(
        "section__position", "position"
    ):
        by_section.setdefault(statement.section_id, []).append(statement)
    found: list[Section] = []
    number = 1
    for index, section in enumerate(instrument.sections.order_by("position"), start=1):
        statements = by_section.get(section.pk, [])
        found.append(Section(index, section, statements, number))
        number += len(statements)
    return found


def _respondent(request: HttpRequest, invitation: Invitation) -> User | None:
    """The signed-in person, when the link was sent to them: their answers become their own."""
    user = person(request)
    if user.is_authenticated and user.email.lower() == invitation.email.lower():
        return user
    return None


def _stop_page(request: HttpRequest, invitation: Invitation | None) -> HttpResponse | None:
    """The page for a link that cannot be answered now, or None when it can."""
    if invitation is None:
        return render(request, "partnerships/answer/stop.html", {"reason": "unknown"}, status=404)
    wave = invitation.wave
    response = Response.objects.filter(invitation=invitation).first()
    if response is not None and response.is_submitted:
        return render(
            request,
            "partnerships/answer/stop.html",
            {"reason": "sent", "wave": wave, "response": response},
            status=409,
        )
    if wave.status == WaveStatus.CLOSED or (
        wave.closes_on is not None and timezone.localdate() > wave.closes_on
    ):
        return render(
            request, "partnerships/answer/stop.html", {"reason": "closed", "wave": wave}, status=410
        )
    if wave.status != WaveStatus.OPEN:
        return render(
            request,
            "partnerships/answer/stop.html",
            {"reason": "not-open", "wave": wave},
            status=409,
        )
    return None


def _invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.by_token(token)
        .select_related("wave__partnership", "wave__instrument", "organization")
        .first()
    )


def _saved(invitation: Invitation) -> tuple[Response | None, dict[str, int | None]]:
    response = Response.objects.filter(invitation=invitation).first()
    if response is None:
        return None, {}
    return response, dict(response.answers.values_list("statement__key", "value"))


def _context(invitation: Invitation, token: str, **extra: Any) -> dict[str, Any]:
    return {
        "invitation": invitation,
        "wave": invitation.wave,
        "partnership": invitation.wave.partnership,
        "token": token,
        **extra,
    }


@never_cache
def start(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    stop = _stop_page(request, invitation)
    if stop is not None:
        return stop
    assert invitation is not None
    response, answers = _saved(invitation)
    sections = _sections(invitation)
    form = LevelForm(
        request.POST if request.method == "POST" else None,
        initial={"level": response.level if response else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_answers(
                invitation=invitation,
                answers={},
                level=form.cleaned_data["level"],
                respondent=_respondent(request, invitation),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Resume at the first section with something unanswered.
            for section in sections:
                if any(s.key not in answers for s in section.statements):
                    return redirect(
                        "partnerships:answer-section", token=token, number=section.number
                    )
            return redirect("partnerships:answer-check", token=token)
    return render(
        request,
        "partnerships/answer/start.html",
        _context(
            invitation,
            token,
            form=form,
            sections=sections,
            statement_count=sum(len(s.statements) for s in sections),
            answered=len(answers),
        ),
        status=400 if form.errors else 200,
    )


@never_cache
def section(request: HttpRequest, token: str, number: int) -> HttpResponse:
    invitation = _invitation(token)
    stop = _stop_page(request, invitation)
    if stop is not None:
        return stop
    assert invitation is not None
    sections = _sections(invitation)
    if not 1 <= number <= len(sections):
        return render(request, "partnerships/answer/stop.html", {"reason": "unknown"}, status=404)
    current = sections[number - 1]
    response, saved = _saved(invitation)
    finishing = request.method == "POST" and "later" not in request.POST
    form = SectionAnswersForm(
        request.POST if request.method == "POST" else None,
        instrument=invitation.wave.instrument,
        statements=current.statements,
        first_number=current.first_number,
        complete=finishing,
        initial={key: (DONT_KNOW if value is None else str(value)) for key, value in saved.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_answers(
                invitation=invitation,
                answers=form.answers(),
                respondent=_respondent(request, invitation),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not finishing:
                return redirect("partnerships:answer-saved", token=token)
            if response is None or not response.level:
                return redirect("partnerships:answer-start", token=token)
            if number < len(sections):
                return redirect("partnerships:answer-section", token=token, number=number + 1)
            return redirect("partnerships:answer-check", token=token)
    return render(
        request,
        "partnerships/answer/section.html",
        _context(
            invitation,
            token,
            form=form,
            current=current,
            section_count=len(sections),
            previous=number - 1 if number > 1 else None,
        ),
        status=400 if form.errors else 200,
    )


@never_cache
def saved(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    stop = _stop_page(request, invitation)
    if stop is not None:
        return stop
    assert invitation is not None
    return render(request, "partnerships/answer/saved.html", _context(invitation, token))


@never_cache
def check(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    stop = _stop_page(request, invitation)
    if stop is not None:
        return stop
    assert invitation is not None
    response, answers = _saved(invitation)
    problems: list[str] = []
    if request.method == "POST":
        try:
            services.submit_response(
                invitation=invitation, respondent=_respondent(request, invitation)
            )
        except ValidationError as error:
            problems = error.messages
        else:
            return redirect("partnerships:answer-sent", token=token)
    instrument = invitation.wave.instrument
    labels = instrument.scale_labels or {}
    sections = []
    missing = 0
    for current in _sections(invitation):
        rows = []
        for offset, statement in enumerate(current.statements):
            if statement.key not in answers:
                shown = None
                missing += 1
            elif answers[statement.key] is None:
                shown = "Don\u2019t know"
            else:
                value = answers[statement.key]
                shown = labels.get(str(value), str(value))
            rows.append((current.first_number + offset, statement, shown))
        sections.append((current, rows))
    return render(
        request,
        "partnerships/answer/check.html",
        _context(
            invitation,
            token,
            response=response,
            sections=sections,
            missing=missing,
            problems=problems,
            level_missing=response is None or not response.level,
        ),
        status=400 if problems else 200,
    )


@never_cache
def sent(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    response = (
        Response.objects.filter(invitation=invitation).first() if invitation is not None else None
    )
    if invitation is None or response is None or not response.is_submitted:
        stop = _stop_page(request, invitation)
        if stop is not None:
            return stop
        return redirect("partnerships:answer-start", token=token)
    return render(
        request,
        "partnerships/answer/sent.html",
        _context(invitation, token, response=response),
    )
