"""Organisation use cases: changing an organisation's own details (the one door, used by the
Django admin's organisation form)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.directory.changes import listings_changed
from joinedup.directory.models import Organization, Service
from joinedup.directory.services import _apply

ORGANIZATION_EDITABLE_FIELDS = frozenset(
    {"name", "alternate_name", "description", "email", "website", "sector", "published"}
)


def update_organization(
    *, actor: User, organization: Organization, changes: Mapping[str, Any]
) -> Organization:
    """Change an organisation's details; its services' listings change with it (its name is
    on every one, and an unpublished organisation hides them)."""
    if not organization.is_editable_by(actor):
        raise PermissionDenied("You cannot change this organisation")
    if "name" in changes and not str(changes["name"]).strip():
        raise ValidationError({"name": "Enter the organisation's name"})
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        before, after = _apply(organization, changes, ORGANIZATION_EDITABLE_FIELDS)
        if not after:
            return organization
        organization.save(update_fields=[*after, "last_modified"])
        audit.record(
            "organization.updated",
            actor=actor,
            target=organization,
            organization=organization,
            details={"before": before, "after": after},
        )
        listings_changed(
            Service.objects.filter(organization=organization).values_list("pk", flat=True)
        )
    return organization
