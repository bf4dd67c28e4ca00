"""Use cases for a partnership and its members."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.directory.models import Organization
from joinedup.directory.permissions import require_manager
from joinedup.partnerships.models import MemberRole, Partnership, PartnershipMember


@transaction.atomic
def create_partnership(
    *, actor: User, name: str, description: str = "", managers: list[User] | None = None
) -> Partnership:
    """Create a partnership; its creator manages it. Only partnership managers may create one."""
    if not (actor.is_authenticated and (actor.is_partnership_manager or actor.is_superuser)):
        raise PermissionDenied("Only partnership managers can create a partnership.")
    partnership = Partnership.objects.create(name=name, description=description)
    partnership.managers.add(actor, *(managers or []))
    audit.record("partnership.created", actor=actor, target=partnership, details={"name": name})
    return partnership


@transaction.atomic
def update_partnership_settings(
    *,
    actor: User,
    partnership: Partnership,
    referral_expiry_days: int | None = None,
    closed_referral_retention_months: int | None = None,
    suppression_threshold: int | None = None,
) -> Partnership:
    """Change the referral expiry and retention periods the referrals app reads, and the
    smallest count results and insights show."""
    require_manager(actor, partnership)
    changes = {}
    if referral_expiry_days is not None:
        if referral_expiry_days < 1:
            raise ValueError("A referral must be given at least one day before it expires.")
        changes["referral_expiry_days"] = referral_expiry_days
    if closed_referral_retention_months is not None:
        if closed_referral_retention_months < 1:
            raise ValueError("Closed referrals must be kept for at least one month.")
        changes["closed_referral_retention_months"] = closed_referral_retention_months
    if suppression_threshold is not None:
        if suppression_threshold < 2:
            raise ValueError("The smallest number shown must be 2 or more.")
        changes["suppression_threshold"] = suppression_threshold
    before = {k: getattr(partnership, k) for k in changes}
    for key, value in changes.items():
        setattr(partnership, key, value)
    partnership.save(update_fields=list(changes))
    audit.record(
        "partnership.settings_changed",
        actor=actor,
        target=partnership,
        details={"before": before, "after": changes},
    )
    return partnership


@transaction.atomic
def add_member(
    *,
    actor: User,
    partnership: Partnership,
    organization: Organization,
    role: str = MemberRole.CORE,
    sector_override: str = "",
    joined_on: datetime.date | None = None,
) -> PartnershipMember:
    """Add an organisation to the partnership with its role."""
    require_manager(actor, partnership)
    if PartnershipMember.objects.filter(
        partnership=partnership, organization=organization
    ).exists():
        raise ValidationError(f"{organization} is already a member of {partnership}.")
    if not partnership.candidates_for(actor).filter(pk=organization.pk).exists():
        raise ValidationError(
            f"{organization} is a member of another partnership; only a superuser can add it "
            f"to {partnership} as well."
        )
    member = PartnershipMember.objects.create(
        partnership=partnership,
        organization=organization,
        role=role,
        sector_override=sector_override,
        joined_on=joined_on or datetime.date.today(),
    )
    audit.record(
        "partnership.member_added",
        actor=actor,
        target=member,
        organization=organization,
        details={"partnership": partnership.pk, "role": role, "sector": member.sector},
    )
    return member


@transaction.atomic
def change_member(
    *,
    actor: User,
    member: PartnershipMember,
    role: str | None = None,
    sector_override: str | None = None,
) -> PartnershipMember:
    """Change a member's role in the partnership or the sector it is counted in."""
    require_manager(actor, member.partnership)
    before = {"role": member.role, "sector_override": member.sector_override}
    if role is not None:
        member.role = role
    if sector_override is not None:
        member.sector_override = sector_override
    member.save(update_fields=["role", "sector_override"])
    audit.record(
        "partnership.member_changed",
        actor=actor,
        target=member,
        organization=member.organization,
        details={
            "before": before,
            "after": {"role": member.role, "sector_override": member.sector_override},
        },
    )
    return member


@transaction.atomic
def add_manager(*, actor: User, partnership: Partnership, user: User) -> None:
    """Make someone a manager of the partnership."""
    require_manager(actor, partnership)
    partnership.managers.add(user)
    audit.record(
        "partnership.manager_added", actor=actor, target=partnership, details={"user": user.pk}
    )
