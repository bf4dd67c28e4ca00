"""Use cases for action plans: the partnership's plan and each member's own plan."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.directory.models import Organization
from joinedup.partnerships.models import (
    Action,
    ActionPlan,
    ActionStatus,
    ActionUpdate,
    FrameworkElement,
    Partnership,
    PartnershipMember,
    Statement,
)


def _require_editor(actor: User, plan: ActionPlan) -> None:
    if not plan.is_editable_by(actor):
        raise PermissionDenied("You cannot change this action plan.")


@transaction.atomic
def get_or_create_plan(
    *, actor: User, partnership: Partnership, organization: Organization | None = None
) -> ActionPlan:
    """The partnership's plan (no organisation) or a member organisation's own plan in it."""
    if organization is None:
        if not partnership.is_managed_by(actor):
            raise PermissionDenied("Only the partnership's managers keep its own plan.")
    else:
        is_member = PartnershipMember.objects.filter(
            partnership=partnership, organization=organization
        ).exists()
        if not is_member:
            raise ValidationError(f"{organization} is not a member of {partnership}.")
        if not (
            partnership.is_managed_by(actor)
            or partnership.organizations_of(actor).filter(pk=organization.pk).exists()
        ):
            raise PermissionDenied("Only this organisation's people keep its plan.")
    plan, created = ActionPlan.objects.get_or_create(
        partnership=partnership,
        organization=organization,
        defaults={"title": f"{organization or partnership} action plan"},
    )
    if created:
        audit.record(
            "action_plan.created",
            actor=actor,
            target=plan,
            organization=organization,
            details={"partnership": partnership.pk},
        )
    return plan


@transaction.atomic
def create_action(
    *,
    actor: User,
    plan: ActionPlan,
    title: str,
    owner: Organization,
    description: str = "",
    element: FrameworkElement | None = None,
    statement: Statement | None = None,
    due_date: datetime.date | None = None,
) -> Action:
    """Add an action to a plan, answering a challenge or enabler from the results."""
    _require_editor(actor, plan)
    if not PartnershipMember.objects.filter(
        partnership_id=plan.partnership_id, organization=owner
    ).exists():
        raise ValidationError(f"{owner} is not a member of the partnership.")
    if statement is not None and element is None:
        element = statement.element
    action = Action.objects.create(
        plan=plan,
        title=title,
        description=description,
        element=element,
        statement=statement,
        owner=owner,
        due_date=due_date,
        created_by=actor,
    )
    audit.record(
        "action.created",
        actor=actor,
        target=action,
        organization=owner,
        details={"plan": plan.pk, "element": element.key if element else None},
    )
    return action


@transaction.atomic
def update_action(
    *,
    actor: User,
    action: Action,
    text: str,
    status: str | None = None,
    due_date: datetime.date | None = None,
) -> ActionUpdate:
    """Record progress on an action, optionally changing its status or due date."""
    # The owner reports progress even on the partnership's own plan: it is doing the work.
    if not action.can_be_updated_by(actor):
        raise PermissionDenied("You cannot update this action.")
    if status is not None and status not in ActionStatus.values:
        raise ValidationError(f"'{status}' is not an action status.")
    if not text.strip() and status is None and due_date is None:
        raise ValidationError("Say what has happened.")
    before = action.status
    changed = []
    if status is not None and status != action.status:
        action.status = status
        changed.append("status")
    if due_date is not None and due_date != action.due_date:
        action.due_date = due_date
        changed.append("due_date")
    if changed:
        action.save(update_fields=[*changed, "updated_at"])
    update = ActionUpdate.objects.create(
        action=action,
        author=actor,
        text=text.strip(),
        status_before=before if "status" in changed else "",
        status_after=action.status if "status" in changed else "",
    )
    audit.record(
        "action.updated",
        actor=actor,
        target=action,
        organization=action.owner,
        details={"status": [before, action.status], "changed": changed},
    )
    return update
