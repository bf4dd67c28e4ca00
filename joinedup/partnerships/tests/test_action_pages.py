"""Action plan pages: the shared plan and members' own plans, filters, overdue, progress."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.core.models import AuditEvent, User
from joinedup.directory.models import Membership
from joinedup.partnerships import services
from joinedup.partnerships.models import Action, ActionPlan, FrameworkElement


@pytest.fixture
def elements(instruments) -> dict[str, FrameworkElement]:
    return {e.key: e for e in FrameworkElement.objects.all()}


@pytest.fixture
def council_rep(council) -> User:
    user = User.objects.create_user(email="rep@council.example")
    Membership.objects.create(user=user, organization=council)
    return user


@pytest.fixture
def shared_action(pam, partnership, council, elements) -> Action:
    plan = services.get_or_create_plan(actor=pam, partnership=partnership)
    return services.create_action(
        actor=pam,
        plan=plan,
        title="Joint referral meeting every month",
        owner=council,
        element=elements["communication"],
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )


@pytest.fixture
def carers_action(alice, partnership, carers_centre) -> Action:
    plan = services.get_or_create_plan(
        actor=alice, partnership=partnership, organization=carers_centre
    )
    return services.create_action(
        actor=alice, plan=plan, title="Carers' leaflet in every GP surgery", owner=carers_centre
    )


def _list(partnership) -> str:
    return reverse("partnerships:actions", args=[partnership.pk])


def _new(partnership) -> str:
    return reverse("partnerships:action-create", args=[partnership.pk])


def _detail(action) -> str:
    return reverse("partnerships:action", args=[action.plan.partnership_id, action.pk])


def test_manager_adds_an_action_to_the_shared_plan(client, pam, partnership, council, elements):
    client.force_login(pam)
    page = client.get(
        _new(partnership) + "?element=siloed-funding-and-competition"
    ).content.decode()
    assert "Ashdown Partnership&#x27;s shared plan" in page
    assert '<option value="siloed-funding-and-competition" selected>' in page
    response = client.post(
        _new(partnership),
        {
            "plan": "partnership",
            "title": "Pool the carers' budgets",
            "element": "siloed-funding-and-competition",
            "owner": str(council.pk),
            "due_date": "31 3 2027",
        },
    )
    action = Action.objects.get()
    assert response["Location"] == _detail(action)
    assert action.plan.organization is None
    assert action.element == elements["siloed-funding-and-competition"]
    assert action.due_date == datetime.date(2027, 3, 31)
    assert AuditEvent.objects.filter(action="action.created").count() == 1


def test_member_adds_to_their_own_plan_only(client, alice, partnership, carers_centre, council):
    client.force_login(alice)
    page = client.get(_new(partnership)).content.decode()
    assert "Ashdown Carers Centre&#x27;s own plan" in page
    assert "shared plan" not in page
    assert "Ashdown Council&#x27;s own plan" not in page
    # Choosing a plan not offered is refused by the form; nothing is created.
    response = client.post(
        _new(partnership),
        {"plan": str(council.pk), "title": "Sneak", "owner": str(council.pk)},
    )
    assert "There is a problem" in response.content.decode()
    assert not Action.objects.exists()
    client.post(
        _new(partnership),
        {"plan": str(carers_centre.pk), "title": "Carers' café", "owner": str(carers_centre.pk)},
    )
    plan = ActionPlan.objects.get()
    assert plan.organization == carers_centre
    assert plan.actions.get().title == "Carers' café"


def test_action_form_errors_keep_what_was_typed(client, pam, partnership):
    client.force_login(pam)
    response = client.post(
        _new(partnership),
        {"plan": "partnership", "title": "", "description": "Keep me", "due_date": "31 13 2027"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter what will be done" in body
    assert "Select the organisation doing it" in body
    assert "Enter the due date as day, month and year" in body
    assert "Keep me" in body
    assert 'value="31 13 2027"' in body
    assert not ActionPlan.objects.exists()  # no empty plan left behind


def test_list_flags_overdue_and_filters(
    client, bob, partnership, shared_action, carers_action, council, carers_centre, elements
):
    client.force_login(bob)
    page = client.get(_list(partnership)).content.decode()
    assert "2 actions" in page and "1 overdue" in page
    assert page.count("govuk-tag--red") == 1  # only the overdue one
    assert "Shared plan" in page and "Ashdown Carers Centre&#x27;s own plan" in page
    by_owner = client.get(_list(partnership), {"owner": str(council.pk)}).content.decode()
    assert "Joint referral meeting" in by_owner and "leaflet" not in by_owner
    overdue = client.get(_list(partnership), {"status": "overdue"}).content.decode()
    assert "Joint referral meeting" in overdue and "leaflet" not in overdue
    by_element = client.get(_list(partnership), {"element": "communication"}).content.decode()
    assert "Joint referral meeting" in by_element and "leaflet" not in by_element
    by_plan = client.get(_list(partnership), {"plan": str(carers_centre.pk)}).content.decode()
    assert "leaflet" in by_plan and "Joint referral meeting" not in by_plan
    done = client.get(_list(partnership), {"status": "done"}).content.decode()
    assert "No actions match these filters" in done
    # Nonsense filters are ignored, never a 500.
    assert client.get(_list(partnership), {"owner": "not-an-id", "status": "x"}).status_code == 200


def test_list_queries_do_not_grow_with_actions(
    client, pam, partnership, council, django_assert_max_num_queries
):
    plan = services.get_or_create_plan(actor=pam, partnership=partnership)
    for n in range(15):
        services.create_action(actor=pam, plan=plan, title=f"Action {n}", owner=council)
    client.force_login(pam)
    # 13: one of them is the header's shortlist (is this person a practitioner?), on every page.
    with django_assert_max_num_queries(13):
        client.get(_list(partnership))


def test_owner_records_progress_on_a_shared_action(client, council_rep, shared_action):
    client.force_login(council_rep)
    page = client.get(_detail(shared_action)).content.decode()
    assert "Overdue" in page
    assert "Record progress" in page
    response = client.post(_detail(shared_action), {"text": "First meeting held", "status": "done"})
    assert response.status_code == 302
    shared_action.refresh_from_db()
    assert shared_action.status == "done"
    page = client.get(_detail(shared_action)).content.decode()
    assert "First meeting held" in page and "status changed to done" in page
    assert "Overdue" not in page
    assert AuditEvent.objects.filter(action="action.updated").count() == 1


def test_progress_form_needs_something_to_say(client, council_rep, shared_action):
    client.force_login(council_rep)
    response = client.post(_detail(shared_action), {"text": "", "status": "not_started"})
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Say what has happened, or change the status or due date" in body
    assert not shared_action.updates.exists()


def test_members_who_do_not_own_it_read_but_cannot_update(client, bob, shared_action):
    client.force_login(bob)
    page = client.get(_detail(shared_action)).content.decode()
    assert "Joint referral meeting" in page
    assert "Record progress</h2>" not in page
    assert client.post(_detail(shared_action), {"text": "Hi", "status": "done"}).status_code == 403
    shared_action.refresh_from_db()
    assert shared_action.status == "not_started"


def test_outsider_gets_404_on_every_action_page(client, charlie, partnership, shared_action):
    client.force_login(charlie)
    assert client.get(_list(partnership)).status_code == 404
    assert client.get(_new(partnership)).status_code == 404
    assert client.get(_detail(shared_action)).status_code == 404
    assert client.post(_detail(shared_action), {"text": "x", "status": "done"}).status_code == 404
    assert client.post(_new(partnership), {"title": "x"}).status_code == 404


def test_new_action_page_offers_the_concerns_of_the_latest_health_check(
    client, pam, bob, partnership, carers_centre, foundations
):
    wave = services.create_wave(
        actor=pam,
        partnership=partnership,
        instrument=foundations,
        title="Spring",
        organizations=[carers_centre],
    )
    services.open_wave(actor=pam, wave=wave)
    keys = list(foundations.statements.values_list("key", "element__key"))
    for n in range(5):
        invitation, _ = services.invite_representative(
            actor=pam, wave=wave, organization=carers_centre, email=f"p{n}@carers.example"
        )
        # Shared purpose is a strength; every other foundation a concern.
        answers = {k: 5 if element == "shared-purpose" else 2 for k, element in keys}
        services.save_answers(invitation=invitation, answers=answers, level="frontline")
        services.submit_response(invitation=invitation)
    client.force_login(bob)
    # Members see a wave's results only once it is closed.
    assert "Concerns in the latest" not in client.get(_new(partnership)).content.decode()
    services.close_wave(actor=pam, wave=wave)
    page = client.get(_new(partnership)).content.decode()
    assert "Concerns in the latest health checks" in page
    assert '<a class="govuk-link" href="?element=healthy-relationships">' in page
    assert "?element=shared-purpose" not in page
