"""An organisation's people: who is in it, invitations, roles; and accepting an invitation.

Only the organisation's admins and partnership managers see these pages; for anyone else the
organisation's people pages do not exist (404)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from joinedup.core.links import link_builder
from joinedup.core.views import SIGN_IN_BACKEND
from joinedup.directory import people
from joinedup.directory.models import Membership, Organization, OrganizationInvitation
from joinedup.directory.pages.common import person, show_errors
from joinedup.directory.pages.forms import AcceptInvitationForm, InviteForm, RoleForm


def _organisation(request: HttpRequest, organisation_id: uuid.UUID) -> Organization:
    return get_object_or_404(Organization.objects.editable_by(person(request)), pk=organisation_id)


def _membership(organisation: Organization, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.filter(organization=organisation).select_related("user", "organization"),
        pk=membership_id,
    )


def _people_url(organisation: Organization) -> str:
    return reverse("directory:list-people", args=[organisation.pk])


@login_required
def list_people(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    organisation = _organisation(request, organisation_id)
    memberships = (
        Membership.objects.filter(organization=organisation)
        .select_related("user")
        .order_by("user__email")
    )
    return render(
        request,
        "directory/people/list.html",
        {
            "organisation": organisation,
            "memberships": list(memberships),
            "invitations": list(organisation.invitations.pending().order_by("email")),
        },
    )


@login_required
def invite_person(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    organisation = _organisation(request, organisation_id)
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        initial={"role": Membership.Role.MEMBER},
    )
    if request.method == "POST" and form.is_valid():
        try:
            people.invite_person(
                actor=person(request),
                organization=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                link=link_builder(request),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}")
            return redirect(_people_url(organisation))
    return render(
        request, "directory/people/invite.html", {"organisation": organisation, "form": form}
    )


@login_required
def change_role(
    request: HttpRequest, organisation_id: uuid.UUID, membership_id: int
) -> HttpResponse:
    organisation = _organisation(request, organisation_id)
    membership = _membership(organisation, membership_id)
    form = RoleForm(
        request.POST if request.method == "POST" else None, initial={"role": membership.role}
    )
    if request.method == "POST" and form.is_valid():
        try:
            people.change_role(
                actor=person(request), membership=membership, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Role changed for {membership.user.display_name}")
            return redirect(_people_url(organisation))
    return render(
        request,
        "directory/people/role.html",
        {"organisation": organisation, "membership": membership, "form": form},
    )


@login_required
def remove_person(
    request: HttpRequest, organisation_id: uuid.UUID, membership_id: int
) -> HttpResponse:
    organisation = _organisation(request, organisation_id)
    membership = _membership(organisation, membership_id)
    error = ""
    if request.method == "POST":
        try:
            people.remove_person(actor=person(request), membership=membership)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, f"{membership.user.display_name} has been removed")
            if not organisation.is_editable_by(person(request)):
                return redirect("directory:list-your-services")
            return redirect(_people_url(organisation))
    return render(
        request,
        "directory/people/remove.html",
        {"organisation": organisation, "membership": membership, "error": error},
        status=409 if error else 200,
    )


@login_required
@require_POST
def cancel_invitation(
    request: HttpRequest, organisation_id: uuid.UUID, invitation_id: uuid.UUID
) -> HttpResponse:
    organisation = _organisation(request, organisation_id)
    invitation = get_object_or_404(organisation.invitations.all(), pk=invitation_id)
    try:
        people.cancel_invitation(actor=person(request), invitation=invitation)
    except people.InvitationUnusable:
        pass  # already used, cancelled or expired: the list shows it is no longer pending
    else:
        messages.success(request, f"The invitation to {invitation.email} has been cancelled")
    return redirect(_people_url(organisation))


def _unusable(
    request: HttpRequest, invitation: OrganizationInvitation | None, state: str
) -> HttpResponse:
    return render(
        request,
        "directory/people/invitation_unusable.html",
        {"invitation": invitation, "state": state},
        status=404 if invitation is None else 410,
    )


# The secret link is the permission: what it shows is never cached (ADR 30).
@never_cache
def accept_invitation(request: HttpRequest, secret: str) -> HttpResponse:
    invitation = people.invitation_for_secret(secret)
    if invitation is None:
        return _unusable(request, None, "unknown")
    if invitation.state != OrganizationInvitation.State.PENDING:
        return _unusable(request, invitation, invitation.state)
    user = person(request)
    signed_in = user.is_authenticated
    posted = request.method == "POST"
    form = AcceptInvitationForm(request.POST if posted and not signed_in else None)
    context: dict[str, Any] = {
        "invitation": invitation,
        "form": None if signed_in else form,
        "has_account": people.has_account(invitation),
    }
    if request.method == "POST" and (signed_in or form.is_valid()):
        try:
            membership = people.accept_invitation(
                invitation=invitation,
                user=user if signed_in else None,
                password="" if signed_in else form.cleaned_data["new_password1"],
                full_name="" if signed_in else form.cleaned_data["full_name"],
            )
        except people.InvitationUnusable as unusable:
            return _unusable(request, invitation, unusable.state)
        except PermissionDenied as refused:
            context["refused"] = str(refused)
        except ValidationError as error:
            show_errors(form, error)
        else:
            if not signed_in:
                login(request, membership.user, backend=SIGN_IN_BACKEND)
            messages.success(request, f"You have joined {invitation.organization.name}")
            return redirect("directory:list-your-services")
    return render(request, "directory/people/accept.html", context)
