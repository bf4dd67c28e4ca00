"""A referral of one person to one service; several made in one journey form a prescription."""

from __future__ import annotations

import datetime
import secrets
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

from joinedup.directory.models import IntakeMode, Membership, Organization, Service
from joinedup.referrals.models.people import Person

if TYPE_CHECKING:
    from joinedup.core.models import User


class Status(models.TextChoices):
    """FHIR R4 Task.status codes, as the closed-loop referral guides use them."""

    DRAFT = "draft", "Draft"
    REQUESTED = "requested", "Sent"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Declined"
    CANCELLED = "cancelled", "Cancelled"
    IN_PROGRESS = "in-progress", "In progress"
    ON_HOLD = "on-hold", "On hold"
    FAILED = "failed", "Could not be completed"
    COMPLETED = "completed", "Completed"
    ENTERED_IN_ERROR = "entered-in-error", "Entered in error"


# A referral in one of these has ended: no one owes anyone an answer any more.
CLOSED_STATUSES = frozenset(
    {
        Status.REJECTED,
        Status.CANCELLED,
        Status.FAILED,
        Status.COMPLETED,
        Status.ENTERED_IN_ERROR,
    }
)
OPEN_STATUSES = frozenset(set(Status) - CLOSED_STATUSES - {Status.DRAFT})


class Urgency(models.TextChoices):
    """FHIR ServiceRequest.priority codes (without `stat`: emergencies are not referred here)."""

    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent"
    ASAP = "asap", "As soon as possible"


class Outcome(models.TextChoices):
    """What happened for the person, recorded apart from the workflow status."""

    GOT_HELP = "got_help", "Got help"
    COULD_NOT_CONTACT = "could_not_contact", "Could not contact"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    NO_CAPACITY = "no_capacity", "No capacity"
    NO_LONGER_WANTED = "no_longer_wanted", "No longer wanted"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred elsewhere"


# Reference codes are read over the phone: no 0/O, 1/I/L, 5/S, 2/Z.
REFERENCE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"


def new_reference() -> str:
    """A reference such as "R-7K3M-9QX4" to quote on the phone (27^8, about 2.8e11 codes)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"R-{chars[:4]}-{chars[4:]}"


class ReferralQuerySet(models.QuerySet["Referral"]):
    def visible_to(self, user: User) -> ReferralQuerySet:
        """The referring organisation's members, and the receiving organisation's members once
        it has been sent. Nobody else: partnership managers get counts (`status_counts`)."""
        if not user.is_authenticated:
            return self.none()
        referrer = Membership.objects.filter(
            organization=OuterRef("referring_organization"), user=user
        )
        receiver = Membership.objects.filter(
            organization=OuterRef("receiving_organization"), user=user
        )
        return self.filter(Q(Exists(referrer)) | (Q(Exists(receiver)) & ~Q(status=Status.DRAFT)))

    def visible_to_organization(self, organization_id: object) -> ReferralQuerySet:
        """`visible_to` for an organisation's API client: the referrals it sent, and those sent
        to it once they are no longer drafts."""
        return self.filter(
            Q(referring_organization_id=organization_id)
            | (Q(receiving_organization_id=organization_id) & ~Q(status=Status.DRAFT))
        )

    def sent_by(self, organization: Organization) -> ReferralQuerySet:
        return self.filter(referring_organization=organization)

    def received_by(self, organization: Organization) -> ReferralQuerySet:
        return self.filter(receiving_organization=organization).exclude(status=Status.DRAFT)

    def open(self) -> ReferralQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self) -> ReferralQuerySet:
        return self.filter(status__in=CLOSED_STATUSES)

    def unanswered_since(self, cutoff: datetime.datetime) -> ReferralQuerySet:
        """Sent before `cutoff` and still waiting for the receiver's first answer."""
        return self.filter(status=Status.REQUESTED, requested_at__lt=cutoff)

    def status_counts(self) -> dict[str, int]:
        """How many referrals in each status: what a partnership manager may see (no people)."""
        rows = self.order_by().values("status").annotate(n=Count("pk"))
        counts = dict.fromkeys(Status.values, 0)
        counts.update({row["status"]: row["n"] for row in rows})
        return counts


class Referral(models.Model):
    """One person referred to one service. The status is derived from the event log
    (`ReferralEvent`) and stored here for querying; only `transition_referral` changes it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    referring_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="sent_referrals"
    )
    referring_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    # The service's organisation when the referral was made: the one the consent names, even if
    # the service later moves to another organisation.
    receiving_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="received_referrals"
    )
    # How the service took referrals when this was made (joinedup inbox, email link, or a
    # "logged" referral for phone / signposting services).
    intake_mode = models.CharField(max_length=20, choices=IntakeMode.choices)
    # Ties the referrals made for one person in one journey (a "carer's prescription").
    prescription = models.UUIDField(default=uuid.uuid4, db_index=True)
    need = models.TextField(help_text="The need, in the person's own words")
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    intake_answers = models.JSONField(default=dict, blank=True)

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    status_changed_at = models.DateTimeField()
    # When it was (last) sent: expiry counts from here.
    requested_at = models.DateTimeField(null=True, blank=True)

    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Reminders sent to the receiver while the referral waits for an answer.
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["receiving_organization", "status"]),
            models.Index(fields=["referring_organization", "status"]),
            models.Index(fields=["status", "requested_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} to {self.service}"

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def derived_status(self) -> str:
        """The status the event log says: the last event's `to_status`."""
        last = self.events.order_by("-sequence").first()
        return last.to_status if last else Status.DRAFT

    def is_referrer(self, user: User) -> bool:
        return user.is_authenticated and (
            Membership.objects.filter(
                organization_id=self.referring_organization_id, user=user
            ).exists()
        )

    def is_receiver(self, user: User) -> bool:
        return (
            user.is_authenticated
            and self.status != Status.DRAFT
            and Membership.objects.filter(
                organization_id=self.receiving_organization_id, user=user
            ).exists()
        )

    def consent_stands(self) -> bool:
        from joinedup.referrals.models.consent import Consent

        return (
            Consent.objects.standing()
            .filter(person_id=self.person_id, recipient_id=self.receiving_organization_id)
            .exists()
        )

    def person_details_visible_to(self, user: User) -> bool:
        """The referrer always; the receiver only while the person's consent to share with the
        receiving organisation stands (withdrawal takes the details away, not the referral)."""
        if self.is_referrer(user):
            return True
        if self.status == Status.ENTERED_IN_ERROR:
            return False
        return self.is_receiver(user) and self.consent_stands()
