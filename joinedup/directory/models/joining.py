"""Asking to join the partnership, and invitations to join an organisation."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from joinedup.directory.models.organizations import Membership, Organization, Sector

if TYPE_CHECKING:
    from joinedup.core.models import User


class JoinRequestQuerySet(models.QuerySet["JoinRequest"]):
    def pending(self) -> JoinRequestQuerySet:
        return self.filter(status=JoinRequest.Status.PENDING)

    def visible_to(self, user: User) -> JoinRequestQuerySet:
        """Requests hold a stranger's name and email: only partnership managers see them, and
        only those that are theirs to decide (ADR 33). A request for a new organisation, or a
        claim on a listing in no partnership, waits for any manager; a claim on a listing in a
        partnership is for that partnership's managers; once decided, a request stays with the
        managers of the partnership it joined and of whoever decided it."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if not user.managed_partnerships.exists():
            return self.none()
        managed = Organization.objects.managed_by(user)
        in_a_partnership = Organization.objects.filter(partnership_memberships__isnull=False)
        open_to_any_manager = models.Q(status=JoinRequest.Status.PENDING) & (
            models.Q(claimed_organization__isnull=True)
            | ~models.Q(claimed_organization__in=in_a_partnership.values("pk"))
        )
        theirs = (
            models.Q(claimed_organization__in=managed.values("pk"))
            | models.Q(organization__in=managed.values("pk"))
            | models.Q(decided_by=user)
            | models.Q(decided_by__managed_partnerships__managers=user)
        )
        return self.filter(
            pk__in=self.model._default_manager.filter(open_to_any_manager | theirs).values("pk")
        )


class JoinRequest(models.Model):
    """An organisation asks to join the partnership, or to look after an imported listing."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization_name = models.CharField("organisation name", max_length=500)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField(max_length=320)
    # A claim names an imported listing that nobody looks after yet; approving it gives the
    # requester that organisation instead of making a new one.
    claimed_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # A declined requester is told why, so they can put it right or go elsewhere.
    reason = models.TextField(blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organization_name} ({self.get_status_display()})"

    @property
    def is_claim(self) -> bool:
        return self.claimed_organization_id is not None


class OrganizationInvitationQuerySet(models.QuerySet["OrganizationInvitation"]):
    def pending(self) -> OrganizationInvitationQuerySet:
        return self.filter(
            accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
        )


class OrganizationInvitation(models.Model):
    """An emailed, single-use link that lets one person join one organisation with a role.

    Only a hash of the link's secret is kept, as for API tokens."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be accepted"
        ACCEPTED = "accepted", "Accepted"
        CANCELLED = "cancelled", "Cancelled"
        EXPIRED = "expired", "Expired"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(max_length=320)
    role = models.CharField(max_length=20, choices=Membership.Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = OrganizationInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.organization_id} ({self.state})"

    @property
    def state(self) -> str:
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.cancelled_at is not None:
            return self.State.CANCELLED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING
