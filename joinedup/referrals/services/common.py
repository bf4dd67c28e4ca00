"""What the referral use cases share: membership checks and the one function that moves a
referral's status (writing its event and audit line)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Max

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.directory.models import Membership
from joinedup.referrals.models import Referral, ReferralEvent, Status
from joinedup.referrals.transitions import Role, check

# Cancelling for these reasons is joinedup's doing, established by the use case that gives them.
CONSENT_WITHDRAWN = "consent_withdrawn"
NO_RESPONSE = "no_response"


def is_member(user: User | None, organization_id: Any) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(organization_id=organization_id, user=user).exists()
    )


def require_member(user: User | None, organization_id: Any, what: str) -> None:
    if not is_member(user, organization_id):
        raise PermissionDenied(f"Only members of the organisation can {what}")


def roles_of(actor: User | None, referral: Referral) -> frozenset[Role]:
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
    actor: User | None,
    actor_organization_id: Any,
    from_status: str,
    to_status: str,
    reason_code: str = "",
    reason_text: str = "",
    now: datetime.datetime,
) -> ReferralEvent:
    last = referral.events.aggregate(n=Max("sequence"))["n"] or 0  # type: ignore[attr-defined]
    return ReferralEvent.objects.create(
        referral=referral,
        sequence=last + 1,
        actor=actor,
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
    actor: User | None,
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
    audit.record(
        f"referral.{step.verb}",
        actor=actor,
        target=locked,
        organization=_org(locked, step.role),
        details={
            "reference": locked.reference,
            "from": step.source.value,
            "to": step.target.value,
            "reason_code": reason_code,
        },
    )
    return event


def _org(referral: Referral, role: Role) -> Any:
    if role == Role.RECEIVER:
        return referral.receiving_organization
    return referral.referring_organization
