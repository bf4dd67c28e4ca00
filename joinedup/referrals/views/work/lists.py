"""The receiving team's inbox and the referrer's "my referrals", one organisation at a time."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from joinedup.directory.models import Attribute, Organization, Service
from joinedup.referrals.forms.work import (
    InboxFilterForm,
    SentFilterForm,
)
from joinedup.referrals.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Referral,
    ReferralEvent,
    Status,
)
from joinedup.referrals.services.common import NO_RESPONSE
from joinedup.referrals.services.expiry import expiry_days_for, overdue_after_days
from joinedup.referrals.views.work.common import request_user

PER_PAGE = 20


def _organisation(request: HttpRequest) -> tuple[Organization | None, QuerySet[Organization]]:
    """The organisation whose list to show: ?organisation= among the user's own (404 for any
    other), else the first of theirs; None if they belong to none."""
    organisations = Organization.objects.of_user(request_user(request)).order_by("name")
    wanted = request.GET.get("organisation", "")
    if wanted:
        try:
            return get_object_or_404(organisations, pk=uuid.UUID(wanted)), organisations
        except ValueError:
            raise Http404("No such organisation") from None
    return organisations.first(), organisations


def _page(request: HttpRequest, queryset: QuerySet[Referral]) -> tuple[Any, list[Any]]:
    paginator = Paginator(queryset, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return page, list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


def _query_string(form: forms.Form, names: list[str]) -> str:
    return urlencode({n: v for n in names if (v := form.value(n))})  # type: ignore[attr-defined]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The receiving team's referrals: new, in progress, overdue, closed."""
    organisation, organisations = _organisation(request)
    if organisation is None:
        return render(request, "referrals/work/no_organisation.html", {"title": "Inbox"})
    org_services = Service.objects.filter(organization=organisation).order_by("name").only("name")
    form = InboxFilterForm(request.GET or None, organisations=organisations, services=org_services)
    user = request_user(request)
    now = timezone.now()
    period = expiry_days_for(organisation.pk)
    overdue_cutoff = now - datetime.timedelta(days=overdue_after_days(period))
    received = Referral.objects.visible_to(user).received_by(organisation)
    views = {
        "new": Q(status=Status.REQUESTED),
        "in_progress": Q(status__in=OPEN_STATUSES - {Status.REQUESTED}),
        "overdue": Q(status=Status.REQUESTED, requested_at__lte=overdue_cutoff),
        "closed": Q(status__in=CLOSED_STATUSES),
        "all": Q(),
    }
    view = form.value("view") or "new"
    found = received.filter(views[view])
    if service := form.value("service"):
        found = found.filter(service_id=service)
    if urgency := form.value("urgency"):
        found = found.filter(urgency=urgency)
    if status := form.value("status"):
        found = found.filter(status=status)
    waiting_first = view in ("new", "overdue")
    found = found.select_related("service", "referring_organization").order_by(
        "requested_at" if waiting_first else "-status_changed_at", "pk"
    )
    page, page_range = _page(request, found)
    for referral in page.object_list:
        referral.expires_at = None
        referral.overdue = False
        if referral.status == Status.REQUESTED and referral.requested_at:
            referral.expires_at = referral.requested_at + datetime.timedelta(days=period)
            referral.overdue = referral.requested_at <= overdue_cutoff
    filters = ["organisation", "service", "urgency", "status"]
    base = _query_string(form, filters)
    tabs = [
        {
            "key": key,
            "label": label,
            "count": received.filter(views[key]).count() if key != "all" else None,
            "query": urlencode({"organisation": str(organisation.pk), "view": key}),
        }
        for key, label in InboxFilterForm.VIEWS
    ]
    return render(
        request,
        "referrals/work/inbox.html",
        {
            "organisation": organisation,
            "several": len(organisations) > 1,
            "form": form,
            "view": view,
            "tabs": tabs,
            "page_obj": page,
            "page_range": page_range,
            "query_string": "&".join(q for q in (base, f"view={view}") if q),
            "period": period,
        },
    )


@login_required
def sent(request: HttpRequest) -> HttpResponse:
    """The referrer's organisation's referrals; expired ones offer another service."""
    organisation, organisations = _organisation(request)
    if organisation is None:
        return render(request, "referrals/work/no_organisation.html", {"title": "My referrals"})
    form = SentFilterForm(request.GET or None, organisations=organisations)
    user = request_user(request)
    expired = ReferralEvent.objects.filter(
        referral=OuterRef("pk"), to_status=Status.CANCELLED, reason_code=NO_RESPONSE
    )
    mine = Referral.objects.visible_to(user).sent_by(organisation).exclude(status=Status.DRAFT)
    mine = mine.annotate(expired=Exists(expired))
    views = {
        "open": Q(status__in=OPEN_STATUSES),
        "expired": Q(expired=True),
        "closed": Q(status__in=CLOSED_STATUSES),
        "all": Q(),
    }
    view = form.value("view") or "all"
    found = mine.filter(views[view])
    if urgency := form.value("urgency"):
        found = found.filter(urgency=urgency)
    if status := form.value("status"):
        found = found.filter(status=status)
    if form.value("mine"):
        found = found.filter(referring_user=user)
    found = found.select_related("service", "receiving_organization", "referring_user").order_by(
        "-status_changed_at", "pk"
    )
    page, page_range = _page(request, found)
    # "Choose another service" searches the directory under the expired service's category
    # (never the need: it is the person's words and would end up in logs as a URL).
    expired_services = {r.service_id for r in page.object_list if r.expired}
    category: dict[Any, Any] = {}
    for service_id, term_id in Attribute.objects.filter(
        link_entity="service", link_id__in=expired_services
    ).values_list("link_id", "taxonomy_term_id"):
        category.setdefault(service_id, term_id)
    home = reverse("search:home")
    for referral in page.object_list:
        term = category.get(referral.service_id)
        referral.another_service_url = f"{home}?{urlencode({'category': term})}" if term else home
    tabs = [
        {
            "key": key,
            "label": label,
            "query": urlencode({"organisation": str(organisation.pk), "view": key}),
        }
        for key, label in SentFilterForm.VIEWS
    ]
    base = _query_string(form, ["organisation", "urgency", "status", "mine"])
    return render(
        request,
        "referrals/work/sent.html",
        {
            "organisation": organisation,
            "several": len(organisations) > 1,
            "form": form,
            "view": view,
            "tabs": tabs,
            "page_obj": page,
            "page_range": page_range,
            "query_string": "&".join(q for q in (base, f"view={view}") if q),
        },
    )
