"""Lists of referrals that name the person: the inbox, "my referrals" and the home page."""

from __future__ import annotations

from collections.abc import Iterable

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.directory.models import Membership
from joinedup.referrals.models import Referral
from joinedup.referrals.services.common import record_audit


def read_names_in_list(*, actor: User, referrals: Iterable[Referral], listed_in: str) -> None:
    """Give each listed referral `person_name`: the person's name where `actor` may see it
    (`ReferralQuerySet.with_person_visible`), else "". Each name shown is a read of the person's
    details, audited as `person.viewed` like the referral page's read, naming the list."""
    rows = list(referrals)
    mine = set(Membership.objects.filter(user=actor).values_list("organization_id", flat=True))
    # One INSERT for the page's audit lines.
    with audit.batch():
        for referral in rows:
            visible = getattr(referral, "person_visible", None)
            if visible is None:
                visible = referral.person_details_visible_to(actor)
            setattr(referral, "person_name", referral.person.name if visible else "")  # noqa: B010
            if not visible:
                continue
            # The log line belongs to the side that read it, as `read_person_details` does.
            side = (
                referral.referring_organization
                if referral.referring_organization_id in mine
                else referral.receiving_organization
            )
            record_audit(
                "person.viewed",
                actor=actor,
                target=referral.person,
                organization=side,
                details={"referral": referral.reference, "list": listed_in},
            )
