"""Consent, per recipient: a person agreed to be referred to one organisation for one purpose."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from joinedup.directory.models import Organization
from joinedup.referrals.models.people import Person


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By phone"
    WRITTEN = "written", "In writing"
    SELF_REFERRAL = "self_referral", "Self-referral (the person gave it themselves)"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def standing(self) -> ConsentQuerySet:
        """Consents not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def for_recipient(self, *, person: Person, recipient: Organization) -> ConsentQuerySet:
        return self.filter(person=person, recipient=recipient)


class Consent(models.Model):
    """The person agreed to be referred to `recipient` and to their details being shared with it
    for `purpose`. Sharing with another organisation needs its own consent (data minimisation).

    Withdrawal is recorded on the row (never deleted): the record that consent once stood, and
    when it stopped, is itself evidence an information-governance review needs.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    recipient = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="referral_consents"
    )
    purpose = models.TextField()
    method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    # Blank for a self-referral made without signing in.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    given_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            # At most one standing consent per person and recipient, so "does consent stand?"
            # has one answer and withdrawal has one row to close.
            models.UniqueConstraint(
                fields=["person", "recipient"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_standing_consent_per_recipient",
            ),
        ]

    def __str__(self) -> str:
        state = "withdrawn" if self.withdrawn_at else "standing"
        return f"Consent to share with {self.recipient} ({state})"

    @property
    def is_standing(self) -> bool:
        return self.withdrawn_at is None
