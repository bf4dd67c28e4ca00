"""Running a health check, for partnership managers: set up a wave, invite representatives,
open it (the links go out), follow the replies, resend or withdraw a link, close it.

Every wave is looked up through `Wave.objects.managed_by(user)`: members and outsiders get 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from joinedup.partnerships import services
from joinedup.partnerships.forms.waves import RepresentativesForm, WaveForm
from joinedup.partnerships.models import Invitation, Partnership, Wave
from joinedup.partnerships.services import invitations as invitation_services
from joinedup.partnerships.views.common import person


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a use case's refusal on the form, beside the field it is about where it has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def managed_wave(request: HttpRequest, partnership_id: int, wave_id: int) -> Wave:
    return get_object_or_404(
        Wave.objects.managed_by(person(request)).select_related("partnership", "instrument"),
        partnership_id=partnership_id,
        pk=wave_id,
    )


@login_required
def create_wave(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = get_object_or_404(
        Partnership.objects.managed_by(person(request)), pk=partnership_id
    )
    form = WaveForm(
        request.POST if request.method == "POST" else None,
        partnership=partnership,
        initial={"organizations": [m.organization_id for m in partnership.members.all()]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.create_wave(
                actor=person(request),
                partnership=partnership,
                instrument=form.cleaned_data["instrument"],
                title=form.cleaned_data["title"],
                organizations=form.cleaned_data["organizations"],
                closes_on=form.cleaned_data["closes_on"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, "Health check set up. Now invite a representative of each organisation."
            )
            return redirect(
                "partnerships:view-wave", partnership_id=partnership.pk, wave_id=wave.pk
            )
    return render(
        request, "partnerships/waves/create.html", {"partnership": partnership, "form": form}
    )


def _wave_page(
    request: HttpRequest,
    wave: Wave,
    form: RepresentativesForm | None = None,
    problem: ValidationError | None = None,
) -> HttpResponse:
    """The wave's page; a refused button press (`problem`) is said at the top, nothing lost."""
    invitations = (
        Invitation.objects.filter(wave=wave)
        .select_related("organization", "response")
        .order_by("organization__name", "email")
    )
    return render(
        request,
        "partnerships/waves/detail.html",
        {
            "partnership": wave.partnership,
            "wave": wave,
            "progress": wave.progress(),
            "invitations": list(invitations),
            "form": form or RepresentativesForm(wave=wave),
            "problems": problem.messages if problem is not None else [],
        },
        status=409 if problem is not None else 400 if form is not None and form.errors else 200,
    )


@login_required
def view_wave(request: HttpRequest, partnership_id: int, wave_id: int) -> HttpResponse:
    return _wave_page(request, managed_wave(request, partnership_id, wave_id))


@login_required
@require_POST
def add_representatives(request: HttpRequest, partnership_id: int, wave_id: int) -> HttpResponse:
    wave = managed_wave(request, partnership_id, wave_id)
    form = RepresentativesForm(request.POST, wave=wave)
    if form.is_valid():
        try:
            added = invitation_services.add_representatives(
                actor=person(request),
                wave=wave,
                organization=form.cleaned_data["organization"],
                people=form.cleaned_data["people"],
            )
        except ValidationError as error:
            form.add_error("people", error)
        else:
            sent = " and sent their links" if wave.status == "open" else ""
            messages.success(request, f"Invited {len(added)} {_people(len(added))}{sent}")
            return redirect(
                "partnerships:view-wave", partnership_id=partnership_id, wave_id=wave.pk
            )
    return _wave_page(request, wave, form)


def _people(count: int) -> str:
    return "person" if count == 1 else "people"


@login_required
@require_POST
def open_wave(request: HttpRequest, partnership_id: int, wave_id: int) -> HttpResponse:
    wave = managed_wave(request, partnership_id, wave_id)
    try:
        invitation_services.open_wave_and_send(actor=person(request), wave=wave)
    except ValidationError as error:
        return _wave_page(request, wave, problem=error)
    messages.success(request, "The health check is open. Invitations are on their way.")
    return redirect("partnerships:view-wave", partnership_id=partnership_id, wave_id=wave.pk)


@login_required
@require_POST
def close_wave(request: HttpRequest, partnership_id: int, wave_id: int) -> HttpResponse:
    wave = managed_wave(request, partnership_id, wave_id)
    try:
        services.close_wave(actor=person(request), wave=wave)
    except ValidationError as error:
        return _wave_page(request, wave, problem=error)
    messages.success(request, "The health check is closed. Members can now see the results.")
    return redirect("partnerships:wave-results", partnership_id=partnership_id, wave_id=wave.pk)


def _invitation(request: HttpRequest, wave: Wave, invitation_id: int) -> Invitation:
    return get_object_or_404(
        Invitation.objects.filter(wave=wave).select_related("organization", "wave__partnership"),
        pk=invitation_id,
    )


@login_required
@require_POST
def resend_invitation(
    request: HttpRequest, partnership_id: int, wave_id: int, invitation_id: int
) -> HttpResponse:
    wave = managed_wave(request, partnership_id, wave_id)
    invitation = _invitation(request, wave, invitation_id)
    try:
        invitation_services.resend_invitation(actor=person(request), invitation=invitation)
    except ValidationError as error:
        return _wave_page(request, wave, problem=error)
    messages.success(request, f"A new link is on its way to {invitation.email}")
    return redirect("partnerships:view-wave", partnership_id=partnership_id, wave_id=wave.pk)


@login_required
@require_POST
def withdraw_invitation(
    request: HttpRequest, partnership_id: int, wave_id: int, invitation_id: int
) -> HttpResponse:
    wave = managed_wave(request, partnership_id, wave_id)
    invitation = _invitation(request, wave, invitation_id)
    try:
        services.revoke_invitation(actor=person(request), invitation=invitation)
    except ValidationError as error:
        return _wave_page(request, wave, problem=error)
    messages.success(request, f"The link sent to {invitation.email} no longer works")
    return redirect("partnerships:view-wave", partnership_id=partnership_id, wave_id=wave.pk)
