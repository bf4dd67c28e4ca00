"""The person's support plan: the page (printable), its PDF, and sending it to the person.
Only the referring organisation's members find it; anyone else gets 404 (ADR 23)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from joinedup.referrals.forms.plan import SendPlanForm
from joinedup.referrals.models import Referral
from joinedup.referrals.plan_pdf import support_plan_pdf
from joinedup.referrals.services import support_plan
from joinedup.referrals.views.work.common import request_user, show_errors


def _read(
    request: HttpRequest, prescription_id: uuid.UUID, shown_as: str
) -> support_plan.SupportPlan:
    try:
        return support_plan.read_support_plan(
            actor=request_user(request), prescription_id=prescription_id, shown_as=shown_as
        )
    except Referral.DoesNotExist:
        raise Http404("No support plan") from None


def _render(
    request: HttpRequest, plan: support_plan.SupportPlan, form: SendPlanForm, status: int = 200
) -> HttpResponse:
    context = {"plan": plan, "form": form, "emergency": support_plan.EMERGENCY}
    return render(request, "referrals/plan/plan.html", context, status=status)


@never_cache
@login_required
def plan(request: HttpRequest, prescription_id: uuid.UUID) -> HttpResponse:
    found = _read(request, prescription_id, "page")
    return _render(request, found, SendPlanForm(initial=SendPlanForm.initial_for(found)))


@never_cache
@login_required
def plan_pdf(request: HttpRequest, prescription_id: uuid.UUID) -> HttpResponse:
    found = _read(request, prescription_id, "pdf")
    response = HttpResponse(support_plan_pdf(found), content_type="application/pdf")
    name = f"support-plan-{found.made_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@login_required
@require_POST
def send_plan(request: HttpRequest, prescription_id: uuid.UUID) -> HttpResponse:
    form = SendPlanForm(request.POST)
    if form.is_valid():
        channel = form.cleaned_data["channel"]
        try:
            support_plan.send_support_plan(
                actor=request_user(request),
                prescription_id=prescription_id,
                channel=channel,
                to=form.address(),
                person_agreed=form.cleaned_data["person_agreed"],
            )
        except Referral.DoesNotExist:
            raise Http404("No support plan") from None
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            how = "by email" if channel == "email" else "by text message"
            messages.success(request, f"The plan is on its way {how} to {form.address().strip()}")
            return redirect(reverse("referrals:support-plan", args=[prescription_id]))
    return _render(request, _read(request, prescription_id, "page"), form, status=400)
