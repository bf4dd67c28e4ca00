"""A place partnership, its managers and its member organisations."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from joinedup.directory.models import Organization, Sector

if TYPE_CHECKING:
    from joinedup.core.models import User


class PartnershipQuerySet(models.QuerySet["Partnership"]):
    def visible_to(self, user: User) -> PartnershipQuerySet:
        """Managers see the partnerships they manage; people see those their organisation is in."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        # Two subqueries, not a join through every member and DISTINCT: a region's partnership
        # has a thousand members, and this runs on every partnership and insights page.
        managed = Partnership.managers.through.objects.filter(user=user).values("partnership_id")
        member_of = PartnershipMember.objects.filter(organization__memberships__user=user).values(
            "partnership_id"
        )
        return self.filter(models.Q(pk__in=managed) | models.Q(pk__in=member_of))

    def managed_by(self, user: User) -> PartnershipQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(managers=user).distinct()


class Partnership(models.Model):
    """A named place partnership: the organisations of a place working together."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="managed_partnerships"
    )
    # Read by the referrals app: an unanswered referral lapses after this many days, and a closed
    # referral's personal details are erased after the retention period.
    referral_expiry_days = models.PositiveSmallIntegerField(default=14)
    closed_referral_retention_months = models.PositiveSmallIntegerField(default=24)
    # Counts below this are never shown to anyone outside the organisation they are about:
    # health-check breakdowns and every insights figure (joinedup.core.suppression).
    suppression_threshold = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(2)],
        help_text="Figures below this number are hidden, with others so they can't be worked out",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def is_managed_by(self, user: User) -> bool:
        if not user.is_authenticated:
            return False
        return user.is_superuser or self.managers.filter(pk=user.pk).exists()

    def is_visible_to(self, user: User) -> bool:
        return Partnership.objects.visible_to(user).filter(pk=self.pk).exists()

    def candidates_for(self, user: User) -> models.QuerySet[Organization]:
        """Organisations this manager may add: not members yet, and in no partnership but those
        they manage. Adding one gives its managers rights over its listing and people, so a
        manager cannot take in another partnership's member (ADR 33); a superuser can."""
        candidates = Organization.objects.exclude(partnership_memberships__partnership=self)
        if user.is_superuser:
            return candidates
        elsewhere = PartnershipMember.objects.exclude(
            partnership__in=Partnership.objects.managed_by(user)
        )
        return candidates.exclude(pk__in=elsewhere.values("organization_id"))

    def organizations_of(self, user: User) -> models.QuerySet[Organization]:
        """The member organisations this person belongs to (what they may answer or plan for)."""
        if not user.is_authenticated:
            return Organization.objects.none()
        return Organization.objects.filter(
            partnership_memberships__partnership=self, memberships__user=user
        ).distinct()


class MemberRole(models.TextChoices):
    CORE = "core", "Core partner"
    ASSOCIATE = "associate", "Associate"
    OBSERVER = "observer", "Observer"


class PartnershipMemberQuerySet(models.QuerySet["PartnershipMember"]):
    def visible_to(self, user: User) -> PartnershipMemberQuerySet:
        return self.filter(partnership__in=Partnership.objects.visible_to(user))


class PartnershipMember(models.Model):
    """An organisation's place in a partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="partnership_memberships"
    )
    # Blank means "the organisation's own sector"; set it when the partnership sees a member
    # differently (e.g. a GP federation the directory lists as a business).
    sector_override = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    role = models.CharField(max_length=20, choices=MemberRole.choices, default=MemberRole.CORE)
    joined_on = models.DateField(default=datetime.date.today)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PartnershipMemberQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organization"], name="unique_partnership_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.partnership}"

    @property
    def sector(self) -> str:
        return self.sector_override or self.organization.sector
