"""The referring journey's last step as one use case: (record the person,) record consent for
each receiving organisation, and send one referral per service — all or nothing."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.core.models import User
from joinedup.directory.models import Organization, Service
from joinedup.referrals.models import ConsentMethod, Person, Urgency
from joinedup.referrals.services.common import batched
from joinedup.referrals.services.intake import check_intake_answers, intake_of
from joinedup.referrals.services.people import create_person, record_consent
from joinedup.referrals.services.sending import SendResult, send_referrals

# A referrer records how the person agreed; "self-referral" is only for the person's own request.
REFERRER_CONSENT_METHODS = [
    ConsentMethod.IN_PERSON,
    ConsentMethod.PHONE,
    ConsentMethod.WRITTEN,
]


@dataclass(frozen=True)
class ConsentGiven:
    """The person agreed to be referred to `recipient` (how and when)."""

    recipient: Organization
    method: str
    given_at: datetime.datetime


def consent_purpose(*, referrer: Organization, services: Sequence[Service]) -> str:
    names = ", ".join(s.name for s in services)
    return (
        f"To be referred by {referrer.name} to {names}, and for their details to be shared for it"
    )


def refer_person(
    *,
    actor: User,
    organization: Organization,
    services: Sequence[Service],
    need: str,
    urgency: str = Urgency.ROUTINE,
    person: Person | None = None,
    new_person: Mapping[str, Any] | None = None,
    intake_answers: Mapping[uuid.UUID, Mapping[str, Any]] | None = None,
    consents: Sequence[ConsentGiven] = (),
    now: datetime.datetime | None = None,
) -> SendResult:
    """Refer a person (held, or recorded now from `new_person`) to each of `services`.

    Consent is recorded for each receiving organisation named in `consents`; any recipient
    still without standing consent refuses the whole prescription (ConsentMissing).
    """
    if (person is None) == (new_person is None):
        raise ValueError("Give either a person or the details of a new one")
    answers_in = intake_answers or {}
    checked: dict[uuid.UUID, dict[str, str]] = {}
    errors: dict[str, list[str]] = {}
    for service in services:
        try:
            checked[service.pk] = check_intake_answers(
                intake=intake_of(service), answers=answers_in.get(service.pk, {})
            )
        except ValidationError as exc:
            errors.setdefault("intake_answers", []).extend(
                f"{service.name}: {m}" for m in exc.messages
            )
    for given in consents:
        if given.method not in REFERRER_CONSENT_METHODS:
            errors.setdefault("consent", []).append("Choose how the person gave consent")
    if errors:
        raise ValidationError(errors)
    recipients = {s.organization_id for s in services}
    with transaction.atomic(), batched():
        if person is None:
            assert new_person is not None
            person = create_person(actor=actor, organization=organization, **new_person)
        purpose = consent_purpose(referrer=organization, services=services)
        for given in consents:
            if given.recipient.pk not in recipients:
                continue
            record_consent(
                actor=actor,
                person=person,
                recipient=given.recipient,
                purpose=purpose,
                method=given.method,
                given_at=given.given_at,
            )
        return send_referrals(
            actor=actor,
            person=person,
            services=services,
            need=need,
            urgency=urgency,
            intake_answers=checked,
            referring_organization=organization,
            now=now,
        )
