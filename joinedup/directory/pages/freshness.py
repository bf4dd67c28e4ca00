"""Keeping listings fresh: the emailed "still right" link, and the managers' list of stale
listings and of organisations nobody can answer for."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from joinedup.directory import freshness
from joinedup.directory.models import Organization, Service
from joinedup.directory.pages.common import person
from joinedup.directory.permissions import manages_a_partnership

PER_PAGE = 50


def _link_unusable(request: HttpRequest, error: freshness.LinkInvalid) -> HttpResponse:
    expired = isinstance(error, freshness.LinkExpired)
    return render(
        request,
        "directory/fresh/link_unusable.html",
        {"expired": expired, "days": freshness.STILL_RIGHT_LINK_DAYS},
        status=410 if expired else 404,
    )


# The signed link is the permission: what it shows is never cached (ADR 30).
@never_cache
def still_right(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in needed: the signed link is the permission, for this one listing's checked date
    only. Opening it changes nothing (mail scanners open links); the button does."""
    try:
        if request.method == "POST":
            link = freshness.confirm_still_right(token=token)
            messages.success(request, f"Thank you: {link.service.name} is marked as checked")
            return redirect("directory:still-right", token=token)
        link = freshness.read_still_right(token)
    except freshness.LinkInvalid as error:
        return _link_unusable(request, error)
    return render(
        request,
        "directory/fresh/still_right.html",
        {"link": link, "interval_days": settings.JOINEDUP_STALE_AFTER_DAYS},
    )


@login_required
def list_stale(request: HttpRequest) -> HttpResponse:
    """Partnership managers only, and only their partnership's listings (ADR 33); for anyone
    else the page does not exist."""
    user = person(request)
    if not manages_a_partnership(user):
        raise Http404("No such page")
    managed = Organization.objects.managed_by(user)
    stale = (
        Service.objects.published()
        .filter(organization__in=managed.values("pk"))
        .stale()
        .select_related("organization")
        .order_by(F("assured_date").asc(nulls_first=True), "name", "pk")
    )
    page = Paginator(stale, PER_PAGE).get_page(request.GET.get("page"))
    unanswered = (
        managed.published()
        .without_active_members()
        .annotate(listings=Count("services", filter=Q(services__published=True)))
        .order_by("name", "pk")
    )
    return render(
        request,
        "directory/fresh/stale.html",
        {
            "page_obj": page,
            "page_range": list(
                page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            ),
            "query_string": "",
            "unanswered": list(unanswered),
            "interval_days": settings.JOINEDUP_STALE_AFTER_DAYS,
        },
    )
