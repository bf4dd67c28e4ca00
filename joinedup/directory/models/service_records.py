"""HSDS's Service and the records that describe one (areas, languages, costs, funding, required
documents), with the intake and capacity choices joinedup adds. The use cases that change them
are in `joinedup.directory.services`."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from joinedup.directory.models.base import DirectoryRecord, SourcedRecord
from joinedup.directory.models.organizations import Organization, Program

if TYPE_CHECKING:
    from joinedup.core.models import User


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class IntakeMode(models.TextChoices):
    """How a referral reaches this service (used by the referral workflow)."""

    JOINEDUP = "joinedup", "Referral through joinedup"
    EMAIL = "email", "Referral by email"
    PHONE = "phone", "Referral by phone"
    SIGNPOSTING = "signposting", "Signposting only"


# Referrals to these services are only recorded: the referrer phones the service or signposts the
# person, so nobody at the service needs to answer them on the site.
LOGGED_INTAKE_MODES = (IntakeMode.PHONE, IntakeMode.SIGNPOSTING)


class CapacityStatus(models.TextChoices):
    ACCEPTING = "accepting", "Accepting referrals"
    WAITING_LIST = "waiting_list", "Waiting list"
    NOT_ACCEPTING = "not_accepting", "Not accepting referrals"


class WaitBand(models.TextChoices):
    UNDER_2_WEEKS = "under_2_weeks", "Less than 2 weeks"
    WEEKS_2_TO_4 = "2_to_4_weeks", "2 to 4 weeks"
    MONTHS_1_TO_3 = "1_to_3_months", "1 to 3 months"
    OVER_3_MONTHS = "over_3_months", "More than 3 months"


class DeliveryMethod(models.TextChoices):
    """How a person gets the service (not HSDS 3.0, which has only a schedule's attending type;
    kept on the service as a list of these codes)."""

    IN_PERSON = "in_person", "In person, at a place"
    HOME_VISIT = "home_visit", "In the person's home"
    PHONE = "phone", "By phone"
    ONLINE = "online", "Online or by video call"


class ServiceQuerySet(models.QuerySet["Service"]):
    def published(self) -> ServiceQuerySet:
        """What the public directory and feed show: published services of published (or no)
        organisations."""
        return self.filter(published=True).filter(
            Q(organization__isnull=True) | Q(organization__published=True)
        )

    def editable_by(self, user: User) -> ServiceQuerySet:
        """Listings this person may change: their organisation's (as its admin) and those of
        the partnerships they manage (`Organization.objects.managed_by`)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(organization__in=Organization.objects.editable_by(user))

    def stale(self, *, now: datetime.datetime | None = None) -> ServiceQuerySet:
        """Listings nobody has checked within the stale period (never checked counts as stale)."""
        cutoff = (now or timezone.now()).date() - check_interval()
        return self.filter(Q(assured_date__isnull=True) | Q(assured_date__lt=cutoff))

    def due_check_reminder(self, *, now: datetime.datetime) -> ServiceQuerySet:
        """Published stale listings whose organisation has not been reminded about them within
        the check interval (so a daily run reminds once per interval, not once a day)."""
        since = now - check_interval()
        return (
            self.published()
            .stale(now=now)
            .filter(organization__isnull=False)
            .filter(Q(check_reminded_at__isnull=True) | Q(check_reminded_at__lt=since))
        )

    def answerable(self) -> ServiceQuerySet:
        """Services with someone to answer a referral: their organisation has at least one
        active member."""
        return self.filter(organization__in=Organization.objects.with_active_members())

    def referable(self) -> ServiceQuerySet:
        """What a practitioner is offered to refer to: published services of an organisation,
        where someone can answer, or where the referral is only logged and the referrer phones
        or signposts (nobody need answer it here). A referral through joinedup or by email to
        an organisation with no active member would wait in an inbox nobody opens."""
        return (
            self.published()
            .filter(organization__isnull=False)
            .filter(
                Q(intake_mode__in=LOGGED_INTAKE_MODES)
                | Q(organization__in=Organization.objects.with_active_members())
            )
        )

    def with_hsds_relations(self) -> ServiceQuerySet:
        """Everything `joinedup.directory.hsds.services_to_hsds(full=True)` reads, prefetched
        (a bounded number of queries per page); original documents are not loaded."""
        from joinedup.directory.hsds import service_relations

        return (
            self.select_related("organization", "program")
            .defer("source_document", "organization__source_document")
            .prefetch_related(*service_relations())
        )

    def text_match(self, text: str) -> ServiceQuerySet:
        """Plain text match on name, description and organisation (AND of the words)."""
        qs = self
        for word in text.split()[:10]:
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(description__icontains=word)
                | Q(organization__name__icontains=word)
            )
        return qs


