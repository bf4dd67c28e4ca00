from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.core.models import AuditEvent
from joinedup.partnerships import services
from joinedup.partnerships.models import Action, ActionPlan, ActionStatus, Statement

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def plan(partnership, pam) -> ActionPlan:
    return services.get_or_create_plan(actor=pam, partnership=partnership)


def test_action_linked_to_a_statement_takes_its_framework_element(plan, pam, council, instruments):
    statement = Statement.objects.get(key="siloed-funding-and-competition-1")
    action = services.create_action(
        actor=pam,
        plan=plan,
        title="Pool the carers' grants",
        owner=council,
        statement=statement,
        due_date=TODAY,
    )
    assert action.element.key == "siloed-funding-and-competition"
    assert action.status == ActionStatus.NOT_STARTED
    event = AuditEvent.objects.for_target(action).get()
    assert (
        event.action == "action.created"
        and event.details["element"] == "siloed-funding-and-competition"
    )


def test_overdue_means_past_due_and_still_open(plan, pam, council):
    late = services.create_action(
        actor=pam,
        plan=plan,
        title="Late",
        owner=council,
        due_date=TODAY - datetime.timedelta(days=1),
    )
    services.create_action(actor=pam, plan=plan, title="Due today", owner=council, due_date=TODAY)
    services.create_action(actor=pam, plan=plan, title="No date", owner=council)
    done = services.create_action(
        actor=pam,
        plan=plan,
        title="Done late",
        owner=council,
        due_date=TODAY - datetime.timedelta(days=5),
    )
    services.update_action(actor=pam, action=done, text="Finished.", status=ActionStatus.DONE)
    assert list(Action.objects.overdue(TODAY)) == [late]
    assert late.is_overdue(TODAY) and not done.is_overdue(TODAY)


def test_update_records_progress_and_status_change(plan, pam, council):
    action = services.create_action(
        actor=pam, plan=plan, title="Shared referral form", owner=council
    )
    update = services.update_action(
        actor=pam, action=action, text="Draft agreed.", status=ActionStatus.IN_PROGRESS
    )
    assert (update.status_before, update.status_after) == ("not_started", "in_progress")
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    with pytest.raises(ValidationError):
        services.update_action(actor=pam, action=action, text="", status="finished")


def test_member_keeps_its_own_plan_inside_the_partnership(
    partnership, alice, carers_centre, council
):
    own = services.get_or_create_plan(
        actor=alice, partnership=partnership, organization=carers_centre
    )
    assert own.organization == carers_centre
    assert (
        services.get_or_create_plan(
            actor=alice, partnership=partnership, organization=carers_centre
        )
        == own
    )
    services.create_action(
        actor=alice, plan=own, title="Carers' champion in every team", owner=carers_centre
    )
    with pytest.raises(PermissionDenied):
        services.get_or_create_plan(actor=alice, partnership=partnership, organization=council)
    with pytest.raises(PermissionDenied):
        services.get_or_create_plan(actor=alice, partnership=partnership)


def test_member_cannot_edit_the_partnerships_plan(plan, alice, bob, carers_centre):
    with pytest.raises(PermissionDenied):
        services.create_action(actor=alice, plan=plan, title="x", owner=carers_centre)
    assert ActionPlan.objects.visible_to(bob).get() == plan
    assert not ActionPlan.objects.editable_by(bob).exists()


def test_outsider_sees_and_edits_nothing(plan, pam, council, charlie, housing_org, partnership):
    action = services.create_action(actor=pam, plan=plan, title="x", owner=council)
    assert not ActionPlan.objects.visible_to(charlie).exists()
    assert not Action.objects.visible_to(charlie).exists()
    with pytest.raises(PermissionDenied):
        services.update_action(actor=charlie, action=action, text="hi")
    with pytest.raises((PermissionDenied, ValidationError)):
        services.get_or_create_plan(
            actor=charlie, partnership=partnership, organization=housing_org
        )


def test_owner_must_be_a_member(plan, pam, housing_org):
    with pytest.raises(ValidationError):
        services.create_action(actor=pam, plan=plan, title="x", owner=housing_org)


def test_the_owning_organisation_reports_progress_on_the_partnerships_plan(
    plan, pam, alice, carers_centre, council, charlie
):
    action = services.create_action(
        actor=pam, plan=plan, title="Carers' passport", owner=carers_centre
    )
    services.update_action(
        actor=alice,
        action=action,
        text="Piloted in two GP surgeries.",
        status=ActionStatus.IN_PROGRESS,
    )
    assert action.updates.get().author == alice
    theirs = services.create_action(actor=pam, plan=plan, title="Council's bit", owner=council)
    with pytest.raises(PermissionDenied):
        services.update_action(actor=alice, action=theirs, text="Not ours.")
    with pytest.raises(PermissionDenied):
        services.update_action(actor=charlie, action=action, text="Nope.")
