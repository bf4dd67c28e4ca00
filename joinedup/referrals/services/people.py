"""Use cases for people and their consent to share, per recipient."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.core.postcodes import PostcodeError, normalise
from joinedup.directory.models import Organization
from joinedup.directory.permissions import Actor, is_member, require_member, user_of
from joinedup.referrals.models import (
    Consent,
    ConsentMethod,
    ContactPreference,
    Person,
    Referral,
    Status,
    nhs_number_is_valid,
    normalise_nhs_number,
)
from joinedup.referrals.models.people import PersonQuerySet
from joinedup.referrals.services.common import (
    CONSENT_WITHDRAWN,
    can_see_person_details,
    move,
    record_audit,
)
from joinedup.referrals.transitions import Role

CLOCK_GRACE = datetime.timedelta(minutes=5)

# Who may record which consent: a referrer records how the person agreed (in person, by phone,
# in writing); "self-referral" is the person's own request for help, and only that records it.
REFERRER_CONSENT_METHODS = [m for m in ConsentMethod if m != ConsentMethod.SELF_REFERRAL]


def create_person(
    *,
    actor: Actor,
    organization: Organization,
    name: str,
    date_of_birth: datetime.date | None = None,
    postcode: str = "",
    contact_preference: str = ContactPreference.PHONE,
    phone: str = "",
    email: str = "",
    address: str = "",
    preferred_language: str = "",
    access_needs: str = "",
    nhs_number: str = "",
) -> Person:
    """Record a person for `organization`; ValidationError names every field that is wrong."""
    person = new_person(
        actor=actor,
        organization=organization,
        name=name,
        date_of_birth=date_of_birth,
        postcode=postcode,
        contact_preference=contact_preference,
        phone=phone,
        email=email,
        address=address,
        preferred_language=preferred_language,
        access_needs=access_needs,
        nhs_number=nhs_number,
    )
    with transaction.atomic(savepoint=False):
        save_new_person(actor=actor, person=person)
    return person


def new_person(
    *,
    actor: Actor | None,
    organization: Organization,
    name: str,
    date_of_birth: datetime.date | None = None,
    postcode: str = "",
    contact_preference: str = ContactPreference.PHONE,
    phone: str = "",
    email: str = "",
    address: str = "",
    preferred_language: str = "",
    access_needs: str = "",
    nhs_number: str = "",
) -> Person:
    """`create_person`'s checks: the person as they would be recorded, not yet saved.

    `actor` None: the person records themselves, asking for help (the one door,
    `prescription.refer_person`, checks the service takes that)."""
    if actor is not None:
        require_member(actor, organization.pk, "record people for it")
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Enter the person's name"
    if postcode.strip():
        try:
            postcode = normalise(postcode)
        except PostcodeError as exc:
            errors["postcode"] = str(exc)
    person = Person(
        organization=organization,
        name=" ".join(name.split()),
        date_of_birth=date_of_birth,
        postcode=postcode.strip() if "postcode" in errors else postcode,
        contact_preference=contact_preference,
        phone=phone.strip(),
        email=email.strip(),
        address=address.strip(),
        preferred_language=preferred_language.strip(),
        access_needs=access_needs.strip(),
        nhs_number=normalise_nhs_number(nhs_number),
        created_by=user_of(actor),
    )
    try:
        # Not the id: a new random UUID, whose uniqueness check would cost a query.
        person.full_clean(exclude=["organization", "created_by", "id"])
    except ValidationError as exc:
        errors = {**{k: "; ".join(v) for k, v in exc.message_dict.items()}, **errors}
    if errors:
        raise ValidationError(errors)
    return person


def save_new_person(*, actor: Actor | None, person: Person) -> None:
    """`create_person`'s writes, inside the caller's transaction, for a `new_person`."""
    person.save()
    record_audit("person.created", actor=actor, target=person, organization=person.organization)


def read_person_details(
    *, actor: Actor, person: Person, referral: Referral | None = None
) -> Person:
    """The one way to read a person's details: refuses if not allowed, audits every read."""
    if referral is not None:
        allowed = referral.person_id == person.pk and can_see_person_details(actor, referral)
    else:
        allowed = is_member(actor, person.organization_id)
    if not allowed:
        raise PermissionDenied("You cannot see this person's details")
    details: dict[str, Any] = {}
    organization_id = person.organization_id
    if referral is not None:
        details["referral"] = referral.reference
        if not is_member(actor, referral.referring_organization_id):
            organization_id = referral.receiving_organization_id
    record_audit(
        "person.viewed",
        actor=actor,
        target=person,
        organization=Organization.objects.get(pk=organization_id),
        details=details,
    )
    return person


