from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from joinedup.directory.models.base import DirectoryRecord, SourcedRecord

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from joinedup.core.models import User


class Sector(models.TextChoices):
    NHS = "nhs", "NHS"
    COUNCIL = "council", "Council"
    VCS = "vcs", "Voluntary and community"
    HOUSING = "housing", "Housing"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    EDUCATION = "education", "Education"
    BUSINESS = "business", "Business"
    COMMUNITY = "community", "Community group"


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def published(self) -> OrganizationQuerySet:
        return self.filter(published=True)

    def managed_by(self, user: User | AnonymousUser) -> OrganizationQuerySet:
        """The member organisations of the partnerships this person manages: the one tenant
        boundary of a manager's rights (ADR 33). A manager of one partnership reaches nothing of
        another, nor any organisation in no partnership; a superuser reaches every one.

        The partnerships app sits above this one, so the lookup follows its relations by name
        (`partnership_memberships`, `managers`) instead of importing it."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        managed = self.model._default_manager.filter(
            partnership_memberships__partnership__managers=user
        )
        return self.filter(pk__in=managed.values("pk"))

    def editable_by(self, user: User | AnonymousUser) -> OrganizationQuerySet:
        """Organisations whose listings and people this person may change: those they are an
        admin of, and the members of the partnerships they manage."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN)
        return self.filter(
            models.Q(pk__in=admin_of.values("organization_id"))
            | models.Q(pk__in=Organization.objects.managed_by(user).values("pk"))
        )

    def with_active_members(self) -> OrganizationQuerySet:
        """Organisations someone can answer for: at least one member whose account is active."""
        return self.filter(
            pk__in=Membership.objects.filter(user__is_active=True).values("organization_id")
        )

    def without_active_members(self) -> OrganizationQuerySet:
        """Organisations nobody can answer for: a referral sent to them would reach no one."""
        return self.exclude(
            pk__in=Membership.objects.filter(user__is_active=True).values("organization_id")
        )

    def of_user(self, user: User) -> OrganizationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Organization(SourcedRecord):
    """HSDS organization: a body that provides services."""

    name = models.CharField(max_length=500)
    alternate_name = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    email = models.EmailField(max_length=320, blank=True)
    website = models.URLField(max_length=2000, blank=True)
    tax_status = models.CharField(max_length=200, blank=True)
    tax_id = models.CharField(max_length=200, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(null=True, blank=True)
    legal_status = models.CharField(max_length=200, blank=True)
    logo = models.CharField(max_length=2000, blank=True)
    uri = models.URLField(max_length=2000, blank=True)
    parent_organization = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    # Not HSDS: which part of the place's public services this is.
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    published = models.BooleanField(default=True)
    last_modified = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def is_editable_by(self, user: User) -> bool:
        return Organization.objects.editable_by(user).filter(pk=self.pk).exists()


class OrganizationIdentifier(DirectoryRecord):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="organization_identifiers"
    )
    identifier_scheme = models.CharField(max_length=200, blank=True)
    identifier_type = models.CharField(max_length=200)
    identifier = models.CharField(max_length=200)


class Program(DirectoryRecord):
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(max_length=500)
    alternate_name = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)


class Membership(models.Model):
    """A person belongs to an organisation with a role."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Organisation admin"
        MEMBER = "member", "Member"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.organization} ({self.role})"
