"""Referrals as the API's JSON (the shapes of referral_openapi's response schemas)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from joinedup.directory.models import Organization
from joinedup.directory.permissions import OrganizationClient, is_member
from joinedup.referrals.models import (
    Person,
    Referral,
    ReferralEvent,
    ReferralMessage,
    ServiceIntake,
    receiver_person_fields,
)
from joinedup.referrals.services import available_moves, read_person_details
from joinedup.referrals.services.common import can_see_person_details
from joinedup.referrals.services.people import PossibleMatch

Json = dict[str, Any]
PERSON_FIELDS = (
    "name",
    "date_of_birth",
    "postcode",
    "contact_preference",
    "phone",
    "email",
    "address",
    "preferred_language",
    "access_needs",
    "nhs_number",
)


def when(value: datetime.datetime | datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def named(organization: Any) -> Json | None:
    if organization is None:
        return None
    return {"id": str(organization.pk), "name": organization.name}


def referral_json(
    referral: Referral, request: HttpRequest, *, words: bool = False, overdue: bool = False
) -> Json:
    """What both sides may see of a referral, without the person's details.

    The need (in the person's words) and the intake answers are the person's details too: they
    are given (`words`) only beside the person, in a detail read through the audited door, and
    are null in lists and in the create result (which an Idempotency-Key record keeps for a
    day, or until the person is erased).

    `overdue` adds the inbox's "overdue" (`Referral.is_overdue`), as lists and a referral's
    detail give it: in a list it comes with the rows (`with_overdue`), at no cost per row."""
    pk = str(referral.pk)
    outcome = None
    if referral.outcome:
        outcome = {
            "code": referral.outcome,
            "label": referral.get_outcome_display(),
            "note": referral.outcome_note,
            "recorded_at": when(referral.outcome_recorded_at),
        }
    data: Json = {
        "id": pk,
        "reference": referral.reference,
        "status": referral.status,
        "status_label": referral.get_status_display(),
        "prescription": str(referral.prescription),
        "service": named(referral.service),
        "referring_organization": named(referral.referring_organization),
        "receiving_organization": named(referral.receiving_organization),
        "need": referral.need if words else None,
        "urgency": referral.urgency,
        "intake_mode": referral.intake_mode,
        "intake_answers": referral.intake_answers if words else None,
        "created_at": when(referral.created_at),
        "status_changed_at": when(referral.status_changed_at),
        "requested_at": when(referral.requested_at),
        "outcome": outcome,
        "links": {
            "self": request.build_absolute_uri(reverse("api:referral", kwargs={"pk": pk})),
            "fhir_task": request.build_absolute_uri(reverse("api:fhir-task", kwargs={"pk": pk})),
            "fhir_service_request": request.build_absolute_uri(
                reverse("api:fhir-service-request", kwargs={"pk": pk})
            ),
        },
    }
    if overdue:
        data["overdue"] = referral.is_overdue
    return data


def person_json(person: Person, fields: tuple[str, ...] | list[str] = PERSON_FIELDS) -> Json:
    data: Json = {"id": str(person.pk)}
    for name in fields:
        value = getattr(person, name)
        data[name] = when(value) if isinstance(value, datetime.date) else value
    return data


def possible_match_json(match: PossibleMatch) -> Json:
    """A person offered as a match: enough to recognise them, no more."""
    return {
        **person_json(match.person, ("name", "date_of_birth", "postcode")),
        "reasons": list(match.reasons),
    }


def event_json(event: ReferralEvent, organizations: dict[Any, Organization]) -> Json:
    return {
        "sequence": event.sequence,
        "at": when(event.created_at),
        "from": event.from_status,
        "to": event.to_status,
        "reason_code": event.reason_code,
        "reason_text": event.reason_text,
        "by": named(organizations.get(event.actor_organization_id)),
    }


def message_json(message: ReferralMessage) -> Json:
    return {
        "id": message.pk,
        "body": message.body,
        "organization": named(message.author_organization),
        "created_at": when(message.created_at),
    }


def detail_json(referral: Referral, client: OrganizationClient, request: HttpRequest) -> Json:
    """The referral with its events, messages, the moves open to `client`, and the person's
    details when `client` may see them (read through the audited door)."""
    visible = can_see_person_details(client, referral)
    person = None
    if visible:
        read = read_person_details(actor=client, person=referral.person, referral=referral)
        if is_member(client, referral.referring_organization_id):
            person = person_json(read)
        else:
            # The receiving service sees only what its intake needs (data minimisation), as
            # on the referral page.
            intake = ServiceIntake.objects.filter(service_id=referral.service_id).first()
            person = person_json(read, receiver_person_fields(read.contact_preference, intake))
    parties = {
        referral.referring_organization_id: referral.referring_organization,
        referral.receiving_organization_id: referral.receiving_organization,
    }
    messages = referral.messages.select_related("author_organization")
    return {
        **referral_json(referral, request, words=visible, overdue=True),
        "person_details_visible": visible,
        "person": person,
        "events": [event_json(e, parties) for e in referral.events.all()],
        "messages": [message_json(m) for m in messages],
        "moves": sorted({m.target.value for m in available_moves(actor=client, referral=referral)}),
    }
