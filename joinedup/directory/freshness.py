"""Keeping listings fresh: reminding organisations to check their listings, and the emailed
"still right" link that confirms one listing without signing in.

The link is a signed token (Django's signing, keyed on SECRET_KEY) naming one service, the admin
it was sent to and the day it was issued. It does one thing: record that this admin checked this
listing today, through the same use case as the "Mark as checked" button
(`services.mark_service_checked`), which still requires the admin to be able to edit the listing
when the link is used (an admin removed since cannot use it). Anyone holding the link can do
nothing else: no other field, no other listing, no session. It is idempotent rather than
single-use: once the listing has been checked on or after the day the link was issued, using it
again changes nothing. Opening it (GET) only shows a page with a button, because mail scanners
open links in emails; pressing the button (POST) confirms. It expires after
`STILL_RIGHT_LINK_DAYS`; after that the admin signs in and uses "Mark as checked".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from joinedup.core import audit, outbox
from joinedup.core.links import absolute_url
from joinedup.core.models import User
from joinedup.directory.models import Membership, Organization, Service
from joinedup.directory.services import mark_service_checked

SALT = "joinedup.directory.still-right"
# Long enough for someone back from a fortnight's leave; short enough that an old email
# forwarded on is soon of no use.
STILL_RIGHT_LINK_DAYS = 30


class LinkInvalid(Exception):
    """The link was altered, is for a listing or person that no longer exists, or the person
    can no longer edit the listing."""


class LinkExpired(LinkInvalid):
    """The link was genuine but is older than `STILL_RIGHT_LINK_DAYS`."""


@dataclass(frozen=True)
class StillRight:
    """What a genuine link is about."""

    service: Service
    user: User
    issued: datetime.date

    @property
    def already_confirmed(self) -> bool:
        """Checked on or after the day the link was sent: using it again changes nothing."""
        return self.service.assured_date is not None and self.service.assured_date >= self.issued


def still_right_token(*, service: Service, user: User, today: datetime.date) -> str:
    """The signed token for `user` to confirm `service` is still right."""
    payload = {"s": str(service.pk), "u": user.pk, "d": today.isoformat()}
    return signing.dumps(payload, salt=SALT)


def still_right_path(*, service: Service, user: User, today: datetime.date) -> str:
    token = still_right_token(service=service, user=user, today=today)
    return reverse("directory:still-right", args=[token])


def read_still_right(token: str) -> StillRight:
    """What the link is about, or LinkInvalid / LinkExpired."""
    try:
        payload = signing.loads(
            token, salt=SALT, max_age=datetime.timedelta(days=STILL_RIGHT_LINK_DAYS)
        )
    except signing.SignatureExpired as error:
        raise LinkExpired("This link has expired") from error
    except signing.BadSignature as error:
        raise LinkInvalid("This link is not valid") from error
    try:
        service = Service.objects.select_related("organization").get(pk=payload["s"])
        user = User.objects.get(pk=payload["u"], is_active=True)
        issued = datetime.date.fromisoformat(payload["d"])
    except (KeyError, TypeError, ValueError, Service.DoesNotExist, User.DoesNotExist) as error:
        raise LinkInvalid("This link is not valid") from error
    if not service.is_editable_by(user):
        raise LinkInvalid("This link is not valid")
    return StillRight(service=service, user=user, issued=issued)


def confirm_still_right(*, token: str) -> StillRight:
    """Record that the listing the link names is still right (once: again is a no-op)."""
    with transaction.atomic():
        link = read_still_right(token)
        service = Service.objects.select_for_update().get(pk=link.service.pk)
        found = StillRight(service=service, user=link.user, issued=link.issued)
        if found.already_confirmed:
            return found
        try:
            service = mark_service_checked(actor=link.user, service=service, via="email link")
        except PermissionDenied as error:
            raise LinkInvalid("This link is not valid") from error
    return StillRight(service=service, user=link.user, issued=link.issued)


@dataclass
class Reminded:
    """What one run of `remind_stale_listings` did."""

    listings: int = 0
    emails: int = 0
    # Organisations with listings to check but no active admin to ask (the managers' stale
    # page lists them).
    nobody_to_ask: list[str] = field(default_factory=list)


def _admins(organization: Organization) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organization=organization,
            memberships__role=Membership.Role.ADMIN,
        )
        .exclude(email="")
        .order_by("pk")
    )


def _email_body(
    *, admin: User, organization: Organization, due: list[Service], today: datetime.date
) -> str:
    partnership = settings.JOINEDUP_PARTNERSHIP_NAME
    lines = [
        f"Hello {admin.first_name or admin.email},",
        "",
        f"{partnership} asks organisations to check their listings every "
        f"{settings.JOINEDUP_STALE_AFTER_DAYS} days: people choose services from them, and "
        "practitioners refer people to them.",
        "",
        f"These listings of {organization.name} are due a check:",
    ]
    for service in due:
        checked = service.assured_date.strftime("%-d %B %Y") if service.assured_date else "never"
        still_right = still_right_path(service=service, user=admin, today=today)
        edit = reverse("directory:edit-service", args=[service.pk])
        lines += [
            "",
            f"{service.name} (last checked: {checked})",
            f"- Still right? Confirm it in one click: {absolute_url(still_right)}",
            f"- Something has changed? Sign in and edit it: {absolute_url(edit)}",
        ]
    lines += [
        "",
        f'The "still right" links work for {STILL_RIGHT_LINK_DAYS} days, for you only. They '
        "only record that the listing was checked: they cannot change anything else.",
    ]
    return "\n".join(lines) + "\n"


def _remind_organization(
    *, organization: Organization, now: datetime.datetime, result: Reminded
) -> None:
    today = timezone.localdate(now)
    with transaction.atomic():
        # Locked and read again: two runs at once must not both email about a listing.
        due = list(
            Service.objects.due_check_reminder(now=now)
            .filter(organization=organization)
            .select_for_update(of=("self",))
            .order_by("name", "pk")
        )
        admins = _admins(organization)
        if not due:
            return
        if not admins:
            result.nobody_to_ask.append(organization.name)
            return
        for admin in admins:
            outbox.enqueue(
                channel="email",
                to=admin.email,
                subject=f"Check {len(due)} listing{'s' if len(due) != 1 else ''} on "
                f"{settings.JOINEDUP_PARTNERSHIP_NAME}",
                body=_email_body(admin=admin, organization=organization, due=due, today=today),
                kind="listing.check_reminder",
            )
        Service.objects.filter(pk__in=[s.pk for s in due]).update(check_reminded_at=now)
        audit.record(
            "organization.reminded_to_check",
            target=organization,
            organization=organization,
            details={"services": [str(s.pk) for s in due], "emails": len(admins)},
        )
        result.listings += len(due)
        result.emails += len(admins)


def remind_stale_listings(*, now: datetime.datetime) -> Reminded:
    """Email each organisation's admins a "still right" link for every listing due a check,
    at most once per check interval per listing."""
    result = Reminded()
    by_organization: dict[object, Organization] = {}
    for service in Service.objects.due_check_reminder(now=now).select_related("organization"):
        assert service.organization is not None  # due_check_reminder keeps only these
        by_organization.setdefault(service.organization_id, service.organization)
    for organization in sorted(by_organization.values(), key=lambda o: o.name):
        _remind_organization(organization=organization, now=now, result=result)
    return result
