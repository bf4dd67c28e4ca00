"""What the referral use cases share: audit lines naming the API token, the sides an actor is on,
and the one function that moves a referral's status (writing its event and audit line)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from typing import Any

from django.db import models
from django.db.models import Max

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.directory.models import Organization
from joinedup.directory.permissions import Actor, OrganizationClient, is_member, user_of
from joinedup.referrals import notifications
from joinedup.referrals.models import Referral, ReferralEvent, Status
from joinedup.referrals.models import referrals as referral_models
from joinedup.referrals.transitions import Move, Role, check

# Cancelling for these reasons is joinedup's doing, established by the use case that gives them.
CONSENT_WITHDRAWN = "consent_withdrawn"
# Defined beside the queryset that reads it (expired referrals): one spelling for both.
NO_RESPONSE = referral_models.NO_RESPONSE


def record_audit(
    action: str,
    *,
    actor: Actor | None,
    target: models.Model | None = None,
    organization: Any = None,
    details: dict[str, Any] | None = None,
) -> None:
    """`audit.record`, naming the API token (by prefix) when an API client acted."""
    details = dict(details or {})
    if isinstance(actor, OrganizationClient):
        details["api_token"] = actor.token_prefix
    audit.record(
        action, actor=user_of(actor), target=target, organization=organization, details=details
    )


@contextlib.contextmanager
def batched() -> Iterator[None]:
    """Audit lines and notifications made inside are written in one INSERT each as the block
    ends. Open it inside the use case's transaction, so they commit or roll back with it."""
    with audit.batch(), notifications.batch():
        yield


def roles_of(actor: Actor | None, referral: Referral) -> frozenset[Role]:
    """The sides `actor` is on. Both, when an organisation refers to its own service."""
    if actor is None:
        return frozenset({Role.SYSTEM})
    roles = set()
    if is_member(actor, referral.referring_organization_id):
        roles.add(Role.REFERRER)
    # The receiver has no part in a draft: it has not been sent to them.
    if referral.status != Status.DRAFT and is_member(actor, referral.receiving_organization_id):
        roles.add(Role.RECEIVER)
    return frozenset(roles)


def append_event(
    *,
    referral: Referral,
    actor: Actor | None,
    actor_organization_id: Any,
    from_status: str,
    to_status: str,
    reason_code: str = "",
    reason_text: str = "",
    now: datetime.datetime,
) -> ReferralEvent:
    last = referral.events.aggregate(n=Max("sequence"))["n"] or 0
    return ReferralEvent.objects.create(
        referral=referral,
        sequence=last + 1,
        actor=user_of(actor),
        actor_organization_id=actor_organization_id,
        created_at=now,
        from_status=from_status,
        to_status=to_status,
        reason_code=reason_code,
        reason_text=reason_text.strip(),
    )


def move(
    *,
    referral: Referral,
    actor: Actor | None,
    roles: frozenset[Role],
    to_status: str,
    reason_code: str = "",
    reason_text: str = "",
    system_reason: bool = False,
    now: datetime.datetime,
) -> ReferralEvent:
    """Move `referral` (inside the caller's transaction): lock the row, ask the state machine,
    append the event, store the new status and audit it. Updates `referral` in place."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    step = check(
        source=locked.status,
        target=to_status,
        roles=roles,
        reason_code=reason_code,
        reason_text=reason_text,
        system_reason=system_reason,
    )
    side = {
        Role.REFERRER: locked.referring_organization_id,
        Role.RECEIVER: locked.receiving_organization_id,
        Role.SYSTEM: None,
    }[step.role]
    event = append_event(
        referral=locked,
        actor=actor,
        actor_organization_id=side,
        from_status=locked.status,
        to_status=step.target,
        reason_code=reason_code,
        reason_text=reason_text,
        now=now,
    )
    fields = {"status": step.target, "status_changed_at": now}
    if step.target == Status.REQUESTED:
        fields["requested_at"] = now
    for name, value in fields.items():
        setattr(locked, name, value)
        setattr(referral, name, value)
    locked.save(update_fields=list(fields))
    record_move(referral=locked, step=step, event=event, actor=actor, reason_code=reason_code)
    return event


def record_move(
    *,
    referral: Referral,
    step: Move,
    event: ReferralEvent,
    actor: Actor | None,
    reason_code: str = "",
) -> None:
    """What follows every move once stored: its audit line, and whoever must act next is told
    (email after commit, never with the person's details)."""
    record_audit(
        f"referral.{step.verb}",
        actor=actor,
        target=referral,
        organization=_org(referral, step.role),
        details={
            "reference": referral.reference,
            "from": step.source.value,
            "to": step.target.value,
            "reason_code": reason_code,
        },
    )
    notifications.notify_status_change(referral=referral, event=event)


def _org(referral: Referral, role: Role) -> Organization:
    if role == Role.RECEIVER:
        return referral.receiving_organization
    return referral.referring_organization


def can_see_person_details(actor: Actor, referral: Referral) -> bool:
    """`Referral.person_details_visible_to` for a person or an API client: the referrer always;
    the receiver only once sent, while the person's consent to share with it stands."""
    if isinstance(actor, User):
        return referral.person_details_visible_to(actor)
    if is_member(actor, referral.referring_organization_id):
        return True
    if referral.status in (Status.DRAFT, Status.ENTERED_IN_ERROR):
        return False
    return is_member(actor, referral.receiving_organization_id) and referral.consent_stands()
