"""Use cases for a health-check wave: set it up, invite, answer (save and return), close."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.directory.models import Organization
from joinedup.directory.permissions import require_manager
from joinedup.partnerships.models import (
    Answer,
    Instrument,
    Invitation,
    Partnership,
    PartnershipMember,
    RespondentLevel,
    Response,
    Wave,
    WaveStatus,
    hash_token,
)


def check_members(
    partnership: Partnership, organizations: Iterable[Organization]
) -> list[Organization]:
    chosen = list(organizations)
    members = set(
        PartnershipMember.objects.filter(partnership=partnership).values_list(
            "organization_id", flat=True
        )
    )
    strangers = [o.name for o in chosen if o.pk not in members]
    if strangers:
        raise ValidationError(f"Not members of the partnership: {', '.join(strangers)}")
    return chosen


@transaction.atomic
def create_wave(
    *,
    actor: User,
    partnership: Partnership,
    instrument: Instrument,
    title: str,
    organizations: Iterable[Organization],
    closes_on: datetime.date | None = None,
) -> Wave:
    """Set up a draft wave of an instrument for chosen member organisations."""
    require_manager(actor, partnership)
    if not instrument.is_usable_by(actor, partnership):
        raise PermissionDenied("This instrument belongs to another partnership.")
    chosen = check_members(partnership, organizations)
    wave = Wave.objects.create(
        partnership=partnership,
        instrument=instrument,
        title=title,
        closes_on=closes_on,
        created_by=actor,
    )
    wave.organizations.set(chosen)
    audit.record(
        "wave.created",
        actor=actor,
        target=wave,
        details={
            "partnership": partnership.pk,
            "instrument": f"{instrument.key} v{instrument.version}",
            "organizations": len(chosen),
        },
    )
    return wave


@transaction.atomic
def open_wave(*, actor: User, wave: Wave) -> Wave:
    """Open a draft wave for answers."""
    require_manager(actor, wave.partnership)
    if wave.status != WaveStatus.DRAFT:
        raise ValidationError("Only a draft wave can be opened.")
    wave.status = WaveStatus.OPEN
    wave.opened_at = timezone.now()
    wave.save(update_fields=["status", "opened_at"])
    audit.record("wave.opened", actor=actor, target=wave)
    return wave


@transaction.atomic
def close_wave(*, actor: User, wave: Wave) -> Wave:
    """Close an open wave: no more answers; members can now read the results."""
    require_manager(actor, wave.partnership)
    if wave.status != WaveStatus.OPEN:
        raise ValidationError("Only an open wave can be closed.")
    wave.status = WaveStatus.CLOSED
    wave.closed_at = timezone.now()
    wave.save(update_fields=["status", "closed_at"])
    audit.record(
        "wave.closed",
        actor=actor,
        target=wave,
        details={"submitted": wave.responses.submitted().count()},
    )
    return wave


@transaction.atomic
def invite_representative(
    *, actor: User, wave: Wave, organization: Organization, email: str, name: str = ""
) -> tuple[Invitation, str]:
    """Invite one person to answer for an organisation; returns the invitation and its raw token.

    The raw token goes in the emailed link and is never stored: only its digest is.
    """
    require_manager(actor, wave.partnership)
    if wave.status == WaveStatus.CLOSED:
        raise ValidationError("This wave is closed.")
    if not wave.organizations.filter(pk=organization.pk).exists():
        raise ValidationError(f"{organization} is not part of this wave.")
    email = email.strip().lower()
    if Invitation.objects.filter(wave=wave, email=email).exists():
        raise ValidationError(f"{email} has already been invited to this wave.")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        wave=wave,
        organization=organization,
        email=email,
        name=name,
        token_hash=hash_token(token),
    )
    audit.record(
        "invitation.created",
        actor=actor,
        target=invitation,
        organization=organization,
        details={"wave": wave.pk},
    )
    return invitation, token


def _open_response(invitation: Invitation, respondent: User | None) -> Response:
    if invitation.revoked_at is not None:
        raise ValidationError("This invitation has been withdrawn.")
    if invitation.wave.status != WaveStatus.OPEN:
        raise ValidationError("This wave is not open for answers.")
    closes_on = invitation.wave.closes_on
    if closes_on is not None and timezone.localdate() > closes_on:
        raise ValidationError(f"This health check closed on {closes_on:%-d %B %Y}.")
    response, created = Response.objects.get_or_create(
        invitation=invitation,
        defaults={"wave": invitation.wave, "organization": invitation.organization},
    )
    if response.is_submitted:
        raise ValidationError("These answers have already been submitted.")
    if created:
        audit.record(
            "response.started",
            actor=respondent,
            target=response,
            organization=invitation.organization,
            details={"wave": invitation.wave_id},
        )
    return response


@transaction.atomic
def save_answers(
    *,
    invitation: Invitation,
    answers: Mapping[str, int | None],
    level: str | None = None,
    respondent: User | None = None,
) -> Response:
    """Save some answers (by statement key; None is "don't know") to come back to later."""
    response = _open_response(invitation, respondent)
    instrument = invitation.wave.instrument
    statements = {s.key: s for s in instrument.statements.all()}
    errors = [
        f"{key}: not a statement of this instrument" for key in answers if key not in statements
    ]
    for key, value in answers.items():
        if value is not None and not (instrument.scale_min <= value <= instrument.scale_max):
            errors.append(
                f"{key}: {value} is outside the scale {instrument.scale_min}-{instrument.scale_max}"
            )
    if level not in (None, "", *RespondentLevel.values):
        errors.append(f"level: '{level}' is not one of {', '.join(RespondentLevel.values)}")
    if errors:
        raise ValidationError(errors)
    for key, value in answers.items():
        Answer.objects.update_or_create(
            response=response, statement=statements[key], defaults={"value": value}
        )
    if level:
        response.level = level
    if respondent is not None and respondent.is_authenticated:
        response.respondent = respondent
    response.save(update_fields=["level", "respondent", "updated_at"])
    audit.record(
        "response.saved",
        actor=respondent,
        target=response,
        organization=response.organization,
        details={"answers": len(answers)},
    )
    return response


@transaction.atomic
def submit_response(*, invitation: Invitation, respondent: User | None = None) -> Response:
    """Submit the answers once every statement is answered (or marked "don't know")."""
    response = _open_response(invitation, respondent)
    answered = set(response.answers.values_list("statement__key", flat=True))
    missing = list(
        invitation.wave.instrument.statements.exclude(key__in=answered).values_list(
            "key", flat=True
        )
    )
    errors = [f"{key}: not answered yet" for key in missing]
    if not response.level:
        errors.append("level: say whether you answer as strategic or frontline")
    if errors:
        raise ValidationError(errors)
    # The sector is captured now, as the partnership counts this member today (an organisation
    # that has since left the partnership is counted in its own sector).
    member = (
        PartnershipMember.objects.select_related("organization")
        .filter(partnership_id=invitation.wave.partnership_id, organization=invitation.organization)
        .first()
    )
    response.sector = member.sector if member else invitation.organization.sector
    response.submitted_at = timezone.now()
    response.save(update_fields=["sector", "submitted_at", "updated_at"])
    audit.record(
        "response.submitted",
        actor=respondent,
        target=response,
        organization=response.organization,
        details={"wave": invitation.wave_id},
    )
    return response


@transaction.atomic
def revoke_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """Stop an invitation's link working (sent to the wrong person, or they left)."""
    require_manager(actor, invitation.wave.partnership)
    if hasattr(invitation, "response") and invitation.response.is_submitted:
        raise ValidationError("These answers are already in; the invitation can no longer go.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        "invitation.revoked",
        actor=actor,
        target=invitation,
        organization=invitation.organization,
        details={"wave": invitation.wave_id},
    )
    return invitation
