"""Your listing: add a service, fill it in part by part from a task list, preview it as the
public will see it, publish and withdraw it.

Each part is its own page that validates and saves on its own through one use case. Only the
service's organisation admins and its partnership's managers see these pages: for anyone else the
listing's pages do not exist (404).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.core.models import User
from joinedup.directory import listing, services
from joinedup.directory.models import (
    Attribute,
    Organization,
    Schedule,
    Service,
    TaxonomyTerm,
)
from joinedup.directory.pages import listing_forms as lf
from joinedup.directory.pages.common import person, show_errors
from joinedup.directory.views import service_page_context


@dataclass(frozen=True)
class Section:
    """One part of a listing: its page's form, what it starts with, and how it saves."""

    slug: str
    title: str
    form: type[forms.Form]
    initial: Callable[[Service], dict[str, Any]]
    save: Callable[[User, Service, Any], Any]
    done: Callable[[Service], bool]
    template: str = "directory/listing/section.html"


def _core(*names: str) -> Callable[[Service], dict[str, Any]]:
    return lambda service: {name: getattr(service, name) for name in names}


def _update(user: User, service: Service, form: Any) -> Any:
    return services.update_service(actor=user, service=service, changes=form.cleaned_data)


def _hours_initial(service: Service) -> dict[str, Any]:
    """The form's week from the service's schedules. Imported schedules the weekly form cannot
    show (monthly ones, a second session on a day) become lines of the exceptions, so saving
    the form loses nothing a person could read before."""
    initial: dict[str, Any] = {}
    extra: list[str] = []
    rows = Schedule.objects.filter(service=service, location=None, service_at_location=None)
    for row in rows:
        days = row.days()
        opens, closes = row.opens_at, row.closes_at
        free = [d for d in days if f"{d.lower()}_opens" not in initial]
        if row.freq in ("", Schedule.Freq.WEEKLY) and opens and closes and days and free == days:
            for day in days:
                initial[f"{day.lower()}_opens"] = opens.strftime("%H:%M")
                initial[f"{day.lower()}_closes"] = closes.strftime("%H:%M")
        elif text := row.describe():
            extra.append(text)
    if extra:
        initial["exceptions"] = "\n".join(extra)
    return initial


def _contact_initial(service: Service) -> dict[str, Any]:
    initial: dict[str, Any] = {"email": service.email, "url": service.url}
    rows = service.phones.filter(location=None, contact=None).order_by("number")
    for n, phone in enumerate(rows, start=1):
        initial[f"phone_{n}"] = phone.number
        initial[f"phone_{n}_description"] = phone.description
    return initial


def _area_initial(service: Service) -> dict[str, Any]:
    area = service.service_areas.first()
    return {"name": area.name, "outcodes": area.extent} if area else {}


SECTIONS: dict[str, Section] = {
    s.slug: s
    for s in (
        Section(
            "about",
            "What the service does",
            lf.AboutForm,
            _core("name", "description", "application_process"),
            _update,
            lambda s: bool(s.description.strip()),
        ),
        Section(
            "who",
            "Who it is for",
            lf.WhoForm,
            _core("minimum_age", "maximum_age", "eligibility_description"),
            _update,
            lambda s: bool(
                s.eligibility_description or s.minimum_age is not None or s.maximum_age is not None
            ),
        ),
        Section(
            "cost",
            "Cost",
            lf.CostForm,
            _core("fees_description"),
            _update,
            lambda s: bool(s.fees_description),
        ),
        Section(
            "categories",
            "Categories",
            lf.CategoriesForm,
            lambda s: {
                "terms": [
                    str(pk)
                    for pk in TaxonomyTerm.objects.of_service(s.pk).values_list("pk", flat=True)
                ]
            },
            lambda u, s, f: listing.set_categories(
                actor=u, service=s, term_ids=[uuid.UUID(pk) for pk in f.cleaned_data["terms"]]
            ),
            lambda s: Attribute.objects.filter(link_entity="service", link_id=s.pk).exists(),
            "directory/listing/categories.html",
        ),
        Section(
            "languages",
            "Languages",
            lf.LanguagesForm,
            lambda s: {
                "languages": list(s.languages.filter(location=None).values_list("code", flat=True)),
                "interpretation": s.interpretation_services,
            },
            lambda u, s, f: listing.set_languages(
                actor=u,
                service=s,
                codes=f.cleaned_data["languages"],
                interpretation=f.cleaned_data["interpretation"],
            ),
            lambda s: s.languages.exists(),
        ),
        Section(
            "delivery",
            "How it is delivered",
            lf.DeliveryForm,
            lambda s: {"methods": list(s.delivery_methods or [])},
            lambda u, s, f: listing.set_delivery(
                actor=u, service=s, methods=f.cleaned_data["methods"]
            ),
            lambda s: bool(s.delivery_methods),
        ),
        Section(
            "hours",
            "Opening hours",
            lf.HoursForm,
            _hours_initial,
            lambda u, s, f: listing.set_opening_hours(
                actor=u, service=s, week=f.week(), exceptions=f.cleaned_data["exceptions"]
            ),
            lambda s: s.schedules.exists(),
            "directory/listing/hours.html",
        ),
        Section(
            "contact",
            "Phone, email and website",
            lf.ContactForm,
            _contact_initial,
            lambda u, s, f: listing.set_contact_details(
                actor=u,
                service=s,
                phones=f.phones(),
                email=f.cleaned_data["email"],
                url=f.cleaned_data["url"],
            ),
            lambda s: bool(s.email or s.url or s.phones.exists()),
        ),
        Section(
            "area",
            "Area it covers",
            lf.AreaForm,
            _area_initial,
            lambda u, s, f: listing.set_service_area(
                actor=u, service=s, name=f.cleaned_data["name"], outcodes=f.codes()
            ),
            lambda s: s.service_areas.exists(),
        ),
    )
}