class Service(SourcedRecord):
    """HSDS service: what an organisation offers, plus what referrals need (intake, capacity)."""

    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    name = models.CharField(max_length=500)
    alternate_name = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=2000, blank=True)
    email = models.EmailField(max_length=320, blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.TextField(blank=True)
    application_process = models.TextField(blank=True)
    fees_description = models.TextField(blank=True)
    wait_time = models.TextField(blank=True)
    fees = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    eligibility_description = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(max_length=320, blank=True)
    licenses = models.TextField(blank=True)
    alert = models.TextField(blank=True)
    last_modified = models.DateTimeField(default=timezone.now, db_index=True)
    published = models.BooleanField(default=True)
    # A list of DeliveryMethod codes.
    delivery_methods = models.JSONField(default=list, blank=True)

    intake_mode = models.CharField(
        max_length=20, choices=IntakeMode.choices, default=IntakeMode.SIGNPOSTING
    )
    capacity_status = models.CharField(
        max_length=20, choices=CapacityStatus.choices, default=CapacityStatus.ACCEPTING
    )
    capacity_wait_band = models.CharField(max_length=20, choices=WaitBand.choices, blank=True)
    capacity_note = models.TextField(blank=True)
    capacity_updated_at = models.DateTimeField(null=True, blank=True)
    # When the organisation's admins were last emailed to check this listing
    # (`joinedup remind_stale_listings`): not again within the check interval.
    check_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_ordered",
            ),
            # Nobody answers for a published service without an organisation: referrals to it
            # reach no one and nobody keeps it up to date (issue 14).
            models.CheckConstraint(
                condition=Q(published=False) | Q(organization__isnull=False),
                name="published_service_has_organization",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_editable_by(self, user: User) -> bool:
        return Service.objects.editable_by(user).filter(pk=self.pk).exists()

    def delivery_method_labels(self) -> list[str]:
        labels = dict(DeliveryMethod.choices)
        return [str(labels[m]) for m in self.delivery_methods or [] if m in labels]

    @property
    def is_stale(self) -> bool:
        if self.assured_date is None:
            return True
        return timezone.now().date() - self.assured_date > check_interval()

    @property
    def takes_referrals_here(self) -> bool:
        """Whether practitioners are offered to refer to it here (see `referable`): false when a
        referral would reach no one."""
        if self.organization_id is None:
            return False
        if self.intake_mode in LOGGED_INTAKE_MODES:
            return True
        return Service.objects.answerable().filter(pk=self.pk).exists()


def check_interval() -> datetime.timedelta:
    """How often the partnership wants each listing checked (`JOINEDUP_STALE_AFTER_DAYS`)."""
    return datetime.timedelta(days=settings.JOINEDUP_STALE_AFTER_DAYS)


class ServiceArea(DirectoryRecord):
    """Where a service is available. `extent_type` "postcode_districts" lists outcodes in
    `extent`, space separated, which the feed's `postcode` filter uses."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=100, blank=True)
    uri = models.CharField(max_length=2000, blank=True)


class Language(DirectoryRecord):
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    location = models.ForeignKey(
        "directory.Location",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="languages",
    )
    phone = models.ForeignKey(
        "directory.Phone",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="languages",
    )
    name = models.CharField(max_length=200, blank=True)
    code = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)


class CostOption(DirectoryRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.TextField(blank=True)
    currency = models.CharField(max_length=3, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amount_description = models.TextField(blank=True)


class Funding(DirectoryRecord):
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="funding"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="funding"
    )
    source = models.TextField(blank=True)


class RequiredDocument(DirectoryRecord):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="required_documents"
    )
    document = models.TextField(blank=True)
    uri = models.URLField(max_length=2000, blank=True)
