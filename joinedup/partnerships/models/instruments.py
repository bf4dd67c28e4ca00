"""Instruments (questionnaires) as versioned data: sections, statements, a scale and bands.

An instrument row is never edited once a wave uses it: a changed document is a new version, so
old waves keep the exact statements their respondents saw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce

if TYPE_CHECKING:
    from joinedup.core.models import User


class ElementKind(models.TextChoices):
    CHALLENGE = "challenge", "Challenge"
    ENABLER = "enabler", "Enabler"
    DIMENSION = "dimension", "Dimension"
    FOUNDATION = "foundation", "Foundation"


class FrameworkElement(models.Model):
    """A named challenge, enabler, dimension or foundation of collaboration.

    Statements, actions and learning-log entries point at these, so an action can answer a
    challenge whatever instrument or version surfaced it.
    """

    key = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=ElementKind.choices)
    theme = models.CharField(max_length=80, blank=True)
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["kind", "label"]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_kind_display().lower()})"


class InstrumentQuerySet(models.QuerySet["Instrument"]):
    def available_to(self, partnership: Any) -> InstrumentQuerySet:
        """The shipped instruments plus those this partnership uploaded."""
        return self.filter(models.Q(partnership__isnull=True) | models.Q(partnership=partnership))

    def latest_versions(self) -> InstrumentQuerySet:
        # Coalesce: shipped instruments (no partnership) must compare equal to each other.
        newer = Instrument.objects.annotate(
            owner=Coalesce("partnership_id", models.Value(0))
        ).filter(
            key=models.OuterRef("key"),
            owner=Coalesce(models.OuterRef("partnership_id"), models.Value(0)),
            version__gt=models.OuterRef("version"),
        )
        return self.filter(~models.Exists(newer))


class Instrument(models.Model):
    """One version of a questionnaire; `document` is the JSON it was loaded from."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="instruments",
        help_text="Blank for the instruments shipped with joinedup.",
    )
    key = models.SlugField(max_length=80)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    scale_min = models.PositiveSmallIntegerField(default=1)
    scale_max = models.PositiveSmallIntegerField(default=5)
    # {"1": "Strongly disagree", ...}
    scale_labels = models.JSONField(default=dict)
    # [{"key": "strength", "label": "Strength", "min": 4.0}, ..., {"key": "concern", "min": null}]
    bands = models.JSONField(default=list)
    document = models.JSONField()
    document_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            # NULLs are distinct in unique constraints on both databases, so shipped instruments
            # need their own condition.
            models.UniqueConstraint(
                fields=["key", "version"],
                condition=models.Q(partnership__isnull=True),
                name="unique_shipped_instrument_version",
            ),
            models.UniqueConstraint(
                fields=["partnership", "key", "version"],
                condition=models.Q(partnership__isnull=False),
                name="unique_partnership_instrument_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def is_usable_by(self, user: User, partnership: Any) -> bool:
        return partnership.is_managed_by(user) and (
            self.partnership_id is None or self.partnership_id == partnership.pk
        )


class InstrumentSection(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="unique_section_key")
        ]

    def __str__(self) -> str:
        return self.title


class Statement(models.Model):
    """One statement a respondent agrees or disagrees with."""

    section = models.ForeignKey(
        InstrumentSection, on_delete=models.CASCADE, related_name="statements"
    )
    # Denormalised so a wave's answers can be checked against its instrument in one query.
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="statements")
    key = models.SlugField(max_length=80)
    text = models.TextField()
    element = models.ForeignKey(
        FrameworkElement, on_delete=models.PROTECT, related_name="statements"
    )
    # Agreement with a reverse-scored statement is bad news: scored as (min + max - answer).
    reverse_scored = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["section__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "key"], name="unique_statement_key")
        ]

    def __str__(self) -> str:
        return self.text[:80]
