"""Health-check rounds ("waves"), the invitations they send and the answers that come back.

Individual answers belong to the person who gave them: nobody else (not even a manager) reads
one response; everyone else sees aggregates with small groups suppressed (see scoring.py).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from joinedup.directory.models import Organization, Sector
from joinedup.partnerships.models.instruments import Instrument, Statement
from joinedup.partnerships.models.partnerships import Partnership

if TYPE_CHECKING:
    from joinedup.core.models import User


def hash_token(raw: str) -> str:
    """Invitation tokens are stored as SHA-256 digests: a database leak does not open surveys."""
    return hashlib.sha256(raw.encode()).hexdigest()


class WaveStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class WaveQuerySet(models.QuerySet["Wave"]):
    def visible_to(self, user: User) -> WaveQuerySet:
        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def managed_by(self, user: User) -> WaveQuerySet:
        return self.filter(partnership__in=Partnership.objects.managed_by(user))

    def results_visible_to(self, user: User) -> WaveQuerySet:
        """Managers see results at any time; members once the wave is closed."""
        return self.filter(
            models.Q(partnership__in=Partnership.objects.managed_by(user))
            | models.Q(
                partnership__in=Partnership.objects.visible_to(user), status=WaveStatus.CLOSED
            )
        )


class Wave(models.Model):
    """One round of a health check: an instrument put to chosen member organisations."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="waves")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="waves")
    title = models.CharField(max_length=200)
    organizations = models.ManyToManyField(Organization, related_name="+")
    status = models.CharField(max_length=10, choices=WaveStatus.choices, default=WaveStatus.DRAFT)
    closes_on = models.DateField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WaveQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def previous(self) -> Wave | None:
        """The last earlier wave of the same instrument (any version) in the same partnership.

        "Same instrument" is the same key: a partnership's upload that keeps a shipped key is its
        adaptation of that instrument and compares with the waves it ran before. Drafts never
        opened have no answers, so they are skipped rather than hiding the change.
        """
        return (
            Wave.objects.filter(
                partnership_id=self.partnership_id,
                instrument__key=self.instrument.key,
                created_at__lt=self.created_at,
            )
            .exclude(pk=self.pk)
            .exclude(status=WaveStatus.DRAFT)
            .order_by("-created_at")
            .first()
        )

    def results_visible_to(self, user: User) -> bool:
        return Wave.objects.results_visible_to(user).filter(pk=self.pk).exists()

    def progress(self) -> list[dict[str, object]]:
        """Per organisation of the wave: people invited, started and submitted.

        For managers chasing replies: counts only, never answers. Two queries.
        """
        counts = (
            Invitation.objects.filter(wave=self, revoked_at__isnull=True)
            .values("organization_id", "organization__name")
            .annotate(
                invited=models.Count("pk"),
                started=models.Count("response"),
                submitted=models.Count(
                    "response", filter=models.Q(response__submitted_at__isnull=False)
                ),
            )
        )
        by_org = {row["organization_id"]: row for row in counts}
        return [
            {
                "organization": org,
                "invited": by_org.get(org.pk, {}).get("invited", 0),
                "started": by_org.get(org.pk, {}).get("started", 0),
                "submitted": by_org.get(org.pk, {}).get("submitted", 0),
            }
            for org in self.organizations.order_by("name")
        ]


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def by_token(self, raw: str) -> InvitationQuerySet:
        return self.filter(token_hash=hash_token(raw), revoked_at__isnull=True)


class Invitation(models.Model):
    """A representative of a member organisation asked to answer one wave (one link each)."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(max_length=320)
    name = models.CharField(max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the link was last emailed. Each sending issues a new link (see tasks.py), so a
    # manager can tell which email the working link is in.
    sent_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "email"], name="unique_invitation_per_wave")
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.organization}) for {self.wave}"


class RespondentLevel(models.TextChoices):
    STRATEGIC = "strategic", "Strategic (leads or manages)"
    FRONTLINE = "frontline", "Frontline (delivers services)"


class ResponseQuerySet(models.QuerySet["Response"]):
    def submitted(self) -> ResponseQuerySet:
        return self.filter(submitted_at__isnull=False)

    def own(self, user: User) -> ResponseQuerySet:
        """A person's own answers: the only individual responses anyone can read."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(respondent=user)


class Response(models.Model):
    """One invitation's answers to one wave: saved as they go, submitted once."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    # Captured when answered: later changes to the organisation do not rewrite old results.
    sector = models.CharField(max_length=20, choices=Sector.choices, blank=True)
    level = models.CharField(max_length=20, choices=RespondentLevel.choices, blank=True)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set when the respondent was signed in; links arrive by email, so often blank.",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"Response to {self.wave} ({self.organization})"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(models.Model):
    """One statement's answer. A null value means "don't know": kept, but not scored."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="unique_answer")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.statement_id}"
