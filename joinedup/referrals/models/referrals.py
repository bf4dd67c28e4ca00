"""A referral of one person to one service; several made in one journey form a prescription."""

from __future__ import annotations

import datetime
import secrets
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from joinedup.directory.models import IntakeMode, Membership, Organization, Service
from joinedup.partnerships.models import PartnershipMember
from joinedup.referrals.models.consent import Consent
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

# Referrals to a service that takes none through joinedup (a phone line, a signposting-only
# service) are logged so the referrer can follow them, but the service answers nothing here:
# they are never overdue, never reminded of and never expire ("did not answer in time" would
# be untrue of a service that was never asked to answer here).
LOGGED_INTAKE_MODES = frozenset({IntakeMode.PHONE, IntakeMode.SIGNPOSTING})


class Urgency(models.TextChoices):
    """FHIR ServiceRequest.priority codes (without `stat`: emergencies are not referred here),
    most urgent first. FHIR ranks `asap` above `urgent`; the words say so, and say by when, so
    the most urgent never reads as the mildest."""

    ASAP = "asap", "Very urgent: within 1 working day"
    URGENT = "urgent", "Urgent: within 3 working days"
    ROUTINE = "routine", "Not urgent: the service's usual wait"


# Sorting by urgency: most urgent first.
URGENCY_RANK = {Urgency.ASAP: 0, Urgency.URGENT: 1, Urgency.ROUTINE: 2}


class Outcome(models.TextChoices):
    """What happened for the person, recorded apart from the workflow status."""

    GOT_HELP = "got_help", "Got help"
    COULD_NOT_CONTACT = "could_not_contact", "Could not contact"
    NOT_ELIGIBLE = "not_eligible", "Not eligible"
    NO_CAPACITY = "no_capacity", "No capacity"
    NO_LONGER_WANTED = "no_longer_wanted", "No longer wanted"
    REFERRED_ELSEWHERE = "referred_elsewhere", "Referred elsewhere"


# How long a referral may wait for its first answer: the receiving organisation's partnership
# decides (`Partnership.referral_expiry_days`, whose default this is); 14 days in none.
DEFAULT_EXPIRY_DAYS = 14
# Cancelling for this reason is joinedup's own: nobody answered in time (`services.common`).
NO_RESPONSE = "no_response"


def expiry_days_by_organization() -> dict[Any, int]:
    """Each organisation in a partnership, with its expiry period. An organisation in several
    partnerships gets the shortest: a referral should never wait longer than any of the places
    it works in has promised."""
    rows = (
        PartnershipMember.objects.order_by()
        .values("organization_id")
        .annotate(days=Min("partnership__referral_expiry_days"))
    )
    return {row["organization_id"]: max(1, int(row["days"])) for row in rows}


def expiry_days_for(organization_id: Any) -> int:
    """The expiry period of referrals received by one organisation."""
    found = PartnershipMember.objects.filter(organization_id=organization_id).aggregate(
        days=Min("partnership__referral_expiry_days")
    )["days"]
    return max(1, int(found)) if found is not None else DEFAULT_EXPIRY_DAYS


def reminder_days() -> list[int]:
    """Days after sending when the receiving team is reminded (JOINEDUP_REFERRAL_REMINDER_DAYS)."""
    return sorted({d for d in settings.JOINEDUP_REFERRAL_REMINDER_DAYS if d > 0})


def overdue_after_days(period: int) -> int:
    """When a waiting referral is overdue: on the first reminder day, or two days before it
    expires if that comes first (a short partnership period). Never after the first reminder
    day, so every referral a reminder is sent for is overdue on every page and in the API."""
    days = reminder_days()
    first = days[0] if days else period
    return max(0, min(first, period - 2))


def _overdue_q(now: datetime.datetime) -> Q:
    """Waiting for a first answer since before the receiving organisation's overdue day. One
    condition per distinct period (a handful), not per organisation."""
    periods = expiry_days_by_organization()
    by_after: dict[int, list[Any]] = {}
    for organization_id, period in periods.items():
        by_after.setdefault(overdue_after_days(period), []).append(organization_id)
    in_a_partnership = PartnershipMember.objects.filter(
        organization_id=OuterRef("receiving_organization_id")
    )
    due = ~Q(Exists(in_a_partnership)) & Q(
        requested_at__lte=now - datetime.timedelta(days=overdue_after_days(DEFAULT_EXPIRY_DAYS))
    )
    for after, organizations in by_after.items():
        due |= Q(
            receiving_organization_id__in=organizations,
            requested_at__lte=now - datetime.timedelta(days=after),
        )
    return _awaiting_answer_q() & Q(requested_at__isnull=False) & due