def _editable_service(request: HttpRequest, service_id: uuid.UUID) -> Service:
    return get_object_or_404(
        Service.objects.editable_by(person(request)).select_related("organization"), pk=service_id
    )


def _tasks_url(service: Service) -> str:
    return reverse("directory:listing", args=[service.pk])


@login_required
def add_service(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    organisation = get_object_or_404(
        Organization.objects.editable_by(person(request)), pk=organisation_id
    )
    form = lf.NewServiceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            service = listing.create_service(
                actor=person(request), organization=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, f"{service.name} has been started. Nobody else can see it yet."
            )
            return redirect(_tasks_url(service))
    return render(
        request, "directory/listing/add.html", {"organisation": organisation, "form": form}
    )


@login_required
def view_listing(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    """The task list: every part of the listing, with whether it is filled in."""
    service = _editable_service(request, service_id)
    tasks = [
        (s.title, reverse("directory:listing-section", args=[service.pk, s.slug]), s.done(service))
        for s in SECTIONS.values()
    ]
    return render(
        request,
        "directory/listing/tasks.html",
        {
            "service": service,
            "tasks": tasks,
            "places": service.service_at_locations.select_related("location"),
            "problems": listing.publishing_problems(service),
        },
    )


@login_required
def edit_section(request: HttpRequest, service_id: uuid.UUID, section: str) -> HttpResponse:
    service = _editable_service(request, service_id)
    part = SECTIONS.get(section)
    if part is None:
        raise Http404("No such part of a listing")
    form = part.form(
        request.POST if request.method == "POST" else None, initial=part.initial(service)
    )
    if request.method == "POST" and form.is_valid():
        try:
            part.save(person(request), service, form)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"{part.title}: saved")
            return redirect(_tasks_url(service))
    return render(request, part.template, {"service": service, "form": form, "section": part})


@login_required
def preview_listing(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    """The listing exactly as the public page shows it, with a banner and the publish button."""
    service = _editable_service(request, service_id)
    context = service_page_context(request, service.pk, editable_only=True)
    context.update({"preview": True, "problems": listing.publishing_problems(context["service"])})
    return render(request, "directory/service_detail.html", context)


@login_required
@require_POST
def publish_listing(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    service = _editable_service(request, service_id)
    try:
        listing.publish_service(actor=person(request), service=service)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_tasks_url(service))
    messages.success(request, f"{service.name} is published: people can find it now")
    return redirect(reverse("directory:view-service", args=[service.pk]))


@login_required
def withdraw_listing(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    service = _editable_service(request, service_id)
    if request.method == "POST":
        listing.withdraw_service(actor=person(request), service=service)
        messages.success(request, f"{service.name} has been withdrawn: the public no longer see it")
        return redirect(_tasks_url(service))
    return render(request, "directory/listing/withdraw.html", {"service": service})
