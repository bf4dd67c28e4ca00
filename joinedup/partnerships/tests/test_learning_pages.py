"""Learning log pages: add a tagged entry with who and when, search, filter by tag and action."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.core.models import AuditEvent
from joinedup.partnerships import services
from joinedup.partnerships.models import Action, FrameworkElement, LearningEntry


@pytest.fixture
def elements(instruments) -> dict[str, FrameworkElement]:
    return {e.key: e for e in FrameworkElement.objects.all()}


@pytest.fixture
def action(pam, partnership, council) -> Action:
    plan = services.get_or_create_plan(actor=pam, partnership=partnership)
    return services.create_action(actor=pam, plan=plan, title="Shared front door", owner=council)


@pytest.fixture
def entries(alice, pam, partnership, carers_centre, elements, action) -> list[LearningEntry]:
    return [
        services.add_learning_entry(
            actor=alice,
            partnership=partnership,
            title="Joint visits cut readmissions",
            text="Going out with the district nurse meant carers told us what they needed.",
            organization=carers_centre,
            elements=[elements["building-relationships"]],
            actions=[action],
        ),
        services.add_learning_entry(
            actor=pam,
            partnership=partnership,
            title="Budget cycles do not line up",
            text="The council's year ends in March, the trust's grants in September.",
            elements=[elements["funding-periods"]],
        ),
    ]


def _list(partnership) -> str:
    return reverse("partnerships:learning", args=[partnership.pk])


def _add(partnership) -> str:
    return reverse("partnerships:learning-add", args=[partnership.pk])


def test_member_adds_a_tagged_entry(client, bob, partnership, carers_centre, elements, action):
    client.force_login(bob)
    page = client.get(_add(partnership) + f"?action={action.pk}").content.decode()
    # bob belongs to one member organisation: it is chosen for him; the action is ticked.
    assert f'value="{carers_centre.pk}" checked' in page
    assert f'value="{action.pk}" checked' in page
    response = client.post(
        _add(partnership),
        {
            "title": "Carers trust the GP more",
            "text": "A carer said the surgery's carers' lead made all the difference.",
            "organization": str(carers_centre.pk),
            "elements": ["building-relationships", "communication"],
            "actions": [str(action.pk)],
        },
    )
    assert response.status_code == 302
    entry = LearningEntry.objects.get()
    assert (entry.author, entry.organization) == (bob, carers_centre)
    assert {e.key for e in entry.elements.all()} == {"building-relationships", "communication"}
    assert list(entry.actions.all()) == [action]
    assert AuditEvent.objects.filter(action="learning.added").count() == 1
    page = client.get(_list(partnership)).content.decode()
    assert "Carers trust the GP more" in page
    assert "bob@carers.example (Ashdown Carers Centre)" in page


def test_entry_form_errors_keep_what_was_typed(client, bob, partnership, elements):
    client.force_login(bob)
    response = client.post(
        _add(partnership),
        {"title": "", "text": "Kept text", "organization": "", "elements": ["communication"]},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter a title" in body
    assert "Select who you are writing for" in body
    assert "Kept text" in body
    assert 'value="communication" checked' in body
    assert not LearningEntry.objects.exists()


def test_manager_without_an_organisation_writes_as_themselves(client, pam, partnership):
    client.force_login(pam)
    client.post(
        _add(partnership),
        {"title": "Board noticed", "text": "The board asked for the map.", "organization": "none"},
    )
    entry = LearningEntry.objects.get()
    assert entry.organization is None and entry.author == pam


def test_search_and_filter_by_tag_and_action(client, bob, partnership, entries, action):
    client.force_login(bob)
    everything = client.get(_list(partnership)).content.decode()
    assert "Joint visits" in everything and "Budget cycles" in everything
    found = client.get(_list(partnership), {"q": "district nurse"}).content.decode()
    assert "1 entry mentioning" in found
    assert "Joint visits" in found and "Budget cycles" not in found
    # Tag labels are searched too.
    by_label = client.get(_list(partnership), {"q": "funding"}).content.decode()
    assert "Budget cycles" in by_label and "Joint visits" not in by_label
    tagged = client.get(_list(partnership), {"element": "funding-periods"}).content.decode()
    assert "Budget cycles" in tagged and "Joint visits" not in tagged
    about = client.get(_list(partnership), {"action": action.pk}).content.decode()
    assert "Joint visits" in about and "Budget cycles" not in about
    nothing = client.get(_list(partnership), {"q": "zebra"}).content.decode()
    assert "Nothing in the log matches" in nothing
    assert client.get(_list(partnership), {"element": "nonsense", "action": "x"}).status_code == 200


def test_list_queries_do_not_grow_with_entries(
    client, bob, pam, partnership, elements, django_assert_max_num_queries
):
    for n in range(15):
        services.add_learning_entry(
            actor=pam,
            partnership=partnership,
            title=f"Note {n}",
            text="Something learned.",
            elements=[elements["communication"]],
        )
    client.force_login(bob)
    with django_assert_max_num_queries(12):
        client.get(_list(partnership))


def test_outsider_gets_404_on_every_learning_page(client, charlie, partnership, entries):
    client.force_login(charlie)
    assert client.get(_list(partnership)).status_code == 404
    assert client.get(_add(partnership)).status_code == 404
    response = client.post(_add(partnership), {"title": "x", "text": "y", "organization": "none"})
    assert response.status_code == 404
    assert LearningEntry.objects.count() == 2