# Withdrawing consent ends every referral to that recipient that has not already ended,
# drafts included (they could not be sent without it).
WITHDRAWAL_CANCELS = [
    Status.DRAFT,
    Status.REQUESTED,
    Status.ACCEPTED,
    Status.IN_PROGRESS,
    Status.ON_HOLD,
]


def record_consent(
    *,
    actor: Actor | None,
    person: Person,
    recipient: Organization,
    purpose: str,
    method: str,
    given_at: datetime.datetime | None = None,
    person_recorded_here: bool = False,
) -> Consent:
    """Record that the person agreed to be referred to `recipient` and share their details.

    If consent to that recipient already stands it is returned unchanged (one standing consent
    per recipient): recording it twice in one journey is not an error.

    `person_recorded_here`: the caller recorded the person in this same transaction, so no one
    else can see them yet: no lock to take, and no consent of theirs to look for.
    """
    check_consent(actor=actor, person=person, purpose=purpose, method=method, given_at=given_at)
    # Everything that refuses was checked: the writes join a caller's transaction without a
    # savepoint of their own.
    with transaction.atomic(savepoint=False):
        if not person_recorded_here:
            Person.objects.select_for_update().filter(pk=person.pk).first()
            existing = Consent.objects.standing().for_recipient(person=person, recipient=recipient)
            if (found := existing.first()) is not None:
                return found
        consent = Consent.objects.create(
            person=person,
            recipient=recipient,
            purpose=purpose.strip(),
            method=method,
            recorded_by=user_of(actor),
            given_at=given_at or timezone.now(),
        )
        record_audit(
            "consent.recorded",
            actor=actor,
            target=consent,
            organization=person.organization,
            details={"recipient": str(recipient.pk), "method": method},
        )
    return consent


def check_consent(
    *,
    actor: Actor | None,
    person: Person,
    purpose: str,
    method: str,
    given_at: datetime.datetime | None = None,
) -> None:
    """`record_consent`'s checks (ValidationError or PermissionDenied), with no writes."""
    if method not in ConsentMethod.values:
        raise ValidationError({"method": "Choose how the person gave consent"})
    if actor is None and method != ConsentMethod.SELF_REFERRAL:
        raise PermissionDenied("Only a self-referral records consent without a signed-in person")
    if actor is not None and method not in REFERRER_CONSENT_METHODS:
        raise ValidationError(
            {
                "method": "Choose how the person agreed: in person, by phone or in writing "
                "(self-referral is only for the person's own request for help)"
            }
        )
    if actor is not None:
        require_member(actor, person.organization_id, "record consent for this person")
    if not purpose.strip():
        raise ValidationError({"purpose": "Say what the person agreed to"})
    # Consent is evidence of something that happened: it cannot be given later than now (a
    # few minutes' grace for a client system's clock).
    if given_at is not None and given_at > timezone.now() + CLOCK_GRACE:
        raise ValidationError({"given_at": "The time consent was given cannot be in the future"})


def withdraw_consent(
    *, actor: Actor, consent: Consent, reason: str = "", now: datetime.datetime | None = None
) -> list[Referral]:
    """Withdraw consent: cancel the open referrals to that recipient, whose access to the
    person's details ends with it. Returns the referrals cancelled."""
    require_member(actor, consent.person.organization_id, "withdraw this person's consent")
    now = now or timezone.now()
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.withdrawn_at is not None:
            return []
        consent.withdrawn_at = now
        consent.withdrawn_by = user_of(actor)
        consent.withdrawal_reason = reason.strip()
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        record_audit(
            "consent.withdrawn",
            actor=actor,
            target=consent,
            organization=consent.person.organization,
            details={"recipient": str(consent.recipient_id)},
        )
        to_cancel = Referral.objects.filter(
            person_id=consent.person_id, receiving_organization_id=consent.recipient_id
        ).filter(status__in=WITHDRAWAL_CANCELS)
        cancelled = []
        for referral in to_cancel:
            move(
                referral=referral,
                actor=actor,
                roles=frozenset({Role.REFERRER}),
                to_status=Status.CANCELLED,
                reason_code=CONSENT_WITHDRAWN,
                reason_text=reason.strip() or "The person withdrew their consent",
                system_reason=True,
                now=now,
            )
            cancelled.append(referral)
    return cancelled


