"""Pages where partnership managers keep the crisis contacts the crisis panel lists.

Managers only: a signed-in person who is not one gets 403 (the page says nothing about them).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from joinedup.core.models import User
from joinedup.directory.permissions import is_place_manager
from joinedup.search import crisis
from joinedup.search.crisis_forms import CrisisContactForm
from joinedup.search.models import CrisisContact

View = Callable[..., HttpResponse]


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def managers_only(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_place_manager(_actor(request)):
            raise PermissionDenied("Only partnership managers can change the crisis contacts.")
        return view(request, *args, **kwargs)

    return wrapped


@managers_only
def list_contacts(request: HttpRequest) -> HttpResponse:
    contacts = list(CrisisContact.objects.select_related("service").order_by("order", "pk"))
    default = [] if any(c.active for c in contacts) else crisis.default_local_contacts()
    return render(
        request,
        "search/crisis/list.html",
        {"contacts": contacts, "default": default, "national": crisis.NATIONAL_DEFAULT},
    )


@managers_only
def add_contact(request: HttpRequest) -> HttpResponse:
    form = CrisisContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = crisis.add_crisis_contact(actor=_actor(request), **form.cleaned_data)
        messages.success(request, f"{contact.name} added to the crisis panel")
        return redirect("search:crisis-contacts")
    return render(request, "search/crisis/form.html", {"form": form, "contact": None})


@managers_only
def edit_contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(CrisisContact, pk=contact_id)
    form = CrisisContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        # The form has set the new values on the instance; the use case saves and audits them.
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        contact.refresh_from_db()
        crisis.change_crisis_contact(actor=_actor(request), contact=contact, changes=changes)
        messages.success(request, f"{contact.name} changed")
        return redirect("search:crisis-contacts")
    return render(request, "search/crisis/form.html", {"form": form, "contact": contact})


@managers_only
@require_POST
def move_contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(CrisisContact, pk=contact_id)
    crisis.move_crisis_contact(
        actor=_actor(request), contact=contact, up=request.POST.get("direction") == "up"
    )
    return redirect("search:crisis-contacts")


@managers_only
def remove_contact(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(CrisisContact, pk=contact_id)
    if request.method == "POST":
        crisis.remove_crisis_contact(actor=_actor(request), contact=contact)
        messages.success(request, f"{contact.name} removed from the crisis panel")
        return redirect("search:crisis-contacts")
    return render(request, "search/crisis/remove.html", {"contact": contact})
