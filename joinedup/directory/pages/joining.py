"""Asking to join the partnership (public), and the managers' pages to decide on requests."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from joinedup.core import limits
from joinedup.core.links import link_builder
from joinedup.directory import joining
from joinedup.directory.models import JoinRequest, Organization
from joinedup.directory.pages.common import person, show_errors
from joinedup.directory.pages.forms import DecisionForm, JoinForm
from joinedup.directory.permissions import manages_a_partnership


def _claim(request: HttpRequest) -> Organization | None:
    """The published listing being claimed (?claim=<id>), if it can be claimed."""
    claim_id = request.GET.get("claim") or request.POST.get("claim")
    if not claim_id:
        return None
    try:
        organisation = Organization.objects.published().get(pk=uuid.UUID(claim_id))
    except (ValueError, Organization.DoesNotExist):
        raise Http404("No such listing") from None
    if not joining.claimable(organisation):
        raise Http404("This listing is looked after already")
    return organisation


def ask_to_join(request: HttpRequest) -> HttpResponse:
    claim = _claim(request)
    form = JoinForm(request.POST if request.method == "POST" else None, claiming=claim is not None)
    if request.method == "POST" and form.is_valid():
        # Before the write: a refused request left nothing, an accepted one stays.
        limits.enforce(request, "join", settings.RATELIMIT_JOIN)
        data = form.cleaned_data
        try:
            joining.request_to_join(
                organization_name=claim.name if claim else data["organization_name"],
                sector=data["sector"],
                charity_number=data["charity_number"],
                company_number=data["company_number"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                claim=claim,
                link=link_builder(request),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect("directory:join-sent")
    return render(request, "directory/join/ask.html", {"form": form, "claim": claim})


def join_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/join/sent.html")


@login_required
def list_join_requests(request: HttpRequest) -> HttpResponse:
    if not manages_a_partnership(person(request)):
        raise Http404
    visible = JoinRequest.objects.visible_to(person(request)).select_related(
        "claimed_organization", "decided_by"
    )
    return render(
        request,
        "directory/join/requests.html",
        {
            "pending": list(visible.pending().order_by("created_at")),
            "decided": list(visible.exclude(status=JoinRequest.Status.PENDING)[:50]),
        },
    )


def _decide(request: HttpRequest, join_request: JoinRequest, form: DecisionForm) -> str:
    """Carry out the manager's decision; returns what to tell them."""
    if form.cleaned_data["decision"] == DecisionForm.APPROVE:
        organisation = joining.approve_join_request(
            actor=person(request),
            join_request=join_request,
            link=link_builder(request),
            partnership_id=form.cleaned_data.get("partnership") or None,
        )
        return f"{organisation.name} has joined. We have emailed {join_request.contact_email}."
    joining.decline_join_request(
        actor=person(request), join_request=join_request, reason=form.cleaned_data["reason"]
    )
    return f"Request declined. We have emailed the reason to {join_request.contact_email}."


@login_required
def view_join_request(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    join_request = get_object_or_404(
        JoinRequest.objects.visible_to(person(request)).select_related(
            "claimed_organization", "organization", "decided_by"
        ),
        pk=request_id,
    )
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        partnerships=joining.joining_partnerships(person(request)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = _decide(request, join_request, form)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(reverse("directory:list-join-requests"))
    return render(
        request, "directory/join/request.html", {"join_request": join_request, "form": form}
    )
