"""Self-referral: a person who is not signed in asks a service for help themselves.

The receiving organisation holds the person and is the referring organisation too, with no
referring user (ADR 0009): nobody else takes part, and its own members see the request in
their inbox as any other.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.postcodes import PostcodeError, normalise
from joinedup.directory.models import Organization, Service
from joinedup.referrals.models import (
    ConsentMethod,
    ContactPreference,
    Person,
    Referral,
    Status,
    Urgency,
    normalise_nhs_number,
)
from joinedup.referrals.services.common import append_event, move
from joinedup.referrals.services.intake import check_intake_answers, intake_of
from joinedup.referrals.services.people import record_consent
from joinedup.referrals.transitions import Role


def accepts_self_referral(service: Service) -> bool:
    """Whether the public may ask `service` for help directly."""
    return (
        service.organization_id is not None
        and Service.objects.published().filter(pk=service.pk).exists()
        and intake_of(service).accepts_self_referral
    )


def submit_self_referral(
    *,
    service: Service,
    name: str,
    need: str,
    consent_given: bool,
    contact_preference: str = ContactPreference.PHONE,
    phone: str = "",
    email: str = "",
    address: str = "",
    postcode: str = "",
    date_of_birth: datetime.date | None = None,
    preferred_language: str = "",
    access_needs: str = "",
    nhs_number: str = "",
    urgency: str = Urgency.ROUTINE,
    intake_answers: Mapping[str, Any] | None = None,
    now: datetime.datetime | None = None,
) -> Referral:
    """Record the person, their own consent and a sent referral to `service`; return it (its
    reference is what the person quotes). ValidationError names every field that is wrong."""
    if not accepts_self_referral(service):
        raise PermissionDenied("This service does not take requests for help directly")
    organization = service.organization
    assert organization is not None
    errors = _request_errors(
        organization=organization,
        name=name,
        need=need,
        consent_given=consent_given,
        urgency=urgency,
    )
    if postcode.strip():
        try:
            postcode = normalise(postcode)
        except PostcodeError as exc:
            errors["postcode"] = [str(exc)]
    person = Person(
        organization=organization,
        name=" ".join(name.split()),
        date_of_birth=date_of_birth,
        postcode="" if "postcode" in errors else postcode.strip(),
        contact_preference=contact_preference,
        phone=phone.strip(),
        email=email.strip(),
        address=address.strip(),
        preferred_language=preferred_language.strip(),
        access_needs=access_needs.strip(),
        nhs_number=normalise_nhs_number(nhs_number),
    )
    with _collecting(errors):
        person.full_clean(exclude=["organization", "created_by", "name"])
    answers: dict[str, str] = {}
    with _collecting(errors):
        answers = check_intake_answers(intake=intake_of(service), answers=intake_answers or {})
    if errors:
        raise ValidationError(errors)
    return _record_self_referral(
        service=service,
        person=person,
        need=need.strip(),
        urgency=urgency,
        answers=answers,
        now=now or timezone.now(),
    )


def _request_errors(
    *, organization: Organization, name: str, need: str, consent_given: bool, urgency: str
) -> dict[str, list[str]]:
    """What the person must give: their consent, their name, their need and how soon."""
    errors: dict[str, list[str]] = {}
    if not consent_given:
        errors["consent"] = [
            f"Confirm you agree to {organization.name} receiving your details, or call them instead"
        ]
    if not name.strip():
        errors["name"] = ["Enter your name"]
    if not need.strip():
        errors["need"] = ["Tell us what you need help with"]
    if urgency not in Urgency.values:
        errors["urgency"] = ["Choose how soon you need help"]
    return errors


@contextlib.contextmanager
def _collecting(errors: dict[str, list[str]]) -> Iterator[None]:
    """Add a ValidationError's messages to `errors`, so that every wrong field is named at once."""
    try:
        yield
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)


@transaction.atomic
def _record_self_referral(
    *,
    service: Service,
    person: Person,
    need: str,
    urgency: str,
    answers: dict[str, str],
    now: datetime.datetime,
) -> Referral:
    """Save the person, their consent and the referral, and send it as its referrer would."""
    organization = person.organization
    person.save()
    audit.record("person.created", target=person, organization=organization)
    record_consent(
        actor=None,
        person=person,
        recipient=organization,
        purpose=f"Asked {service.name} for help and for their details to be shared for it",
        method=ConsentMethod.SELF_REFERRAL,
        given_at=now,
    )
    referral = Referral.objects.create(
        person=person,
        referring_organization=organization,
        referring_user=None,
        service=service,
        receiving_organization=organization,
        intake_mode=service.intake_mode,
        need=need,
        urgency=urgency,
        intake_answers=answers,
        status=Status.DRAFT,
        status_changed_at=now,
    )
    append_event(
        referral=referral,
        actor=None,
        actor_organization_id=None,
        from_status="",
        to_status=Status.DRAFT,
        now=now,
    )
    audit.record(
        "referral.self_referred",
        target=referral,
        organization=organization,
        details={"reference": referral.reference, "service": str(service.pk)},
    )
    # The person sends it themselves: the referrer's move, made without a signed-in actor.
    move(
        referral=referral,
        actor=None,
        roles=frozenset({Role.REFERRER}),
        to_status=Status.REQUESTED,
        now=now,
    )
    return referral
