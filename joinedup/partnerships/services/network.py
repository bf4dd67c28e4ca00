"""Use cases for the network survey: set it up, rate partners (save and return), close."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.directory.models import Organization
from joinedup.directory.permissions import require_manager
from joinedup.partnerships.models import (
    Closeness,
    Frequency,
    NetworkRating,
    NetworkResponse,
    NetworkSurvey,
    Partnership,
    PartnershipMember,
    WaveStatus,
)
from joinedup.partnerships.services.waves import check_members

TRUST_AND_VALUE = (
    "reliability",
    "shared_mission",
    "openness",
    "influence",
    "involvement",
    "resources",
)


@transaction.atomic
def create_network_survey(
    *, actor: User, partnership: Partnership, title: str, organizations: Iterable[Organization]
) -> NetworkSurvey:
    """Set up a draft network survey among chosen member organisations."""
    require_manager(actor, partnership)
    chosen = check_members(partnership, organizations)
    survey = NetworkSurvey.objects.create(partnership=partnership, title=title, created_by=actor)
    survey.organizations.set(chosen)
    audit.record(
        "network_survey.created",
        actor=actor,
        target=survey,
        details={"partnership": partnership.pk, "organizations": len(chosen)},
    )
    return survey


@transaction.atomic
def open_network_survey(*, actor: User, survey: NetworkSurvey) -> NetworkSurvey:
    """Open a draft network survey for answers."""
    require_manager(actor, survey.partnership)
    if survey.status != WaveStatus.DRAFT:
        raise ValidationError("Only a draft survey can be opened.")
    survey.status = WaveStatus.OPEN
    survey.opened_at = timezone.now()
    survey.save(update_fields=["status", "opened_at"])
    audit.record("network_survey.opened", actor=actor, target=survey)
    return survey


@transaction.atomic
def close_network_survey(*, actor: User, survey: NetworkSurvey) -> NetworkSurvey:
    """Close an open network survey; members can now see the map."""
    require_manager(actor, survey.partnership)
    if survey.status != WaveStatus.OPEN:
        raise ValidationError("Only an open survey can be closed.")
    survey.status = WaveStatus.CLOSED
    survey.closed_at = timezone.now()
    survey.save(update_fields=["status", "closed_at"])
    audit.record("network_survey.closed", actor=actor, target=survey)
    return survey


def _as_uuid(value: object) -> object:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return value  # reported below as "not another member of this survey"


def _check_rating(partner_id: object, values: Mapping[str, int | None], errors: list[str]) -> None:
    closeness = values.get("closeness")
    if closeness not in Closeness.values:
        errors.append(f"{partner_id}.closeness: give a closeness from 0 to 5")
    frequency = values.get("frequency")
    if frequency is not None and frequency not in Frequency.values:
        errors.append(f"{partner_id}.frequency: {frequency} is not a frequency from 1 to 5")
    for name in TRUST_AND_VALUE:
        value = values.get(name)
        if value is not None and not 1 <= value <= 4:
            errors.append(f"{partner_id}.{name}: {value} is outside 1-4")
    unknown = set(values) - {"closeness", "frequency", *TRUST_AND_VALUE}
    if unknown:
        errors.append(f"{partner_id}: unknown fields {', '.join(sorted(unknown))}")


def _require_answerable(actor: User, survey: NetworkSurvey, organization: Organization) -> None:
    """Only the organisation's own people answer for it, and only while the survey is open."""
    if not survey.partnership.organizations_of(actor).filter(pk=organization.pk).exists():
        raise PermissionDenied("Only people of this organisation can answer for it.")
    if survey.status != WaveStatus.OPEN:
        raise ValidationError("This survey is not open for answers.")


def _unsubmitted_response(
    actor: User, survey: NetworkSurvey, organization: Organization
) -> tuple[NetworkResponse, bool]:
    """The organisation's response (created on its first answer) while it can still change."""
    response, created = NetworkResponse.objects.get_or_create(
        survey=survey, organization=organization, defaults={"answered_by": actor}
    )
    if response.submitted_at is not None:
        raise ValidationError("These ratings have already been submitted.")
    return response, created


# Keyed by partner organisation id: a UUID, or its text from a form.
Ratings = Mapping[Any, Mapping[str, int | None] | None]


def _rating_errors(ratings: Ratings, *, rater: object, in_survey: set[object]) -> list[str]:
    errors: list[str] = []
    for partner_id, values in ratings.items():
        if partner_id == rater or partner_id not in in_survey:
            errors.append(f"{partner_id}: not another member of this survey")
        elif values is not None:
            _check_rating(partner_id, values, errors)
    return errors


@transaction.atomic
def save_ratings(
    *,
    actor: User,
    survey: NetworkSurvey,
    organization: Organization,
    ratings: Ratings,
) -> NetworkResponse:
    """Save an organisation's ratings of partners (by partner organisation id); None removes one."""
    _require_answerable(actor, survey, organization)
    in_survey: set[object] = set(survey.organizations.values_list("pk", flat=True))
    if organization.pk not in in_survey:
        raise ValidationError(f"{organization} is not part of this survey.")
    response, created = _unsubmitted_response(actor, survey, organization)
    # Forms send organisation ids as text: read them as the UUIDs they are.
    ratings = {_as_uuid(key): values for key, values in ratings.items()}
    errors = _rating_errors(ratings, rater=organization.pk, in_survey=in_survey)
    if errors:
        raise ValidationError(errors)
    for partner_id, values in ratings.items():
        if values is None:
            NetworkRating.objects.filter(response=response, partner_id=partner_id).delete()
        else:
            NetworkRating.objects.update_or_create(
                response=response, partner_id=partner_id, defaults=dict(values)
            )
    response.answered_by = actor
    response.save(update_fields=["answered_by"])
    audit.record(
        "network_response.started" if created else "network_response.saved",
        actor=actor,
        target=response,
        organization=organization,
        details={"partners": len(ratings)},
    )
    return response


@transaction.atomic
def submit_network_response(
    *, actor: User, survey: NetworkSurvey, organization: Organization
) -> NetworkResponse:
    """Submit an organisation's ratings; a partner it did not rate counts as "no work together"."""
    _require_answerable(actor, survey, organization)
    response, _ = _unsubmitted_response(actor, survey, organization)
    member = (
        PartnershipMember.objects.select_related("organization")
        .filter(partnership_id=survey.partnership_id, organization=organization)
        .first()
    )
    response.sector = member.sector if member else organization.sector
    response.answered_by = actor
    response.submitted_at = timezone.now()
    response.save(update_fields=["sector", "answered_by", "submitted_at"])
    audit.record(
        "network_response.submitted",
        actor=actor,
        target=response,
        organization=organization,
        details={"survey": survey.pk, "partners": response.ratings.count()},
    )
    return response
