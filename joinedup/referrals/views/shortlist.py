"""The practitioner's shortlist: add and remove services from search results and service pages,
see capacity and how each takes referrals, then refer to the ones that take them here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from joinedup.directory.models import Organization
from joinedup.referrals.services import capacity_warning
from joinedup.referrals.shortlist import MAX_SHORTLIST, Shortlist
from joinedup.referrals.views.refer import (
    referable_services,
    referred_here,
    user_of,
    uuid_strings,
)


def _back(request: HttpRequest) -> str:
    """Where the button was pressed (a search results page, a service page), else the list."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("referrals:shortlist")


@require_POST
@login_required
def change_shortlist(request: HttpRequest) -> HttpResponse:
    """Add (`add=<service id>`) or remove (`remove=<service id>`) one service, then go back."""
    shortlist = Shortlist(request)
    if removed := request.POST.get("remove"):
        shortlist.remove(removed)
    elif added := uuid_strings([request.POST.get("add", "")]):
        service = referable_services().filter(pk=added[0]).first()
        if service is not None and not shortlist.add(added[0]):
            return render(
                request,
                "referrals/refer/shortlist_full.html",
                {"max": MAX_SHORTLIST, "back": _back(request)},
                status=409,
            )
        if service is not None:
            shortlist.added_now(service.name)
    return redirect(_back(request))


@login_required
def show_shortlist(request: HttpRequest) -> HttpResponse:
    """The shortlist: each service with its capacity and how it takes referrals; services that
    do not take referrals here say what to do instead."""
    shortlist = Shortlist(request)
    found = {
        str(s.pk): s
        for s in referable_services()
        .filter(pk__in=shortlist.ids)
        .select_related("organization")
        .prefetch_related("phones")
    }
    rows: list[dict[str, Any]] = [
        {
            "service": found[i],
            "warning": capacity_warning(found[i]),
            "referable": referred_here(found[i]),
        }
        for i in shortlist.ids
        if i in found
    ]
    member = Organization.objects.of_user(user_of(request)).exists()
    return render(
        request,
        "referrals/refer/shortlist.html",
        {
            "rows": rows,
            "referable": [r for r in rows if r["referable"]],
            "member": member,
        },
    )
