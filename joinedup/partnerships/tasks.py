"""Background work for health checks: emailing invitation links.

Use cases enqueue these on commit (services/invitations.py). A task takes an id, reloads the
row and asks a use case what to do, so running it late or twice sends nothing wrong: a
withdrawn, answered or closed invitation gets no email.
"""

from __future__ import annotations

from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task

from joinedup.core import outbox
from joinedup.core.models import OutboxChannel
from joinedup.partnerships.services.invitations import answer_link, issue_invitation_link


@task()
def send_invitation(invitation_id: int) -> bool:
    """Email one representative a new link to their health check; False if none is due."""
    # One transaction around the new token and the email put in the outbox (ADR 22): both are
    # kept or neither is, and the outbox tries again while the mail server is down.
    with transaction.atomic():
        issued = issue_invitation_link(invitation_id=invitation_id)
        if issued is None:
            return False
        invitation, token = issued
        context = {
            "invitation": invitation,
            "wave": invitation.wave,
            "partnership": invitation.wave.partnership,
            "link": answer_link(token),
        }
        outbox.enqueue(
            channel=OutboxChannel.EMAIL,
            to=invitation.email,
            subject=f"{invitation.wave.partnership.name}: how is the partnership working?",
            body=render_to_string("partnerships/waves/invitation_email.txt", context),
            kind="health_check.invitation",
        )
    return True
