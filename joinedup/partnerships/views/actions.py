"""Action plan pages: the partnership's plan and each member's own plan, one list with filters.

Everyone in the partnership reads every plan (the point is to see what each partner is doing);
managers change any plan, people change their own organisation's plan, and the organisation
doing an action reports progress on it wherever it sits (see the models' permission rules).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from joinedup.core.models import User
from joinedup.directory.models import Organization
from joinedup.partnerships import services
from joinedup.partnerships.forms.actions import (
    PARTNERSHIP_PLAN,
    ActionFilterForm,
    ActionForm,
    ActionUpdateForm,
)
from joinedup.partnerships.models import (
    Action,
    ActionStatus,
    FrameworkElement,
    LearningEntry,
    Partnership,
    Wave,
    WaveStatus,
)
from joinedup.partnerships.results import wave_results
from joinedup.partnerships.views.common import person, show_errors, visible_partnership

PER_PAGE = 20


def _member_organisations(partnership: Partnership) -> list[Organization]:
    return list(
        Organization.objects.filter(partnership_memberships__partnership=partnership).order_by(
            "name"
        )
    )


def _plans_for(user: User, partnership: Partnership) -> list[tuple[str, str]]:
    """The plans this person may add actions to: (value, label) for the form's radios."""
    if partnership.is_managed_by(user):
        own = _member_organisations(partnership)
        plans = [(PARTNERSHIP_PLAN, f"{partnership.name}'s shared plan")]
    else:
        own = list(partnership.organizations_of(user).order_by("name"))
        plans = []
    return plans + [(str(o.pk), f"{o.name}'s own plan") for o in own]


def _all_plans(partnership: Partnership) -> list[tuple[str, str]]:
    return [(PARTNERSHIP_PLAN, "The partnership's shared plan")] + [
        (str(o.pk), f"{o.name}'s own plan") for o in _member_organisations(partnership)
    ]


def _elements() -> list[FrameworkElement]:
    return list(FrameworkElement.objects.order_by("kind", "label"))


def _concerns(user: User, partnership: Partnership, limit: int = 8) -> list[dict[str, Any]]:
    """The challenges and enablers the latest closed health checks rate lowest (a concern).

    What an action is most likely to answer: the new-action page offers them as links that
    fill in the form. One closed wave per instrument, the latest, as this person may see it.
    """
    latest: dict[str, Wave] = {}
    waves = Wave.objects.results_visible_to(user).filter(
        partnership=partnership, status=WaveStatus.CLOSED
    )
    for wave in waves.select_related("instrument").order_by("-created_at"):
        latest.setdefault(wave.instrument.key, wave)
    lowest: dict[str, float] = {}
    for wave in latest.values():
        results = wave_results(wave, with_previous=False)
        for section in results.sections:
            for statement in section.statements:
                stats = statement.stats
                if stats is not None and stats.band == "concern" and statement.element:
                    lowest[statement.element] = min(
                        stats.mean, lowest.get(statement.element, stats.mean)
                    )
    labels = dict(FrameworkElement.objects.filter(key__in=lowest).values_list("key", "label"))
    ranked = sorted(lowest.items(), key=lambda item: (item[1], item[0]))[:limit]
    return [{"key": k, "label": labels.get(k, k), "mean": mean} for k, mean in ranked]


