from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.core.models import AuditEvent
from joinedup.partnerships import services
from joinedup.partnerships.models import FrameworkElement, LearningEntry


@pytest.fixture
def entries(partnership, pam, alice, carers_centre, council, instruments):
    plan = services.get_or_create_plan(actor=pam, partnership=partnership)
    action = services.create_action(actor=pam, plan=plan, title="Joint duty desk", owner=council)
    distance = FrameworkElement.objects.get(key="distance")
    relationships = FrameworkElement.objects.get(key="building-relationships")
    first = services.add_learning_entry(
        actor=alice,
        partnership=partnership,
        organization=carers_centre,
        title="Video calls kept the carers' forum going",
        text="Moving the forum online doubled attendance from the rural villages.",
        elements=[distance],
    )
    second = services.add_learning_entry(
        actor=pam,
        partnership=partnership,
        title="The duty desk worked because people knew each other",
        text="Staff who had met at the forum referred to each other within a day.",
        elements=[relationships],
        actions=[action],
    )
    return first, second


def test_search_matches_every_word_in_title_text_or_tag(entries):
    first, second = entries
    assert list(LearningEntry.objects.search("rural FORUM")) == [first]
    assert set(LearningEntry.objects.search("forum")) == {first, second}
    assert list(LearningEntry.objects.search("relationships")) == [second]  # via its tag
    assert not LearningEntry.objects.search("housing").exists()


def test_tagged_and_audited(entries):
    first, second = entries
    assert list(LearningEntry.objects.tagged(FrameworkElement.objects.get(key="distance"))) == [
        first
    ]
    event = AuditEvent.objects.for_target(second).get()
    assert event.action == "learning.added" and event.details["elements"] == [
        "building-relationships"
    ]
    assert second.actions.get().title == "Joint duty desk"


def test_outsider_neither_reads_nor_writes(entries, partnership, charlie, housing_org):
    assert not LearningEntry.objects.visible_to(charlie).exists()
    with pytest.raises(PermissionDenied):
        services.add_learning_entry(actor=charlie, partnership=partnership, title="t", text="x")


def test_member_writes_only_for_their_own_organisation(partnership, bob, council):
    with pytest.raises(PermissionDenied):
        services.add_learning_entry(
            actor=bob, partnership=partnership, organization=council, title="t", text="x"
        )
    with pytest.raises(ValidationError):
        services.add_learning_entry(actor=bob, partnership=partnership, title=" ", text="x")
    assert LearningEntry.objects.visible_to(bob).count() == 0
