"""Use cases for the learning log."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.directory.models import Organization
from joinedup.partnerships.models import Action, FrameworkElement, LearningEntry, Partnership


@transaction.atomic
def add_learning_entry(
    *,
    actor: User,
    partnership: Partnership,
    title: str,
    text: str,
    organization: Organization | None = None,
    elements: Iterable[FrameworkElement] = (),
    actions: Iterable[Action] = (),
) -> LearningEntry:
    """Log a short story or observation from the work, tagged to the framework and actions."""
    if not partnership.is_visible_to(actor):
        raise PermissionDenied("Only the partnership's managers and members keep its log.")
    if organization is not None and not (
        partnership.organizations_of(actor).filter(pk=organization.pk).exists()
    ):
        raise PermissionDenied("You can only write for an organisation you belong to.")
    if not title.strip() or not text.strip():
        raise ValidationError("A learning entry needs a title and some text.")
    actions = list(actions)
    foreign = [a.pk for a in actions if a.plan.partnership_id != partnership.pk]
    if foreign:
        raise ValidationError("Those actions belong to another partnership.")
    entry = LearningEntry.objects.create(
        partnership=partnership,
        title=title.strip(),
        text=text.strip(),
        author=actor,
        organization=organization,
    )
    entry.elements.set(list(elements))
    entry.actions.set(actions)
    audit.record(
        "learning.added",
        actor=actor,
        target=entry,
        organization=organization,
        details={
            "partnership": partnership.pk,
            "elements": sorted(e.key for e in entry.elements.all()),
            "actions": [a.pk for a in actions],
        },
    )
    return entry
