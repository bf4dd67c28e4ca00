"""The network survey: each member organisation rates each other member it works with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from joinedup.directory.models import Organization, Sector
from joinedup.partnerships.models.partnerships import Partnership
from joinedup.partnerships.models.waves import WaveStatus

if TYPE_CHECKING:
    from joinedup.core.models import User


class Closeness(models.IntegerChoices):
    # The levels of the collaboration continuum: each one works more closely than the last.
    NONE = 0, "None"
    NETWORKING = 1, "Networking (sharing information)"
    COOPERATION = 2, "Cooperation (helping each other's work)"
    COORDINATION = 3, "Coordination (planning work together)"
    COALITION = 4, "Coalition (sharing resources and decisions)"
    COLLABORATION = 5, "Collaboration (one shared plan and budget)"


class Frequency(models.IntegerChoices):
    YEARLY = 1, "A few times a year or less"
    QUARTERLY = 2, "About every three months"
    MONTHLY = 3, "About monthly"
    WEEKLY = 4, "About weekly"
    DAILY = 5, "Most days"


FOUR_POINT = [MinValueValidator(1), MaxValueValidator(4)]


class NetworkSurveyQuerySet(models.QuerySet["NetworkSurvey"]):
    def visible_to(self, user: User) -> NetworkSurveyQuerySet:
        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def managed_by(self, user: User) -> NetworkSurveyQuerySet:
        return self.filter(partnership__in=Partnership.objects.managed_by(user))

    def results_visible_to(self, user: User) -> NetworkSurveyQuerySet:
        """Managers see the map at any time; members once the survey is closed."""
        return self.filter(
            models.Q(partnership__in=Partnership.objects.managed_by(user))
            | models.Q(
                partnership__in=Partnership.objects.visible_to(user), status=WaveStatus.CLOSED
            )
        )


class NetworkSurvey(models.Model):
    """One round of the network survey among chosen member organisations."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="network_surveys"
    )
    title = models.CharField(max_length=200)
    organizations = models.ManyToManyField(Organization, related_name="+")
    status = models.CharField(max_length=10, choices=WaveStatus.choices, default=WaveStatus.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NetworkSurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def previous(self) -> NetworkSurvey | None:
        return (
            NetworkSurvey.objects.filter(
                partnership_id=self.partnership_id, created_at__lt=self.created_at
            )
            .exclude(pk=self.pk)
            .exclude(status=WaveStatus.DRAFT)
            .order_by("-created_at")
            .first()
        )


class NetworkResponseQuerySet(models.QuerySet["NetworkResponse"]):
    def submitted(self) -> NetworkResponseQuerySet:
        return self.filter(submitted_at__isnull=False)

    def own(self, user: User) -> NetworkResponseQuerySet:
        """An organisation's own ratings: only its own people read them."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organization__memberships__user=user).distinct()


class NetworkResponse(models.Model):
    """One organisation's answer to a network survey: saved as it goes, submitted once."""

    survey = models.ForeignKey(NetworkSurvey, on_delete=models.CASCADE, related_name="responses")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = NetworkResponseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organization"], name="unique_network_response"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} in {self.survey}"


class NetworkRating(models.Model):
    """How one organisation sees its work with another. No row means "we do not work with them"."""

    response = models.ForeignKey(NetworkResponse, on_delete=models.CASCADE, related_name="ratings")
    partner = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    closeness = models.PositiveSmallIntegerField(choices=Closeness.choices)
    frequency = models.PositiveSmallIntegerField(choices=Frequency.choices, null=True, blank=True)
    # Trust: is the partner reliable, does it share our mission, is it open to talk?
    reliability = models.PositiveSmallIntegerField(null=True, blank=True, validators=FOUR_POINT)
    shared_mission = models.PositiveSmallIntegerField(null=True, blank=True, validators=FOUR_POINT)
    openness = models.PositiveSmallIntegerField(null=True, blank=True, validators=FOUR_POINT)
    # Value: what the partner brings: influence, active involvement, resources.
    influence = models.PositiveSmallIntegerField(null=True, blank=True, validators=FOUR_POINT)
    involvement = models.PositiveSmallIntegerField(null=True, blank=True, validators=FOUR_POINT)
    resources = models.PositiveSmallIntegerField(null=True, blank=True, validators=FOUR_POINT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "partner"], name="unique_network_rating")
        ]

    def __str__(self) -> str:
        return f"Rating of {self.partner_id} (closeness {self.closeness})"
