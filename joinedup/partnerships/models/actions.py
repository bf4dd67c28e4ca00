"""Action plans: the partnership's own, and each member organisation's plan inside it."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from joinedup.directory.models import Organization
from joinedup.partnerships.models.instruments import FrameworkElement, Statement
from joinedup.partnerships.models.partnerships import Partnership

if TYPE_CHECKING:
    from joinedup.core.models import User


class ActionPlanQuerySet(models.QuerySet["ActionPlan"]):
    def visible_to(self, user: User) -> ActionPlanQuerySet:
        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def editable_by(self, user: User) -> ActionPlanQuerySet:
        """Managers edit every plan of their partnership; people edit their organisation's plan."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            models.Q(partnership__in=Partnership.objects.managed_by(user))
            | models.Q(
                organization__memberships__user=user,
                partnership__in=Partnership.objects.visible_to(user),
            )
        ).distinct()


class ActionPlan(models.Model):
    """A list of actions. Without an organisation it is the partnership's own plan."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="action_plans"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(organization__isnull=True),
                name="one_partnership_plan",
            ),
            models.UniqueConstraint(
                fields=["partnership", "organization"],
                condition=models.Q(organization__isnull=False),
                name="one_plan_per_member",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_editable_by(self, user: User) -> bool:
        return ActionPlan.objects.editable_by(user).filter(pk=self.pk).exists()


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class ActionQuerySet(models.QuerySet["Action"]):
    def visible_to(self, user: User) -> ActionQuerySet:
        return self.filter(plan__in=ActionPlan.objects.visible_to(user))

    def open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None) -> ActionQuerySet:
        """Past their due date and neither done nor dropped."""
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)


class Action(models.Model):
    """Something a partner will do about a challenge or enabler the results brought up."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    element = models.ForeignKey(
        FrameworkElement, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    owner = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "title"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    def can_be_updated_by(self, user: User) -> bool:
        """Plan editors, and the people of the organisation that owns the action."""
        if self.plan.is_editable_by(user):
            return True
        return (
            user.is_authenticated
            and self.plan.partnership.is_visible_to(user)
            and self.owner.memberships.filter(user=user).exists()
        )

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in OPEN_STATUSES and self.due_date is not None and self.due_date < today


class ActionUpdate(models.Model):
    """A note of progress on an action, optionally changing its status."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    status_before = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    status_after = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Update on {self.action_id} at {self.created_at:%Y-%m-%d}"
