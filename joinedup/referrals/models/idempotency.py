"""Idempotency-Key records for the referrals API: a repeated create returns the first answer."""

from __future__ import annotations

from django.db import models


class IdempotencyRecord(models.Model):
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=255)
    # A hash of the request body: the same key with a different body is a 422, not a replay.
    fingerprint = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="unique_idempotency_key")
        ]

    def __str__(self) -> str:
        return self.key
