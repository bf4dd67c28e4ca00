"""Background work for health checks: emailing invitation links.

Use cases enqueue these on commit (services/invitations.py). A task takes an id, reloads the
row and asks a use case what to do, so running it late or twice sends nothing wrong: a
withdrawn, answered or closed invitation gets no email.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task

from joinedup.partnerships.services.invitations import answer_link, issue_invitation_link


@task()
def send_invitation(invitation_id: int) -> bool:
    """Email one representative a new link to their health check; False if none is due."""
    # One transaction around the new token and the email: if the mail server refuses, the new
    # token is rolled back and the link sent before keeps working.
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
        send_mail(
            subject=f"{invitation.wave.partnership.name}: how is the partnership working?",
            message=render_to_string("partnerships/waves/invitation_email.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
    return True