@login_required
def list_actions(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    user = person(request)
    members = _member_organisations(partnership)
    elements = _elements()
    filters = ActionFilterForm(
        request.GET or None, plans=_all_plans(partnership), owners=members, elements=elements
    )
    today = timezone.localdate()
    actions = Action.objects.visible_to(user).filter(plan__partnership=partnership)
    summary = {"total": actions.count(), "overdue": actions.overdue(today).count()}
    status = filters.value("status")
    if status == "open":
        actions = actions.open()
    elif status == "overdue":
        actions = actions.overdue(today)
    elif status:
        actions = actions.filter(status=status)
    if filters.value("owner"):
        actions = actions.filter(owner_id=uuid.UUID(filters.value("owner")))
    if filters.value("element"):
        actions = actions.filter(element__key=filters.value("element"))
    plan = filters.value("plan")
    if plan == PARTNERSHIP_PLAN:
        actions = actions.filter(plan__organization__isnull=True)
    elif plan:
        actions = actions.filter(plan__organization_id=plan)
    actions = actions.select_related("owner", "element", "plan__organization").order_by(
        "due_date", "title", "pk"
    )
    page = Paginator(actions, PER_PAGE).get_page(request.GET.get("page"))
    chosen = {k: filters.value(k) for k in ("status", "owner", "element", "plan")}
    return render(
        request,
        "partnerships/actions/list.html",
        {
            "partnership": partnership,
            "filters": filters,
            "filtered": any(chosen.values()),
            "page_obj": page,
            "page_range": list(page.paginator.get_elided_page_range(page.number)),
            "query_string": urlencode({k: v for k, v in chosen.items() if v}),
            "summary": summary,
            "today": today,
            "can_add": bool(_plans_for(user, partnership)),
        },
    )


@login_required
def create_action(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = visible_partnership(request, partnership_id)
    user = person(request)
    plans = _plans_for(user, partnership)
    if not plans:
        raise Http404  # nothing this person may plan for: they only read the plans
    members = _member_organisations(partnership)
    initial: dict[str, Any] = {"element": request.GET.get("element", "")}
    if len(plans) == 1:
        initial["plan"] = plans[0][0]
    mine = list(partnership.organizations_of(user))
    if len(mine) == 1:
        initial["owner"] = str(mine[0].pk)
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        plans=plans,
        members=members,
        elements=_elements(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organization = None if data["plan"] == PARTNERSHIP_PLAN else form.members[data["plan"]]
        try:
            # One write: the plan is made on its first action, or not at all.
            with transaction.atomic():
                plan = services.get_or_create_plan(
                    actor=user, partnership=partnership, organization=organization
                )
                action = services.create_action(
                    actor=user,
                    plan=plan,
                    title=data["title"],
                    description=data["description"],
                    owner=data["owner"],
                    element=data["element"],
                    due_date=data["due_date"],
                )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, ValidationError):
                show_errors(form, error)
            else:
                form.add_error("plan", str(error))
        else:
            messages.success(request, f"Action added: {action.title}")
            return redirect(
                "partnerships:action", partnership_id=partnership.pk, action_id=action.pk
            )
    return render(
        request,
        "partnerships/actions/new.html",
        {
            "partnership": partnership,
            "form": form,
            "concerns": _concerns(user, partnership) if request.method == "GET" else [],
        },
    )


@login_required
def view_action(request: HttpRequest, partnership_id: int, action_id: int) -> HttpResponse:
    user = person(request)
    action = get_object_or_404(
        Action.objects.visible_to(user)
        .filter(plan__partnership_id=partnership_id)
        .select_related(
            "plan__partnership", "plan__organization", "owner", "element", "created_by"
        ),
        pk=action_id,
    )
    partnership = action.plan.partnership
    can_update = action.can_be_updated_by(user)
    form = None
    if can_update:
        form = ActionUpdateForm(
            request.POST if request.method == "POST" else None,
            initial={"status": action.status},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.update_action(
                    actor=user,
                    action=action,
                    text=data["text"],
                    status=data["status"],
                    due_date=data["due_date"],
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, "Progress recorded")
                return redirect(request.path)
    elif request.method == "POST":
        raise PermissionDenied
    updates = action.updates.select_related("author").order_by("-created_at", "-pk")
    learning = LearningEntry.objects.filter(actions=action).order_by("-created_at")
    return render(
        request,
        "partnerships/actions/detail.html",
        {
            "partnership": partnership,
            "action": action,
            "form": form,
            "updates": list(updates),
            "learning": list(learning),
            "status_labels": dict(ActionStatus.choices),
            "list_url": reverse("partnerships:actions", args=[partnership.pk]),
        },
    )
