"""What happened to a referral (append-only events) and what its two sides said (messages)."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from joinedup.directory.models import Organization
from joinedup.referrals.models.referrals import Referral, Status


class ReferralEvent(models.Model):
    """One change of status: who, when, from, to and why. Never changed or deleted; the
    referral's stored status is the last event's `to_status`."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    # Orders the events of one referral even when two share a timestamp.
    sequence = models.PositiveIntegerField()
    # Blank for the system (expiry).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    reason_code = models.CharField(max_length=40, blank=True)
    reason_text = models.TextField(blank=True)

    class Meta:
        ordering = ["referral", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "sequence"], name="referral_event_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: the log is the record of who did what, so a line is never rewritten.
        if not self._state.adding:
            raise ValueError("Referral events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValueError("Referral events are append-only")


class ReferralMessage(models.Model):
    """A message in the thread between the referring and the receiving organisation."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["referral", "created_at", "id"]

    def __str__(self) -> str:
        return f"Message on {self.referral_id} from {self.author_organization}"