# Enough to recognise the person among people with the same name; more is a search, not a match.
MAX_MATCHES = 10


@dataclass(frozen=True)
class PossibleMatch:
    person: Person
    # Why they may be the same person: same_nhs_number, same_date_of_birth_and_postcode,
    # same_name_and_date_of_birth, same_name (a date of birth unknown on one side).
    reasons: tuple[str, ...]


def offer_possible_matches(
    *,
    actor: Actor,
    organization: Organization,
    name: str,
    date_of_birth: datetime.date | None = None,
    postcode: str = "",
    nhs_number: str = "",
) -> list[PossibleMatch]:
    """The people `organization` holds who may be this person, each read audited."""
    people = _offer(
        actor=actor,
        organization=organization,
        name=name,
        date_of_birth=date_of_birth,
        postcode=postcode,
        nhs_number=nhs_number,
    )
    matches = []
    for person in people:
        # Offering a match shows who the organisation holds: each is a read of their details.
        read_person_details(actor=actor, person=person)
        matches.append(
            PossibleMatch(person, _match_reasons(person, name, date_of_birth, postcode, nhs_number))
        )
    return matches


def offered_match_ids(
    *,
    actor: Actor,
    organization: Organization,
    name: str,
    date_of_birth: datetime.date | None = None,
    postcode: str = "",
    nhs_number: str = "",
) -> list[str]:
    """The ids of the people `offer_possible_matches` offers, to check a choice against the
    offer: no one's details are read, so nothing is audited."""
    people = _offer(
        actor=actor,
        organization=organization,
        name=name,
        date_of_birth=date_of_birth,
        postcode=postcode,
        nhs_number=nhs_number,
    )
    return [str(pk) for pk in people.values_list("pk", flat=True)]


def _offer(
    *,
    actor: Actor,
    organization: Organization,
    name: str,
    date_of_birth: datetime.date | None,
    postcode: str,
    nhs_number: str,
) -> PersonQuerySet:
    require_member(actor, organization.pk, "see the people it holds")
    return Person.objects.possible_matches(
        organization=organization,
        name=name,
        date_of_birth=date_of_birth,
        postcode=postcode,
        nhs_number=nhs_number,
    ).order_by("name", "pk")[:MAX_MATCHES]


def _match_reasons(
    person: Person,
    name: str,
    date_of_birth: datetime.date | None,
    postcode: str,
    nhs_number: str,
) -> tuple[str, ...]:
    """Which of `PersonQuerySet.possible_matches`' rules `person` met (it met at least one)."""
    reasons = []
    if (
        nhs_number
        and nhs_number_is_valid(nhs_number)
        and person.nhs_number == normalise_nhs_number(nhs_number)
    ):
        reasons.append("same_nhs_number")
    if date_of_birth is not None and postcode and person.date_of_birth == date_of_birth:
        try:
            if person.postcode == normalise(postcode):
                reasons.append("same_date_of_birth_and_postcode")
        except PostcodeError:
            pass
    # The same name counts only when the dates of birth do not conflict. The database compares
    # names ignoring case by its own rules: when neither rule above explains the match, the
    # name did.
    same_name = person.name.casefold() == " ".join(name.split()).casefold() and (
        date_of_birth is None or person.date_of_birth in (None, date_of_birth)
    )
    if same_name or not reasons:
        if date_of_birth is not None and person.date_of_birth == date_of_birth:
            reasons.append("same_name_and_date_of_birth")
        else:
            reasons.append("same_name")
    return tuple(reasons)
