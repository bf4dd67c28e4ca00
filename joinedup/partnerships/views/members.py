"""A partnership's members and settings: everyone in the partnership reads who is in it, in what
role and sector, and who manages it; its managers add members and managers, change a member's
role or sector and set the referral periods. Outsiders get 404; each change is one audited
service call."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render

from joinedup.partnerships import services
from joinedup.partnerships.forms.members import (
    AddManagerForm,
    AddMemberForm,
    MemberForm,
    SettingsForm,
)
from joinedup.partnerships.models import Partnership, PartnershipMember
from joinedup.partnerships.views.common import person, visible_partnership


def _forms(request: HttpRequest, partnership: Partnership, posted: str) -> dict[str, forms.Form]:
    """The manager's three forms; only the one whose button was pressed is bound."""

    def data(name: str) -> QueryDict | None:
        return request.POST if posted == name else None

    candidates = partnership.candidates_for(person(request)).order_by("name")
    return {
        "settings": SettingsForm(
            data("settings"),
            prefix="settings",
            initial={
                "referral_expiry_days": partnership.referral_expiry_days,
                "closed_referral_retention_months": partnership.closed_referral_retention_months,
                "suppression_threshold": partnership.suppression_threshold,
            },
        ),
        "member": AddMemberForm(data("member"), prefix="member", candidates=list(candidates)),
        "manager": AddManagerForm(data("manager"), prefix="manager"),
    }


def _save(request: HttpRequest, partnership: Partnership, name: str, form: Any) -> str:
    """Call the form's use case; returns the message to show."""
    user, data = person(request), form.cleaned_data
    if name == "settings":
        services.update_partnership_settings(actor=user, partnership=partnership, **data)
        return "Referral settings saved"
    if name == "member":
        member = services.add_member(
            actor=user,
            partnership=partnership,
            organization=data["organization"],
            role=data["role"],
            sector_override=data["sector_override"],
        )
        return f"{member.organization.name} added as a member"
    services.add_manager(actor=user, partnership=partnership, user=data["email"])
    return f"{data['email'].email} now manages {partnership.name}"


@login_required
def list_members(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    is_manager = partnership.is_managed_by(person(request))
    posted = request.POST.get("form", "") if request.method == "POST" else ""
    if request.method == "POST" and not is_manager:
        raise Http404
    manager_forms = _forms(request, partnership, posted) if is_manager else {}
    form = manager_forms.get(posted)
    if form is not None and form.is_valid():
        try:
            message = _save(request, partnership, posted, form)
        except (ValidationError, ValueError) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, message)
            return redirect("partnerships:members", partnership_id=partnership.pk)
    members = partnership.members.select_related("organization").order_by("organization__name")
    return render(
        request,
        "partnerships/members/list.html",
        {
            "partnership": partnership,
            "is_manager": is_manager,
            "members": members,
            "managers": partnership.managers.order_by("email"),
            "forms": manager_forms,
            "has_errors": form is not None and bool(form.errors),
        },
    )


@login_required
def change_member(request: HttpRequest, partnership_id: int, member_id: int) -> HttpResponse:
    partnership = get_object_or_404(
        Partnership.objects.managed_by(person(request)), pk=partnership_id
    )
    member = get_object_or_404(
        PartnershipMember.objects.filter(partnership=partnership).select_related("organization"),
        pk=member_id,
    )
    form = MemberForm(
        request.POST if request.method == "POST" else None,
        initial={"role": member.role, "sector_override": member.sector_override},
    )
    if request.method == "POST" and form.is_valid():
        services.change_member(actor=person(request), member=member, **form.cleaned_data)
        messages.success(request, f"{member.organization.name}'s membership changed")
        return redirect("partnerships:members", partnership_id=partnership.pk)
    return render(
        request,
        "partnerships/members/change.html",
        {"partnership": partnership, "member": member, "form": form},
    )
