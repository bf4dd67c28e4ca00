"""Self-referral: a person who is not signed in asks a service for help themselves.

The receiving organisation holds the person and is the referring organisation too, with no
referring user (ADR 0009): nobody else takes part, and its own members see the request in
their inbox as any other.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.directory.models import Service
from joinedup.referrals.models import (
    ConsentMethod,
    ContactPreference,
    Moment,
    Referral,
    Urgency,
)
from joinedup.referrals.services.intake import accepts_self_referral
from joinedup.referrals.services.prescription import ConsentGiven, refer_person
from joinedup.referrals.services.wellbeing import clean_scores, record_wellbeing
from joinedup.referrals.transitions import ConsentMissing

__all__ = ["accepts_self_referral", "submit_self_referral"]


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
    wellbeing: Mapping[str, int | None] | None = None,
    now: datetime.datetime | None = None,
) -> Referral:
    """Record the person, their own consent and a sent referral to `service`, through the one
    door (`refer_person`, with no actor: the person asks); return it (its reference is what the
    person quotes). ValidationError names every field that is wrong, keyed as the form's.
    `wellbeing`: the person's own ONS4 answers at referral, for a service that asks them."""
    organization = service.organization
    if organization is None:
        raise PermissionDenied("This service does not take requests for help directly")
    now = now or timezone.now()
    # The door refuses a service that does not take requests for help (PermissionDenied).
    consents = (
        [ConsentGiven(recipient=organization, method=ConsentMethod.SELF_REFERRAL, given_at=now)]
        if consent_given
        else []
    )
    details = {
        "name": name,
        "contact_preference": contact_preference,
        "phone": phone,
        "email": email,
        "address": address,
        "postcode": postcode,
        "date_of_birth": date_of_birth,
        "preferred_language": preferred_language,
        "access_needs": access_needs,
        "nhs_number": nhs_number,
    }
    scores = clean_scores(wellbeing) if wellbeing else None
    try:
        with transaction.atomic():
            result = refer_person(
                actor=None,
                organization=organization,
                services=[service],
                need=need,
                urgency=urgency,
                new_person=details,
                intake_answers={service.pk: intake_answers or {}},
                consents=consents,
                now=now,
            )
            if scores and any(v is not None for v in scores.values()):
                record_wellbeing(
                    actor=None,
                    referral=result.referrals[0],
                    moment=Moment.REFERRAL,
                    scores=scores,
                    now=now,
                )
    except ValidationError as exc:
        raise ValidationError(_in_the_persons_words(exc, service, consent_given)) from None
    except ConsentMissing:
        raise ValidationError(_in_the_persons_words(None, service, consent_given)) from None
    return result.referrals[0]


def _in_the_persons_words(
    refused: ValidationError | None, service: Service, consent_given: bool
) -> dict[str, list[str]]:
    """The door's refusal keyed by the form's fields (a question's answer by its key), with
    the words of what the person must give said to them rather than to a referrer."""
    errors: dict[str, list[str]] = {}
    for key, messages in (refused.message_dict if refused is not None else {}).items():
        field = key.removeprefix("person.").rsplit(".", 1)[-1]
        errors.setdefault(field, []).extend(messages)
    own_words = {
        "name": "Enter your name",
        "need": "Tell us what you need help with",
        "urgency": "Choose how soon you need help",
    }
    for field, words in own_words.items():
        if field in errors:
            errors[field] = [words]
    if not consent_given:
        recipient = service.organization.name if service.organization else service.name
        errors["consent"] = [
            f"Confirm you agree to {recipient} receiving your details, or call them instead"
        ]
    return errors
