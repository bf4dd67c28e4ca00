"""Load the demo place into the database: idempotent, fast, and audited.

`load_demo` fills every app (the directory and its logins, the partnership, the referrals) and
the search index; `load_demo_place` is the directory part alone."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.demo.build import MODEL_ORDER, TOP_LEVEL, build
from joinedup.demo.partnership import load_demo_partnership, reset_demo_partnership
from joinedup.demo.place import load_demo_line
from joinedup.demo.referrals import load_demo_referrals, reset_demo_referrals
from joinedup.demo.spec import demo_id
from joinedup.demo.users import DEMO_PASSWORD, DEMO_USERS, TEAM_USERS
from joinedup.demo.year import load_demo_year, reset_demo_year
from joinedup.directory.models import Attribute, Membership, Organization, Service
from joinedup.search.models import SearchEntry
from joinedup.search.services import rebuild_index

BATCH_SIZE = 500


@dataclass
class DemoLoadResult:
    created: dict[str, int] = field(default_factory=dict)
    already_there: int = 0
    users_created: int = 0
    deleted: int = 0

    @property
    def total_created(self) -> int:
        return sum(self.created.values()) + self.users_created

    def summary(self) -> str:
        """One line for the terminal."""
        orgs = self.created.get("organization", 0)
        services = self.created.get("service", 0)
        if not self.total_created:
            return (
                f"Demo place already loaded: {self.already_there} records unchanged, "
                "nothing created."
            )
        return (
            f"Demo place loaded: {orgs} organisations, {services} services, "
            f"{self.total_created} records and {self.users_created} demo users created, "
            f"{self.already_there} already there."
        )


def load_demo(*, reset: bool = False) -> str:
    """Load the whole demo place (with `reset`, restore its original content); one line back."""
    if reset:
        # The partnership's history and the referrals point at the demo organisations: they go
        # first.
        reset_demo_year()
        reset_demo_referrals()
        reset_demo_partnership()
    parts = [load_demo_place(reset=reset).summary(), load_demo_partnership().summary()]
    parts.append(load_demo_referrals().summary())
    # After the partnership (its expiry period) and the story (which keeps its inboxes).
    parts.append(load_demo_year().summary())
    parts.append(load_demo_line())
    # The demo is loaded in bulk, not through the directory's use cases: index it here, once
    # (every service must be findable on the search page), and again only if it changed.
    indexed = set(SearchEntry.objects.values_list("service_id", flat=True))
    if indexed != set(Service.objects.values_list("id", flat=True)):
        parts.append(f"Search index built: {rebuild_index()} services.")
    else:
        parts.append("Search index up to date.")
    return " ".join(parts)


def _owner_id(obj: models.Model) -> uuid.UUID | None:
    """The top-level record a child row belongs to (service first, then location, ...)."""
    for attr in ("service_id", "location_id", "organization_id", "link_id"):
        value = getattr(obj, attr, None)
        if value is not None:
            return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    return None


def load_demo_place(*, reset: bool = False, today: datetime.date | None = None) -> DemoLoadResult:
    """Create the demo place's records and logins that are missing; leave existing ones alone."""
    rows = build(today=today or timezone.localdate()).rows
    result = DemoLoadResult()
    with transaction.atomic():
        if reset:
            result.deleted = _delete(rows)
        # A record and its children are created together. Records already in the database
        # are left as they are, so changes people made while trying the demo survive a re-run
        # and nothing is ever duplicated.
        new_ids: set[uuid.UUID] = set()
        for model in MODEL_ORDER:
            objs = rows.get(model, [])
            if model in TOP_LEVEL:
                ids = [obj.pk for obj in objs]
                existing = set(
                    model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
                )
                missing = [obj for obj in objs if obj.pk not in existing]
                new_ids.update(obj.pk for obj in missing)
            else:
                missing = [obj for obj in objs if _owner_id(obj) in new_ids]
            model._default_manager.bulk_create(missing, batch_size=BATCH_SIZE)
            result.created[model._meta.model_name or model.__name__] = len(missing)
            result.already_there += len(objs) - len(missing)
        result.users_created = _users()
        if result.total_created or result.deleted:
            audit.record(
                "demo.loaded",
                details={
                    "created": result.created,
                    "users_created": result.users_created,
                    "deleted": result.deleted,
                },
            )
    return result


def _delete(rows: dict[type[models.Model], list[models.Model]]) -> int:
    """Remove every demo directory record (children cascade), to load them afresh."""
    deleted = 0
    for model in reversed(MODEL_ORDER):
        ids = [obj.pk for obj in rows.get(model, [])]
        if model is Attribute or model in TOP_LEVEL:
            deleted += model._default_manager.filter(pk__in=ids).delete()[0]
    return deleted


def _users() -> int:
    """Create the demo logins that are missing, with their memberships."""
    created = 0
    # Hashed once: hashing the same password for every team login would cost seconds.
    hashed = make_password(DEMO_PASSWORD)
    for person in [*DEMO_USERS, *TEAM_USERS]:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create(
                email=person.email,
                username=person.email,
                password=hashed,
                first_name=person.first_name,
                last_name=person.last_name,
                is_partnership_manager=person.partnership_manager,
                is_staff=person.superuser,
                is_superuser=person.superuser,
            )
            created += 1
        if person.org:
            organization = Organization.objects.get(pk=demo_id("organization", person.org))
            Membership.objects.get_or_create(
                user=user, organization=organization, defaults={"role": person.membership}
            )
    return created
