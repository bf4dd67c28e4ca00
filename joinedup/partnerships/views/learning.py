"""Learning log pages: short stories and observations from the work, searchable and tagged.

Everyone in the partnership reads and adds to the log, each entry saying who wrote it and when;
outsiders get 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode

from joinedup.partnerships import services
from joinedup.partnerships.forms.learning import LearningEntryForm, LearningSearchForm
from joinedup.partnerships.models import Action, FrameworkElement, LearningEntry
from joinedup.partnerships.views.common import person, show_errors, visible_partnership

PER_PAGE = 20


def _elements() -> list[FrameworkElement]:
    return list(FrameworkElement.objects.order_by("kind", "label"))


@login_required
def list_entries(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    elements = _elements()
    search = LearningSearchForm(request.GET or None, elements=elements)
    entries = LearningEntry.objects.visible_to(person(request)).filter(partnership=partnership)
    text = search.value("q")
    if text:
        entries = entries.search(text)
    element_key = search.value("element")
    tag = next((e for e in elements if e.key == element_key), None)
    if tag is not None:
        entries = entries.tagged(tag)
    action = None
    action_id = request.GET.get("action", "")
    if action_id.isdigit():
        action = (
            Action.objects.visible_to(person(request))
            .filter(plan__partnership=partnership, pk=int(action_id))
            .first()
        )
        if action is not None:
            entries = entries.filter(actions=action)
    entries = (
        entries.select_related("author", "organization")
        .prefetch_related(
            Prefetch("elements", queryset=FrameworkElement.objects.order_by("label")),
            Prefetch("actions", queryset=Action.objects.order_by("title")),
        )
        .order_by("-created_at", "-pk")
    )
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    params = {"q": text, "element": tag.key if tag else "", "action": action.pk if action else ""}
    return render(
        request,
        "partnerships/learning/list.html",
        {
            "partnership": partnership,
            "search": search,
            "text": text,
            "tag": tag,
            "action": action,
            "filtered": bool(text or tag or action),
            "page_obj": page,
            "page_range": list(page.paginator.get_elided_page_range(page.number)),
            "query_string": urlencode({k: v for k, v in params.items() if v}),
        },
    )


@login_required
def add_entry(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    user = person(request)
    organizations = list(partnership.organizations_of(user).order_by("name"))
    actions = list(
        Action.objects.visible_to(user)
        .filter(plan__partnership=partnership)
        .order_by("title", "pk")
    )
    initial: dict[str, Any] = {}
    if len(organizations) == 1:
        initial["organization"] = str(organizations[0].pk)
    if request.GET.get("action"):
        initial["actions"] = [request.GET["action"]]
    if request.GET.get("element"):
        initial["elements"] = [request.GET["element"]]
    form = LearningEntryForm(
        request.POST if request.method == "POST" else None,
        organizations=organizations,
        elements=_elements(),
        actions=actions,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_learning_entry(
                actor=user,
                partnership=partnership,
                title=data["title"],
                text=data["text"],
                organization=data["organization"],
                elements=data["elements"],
                actions=data["actions"],
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError):
                show_errors(form, error)
            else:
                form.add_error("organization", str(error))
        else:
            messages.success(request, "Added to the learning log")
            return redirect("partnerships:learning", partnership_id=partnership.pk)
    return render(
        request, "partnerships/learning/new.html", {"partnership": partnership, "form": form}
    )
