"""The receiving team's inbox and the referrer's "my referrals", one organisation at a time.

What "new", "in progress", "overdue", "closed" and "expired" mean is `ReferralQuerySet`'s
(shared with the API and the reminders); these views only pick, filter, page and render."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
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
from joinedup.referrals.models import Referral, Status
from joinedup.referrals.models.referrals import ReferralQuerySet, expiry_days_for
from joinedup.referrals.services.listing import read_names_in_list
from joinedup.referrals.views.work.common import request_user

PER_PAGE = 20
SHARED_FILTERS = ["urgency", "status", "overdue"]


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


def _filtered(
    found: ReferralQuerySet, form: InboxFilterForm | SentFilterForm, now: Any
) -> ReferralQuerySet:
    """The filters both lists share: person's name, urgency, status, only overdue."""
    if person := form.value("person"):
        found = found.for_person_named(person)
    if urgency := form.value("urgency"):
        found = found.filter(urgency=urgency)
    if status := form.value("status"):
        found = found.filter(status=status)
    if form.value("overdue"):
        found = found.overdue(now)
    return found


def _filtering(form: InboxFilterForm | SentFilterForm) -> bool:
    """Whether any filter narrows the list (the organisation and the view do not count)."""
    return any(form.value(n) for n in form.fields if n not in ("organisation", "view"))


def _groups(referrals: list[Referral]) -> list[list[Referral]]:
    """Consecutive referrals of one prescription (one send) together."""
    return [list(g) for _, g in itertools.groupby(referrals, key=lambda r: r.prescription)]


def _tabs(
    organisation: Organization, views: list[tuple[str, str]], counts: dict[str, int]
) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "label": label,
            "count": counts.get(key),
            "query": urlencode({"organisation": str(organisation.pk), "view": key}),
        }
        for key, label in views
    ]


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
    received = Referral.objects.visible_to(user).received_by(organisation)
    view = form.value("view") or "new"
    found = _filtered(received.in_view(view, now).with_person_visible(user), form, now)
    if service := form.value("service"):
        found = found.filter(service_id=service)
    found = found.with_overdue(now).select_related(
        "service", "person", "referring_organization", "receiving_organization"
    )
    # Waiting ones most urgent first, then the longest waiting; the rest latest change first.
    if view in ("new", "overdue"):
        found = found.by_urgency()
    else:
        found = found.order_by("-status_changed_at", "pk")
    page, page_range = _page(request, found)
    read_names_in_list(actor=user, referrals=page.object_list, listed_in="inbox")
    period = expiry_days_for(organisation.pk)
    for referral in page.object_list:
        referral.expires_at = referral.answer_by(period)
    counts = received.view_counts([key for key, _ in InboxFilterForm.VIEWS if key != "all"], now)
    base = _query_string(form, ["organisation", "person", "service", *SHARED_FILTERS])
    return render(
        request,
        "referrals/work/inbox.html",
        {
            "organisation": organisation,
            "several": len(organisations) > 1,
            "form": form,
            "view": view,
            "tabs": _tabs(organisation, InboxFilterForm.VIEWS, counts),
            "page_obj": page,
            "groups": _groups(list(page.object_list)),
            "page_range": page_range,
            "query_string": "&".join(q for q in (base, f"view={view}") if q),
            "filtering": _filtering(form),
            "period": period,
        },
    )


def _another_service_urls(referrals: list[Any]) -> None:
    """ "Choose another service" searches the directory under the expired service's category
    (never the need: it is the person's words and would end up in logs as a URL)."""
    expired_services = {r.service_id for r in referrals if r.expired}
    category: dict[Any, Any] = {}
    for service_id, term_id in Attribute.objects.filter(
        link_entity="service", link_id__in=expired_services
    ).values_list("link_id", "taxonomy_term_id"):
        category.setdefault(service_id, term_id)
    home = reverse("search:home")
    for referral in referrals:
        term = category.get(referral.service_id)
        referral.another_service_url = f"{home}?{urlencode({'category': term})}" if term else home


@login_required
def sent(request: HttpRequest) -> HttpResponse:
    """The referrer's organisation's referrals, a prescription's together; expired ones offer
    another service."""
    organisation, organisations = _organisation(request)
    if organisation is None:
        return render(request, "referrals/work/no_organisation.html", {"title": "My referrals"})
    form = SentFilterForm(request.GET or None, organisations=organisations)
    user = request_user(request)
    now = timezone.now()
    mine = Referral.objects.visible_to(user).sent_by(organisation).exclude(status=Status.DRAFT)
    view = form.value("view") or "all"
    found = _filtered(mine.in_view(view, now).with_person_visible(user), form, now)
    if form.value("mine"):
        found = found.filter(referring_user=user)
    found = (
        found.with_overdue(now)
        .with_expired()
        .select_related(
            "service",
            "person",
            "referring_organization",
            "receiving_organization",
            "referring_user",
        )
        .by_prescription()
    )
    page, page_range = _page(request, found)
    read_names_in_list(actor=user, referrals=page.object_list, listed_in="sent")
    _another_service_urls(list(page.object_list))
    base = _query_string(form, ["organisation", "person", *SHARED_FILTERS, "mine"])
    return render(
        request,
        "referrals/work/sent.html",
        {
            "organisation": organisation,
            "several": len(organisations) > 1,
            "form": form,
            "view": view,
            "tabs": _tabs(organisation, SentFilterForm.VIEWS, {}),
            "page_obj": page,
            "groups": _groups(list(page.object_list)),
            "page_range": page_range,
            "query_string": "&".join(q for q in (base, f"view={view}") if q),
            "filtering": _filtering(form),
        },
    )
