"""People and roles in an organisation: invite, accept, change a role, remove.

An organisation's admins manage its people; the managers of its partnership may do the same for any
organisation. An organisation always keeps at least one admin, so someone can always answer
its referrals and keep its listings. Each use case checks who acts, writes in one transaction,
records its audit event and emails after commit.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from joinedup.core import accounts, audit
from joinedup.core.models import User
from joinedup.directory.mail import LinkBuilder, send_on_commit
from joinedup.directory.models import Membership, Organization, OrganizationInvitation

# Long enough to reach someone on leave for a week; short enough that an old email in a
# shared mailbox stops working.
INVITATION_VALID_FOR = datetime.timedelta(days=7)
LAST_ADMIN = "An organisation needs at least one admin. Make someone else an admin first."


class InvitationUnusable(Exception):
    """The link has been used, cancelled or has expired; `state` says which."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def require_people_admin(actor: User, organization: Organization) -> None:
    """Only the organisation's admins (and its partnership's managers) manage its people."""
    if not organization.is_editable_by(actor):
        raise PermissionDenied("Only the organisation's admins can manage its people")


def _check_role(role: str) -> None:
    if role not in Membership.Role.values:
        raise ValidationError({"role": "Select a role"})


def invite_person(
    *, actor: User, organization: Organization, email: str, role: str, link: LinkBuilder
) -> OrganizationInvitation:
    """Email someone a single-use link to join the organisation with a role."""
    require_people_admin(actor, organization)
    _check_role(role)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": "Enter an email address in the right format, like name@example.org"}
        ) from None
    if organization.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} is already in {organization.name}"})
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        # A new invitation replaces any earlier one to the same person: one live link each.
        replaced = organization.invitations.pending().filter(email__iexact=email)
        replaced.update(cancelled_at=now)
        invitation = OrganizationInvitation.objects.create(
            organization=organization,
            email=email,
            role=role,
            token_hash=_hash(secret),
            invited_by=actor,
            created_at=now,
            expires_at=now + INVITATION_VALID_FOR,
        )
        audit.record(
            "invitation.created",
            actor=actor,
            target=invitation,
            organization=organization,
            details={"email": email, "role": role},
        )
        send_on_commit(
            subject=f"Join {organization.name} on the partnership directory",
            body=render_to_string(
                "directory/people/email/invitation.txt",
                {
                    "invitation": invitation,
                    "inviter": actor,
                    "url": link(reverse("directory:accept-invitation", args=[secret])),
                },
            ),
            to=[email],
            kind="people.invited",
        )
    return invitation


def invitation_for_secret(secret: str) -> OrganizationInvitation | None:
    """The invitation this link's secret belongs to (whatever its state), or None."""
    return (
        OrganizationInvitation.objects.select_related("organization")
        .filter(token_hash=_hash(secret))
        .first()
    )


def cancel_invitation(*, actor: User, invitation: OrganizationInvitation) -> OrganizationInvitation:
    """Stop an invitation's link from working."""
    require_people_admin(actor, invitation.organization)
    with transaction.atomic():
        invitation = OrganizationInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.state != OrganizationInvitation.State.PENDING:
            raise InvitationUnusable(invitation.state)
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])
        audit.record(
            "invitation.cancelled",
            actor=actor,
            target=invitation,
            organization=invitation.organization,
            details={"email": invitation.email},
        )
    return invitation


def _joiner(
    invitation: OrganizationInvitation, user: User | None, password: str, full_name: str
) -> tuple[User, bool]:
    """The person accepting: the signed-in user, or a new account for the invited address."""
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            raise PermissionDenied(
                f"This invitation is for {invitation.email}. Sign out, then open the link again."
            )
        return user, False
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise PermissionDenied("You already have an account: sign in to accept the invitation")
    errors: dict[str, list[str] | str] = {}
    if not full_name.strip():
        errors["full_name"] = "Enter your full name"
    new = User(email=invitation.email)
    try:
        validate_password(password, new)
    except ValidationError as error:
        errors["new_password1"] = error.messages
    if errors:
        raise ValidationError(errors)
    first, _, last = full_name.strip().partition(" ")
    new = User.objects.create_user(
        email=invitation.email, password=None, first_name=first, last_name=last
    )
    accounts.set_user_password(user=new, password=password, how="set")
    return new, True


def accept_invitation(
    *,
    invitation: OrganizationInvitation,
    user: User | None = None,
    password: str = "",
    full_name: str = "",
) -> Membership:
    """Use an invitation once: the invited person joins the organisation with its role."""
    with transaction.atomic(), audit.batch():
        invitation = (
            OrganizationInvitation.objects.select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=invitation.pk)
        )
        if invitation.state != OrganizationInvitation.State.PENDING:
            raise InvitationUnusable(invitation.state)
        joiner, _ = _joiner(invitation, user, password, full_name)
        membership, created = Membership.objects.get_or_create(
            user=joiner, organization=invitation.organization, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = joiner
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit.record(
            "invitation.accepted",
            actor=joiner,
            target=invitation,
            organization=invitation.organization,
            details={"email": joiner.email},
        )
        if created:
            audit.record(
                "membership.created",
                actor=joiner,
                target=membership,
                organization=invitation.organization,
                details={"email": joiner.email, "role": membership.role},
            )
    return membership


def _lock(membership: Membership) -> tuple[Membership, int]:
    """Lock the organisation's memberships and return this one, fresh, with how many admins
    the organisation has besides it.

    All its rows are locked in one order (by id), so two admins demoting each other at once
    queue rather than deadlock, and the second sees the first's change: it never ends with
    no admin."""
    rows = list(
        Membership.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(organization_id=membership.organization_id)
        .order_by("pk")
    )
    fresh = next((row for row in rows if row.pk == membership.pk), None)
    if fresh is None:
        raise ValidationError("This person is no longer in the organisation")
    other_admins = sum(
        1 for row in rows if row.role == Membership.Role.ADMIN and row.pk != fresh.pk
    )
    return fresh, other_admins


def change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """Give a member of the organisation another role."""
    require_people_admin(actor, membership.organization)
    _check_role(role)
    with transaction.atomic():
        membership, other_admins = _lock(membership)
        before = membership.role
        if before == role:
            return membership
        if before == Membership.Role.ADMIN and not other_admins:
            raise ValidationError({"role": LAST_ADMIN})
        membership.role = role
        membership.save(update_fields=["role"])
        audit.record(
            "membership.role_changed",
            actor=actor,
            target=membership,
            organization=membership.organization,
            details={
                "email": membership.user.email,
                "before": {"role": before},
                "after": {"role": role},
            },
        )
    return membership


def remove_person(*, actor: User, membership: Membership) -> None:
    """Take someone out of the organisation (their account stays, for their other ones)."""
    require_people_admin(actor, membership.organization)
    with transaction.atomic():
        membership, other_admins = _lock(membership)
        if membership.role == Membership.Role.ADMIN and not other_admins:
            raise ValidationError(LAST_ADMIN)
        audit.record(
            "membership.removed",
            actor=actor,
            target=membership,
            organization=membership.organization,
            details={"email": membership.user.email, "role": membership.role},
        )
        membership.delete()


def has_account(invitation: OrganizationInvitation) -> bool:
    """Whether the invited address has an account already (they sign in to accept)."""
    return User.objects.filter(email__iexact=invitation.email).exists()
