"""Who acts, and the checks every app's use cases make before they change anything.

One module for them all (ADR 18): the caller type (a signed-in person, or an organisation's API
client) and the `require_*` checks, each raising PermissionDenied. It sits in directory, the
lowest layer that knows organisations and their members. The rule of one row stays a model
method (`service.is_editable_by`, `partnership.is_managed_by`); the checks here call it, so an
app above (partnerships) hands its rows in without this module importing that app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from joinedup.core.models import User
from joinedup.directory.models import Membership, Organization, Service


@dataclass(frozen=True)
class OrganizationClient:
    """An API client acting for one organisation through one of its tokens.

    It is nobody in particular: rows it makes have no user (referring_user, actor, author stay
    blank) and its audit lines name the token's prefix instead, so a token can be traced and
    revoked without pretending a person did the work.
    """

    organization_id: Any
    token_prefix: str
    # The organisation itself, when the caller has it loaded already (saves a query).
    organization: Organization | None = field(default=None, compare=False)


# Who does something through a use case: a signed-in person, or an organisation's API client.
Actor = User | OrganizationClient


def user_of(actor: Actor | None) -> User | None:
    """The person to name on a row (None for an API client or the system)."""
    return actor if isinstance(actor, User) else None


def is_member(user: Actor | None, organization_id: Any) -> bool:
    if isinstance(user, OrganizationClient):
        return str(user.organization_id) == str(organization_id)
    return bool(
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(organization_id=organization_id, user=user).exists()
    )


def require_member(user: Actor | None, organization_id: Any, what: str) -> None:
    if not is_member(user, organization_id):
        raise PermissionDenied(f"Only members of the organisation can {what}")


def require_editable(actor: User, service: Service) -> None:
    """Only the service's organisation admins (and its partnership's managers) edit its
    listing."""
    if not service.is_editable_by(actor):
        raise PermissionDenied("You cannot edit this service")


class Managed(Protocol):
    """Something with managers, such as a partnership."""

    def is_managed_by(self, user: User) -> bool: ...


def manages_a_partnership(actor: User | AnonymousUser) -> bool:
    """Whether the user manages at least one partnership (or is a superuser): who may open the
    managers' pages (requests to join, listings to check, failed deliveries). What those pages
    show them is scoped by `Organization.objects.managed_by(user)` (ADR 33)."""
    if not actor.is_authenticated:
        return False
    return bool(actor.is_superuser or actor.managed_partnerships.exists())


def require_partnership_manager(actor: User | AnonymousUser, what: str) -> None:
    if not manages_a_partnership(actor):
        raise PermissionDenied(f"Only partnership managers can see {what}.")


def is_place_manager(actor: User | AnonymousUser) -> bool:
    """Whether the user keeps the installation's shared settings (crisis contacts, the needs
    vocabulary; one of each for the whole directory): a user with the partnership-manager flag
    or a superuser. The flag gives no right over any organisation (ADR 33)."""
    return bool(actor.is_authenticated and (actor.is_partnership_manager or actor.is_superuser))


def require_place_manager(actor: User | AnonymousUser, what: str) -> None:
    if not is_place_manager(actor):
        raise PermissionDenied(f"Only partnership managers can change {what}.")


def require_manager(actor: User, partnership: Managed) -> None:
    if not partnership.is_managed_by(actor):
        raise PermissionDenied("Only the partnership's managers can do this.")
