"""Use cases for sending a wave's invitation links: add representatives, open and send, resend.

The raw token of a link exists only in the email that carries it. Each sending issues a new
token (the previous link stops working), in the task that sends the email: so no raw token is
ever written to the database, not even into a queued task's arguments.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.links import absolute_url
from joinedup.core.models import User
from joinedup.directory.models import Organization
from joinedup.directory.permissions import require_manager
from joinedup.partnerships.models import Invitation, Wave, WaveStatus, hash_token
from joinedup.partnerships.services.waves import invite_representative, open_wave


def answer_link(token: str) -> str:
    """The link an invitation email carries: absolute, on the site's public address
    (SITE_URL), so it opens wherever the site runs."""
    return absolute_url(reverse("partnerships:answer-start", args=[token]))


def send_on_commit(invitation_ids: Iterable[int]) -> None:
    """Email these invitations their links once the current transaction has committed."""
    # Imported here: tasks.py imports this module.
    from joinedup.partnerships.tasks import send_invitation

    ids = sorted(set(invitation_ids))

    def enqueue() -> None:
        for invitation_id in ids:
            send_invitation.enqueue(invitation_id)

    if ids:
        transaction.on_commit(enqueue)


@transaction.atomic
def add_representatives(
    *,
    actor: User,
    wave: Wave,
    organization: Organization,
    people: Sequence[tuple[str, str]],
) -> list[Invitation]:
    """Invite people (name, email) to answer for one organisation; on an open wave, send now.

    All or nothing: every problem is reported together and nobody is invited until all are fine.
    """
    require_manager(actor, wave.partnership)
    if not people:
        raise ValidationError("Enter at least one email address.")
    invitations: list[Invitation] = []
    errors: list[str] = []
    for name, email in people:
        try:
            with transaction.atomic():
                invitation, _ = invite_representative(
                    actor=actor, wave=wave, organization=organization, email=email, name=name
                )
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            invitations.append(invitation)
    if errors:
        raise ValidationError(errors)
    if wave.status == WaveStatus.OPEN:
        send_on_commit(i.pk for i in invitations)
    return invitations


@transaction.atomic
def open_wave_and_send(*, actor: User, wave: Wave) -> Wave:
    """Open a draft wave and email every representative their link."""
    require_manager(actor, wave.partnership)
    pending = list(wave.invitations.filter(revoked_at__isnull=True).values_list("pk", flat=True))
    if not pending:
        raise ValidationError("Invite at least one representative before you open the wave.")
    open_wave(actor=actor, wave=wave)
    send_on_commit(pending)
    return wave


@transaction.atomic
def resend_invitation(*, actor: User, invitation: Invitation) -> Invitation:
    """Email a representative a fresh link (the one sent before stops working)."""
    require_manager(actor, invitation.wave.partnership)
    if invitation.revoked_at is not None:
        raise ValidationError("This invitation has been withdrawn.")
    if invitation.wave.status != WaveStatus.OPEN:
        raise ValidationError("Links can only be sent while the wave is open.")
    if Invitation.objects.filter(pk=invitation.pk, response__submitted_at__isnull=False).exists():
        raise ValidationError(f"{invitation.email} has already sent their answers.")
    audit.record(
        "invitation.resend_requested",
        actor=actor,
        target=invitation,
        organization=invitation.organization,
        details={"wave": invitation.wave_id},
    )
    send_on_commit([invitation.pk])
    return invitation


@transaction.atomic
def issue_invitation_link(*, invitation_id: int) -> tuple[Invitation, str] | None:
    """Give an invitation a new link token; None when no link should go out any more.

    Answers belong to the invitation, not the token, so a new link resumes the saved answers.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("wave__partnership", "organization")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        return None
    if invitation.wave.status != WaveStatus.OPEN:
        return None
    if Invitation.objects.filter(pk=invitation.pk, response__submitted_at__isnull=False).exists():
        return None
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "sent_at"])
    audit.record(
        "invitation.sent",
        target=invitation,
        organization=invitation.organization,
        details={"wave": invitation.wave_id},
    )
    return invitation, token
