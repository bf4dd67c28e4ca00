"""Recording a person's ONS4 wellbeing answers for a referral, at referral and at completion."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.directory.permissions import Actor, user_of
from joinedup.referrals.models import (
    MEASURE_KEYS,
    Moment,
    Referral,
    ServiceIntake,
    Status,
    WellbeingAnswers,
)
from joinedup.referrals.services.common import record_audit, roles_of
from joinedup.referrals.transitions import Role

Scores = Mapping[str, int | None]


def asks_wellbeing(service_id: Any) -> bool:
    """Whether the service has switched ONS4 wellbeing on."""
    return ServiceIntake.objects.filter(service_id=service_id, asks_wellbeing=True).exists()


def clean_scores(scores: Scores) -> dict[str, int | None]:
    """Each measure's answer, 0 to 10 or None (prefer not to say); ValidationError otherwise."""
    cleaned: dict[str, int | None] = {}
    errors: dict[str, str] = {}
    for key in MEASURE_KEYS:
        value = scores.get(key)
        if value is None or value == "":
            cleaned[key] = None
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if not 0 <= number <= 10:
            errors[key] = "Choose a number from 0 to 10, or prefer not to say"
        cleaned[key] = number
    if errors:
        raise ValidationError(errors)
    return cleaned


def moment_open(referral: Referral, moment: str) -> bool:
    """At referral: once made and not struck out. At completion: once completed."""
    if moment == Moment.COMPLETION:
        return referral.status == Status.COMPLETED
    return referral.status not in (Status.ENTERED_IN_ERROR, Status.CANCELLED)


def record_wellbeing(
    *,
    actor: Actor | None,
    referral: Referral,
    moment: str,
    scores: Scores,
    now: datetime.datetime | None = None,
) -> WellbeingAnswers:
    """Record (or replace) the person's answers at one moment. Either side records them with
    the person, the receiver only while it may see the person; `actor` None is the person
    themselves, asking for help (`self_referral`)."""
    if moment not in Moment.values:
        raise ValidationError({"moment": "Choose when the questions were asked"})
    if not asks_wellbeing(referral.service_id):
        raise ValidationError({"moment": "This service does not ask about wellbeing"})
    if actor is not None:
        if not roles_of(actor, referral) - {Role.SYSTEM}:
            raise PermissionDenied("Only the referring or receiving organisation can record this")
        user = user_of(actor)
        if user is not None and not referral.person_details_visible_to(user):
            raise PermissionDenied("Only those who may see the person can record their answers")
    if not moment_open(referral, moment):
        raise ValidationError(
            {"moment": "Wellbeing at completion is asked once the referral is completed"}
            if moment == Moment.COMPLETION
            else {"moment": "This referral was not made"}
        )
    cleaned = clean_scores(scores)
    with transaction.atomic():
        answers, _ = WellbeingAnswers.objects.update_or_create(
            referral=referral,
            moment=moment,
            defaults={
                **cleaned,
                "recorded_at": now or timezone.now(),
                "recorded_by": user_of(actor),
            },
        )
        # The scores stay out of the audit log: they are about the person's health.
        record_audit(
            "referral.wellbeing_recorded",
            actor=actor,
            target=referral,
            organization=referral.referring_organization
            if actor is None or Role.REFERRER in roles_of(actor, referral)
            else referral.receiving_organization,
            details={
                "reference": referral.reference,
                "moment": moment,
                "answered": sum(v is not None for v in cleaned.values()),
            },
        )
    return answers
