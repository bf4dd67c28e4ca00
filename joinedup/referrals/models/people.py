"""The person a referral is about: the minimum a referral needs, owned by one organisation."""

from __future__ import annotations

import contextlib
import datetime
import re
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from joinedup.directory.models import Membership, Organization

if TYPE_CHECKING:
    from joinedup.core.models import User


def nhs_number_is_valid(value: str) -> bool:
    """True for a 10-digit NHS number whose last digit is its modulus-11 check digit.

    The first nine digits are weighted 10 down to 2; the check digit is 11 minus the remainder
    of the sum divided by 11 (11 becomes 0; 10 means the number can never be issued).
    """
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def normalise_nhs_number(value: str) -> str:
    """The ten digits without spaces or dashes ("943 476 5919" -> "9434765919")."""
    return re.sub(r"[\s-]", "", value)


def normalise_name(value: str) -> str:
    """A name as we keep it: single spaces, no leading or trailing space."""
    return " ".join(value.split())


class ContactPreference(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    POST = "post", "Post"
    DO_NOT_CONTACT = "do_not_contact", "Do not contact"


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: User) -> PersonQuerySet:
        """People whose details this user may see.

        The owning organisation's members always; a receiving organisation's members only while
        the person's consent to share with that organisation stands and a referral has been
        sent to it. Partnership managers see counts, never people, so being one gives nothing.
        """
        from joinedup.referrals.models.consent import Consent
        from joinedup.referrals.models.referrals import Referral, Status

        if not user.is_authenticated:
            return self.none()
        own = Membership.objects.filter(organization=OuterRef("organization"), user=user)
        # Consent and referral must name the same recipient: consent given to one organisation
        # must not open the person to another that also holds a referral.
        consent_for_recipient = Consent.objects.standing().filter(
            person=OuterRef("person"), recipient=OuterRef("receiving_organization")
        )
        received = (
            Referral.objects.filter(
                person=OuterRef("pk"), receiving_organization__memberships__user=user
            )
            .exclude(status__in=[Status.DRAFT, Status.ENTERED_IN_ERROR])
            .filter(Exists(consent_for_recipient))
        )
        return self.filter(Q(Exists(own)) | Q(Exists(received)))

    def possible_matches(
        self,
        *,
        organization: Organization,
        name: str,
        date_of_birth: datetime.date | None = None,
        postcode: str = "",
        nhs_number: str = "",
    ) -> PersonQuerySet:
        """People already held by `organization` who may be the same person.

        Only the referrer's own organisation is searched: offering a match from another
        organisation would disclose that it holds the person. Same name (ignoring case and
        spacing) with no conflicting date of birth; or the same date of birth and postcode
        (a changed surname); or the same NHS number.
        """
        from joinedup.core.postcodes import PostcodeError, normalise

        qs = self.filter(organization=organization)
        same_name = Q(name__iexact=normalise_name(name))
        if date_of_birth is not None:
            same_name &= Q(date_of_birth__isnull=True) | Q(date_of_birth=date_of_birth)
        match = same_name
        if date_of_birth is not None and postcode:
            with contextlib.suppress(PostcodeError):
                match |= Q(date_of_birth=date_of_birth, postcode=normalise(postcode))
        if nhs_number and nhs_number_is_valid(nhs_number):
            match |= Q(nhs_number=normalise_nhs_number(nhs_number))
        return qs.filter(match)


def person_outbox_ref(person_id: object) -> str:
    """The outbox's `subject_ref` for messages carrying a person's details."""
    return f"person:{person_id}"


class Person(models.Model):
    """Someone being referred. Owned by the organisation of the person who first recorded them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="referral_people"
    )
    name = models.CharField(max_length=300)
    date_of_birth = models.DateField(null=True, blank=True)
    # Normalised by `joinedup.core.postcodes.normalise`; blank for no fixed address.
    postcode = models.CharField(max_length=10, blank=True)
    contact_preference = models.CharField(
        max_length=20, choices=ContactPreference.choices, default=ContactPreference.PHONE
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(max_length=320, blank=True)
    address = models.TextField(blank=True)
    preferred_language = models.CharField(max_length=100, blank=True)
    access_needs = models.TextField(blank=True)
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organization", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def outbox_ref(self) -> str:
        """How outbox messages carrying this person's details name them (`outbox.forget`)."""
        return person_outbox_ref(self.pk)

    def clean(self) -> None:
        # The contact preference is only useful with the details to act on it.
        errors: dict[str, str] = {}
        if self.contact_preference == ContactPreference.PHONE and not self.phone.strip():
            errors["phone"] = "Enter a phone number, or choose another way to contact them"
        if self.contact_preference == ContactPreference.EMAIL and not self.email.strip():
            errors["email"] = "Enter an email address, or choose another way to contact them"
        if self.contact_preference == ContactPreference.POST and not (
            self.address.strip() and self.postcode
        ):
            errors["address"] = (
                "Enter an address and postcode, or choose another way to contact them"
            )
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = "Date of birth must be in the past"
        if self.nhs_number and not nhs_number_is_valid(self.nhs_number):
            errors["nhs_number"] = "Enter a valid NHS number (10 digits, as on an NHS letter)"
        if errors:
            raise ValidationError(errors)

    def is_owned_by_member(self, user: User) -> bool:
        """Whether `user` belongs to the organisation that holds this person."""
        if not user.is_authenticated:
            return False
        return Membership.objects.filter(organization_id=self.organization_id, user=user).exists()