def _awaiting_answer_q() -> Q:
    """Waiting for the receiver's first answer through joinedup (not a logged referral)."""
    return Q(status=Status.REQUESTED) & ~Q(intake_mode__in=LOGGED_INTAKE_MODES)


# The lists' views, by name: each a method of `ReferralQuerySet` too.
LIST_VIEWS = ("new", "in_progress", "overdue", "open", "closed", "expired", "all")


def _view_q(view: str, now: datetime.datetime) -> Q:
    if view == "overdue":
        return _overdue_q(now)
    if view == "expired":
        return Q(_expired())
    statuses = {
        "new": {Status.REQUESTED},
        "in_progress": OPEN_STATUSES - {Status.REQUESTED},
        "open": OPEN_STATUSES,
        "closed": CLOSED_STATUSES,
    }.get(view)
    return Q(status__in=statuses) if statuses is not None else Q()


def _expired() -> Exists:
    from joinedup.referrals.models.events import ReferralEvent

    return Exists(
        ReferralEvent.objects.filter(
            referral=OuterRef("pk"), to_status=Status.CANCELLED, reason_code=NO_RESPONSE
        )
    )


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

    # What the lists, the home page, the API and the reminders mean by each word. Pages, API
    # and commands read these and nothing else, so the meanings cannot drift apart.

    def new(self) -> ReferralQuerySet:
        """Sent and waiting for the receiver's first answer (overdue ones included)."""
        return self.filter(_view_q("new", timezone.now()))

    def in_progress(self) -> ReferralQuerySet:
        """Answered and being worked: accepted, in progress or on hold."""
        return self.filter(_view_q("in_progress", timezone.now()))

    def open(self) -> ReferralQuerySet:
        """Not ended: waiting for an answer or being worked."""
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self) -> ReferralQuerySet:
        return self.filter(status__in=CLOSED_STATUSES)

    def overdue(self, now: datetime.datetime | None = None) -> ReferralQuerySet:
        """New referrals that have waited past their receiver's overdue day
        (`overdue_after_days` of its partnership's expiry period)."""
        return self.filter(_overdue_q(now or timezone.now()))

    def not_overdue(self, now: datetime.datetime | None = None) -> ReferralQuerySet:
        return self.exclude(_overdue_q(now or timezone.now()))

    def with_overdue(self, now: datetime.datetime | None = None) -> ReferralQuerySet:
        """Each row carries `overdue_flag` (read by `Referral.is_overdue`): no query per row."""
        flag = ExpressionWrapper(_overdue_q(now or timezone.now()), output_field=BooleanField())
        return self.annotate(overdue_flag=flag)

    def expired(self) -> ReferralQuerySet:
        """Cancelled by joinedup because nobody answered in time."""
        return self.filter(_expired())

    def with_expired(self) -> ReferralQuerySet:
        """Each row carries `expired` (see `expired`)."""
        return self.annotate(expired=_expired())

    def in_view(self, view: str, now: datetime.datetime | None = None) -> ReferralQuerySet:
        """One of the lists' views by name (`LIST_VIEWS`); "all" or anything else is all."""
        return self.filter(_view_q(view, now or timezone.now()))

    def view_counts(self, views: list[str], now: datetime.datetime | None = None) -> dict[str, int]:
        """How many in each view, in one query."""
        now = now or timezone.now()
        return self.aggregate(**{v: Count("pk", filter=_view_q(v, now)) for v in views})

    def awaiting_reply_from(
        self, organization: Organization, since: datetime.datetime
    ) -> ReferralQuerySet:
        """Referrals `organization` is a party to whose latest message, written since `since`,
        came from the other side: a reply is owed. Each carries `last_message_at`."""
        from joinedup.referrals.models.events import ReferralMessage

        latest = ReferralMessage.objects.filter(referral=OuterRef("pk")).order_by(
            "-created_at", "-id"
        )
        return (
            self.filter(
                Q(referring_organization=organization) | Q(receiving_organization=organization)
            )
            .annotate(
                last_message_at=Subquery(latest.values("created_at")[:1]),
                last_message_by=Subquery(latest.values("author_organization_id")[:1]),
            )
            .filter(last_message_at__gte=since)
            .exclude(last_message_by=organization.pk)
        )

    def answered_since(self, since: datetime.datetime) -> ReferralQuerySet:
        """Ended, or given an outcome, since `since`: what a referrer wants to hear about."""
        return self.filter(
            Q(status__in=CLOSED_STATUSES, status_changed_at__gte=since)
            | Q(outcome_recorded_at__gte=since)
        )

    def with_person_visible(self, user: User) -> ReferralQuerySet:
        """Each row carries `person_visible`: whether `user` may see the person's details,
        `Referral.person_details_visible_to` for a whole list in one query."""
        if not user.is_authenticated:
            return self.annotate(person_visible=Value(False, output_field=BooleanField()))
        referrer = Membership.objects.filter(
            organization=OuterRef("referring_organization"), user=user
        )
        receiver = Membership.objects.filter(
            organization=OuterRef("receiving_organization"), user=user
        )
        consent = Consent.objects.standing().filter(
            person=OuterRef("person"), recipient=OuterRef("receiving_organization")
        )
        visible = Q(Exists(referrer)) | (
            Q(Exists(receiver))
            & ~Q(status__in=[Status.DRAFT, Status.ENTERED_IN_ERROR])
            & Q(Exists(consent))
        )
        return self.annotate(person_visible=ExpressionWrapper(visible, output_field=BooleanField()))

    def for_person_named(self, words: str) -> ReferralQuerySet:
        """Referrals whose person's name contains `words`, among those whose person may be seen
        (`with_person_visible` first): a name must not find a referral whose person is hidden,
        or the filter would tell who was referred."""
        return self.filter(Q(person_visible=True), person__name__icontains=" ".join(words.split()))

    def by_urgency(self) -> ReferralQuerySet:
        """Most urgent first, then the longest waiting."""
        rank = Case(
            *(When(urgency=code, then=Value(n)) for code, n in URGENCY_RANK.items()),
            default=Value(len(URGENCY_RANK)),
            output_field=IntegerField(),
        )
        return self.annotate(urgency_rank=rank).order_by("urgency_rank", "requested_at", "pk")

    def by_prescription(self) -> ReferralQuerySet:
        """The referrals of one prescription together, the latest prescription first."""
        started = (
            Referral.objects.filter(prescription=OuterRef("prescription"))
            .order_by()
            .values("prescription")
            .annotate(first=Min("created_at"))
            .values("first")
        )
        return self.annotate(prescription_started=Subquery(started)).order_by(
            "-prescription_started", "prescription", "service__name", "pk"
        )

    def awaiting_answer(self) -> ReferralQuerySet:
        """Waiting for the receiver's first answer through joinedup: new, and not logged
        (`LOGGED_INTAKE_MODES`). What can be overdue, reminded of and expire."""
        return self.filter(_awaiting_answer_q())

    def unanswered_since(self, cutoff: datetime.datetime) -> ReferralQuerySet:
        """Sent before `cutoff` and still waiting for the receiver's first answer through
        joinedup (`awaiting_answer`): what expires."""
        return self.awaiting_answer().filter(requested_at__lt=cutoff)

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

    @property
    def is_new(self) -> bool:
        return self.status == Status.REQUESTED

    @property
    def is_in_progress(self) -> bool:
        return self.status in OPEN_STATUSES - {Status.REQUESTED}

    @property
    def is_logged(self) -> bool:
        """Made to a service that answers nothing here (phone, signposting)."""
        return self.intake_mode in LOGGED_INTAKE_MODES

    @property
    def awaits_answer(self) -> bool:
        """`ReferralQuerySet.awaiting_answer` for one row."""
        return self.is_new and not self.is_logged

    @property
    def is_overdue(self) -> bool:
        """`ReferralQuerySet.overdue` for one row: the annotation when the list made one
        (`with_overdue`), else worked out here (one query, only for a new referral)."""
        flag = getattr(self, "overdue_flag", None)
        if flag is not None:
            return bool(flag)
        if not self.awaits_answer or self.requested_at is None:
            return False
        after = overdue_after_days(expiry_days_for(self.receiving_organization_id))
        return self.requested_at <= timezone.now() - datetime.timedelta(days=after)

    def answer_by(self, period: int | None = None) -> datetime.datetime | None:
        """When a new referral expires unanswered (None once answered, and for a logged one,
        which never expires)."""
        if not self.awaits_answer or self.requested_at is None:
            return None
        days = period if period is not None else expiry_days_for(self.receiving_organization_id)
        return self.requested_at + datetime.timedelta(days=days)

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
