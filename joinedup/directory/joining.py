"""Joining the partnership: an organisation asks, a partnership manager approves or declines.

Approval makes the organisation (or hands over the imported listing it claimed), adds it to the
approving manager's partnership, and makes the requester its admin, who gets an emailed
single-use link to set a password. A manager sees and decides only the requests that are theirs
(`JoinRequest.objects.visible_to`, ADR 33). Each use case checks
who may act, writes in one transaction, records its audit events and emails after commit.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.directory import identifiers
from joinedup.directory.mail import LinkBuilder, send_on_commit
from joinedup.directory.models import (
    JoinRequest,
    Membership,
    Organization,
    OrganizationIdentifier,
    Sector,
)
from joinedup.directory.permissions import require_partnership_manager


def _clean_request(fields: dict[str, str]) -> dict[str, str]:
    """The request's fields tidied, or a ValidationError naming every field that is wrong."""
    errors: dict[str, str] = {}
    cleaned = {name: (value or "").strip() for name, value in fields.items()}
    if not cleaned["organization_name"]:
        errors["organization_name"] = "Enter the name of your organisation"
    if cleaned["sector"] not in Sector.values:
        errors["sector"] = "Select the kind of organisation"
    if not cleaned["contact_name"]:
        errors["contact_name"] = "Enter your full name"
    try:
        validate_email(cleaned["contact_email"])
    except ValidationError:
        errors["contact_email"] = (
            "Enter an email address in the right format, like name@example.org"
        )
    cleaned["contact_email"] = cleaned["contact_email"].lower()
    for name, normalise in (
        ("charity_number", identifiers.normalise_charity_number),
        ("company_number", identifiers.normalise_company_number),
    ):
        try:
            cleaned[name] = normalise(cleaned[name])
        except ValueError as error:
            errors[name] = str(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _managers(claim: Organization | None) -> list[str]:
    """Who decides the request: the managers of the partnerships the claimed listing is in, or,
    for a new organisation (or a listing in none), the managers of every partnership."""
    managers = User.objects.filter(is_active=True, managed_partnerships__isnull=False)
    if claim is not None and claim.partnership_memberships.exists():
        managers = managers.filter(managed_partnerships__members__organization=claim)
    return sorted(set(managers.values_list("email", flat=True)))


def request_to_join(
    *,
    organization_name: str,
    sector: str,
    contact_name: str,
    contact_email: str,
    charity_number: str = "",
    company_number: str = "",
    claim: Organization | None = None,
    link: LinkBuilder,
) -> JoinRequest:
    """Ask for an organisation to join the partnership (or to look after a listing)."""
    cleaned = _clean_request(
        {
            "organization_name": organization_name,
            "sector": sector,
            "contact_name": contact_name,
            "contact_email": contact_email,
            "charity_number": charity_number,
            "company_number": company_number,
        }
    )
    # A listing somebody already looks after is theirs to share: its admin invites people.
    if claim is not None and claim.memberships.exists():
        raise ValidationError(
            f"{claim.name} already has people looking after it. Ask them to invite you."
        )
    # Asked twice (a double click, or impatience): one request is enough for the managers.
    waiting = JoinRequest.objects.pending().filter(
        contact_email__iexact=cleaned["contact_email"],
        organization_name__iexact=cleaned["organization_name"],
    )
    if waiting.exists():
        raise ValidationError(
            "You have asked already for this organisation. A partnership manager will email you."
        )
    with transaction.atomic():
        join_request = JoinRequest.objects.create(claimed_organization=claim, **cleaned)
        audit.record(
            "join_request.created",
            target=join_request,
            organization=claim,
            details={
                "organization_name": join_request.organization_name,
                "contact_email": join_request.contact_email,
                "claim": str(claim.pk) if claim else None,
            },
        )
        url = link(reverse("directory:view-join-request", args=[join_request.pk]))
        send_on_commit(
            subject=f"Request to join: {join_request.organization_name}",
            body=render_to_string(
                "directory/join/email/new_request.txt", {"request": join_request, "url": url}
            ),
            to=_managers(claim),
            kind="join.requested",
        )
    return join_request


def _pending_for_update(join_request: JoinRequest) -> JoinRequest:
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.status != JoinRequest.Status.PENDING:
        raise ValidationError(
            f"This request was {locked.get_status_display().lower()} already; nothing changed"
        )
    return locked


def _new_organization(join_request: JoinRequest, actor: User) -> Organization:
    # The requester's email is not made the organisation's public one: it is a person's
    # address, given to reach them about the request. The admin adds public details later.
    organization = Organization.objects.create(
        name=join_request.organization_name, sector=join_request.sector
    )
    for number, scheme in (
        (join_request.charity_number, None),
        (join_request.company_number, "GB-COH"),
    ):
        if number:
            OrganizationIdentifier.objects.create(
                organization=organization,
                identifier_scheme=scheme or identifiers.charity_scheme(number),
                identifier_type="charity" if scheme is None else "company",
                identifier=number,
            )
    audit.record(
        "organization.created",
        actor=actor,
        target=organization,
        organization=organization,
        details={"join_request": str(join_request.pk), "name": organization.name},
    )
    return organization


def _claimed_organization(join_request: JoinRequest, actor: User) -> Organization:
    assert join_request.claimed_organization is not None
    organization = Organization.objects.select_for_update().get(
        pk=join_request.claimed_organization.pk
    )
    if organization.memberships.exists():
        raise ValidationError(
            f"{organization.name} has people looking after it now; decline this request "
            "and ask its admin to invite the requester"
        )
    audit.record(
        "organization.claimed",
        actor=actor,
        target=organization,
        organization=organization,
        details={"join_request": str(join_request.pk), "by": join_request.contact_email},
    )
    return organization


def _requester(join_request: JoinRequest) -> User:
    user = User.objects.filter(email__iexact=join_request.contact_email).first()
    if user is not None:
        return user
    first, _, last = join_request.contact_name.partition(" ")
    # No password until they choose one from the emailed link.
    return User.objects.create_user(
        email=join_request.contact_email, password=None, first_name=first, last_name=last
    )


def _welcome(
    join_request: JoinRequest, organization: Organization, user: User, link: LinkBuilder
) -> None:
    if user.has_usable_password():
        url = link(reverse("core:sign-in"))
    else:
        url = link(
            reverse(
                "core:set-password",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
        )
    send_on_commit(
        subject=f"{organization.name} has joined the partnership",
        body=render_to_string(
            "directory/join/email/approved.txt",
            {"request": join_request, "organization": organization, "user": user, "url": url},
        ),
        to=[user.email],
        kind="join.approved",
    )


def _require_theirs(actor: User, join_request: JoinRequest) -> None:
    require_partnership_manager(actor, "requests to join")
    if not JoinRequest.objects.visible_to(actor).filter(pk=join_request.pk).exists():
        raise PermissionDenied("This request is for another partnership's managers.")


def joining_partnerships(actor: User) -> list[tuple[Any, str]]:
    """The partnerships an organisation approved by this manager may join: those they manage."""
    return [(p.pk, p.name) for p in actor.managed_partnerships.order_by("name", "pk")]


def _partnership_to_join(actor: User, partnership_id: Any | None) -> Any | None:
    """The approving manager's partnership (the one they chose, when they manage several)."""
    choices = [pk for pk, _ in joining_partnerships(actor)]
    if partnership_id is not None:
        if str(partnership_id) not in {str(pk) for pk in choices}:
            raise ValidationError({"partnership": "Select a partnership you manage"})
        return next(pk for pk in choices if str(pk) == str(partnership_id))
    if len(choices) > 1:
        raise ValidationError({"partnership": "Select which partnership the organisation joins"})
    # A superuser who manages no partnership approves without adding it to one.
    return choices[0] if choices else None


def _add_to_partnership(actor: User, organization: Organization, partnership_id: Any) -> None:
    # The member row belongs to the partnerships app, a layer above; its relation from the
    # organisation writes it without importing that app (as `Organization.objects.managed_by`
    # reads it). Without this, an approved organisation would be in no partnership, and its
    # own managers could not look after its listing.
    member, created = organization.partnership_memberships.get_or_create(
        partnership_id=partnership_id
    )
    if created:
        audit.record(
            "partnership.member_added",
            actor=actor,
            target=member,
            organization=organization,
            details={"partnership": partnership_id, "role": member.role, "sector": member.sector},
        )


def approve_join_request(
    *,
    actor: User,
    join_request: JoinRequest,
    link: LinkBuilder,
    partnership_id: Any | None = None,
) -> Organization:
    """Approve a request: make (or hand over) the organisation, add it to the manager's
    partnership and make the requester its admin."""
    _require_theirs(actor, join_request)
    partnership = _partnership_to_join(actor, partnership_id)
    with transaction.atomic(), audit.batch():
        join_request = _pending_for_update(join_request)
        if join_request.is_claim:
            organization = _claimed_organization(join_request, actor)
        else:
            organization = _new_organization(join_request, actor)
        if partnership is not None:
            _add_to_partnership(actor, organization, partnership)
        user = _requester(join_request)
        # A new or claimed organisation has no members yet (checked above), so no clash.
        membership = Membership.objects.create(
            user=user, organization=organization, role=Membership.Role.ADMIN
        )
        audit.record(
            "membership.created",
            actor=actor,
            target=membership,
            organization=organization,
            details={"email": user.email, "role": membership.role},
        )
        join_request.status = JoinRequest.Status.APPROVED
        join_request.organization = organization
        join_request.decided_by = actor
        join_request.decided_at = timezone.now()
        join_request.save(update_fields=["status", "organization", "decided_by", "decided_at"])
        audit.record(
            "join_request.approved",
            actor=actor,
            target=join_request,
            organization=organization,
            details={"claim": join_request.is_claim, "email": user.email},
        )
        _welcome(join_request, organization, user, link)
    return organization


def decline_join_request(*, actor: User, join_request: JoinRequest, reason: str) -> JoinRequest:
    """Decline a request, saying why; the requester is told the reason by email."""
    _require_theirs(actor, join_request)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the request is declined: the requester is told"})
    with transaction.atomic():
        join_request = _pending_for_update(join_request)
        join_request.status = JoinRequest.Status.DECLINED
        join_request.reason = reason
        join_request.decided_by = actor
        join_request.decided_at = timezone.now()
        join_request.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        audit.record(
            "join_request.declined",
            actor=actor,
            target=join_request,
            organization=join_request.claimed_organization,
            details={"reason": reason, "email": join_request.contact_email},
        )
        send_on_commit(
            subject=f"Your request to join: {join_request.organization_name}",
            body=render_to_string("directory/join/email/declined.txt", {"request": join_request}),
            to=[join_request.contact_email],
            kind="join.declined",
        )
    return join_request


def claimable(organization: Organization) -> bool:
    """An imported listing nobody looks after can be claimed through a request to join."""
    return not organization.memberships.exists()
