"""Directory pages: service and organisation pages, and listing editing.

Views parse, look things up through tenant-scoped QuerySets, call one use case and render.
Anything a person may not edit is a 404, never a 403 that confirms it exists.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.core.exit_page import carries_exit
from joinedup.core.models import User
from joinedup.directory import services
from joinedup.directory.forms import CapacityForm, IntakeModeForm, LocationForm, ServiceForm
from joinedup.directory.models import (
    Contact,
    Location,
    Membership,
    Organization,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from joinedup.directory.models.service_records import ServiceQuerySet

PER_PAGE = 20


def _person(request: HttpRequest) -> User:
    """The signed-in user, or the anonymous user: the QuerySets and use cases accept both
    and refuse anonymous people themselves."""
    return cast(User, request.user)


def _paginate(request: HttpRequest, queryset: QuerySet[Any]) -> tuple[Page, list[Any]]:
    paginator = Paginator(queryset, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return page, list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


def _show_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a use case's refusal on the form, beside the field it is about where it has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _service_detail_queryset(request: HttpRequest) -> ServiceQuerySet:
    locations = ServiceAtLocation.objects.select_related("location").prefetch_related(
        "location__addresses",
        "location__accessibility",
        "location__schedules",
        "location__phones",
        "schedules",
    )
    found = Service.objects.select_related("organization").prefetch_related(
        "phones",
        Prefetch("contacts", queryset=Contact.objects.prefetch_related("phones")),
        "languages",
        "cost_options",
        "service_areas",
        "schedules",
        "required_documents",
        Prefetch("service_at_locations", queryset=locations),
    )
    return cast(ServiceQuerySet, found)


def service_page_context(
    request: HttpRequest, service_id: uuid.UUID, *, editable_only: bool = False
) -> dict[str, Any]:
    """What the public service page shows (the listing preview shows the same)."""
    queryset = _service_detail_queryset(request)
    service = None if editable_only else queryset.published().filter(pk=service_id).first()
    if service is None:
        # Unpublished listings are visible only to the people who look after them.
        service = get_object_or_404(queryset.editable_by(_person(request)), pk=service_id)
        can_edit = True
    else:
        can_edit = service.is_editable_by(_person(request))
    terms = TaxonomyTerm.objects.of_service(service.pk).order_by("name")
    return {
        "service": service,
        "can_edit": can_edit,
        "takes_referrals_here": service.takes_referrals_here,
        "terms": terms,
        # Opened from an abuse-related search: keep "Exit this page" (ADR 13).
        "exit_page": carries_exit(request),
    }


def view_service(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    return render(
        request, "directory/service_detail.html", service_page_context(request, service_id)
    )


def view_organisation(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    organisation = Organization.objects.published().filter(pk=organisation_id).first()
    if organisation is None:
        organisation = get_object_or_404(
            Organization.objects.editable_by(_person(request)), pk=organisation_id
        )
    organisation_services = (
        Service.objects.published().filter(organization=organisation).order_by("name", "pk")
    )
    contacts = Contact.objects.filter(organization=organisation).prefetch_related("phones")
    page, page_range = _paginate(request, organisation_services)
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "phones": list(organisation.phones.all()),
            "contacts": list(contacts),
            "page_obj": page,
            "page_range": page_range,
            "query_string": "",
            "can_edit": organisation.is_editable_by(_person(request)),
        },
    )


@login_required
def list_your_services(request: HttpRequest) -> HttpResponse:
    editable = Service.objects.editable_by(_person(request)).select_related("organization")
    only_stale = request.GET.get("stale") == "1"
    stale_count = editable.stale().count()
    if only_stale:
        editable = editable.stale()
    page, page_range = _paginate(request, editable.order_by("organization__name", "name", "pk"))
    return render(
        request,
        "directory/your_services.html",
        {
            "page_obj": page,
            "page_range": page_range,
            "query_string": "stale=1" if only_stale else "",
            "only_stale": only_stale,
            "stale_count": stale_count,
            "interval_days": settings.JOINEDUP_STALE_AFTER_DAYS,
            "organisations": Organization.objects.of_user(_person(request)),
            # Whose member organisations' listings they may edit too (ADR 33).
            "managed_partnerships": list(
                _person(request).managed_partnerships.order_by("name").only("name")
            ),
            # Their admins manage these organisations' people (pages.people).
            "administered": Organization.objects.of_user(_person(request)).filter(
                memberships__user=_person(request), memberships__role=Membership.Role.ADMIN
            ),
        },
    )


def _editable_service(request: HttpRequest, service_id: uuid.UUID) -> Service:
    return get_object_or_404(
        Service.objects.editable_by(_person(request)).select_related("organization"), pk=service_id
    )


def _service_url(service: Service) -> str:
    return reverse("directory:view-service", args=[service.pk])


@login_required
def edit_service(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    service = _editable_service(request, service_id)
    initial = {name: getattr(service, name) for name in ServiceForm.SERVICE_FIELDS}
    form = ServiceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_service(actor=_person(request), service=service, changes=form.changes())
            if form.cleaned_data["mark_checked"]:
                services.mark_service_checked(actor=_person(request), service=service)
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved")
            return redirect(_service_url(service))
    return render(request, "directory/edit_service.html", {"service": service, "form": form})


@login_required
def set_capacity(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    service = _editable_service(request, service_id)
    initial = {
        "status": service.capacity_status,
        "wait_band": service.capacity_wait_band,
        "note": service.capacity_note,
    }
    form = CapacityForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_service_capacity(
                actor=_person(request),
                service=service,
                status=form.cleaned_data["status"],
                wait_band=form.cleaned_data["wait_band"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, "Capacity updated")
            return redirect(_service_url(service))
    return render(request, "directory/set_capacity.html", {"service": service, "form": form})


@login_required
def set_intake(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    service = _editable_service(request, service_id)
    form = IntakeModeForm(
        request.POST if request.method == "POST" else None,
        initial={"intake_mode": service.intake_mode},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_intake_mode(
                actor=_person(request),
                service=service,
                intake_mode=form.cleaned_data["intake_mode"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, "How people are referred has been saved")
            return redirect(_service_url(service))
    return render(request, "directory/set_intake.html", {"service": service, "form": form})


@login_required
@require_POST
def check_service(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    service = _editable_service(request, service_id)
    services.mark_service_checked(actor=_person(request), service=service)
    messages.success(request, f"{service.name} marked as checked today")
    next_url = request.POST.get("next", "")
    if next_url == reverse("directory:list-your-services"):
        return redirect(next_url)
    return redirect(_service_url(service))


def _location_initial(location: Location) -> dict[str, Any]:
    address = location.addresses.first()
    initial = {
        "name": location.name,
        "accessibility": "\n".join(a.description for a in location.accessibility.all()),
    }
    if address is not None:
        initial.update(
            {
                "address_1": address.address_1,
                "address_2": address.address_2,
                "city": address.city,
                "postal_code": address.postal_code,
            }
        )
    return initial


@login_required
def edit_location(
    request: HttpRequest, service_id: uuid.UUID, location_id: uuid.UUID
) -> HttpResponse:
    service = _editable_service(request, service_id)
    location = get_object_or_404(
        Location.objects.filter(service_at_locations__service=service).distinct(), pk=location_id
    )
    form = LocationForm(
        request.POST if request.method == "POST" else None, initial=_location_initial(location)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_location(
                actor=_person(request),
                service=service,
                location=location,
                changes=form.location_changes(),
                address=form.address_changes(),
                accessibility=form.cleaned_data["accessibility"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, "The location has been saved")
            # Back to the listing's task list, where locations are one part among the rest.
            return redirect(reverse("directory:listing", args=[service.pk]))
    return render(
        request,
        "directory/edit_location.html",
        {"service": service, "location": location, "form": form},
    )


@login_required
def add_location(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    service = _editable_service(request, service_id)
    form = LocationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_service_location(
                actor=_person(request),
                service=service,
                changes=form.location_changes(),
                address=form.address_changes(),
                accessibility=form.cleaned_data["accessibility"],
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, "The location has been added")
            # Back to the listing's task list, where locations are one part among the rest.
            return redirect(reverse("directory:listing", args=[service.pk]))
    return render(
        request,
        "directory/edit_location.html",
        {"service": service, "location": None, "form": form},
    )
