"""The one door for referring a person (ADR 0021): record the person (or take one held), record
their consent for each receiving organisation, and send one referral per service, all or none.

The referring journey's pages, the referrals API and a person's own request for help
(self-referral) all come through `refer_person`, so every rule about who may refer, which
consent counts and what each service asks is checked here once, before anything is written.
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from joinedup.directory.models import Organization, Service
from joinedup.directory.permissions import Actor, require_member
from joinedup.referrals.models import Person, Urgency
from joinedup.referrals.services.common import batched, record_audit
from joinedup.referrals.services.intake import (
    accepts_self_referral,
    check_intake_answers,
    intakes_of,
)
from joinedup.referrals.services.people import (
    REFERRER_CONSENT_METHODS,
    check_consent,
    record_consent,
    save_new_person,
)
from joinedup.referrals.services.people import (
    new_person as person_to_record,
)
from joinedup.referrals.services.sending import (
    SendResult,
    check_referrals,
    require_consent,
    save_sent_referrals,
)

__all__ = [
    "REFERRER_CONSENT_METHODS",
    "ConsentGiven",
    "consent_purpose",
    "refer_person",
    "services_by_id",
]

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class ConsentGiven:
    """The person agreed to be referred to `recipient` (an organisation, or its id) and to
    their details being shared with it: how, when (None: now) and for what (blank: the
    purpose `consent_purpose` words for this referral)."""

    recipient: Organization | uuid.UUID
    method: str
    given_at: datetime.datetime | None = None
    purpose: str = ""

    @property
    def recipient_id(self) -> Any:
        return self.recipient.pk if isinstance(self.recipient, Organization) else self.recipient

    def recipient_name(self) -> str:
        if isinstance(self.recipient, Organization):
            return self.recipient.name
        return f"organisation {self.recipient}"


def consent_purpose(
    *, referrer: Organization, services: Sequence[Service], own_request: bool = False
) -> str:
    """What the person agreed to, in words, when the consent given does not say."""
    names = ", ".join(s.name for s in services)
    if own_request:
        return f"Asked {names} for help and for their details to be shared for it"
    return (
        f"To be referred by {referrer.name} to {names}, and for their details to be shared for it"
    )


def services_by_id(service_ids: Sequence[uuid.UUID]) -> list[Service]:
    """The services named, in order, with their organisation and intake read in one query;
    ValidationError naming any id that is no service."""
    found = Service.objects.select_related("organization", "intake").in_bulk(list(service_ids))
    unknown = [str(pk) for pk in service_ids if pk not in found]
    if unknown:
        raise ValidationError({"services": f"No service with id {', '.join(unknown)}"})
    return [found[pk] for pk in service_ids]


def refer_person(
    *,
    actor: Actor | None,
    organization: Organization,
    services: Sequence[Service],
    need: str,
    urgency: str = Urgency.ROUTINE,
    person: Person | None = None,
    new_person: Mapping[str, Any] | None = None,
    intake_answers: Mapping[Any, Mapping[str, Any]] | None = None,
    consents: Sequence[ConsentGiven] = (),
    now: datetime.datetime | None = None,
) -> SendResult:
    """Refer a person (held, or recorded now from `new_person`) to each of `services` from
    `organization`, recording each consent given; all or nothing.

    `actor` is the member or API client referring, or None for the person's own request for
    help (self-referral). Refusals, before anything is written: PermissionDenied (who may not),
    ValidationError naming every field that is wrong at once, then ConsentMissing naming each
    recipient still without standing consent.
    """
    if (person is None) == (new_person is None):
        raise ValueError("Give either a person or the details of a new one")
    if actor is None:
        _check_own_request(organization=organization, services=services, person=person)
    else:
        require_member(actor, organization.pk, "refer people from it")
    errors: Errors = {}
    subject = person
    if subject is None:
        assert new_person is not None
        with _collecting(errors, prefix="person."):
            subject = person_to_record(actor=actor, organization=organization, **new_person)
    # A new person whose details are wrong is not recorded; the rest is still checked against
    # a stand-in, so that every wrong field is named at once.
    checked_person = subject or Person(organization=organization)
    answers = _checked_answers(services, intake_answers or {}, errors)
    purpose = consent_purpose(referrer=organization, services=services, own_request=actor is None)
    _check_consents(
        actor=actor,
        person=checked_person,
        services=services,
        consents=consents,
        purpose=purpose,
        errors=errors,
    )
    with _collecting(errors):
        check_referrals(
            actor=actor,
            person=checked_person,
            services=services,
            need=need,
            urgency=urgency,
            referring_organization=organization,
        )
    if errors:
        raise ValidationError(errors)
    assert subject is not None
    require_consent(person=subject, services=services, given=[c.recipient_id for c in consents])
    recipients = {s.organization_id: s.organization for s in services}
    # One transaction (the caller's, when there is one); audit lines and notifications are
    # written together at its end.
    with transaction.atomic(savepoint=False), batched():
        if person is None:
            save_new_person(actor=actor, person=subject)
        for given in consents:
            recipient = recipients[given.recipient_id]
            assert recipient is not None
            record_consent(
                actor=actor,
                person=subject,
                recipient=recipient,
                purpose=given.purpose or purpose,
                method=given.method,
                given_at=given.given_at or now,
                person_recorded_here=person is None,
            )
        result = save_sent_referrals(
            actor=actor,
            person=subject,
            services=services,
            need=need,
            urgency=urgency,
            intake_answers=answers,
            organization=organization,
            now=now,
        )
        if actor is None:
            for referral in result.referrals:
                record_audit(
                    "referral.self_referred",
                    actor=None,
                    target=referral,
                    organization=organization,
                    details={"reference": referral.reference, "service": str(referral.service_id)},
                )
    return result


def _check_own_request(
    *, organization: Organization, services: Sequence[Service], person: Person | None
) -> None:
    """A person asking for help themselves: only services that take such requests, each of
    `organization` (which records them: no one else takes part), and never someone held."""
    if person is not None:
        raise PermissionDenied("A request for help records the person who asks, no one held")
    for service in services:
        if service.organization_id != organization.pk or not accepts_self_referral(service):
            raise PermissionDenied("This service does not take requests for help directly")


def _checked_answers(
    services: Sequence[Service], given: Mapping[Any, Mapping[str, Any]], errors: Errors
) -> dict[Any, dict[str, str]]:
    """Each service's answers to its own questions (answers to no question are dropped);
    a missing required answer or one too long adds to `errors`, under
    `intake_answers.<service id>.<question key>`."""
    checked: dict[Any, dict[str, str]] = {}
    for service, intake in intakes_of(services):
        answers = given.get(service.pk) or given.get(str(service.pk)) or {}
        try:
            checked[service.pk] = check_intake_answers(intake=intake, answers=answers)
        except ValidationError as exc:
            # Among several services, each message says whose question it is.
            label = f"{service.name}: " if len(services) > 1 else ""
            for key, messages in exc.message_dict.items():
                errors.setdefault(f"intake_answers.{service.pk}.{key}", []).extend(
                    label + m for m in messages
                )
    return checked


def _check_consents(
    *,
    actor: Actor | None,
    person: Person,
    services: Sequence[Service],
    consents: Sequence[ConsentGiven],
    purpose: str,
    errors: Errors,
) -> None:
    """Each consent names an organisation being referred to, once, and is one `actor` may
    record (`check_consent`: a referrer records how the person agreed, only the person's own
    request records self-referral)."""
    recipients = {s.organization_id for s in services}
    seen: set[Any] = set()
    for given in consents:
        if given.recipient_id not in recipients:
            # Consent names one recipient for one purpose: consent to an organisation that
            # receives nothing here is a mistake (a service left out, or the wrong
            # organisation), and keeping it would record a consent nobody asked for.
            errors.setdefault("consents", []).append(
                f"Consent names {given.recipient_name()}, which receives none of the services "
                "chosen: leave it out, or choose its service"
            )
        elif given.recipient_id in seen:
            errors.setdefault("consents", []).append(
                f"Give one consent per receiving organisation ({given.recipient_name()} twice)"
            )
        seen.add(given.recipient_id)
        with _collecting(errors, prefix="consents."):
            check_consent(
                actor=actor,
                person=person,
                purpose=given.purpose or purpose,
                method=given.method,
                given_at=given.given_at,
            )


@contextlib.contextmanager
def _collecting(errors: Errors, prefix: str = "") -> Iterator[None]:
    """Add a ValidationError's messages to `errors` (keys prefixed), so every wrong field is
    named at once; any other refusal goes on."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            errors.setdefault(prefix.rstrip(".") or "__all__", []).extend(exc.messages)
            return
        for key, messages in exc.message_dict.items():
            errors.setdefault(prefix + key, []).extend(messages)
