"""People and the audit log, which every other app uses."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class JoinedupUserManager(BaseUserManager["User"]):
    """People sign in with their email address; it doubles as the username."""

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        email = self.normalize_email(email)
        user = self.model(email=email, username=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in. Belongs to organisations through `directory.Membership`."""

    email = models.EmailField("email address", unique=True)
    # Partnership managers curate the whole directory (and later run health checks and read
    # dashboards); they are not tied to one organisation.
    is_partnership_manager = models.BooleanField(default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = JoinedupUserManager()  # type: ignore[assignment,misc]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The email is the username: keep them the same so admin and authentication agree.
        self.username = self.email
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def for_target(self, target: models.Model) -> AuditEventQuerySet:
        return self.filter(target_type=target._meta.label_lower, target_id=str(target.pk))


class AuditEvent(models.Model):
    """One append-only line of the audit log: who did what to what, when, and the details."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # When the thing happened: set as the event is recorded, so events written together in
    # one batch (`audit.batch`) keep their order.
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(
        "directory.Organization", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=100, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an audit line, once written, is never changed.
        if not self._state.adding:
            raise ValueError("Audit events are append-only")
        super().save(*args, **kwargs)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """An organisation's key to the authenticated API. Only a hash of the secret is kept; the
    secret is shown once, when the token is made. `prefix` lets people tell tokens apart."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class OutboxChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboxMessageQuerySet(models.QuerySet["OutboxMessage"]):
    def due(self, now: datetime.datetime) -> OutboxMessageQuerySet:
        """Waiting, and its next attempt is due (a message being sent is leased into the
        future, so another worker does not take it)."""
        return self.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)

    def failed(self) -> OutboxMessageQuerySet:
        return self.filter(status=OutboxStatus.FAILED)


class OutboxMessage(models.Model):
    """One email or text message to send, written in the same transaction as the change that
    causes it, and sent by the task worker with retries (`core.outbox`). A message that keeps
    failing is marked failed and shown to the partnership team, never dropped."""

    channel = models.CharField(max_length=10, choices=OutboxChannel.choices)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    # What it is about, as a dotted name (`referral.requested`, `support_plan`).
    kind = models.CharField(max_length=60)
    # Whose details it carries, when it carries someone's (`person:<id>` for a support plan):
    # erasing them deletes it (`outbox.forget`). Blank for messages about work, not a person.
    subject_ref = models.CharField(max_length=100, blank=True, db_index=True)
    status = models.CharField(
        max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    # The provider's id for it (GOV.UK Notify's notification id), when it gives one.
    provider_reference = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # What the worker asks for on every run: due messages, oldest first.
            models.Index(fields=["status", "next_attempt_at"], name="core_outbox_due"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.kind} to {self.to} ({self.status})"


class JobOutcome(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class JobRun(models.Model):
    """One run of a scheduled job for one slot of its schedule (`core.schedule`). The worker that
    inserts the row runs the job; the unique (job, slot) pair means that, across any number of
    workers, a slot is run at most once."""

    job = models.CharField(max_length=100)
    # The schedule's time this run is for (the latest time the job's cron expression matched).
    slot = models.DateTimeField(db_index=True)
    worker = models.CharField(max_length=64)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=10, choices=JobOutcome.choices, default=JobOutcome.RUNNING
    )
    # What the command printed (its summary), and the traceback when it failed.
    output = models.TextField(blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="core_jobrun_once_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M} ({self.outcome})"
