"""The demo partnership's action plans (one action overdue) and learning log."""

from __future__ import annotations

import datetime

from django.utils import timezone

from joinedup.core.models import User
from joinedup.demo.partnership.cast import MANAGER, demo_user
from joinedup.directory.models import Organization
from joinedup.partnerships import services
from joinedup.partnerships.models import (
    Action,
    ActionUpdate,
    FrameworkElement,
    LearningEntry,
    Partnership,
)


def _element(key: str) -> FrameworkElement:
    return FrameworkElement.objects.get(key=key)


def load_actions(
    manager: User, partnership: Partnership, orgs: dict[str, Organization], today: datetime.date
) -> list[Action]:
    day = datetime.timedelta(days=1)
    shared = services.get_or_create_plan(actor=manager, partnership=partnership)
    jo = demo_user("jo.whitfield@example.org")
    grace = demo_user("grace.adebayo@example.org")
    carers = services.get_or_create_plan(
        actor=jo, partnership=partnership, organization=orgs["carers-centre"]
    )
    food = services.get_or_create_plan(
        actor=grace, partnership=partnership, organization=orgs["food-bank"]
    )
    made = [
        services.create_action(
            actor=manager,
            plan=shared,
            title="Monthly joint referral meeting for the front-line teams",
            description="Practitioners from each sector bring the cases that fall between us.",
            owner=orgs["council"],
            element=_element("communication"),
            due_date=today - 20 * day,  # overdue: the first meeting keeps slipping
        ),
        services.create_action(
            actor=manager,
            plan=shared,
            title="Every member keeps its services up to date in the shared directory",
            owner=orgs["connect-ashdown"],
            element=_element("awareness-of-what-others-offer"),
            due_date=today + 60 * day,
        ),
        services.create_action(
            actor=manager,
            plan=shared,
            title="Line up small-grant rounds with the council's budget year",
            owner=orgs["council"],
            element=_element("funding-periods"),
            due_date=today + 150 * day,
        ),
        services.create_action(
            actor=manager,
            plan=shared,
            title="Joint training on carers' assessments",
            owner=orgs["avonvale-trust"],
            element=_element("building-relationships"),
            due_date=today - 40 * day,
        ),
        services.create_action(
            actor=jo,
            plan=carers,
            title="A carers' lead in every GP practice",
            owner=orgs["carers-centre"],
            element=_element("existing-cross-sector-structures"),
            due_date=today + 90 * day,
        ),
        services.create_action(
            actor=grace,
            plan=food,
            title="Take referrals through joinedup instead of paper vouchers",
            owner=orgs["food-bank"],
            element=_element("internal-systems-and-bureaucracy"),
            due_date=today + 30 * day,
        ),
    ]
    dev = demo_user("dev.sharma@example.org")
    services.update_action(
        actor=dev,
        action=made[0],
        text="Room booked at the Hub; waiting for the trust to name someone.",
        status="in_progress",
    )
    services.update_action(
        actor=manager,
        action=made[1],
        text="Twelve members have checked their listings this quarter.",
        status="in_progress",
    )
    services.update_action(
        actor=manager,
        action=made[3],
        text="Three sessions held, 64 staff from 11 organisations.",
        status="done",
    )
    services.update_action(
        actor=jo, action=made[4], text="Leads named at 3 of 4 practices.", status="in_progress"
    )
    ActionUpdate.objects.filter(action__in=made).update(created_at=timezone.now() - 7 * day)
    return made


def load_learning(
    partnership: Partnership,
    orgs: dict[str, Organization],
    actions: list[Action],
    now: datetime.datetime,
) -> int:
    stories = [
        (
            "jo.whitfield@example.org",
            "carers-centre",
            "Joint visits found carers nobody knew about",
            "Going out with the district nurses for a month, we met 14 carers who had never "
            "been referred to us. Most did not think of themselves as carers.",
            ["building-relationships", "awareness-of-what-others-offer"],
            [3],
            60,
        ),
        (
            "rhian.bell@example.org",
            "eastfield-health",
            "Link workers need to know who has space this week",
            "Half my referrals bounce because the service is full. Seeing capacity in the "
            "directory before referring has cut that to a handful.",
            ["awareness-of-what-others-offer", "internal-systems-and-bureaucracy"],
            [1],
            35,
        ),
        (
            MANAGER,
            "",
            "Twelve-month grants stop the voluntary sector planning",
            "At the board, three charities said they cannot recruit on one-year money. The "
            "health check shows the same: funding periods are our lowest score.",
            ["funding-periods", "siloed-funding-and-competition"],
            [2],
            20,
        ),
        (
            "grace.adebayo@example.org",
            "food-bank",
            "A phone call beats a form",
            "When the housing officer rang us directly the family had food the same day. "
            "The referral meeting should make those calls normal, not lucky.",
            ["communication", "formal-informal"],
            [0],
            6,
        ),
    ]
    for email, org_key, title, text, tags, action_numbers, days_ago in stories:
        entry = services.add_learning_entry(
            actor=demo_user(email),
            partnership=partnership,
            title=title,
            text=text,
            organization=orgs[org_key] if org_key else None,
            elements=[_element(k) for k in tags],
            actions=[actions[n] for n in action_numbers],
        )
        LearningEntry.objects.filter(pk=entry.pk).update(
            created_at=now - datetime.timedelta(days=days_ago)
        )
    return len(stories)
