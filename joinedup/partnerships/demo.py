"""The demo place's partnership: two rounds of both health checks and of the network survey,
action plans (one action overdue) and a learning log, so every page of the workspace has
something to show, including change over time.

Everything goes through the use cases (audited as any real work is), from seeded random
numbers: the same run gives the same answers. Loading is idempotent: an existing demo
partnership is left alone.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.models import User
from joinedup.directory.demo.spec import demo_id
from joinedup.directory.models import Membership, Organization
from joinedup.partnerships import services
from joinedup.partnerships.models import (
    Action,
    ActionUpdate,
    FrameworkElement,
    Instrument,
    LearningEntry,
    MemberRole,
    NetworkSurvey,
    Partnership,
    RespondentLevel,
    Wave,
)

DEMO_PARTNERSHIP = "Ashdown Together"
MANAGER = "morgan.ellery@example.org"
SEED = 20261122

# Demo organisation key -> role in the partnership.
MEMBERS: dict[str, str] = {
    "council": MemberRole.CORE,
    "avonvale-trust": MemberRole.CORE,
    "ashdown-pcn": MemberRole.CORE,
    "eastfield-health": MemberRole.CORE,
    "central-practice": MemberRole.ASSOCIATE,
    "greenway-homes": MemberRole.CORE,
    "harbourside-housing": MemberRole.ASSOCIATE,
    "police": MemberRole.CORE,
    "fire": MemberRole.CORE,
    "ashdown-college": MemberRole.ASSOCIATE,
    "st-aldhelms": MemberRole.ASSOCIATE,
    "carers-centre": MemberRole.CORE,
    "food-bank": MemberRole.CORE,
    "advice-centre": MemberRole.CORE,
    "connect-ashdown": MemberRole.CORE,
    "memory-lane": MemberRole.ASSOCIATE,
    "safe-haven": MemberRole.ASSOCIATE,
    "good-neighbours": MemberRole.ASSOCIATE,
    "mens-shed": MemberRole.OBSERVER,
    "hartwell-community": MemberRole.ASSOCIATE,
    "fernhill-allotments": MemberRole.OBSERVER,
    "credit-union": MemberRole.OBSERVER,
}
# Members the others turn to: more ties in the network survey.
HUBS = {"council", "connect-ashdown", "carers-centre", "ashdown-pcn"}
# Did not answer the first network survey; the allotments group joined in the second.
SILENT_FIRST = {"credit-union", "st-aldhelms"}
NEWCOMER = "fernhill-allotments"

# How the place sees itself, element by element (mean on the 1-5 scale, first round), and how
# that moved by the second round: the actions on communication and awareness paid off.
BASELINE = 3.4
LEVELS: dict[str, float] = {
    "siloed-funding-and-competition": 2.4,
    "funding-periods": 2.5,
    "dedicated-flexible-funding": 2.6,
    "internal-systems-and-bureaucracy": 2.7,
    "awareness-of-what-others-offer": 2.6,
    "communication": 2.9,
    "shared-purpose": 4.2,
    "collaborative-infrastructure": 2.8,
    "building-relationships": 4.0,
    "staff-wellbeing": 3.0,
}
MOVES: dict[str, float] = {
    "awareness-of-what-others-offer": 0.9,
    "communication": 0.8,
    "building-relationships": 0.2,
    "collaborative-infrastructure": 0.6,
    "funding-periods": -0.3,
    "staff-wellbeing": -0.4,
}


@dataclass
class DemoPartnershipResult:
    created: bool
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        if not self.created:
            return f"Demo partnership {DEMO_PARTNERSHIP!r} already loaded: nothing created."
        parts = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        return f"Demo partnership {DEMO_PARTNERSHIP!r} loaded: {parts}."


def _org(key: str) -> Organization:
    return Organization.objects.get(pk=demo_id("organization", key))


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _backdate(model: type, pk: int, when: datetime.datetime, **fields: datetime.datetime) -> None:
    # Demo history: the use cases stamp "now"; the story needs last year's round to be older.
    model.objects.filter(pk=pk).update(created_at=when, **fields)  # type: ignore[attr-defined]


def reset_demo_partnership() -> int:
    """Delete the demo partnership and all its history (to load it afresh); returns rows gone."""
    with transaction.atomic():
        deleted, _ = Partnership.objects.filter(name=DEMO_PARTNERSHIP).delete()
        if deleted:
            audit.record("demo.partnership_deleted", details={"rows": deleted})
    return deleted


def load_demo_partnership(*, today: datetime.date | None = None) -> DemoPartnershipResult:
    """Create the demo partnership and its history, unless it is there already."""
    if Partnership.objects.filter(name=DEMO_PARTNERSHIP).exists():
        return DemoPartnershipResult(created=False)
    today = today or timezone.localdate()
    now = timezone.now()
    rng = random.Random(SEED)
    with transaction.atomic():
        services.load_shipped_instruments()
        manager = _user(MANAGER)
        partnership = services.create_partnership(
            actor=manager,
            name=DEMO_PARTNERSHIP,
            description=(
                "Ashdown's public services and community organisations, working as one "
                "place for carers, older people and families under pressure."
            ),
        )
        orgs = {key: _org(key) for key in MEMBERS}
        for key, role in MEMBERS.items():
            services.add_member(
                actor=manager, partnership=partnership, organization=orgs[key], role=role
            )
        rounds = [("autumn 2025", now - datetime.timedelta(days=400)), ("autumn 2026", now)]
        waves = _waves(manager, partnership, orgs, rounds, rng)
        surveys = _network(manager, partnership, orgs, rounds, rng)
        actions = _actions(manager, partnership, orgs, today)
        entries = _learning(partnership, orgs, actions, now)
    return DemoPartnershipResult(
        created=True,
        counts={
            "health-check waves": waves,
            "network surveys": surveys,
            "actions": len(actions),
            "learning log entries": entries,
        },
    )


def _answer(rng: random.Random, element: str, second: bool, sector: str) -> int:
    mean = LEVELS.get(element, BASELINE) + (MOVES.get(element, 0.0) if second else 0.0)
    if sector == "vcs" and "funding" in element:
        mean -= 0.5  # short grants hurt the voluntary sector most
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def _waves(
    manager: User,
    partnership: Partnership,
    orgs: dict[str, Organization],
    rounds: list[tuple[str, datetime.datetime]],
    rng: random.Random,
) -> int:
    instruments = Instrument.objects.filter(partnership__isnull=True).latest_versions()
    created = 0
    for instrument in instruments.order_by("key"):
        statements = list(instrument.statements.select_related("element").order_by("pk"))
        for number, (season, when) in enumerate(rounds):
            wave = services.create_wave(
                actor=manager,
                partnership=partnership,
                instrument=instrument,
                title=f"{instrument.title}: {season}",
                organizations=list(orgs.values()),
            )
            services.open_wave(actor=manager, wave=wave)
            for key, org in orgs.items():
                for level in (RespondentLevel.STRATEGIC, RespondentLevel.FRONTLINE):
                    invitation, _ = services.invite_representative(
                        actor=manager,
                        wave=wave,
                        organization=org,
                        email=f"{level}.{key}.{number}@demo.example.org",
                    )
                    answers: dict[str, int | None] = {}
                    for statement in statements:
                        value = _answer(rng, statement.element.key, number == 1, org.sector)
                        if statement.reverse_scored:
                            value = instrument.scale_min + instrument.scale_max - value
                        answers[statement.key] = value
                    services.save_answers(invitation=invitation, answers=answers, level=level)
                    services.submit_response(invitation=invitation)
            services.close_wave(actor=manager, wave=wave)
            _backdate(
                Wave,
                wave.pk,
                when - datetime.timedelta(days=30),
                opened_at=when - datetime.timedelta(days=30),
                closed_at=when - datetime.timedelta(days=2),
            )
            created += 1
    return created


def _tie(rng: random.Random, a: str, b: str, sectors: dict[str, str], second: bool) -> int:
    """How closely `a` says it works with `b` (0 for not at all)."""
    chance = 0.12
    if sectors[a] == sectors[b]:
        chance = 0.65
    if a in HUBS or b in HUBS:
        chance = 0.6
    if second:
        chance += 0.06
    if NEWCOMER in (a, b) and not second:
        chance = 0.0
    if rng.random() >= chance:
        return 0
    return rng.choices([1, 2, 3, 4, 5], weights=[3, 4, 3, 2, 1])[0]


def _network(
    manager: User,
    partnership: Partnership,
    orgs: dict[str, Organization],
    rounds: list[tuple[str, datetime.datetime]],
    rng: random.Random,
) -> int:
    sectors = {key: org.sector for key, org in orgs.items()}
    keys = list(orgs)
    for number, (season, when) in enumerate(rounds):
        second = number == 1
        survey = services.create_network_survey(
            actor=manager,
            partnership=partnership,
            title=f"Who works with whom: {season}",
            organizations=list(orgs.values()),
        )
        services.open_network_survey(actor=manager, survey=survey)
        # Decide each pair once, then each side's view of it: mostly agreeing, sometimes not.
        views: dict[tuple[str, str], int] = {}
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                closeness = _tie(rng, a, b, sectors, second)
                if not closeness:
                    continue
                views[(a, b)] = closeness
                other = closeness + rng.choice([-1, 0, 0, 0, 1])
                if rng.random() < 0.15:
                    other = 0  # one side does not count it as working together
                views[(b, a)] = max(0, min(5, other))
        for key in keys:
            if not second and key in SILENT_FIRST:
                continue
            person = next(
                (m.user for m in orgs[key].memberships.select_related("user").order_by("pk")[:1]),
                manager,
            )
            ratings = {
                orgs[b].pk: {
                    "closeness": c,
                    "frequency": min(5, max(1, c + rng.choice([-1, 0, 1]))),
                    "reliability": rng.randint(2, 4),
                    "shared_mission": rng.randint(2, 4),
                    "openness": rng.randint(1, 4),
                    "influence": rng.randint(1, 4),
                    "involvement": rng.randint(2, 4),
                    "resources": rng.randint(1, 4),
                }
                for (a, b), c in views.items()
                if a == key and c > 0
            }
            if person is manager:
                # Members with no demo login: answered by a representative invited for it.
                person = _representative(orgs[key], key)
            services.save_ratings(
                actor=person, survey=survey, organization=orgs[key], ratings=ratings
            )
            services.submit_network_response(actor=person, survey=survey, organization=orgs[key])
        services.close_network_survey(actor=manager, survey=survey)
        _backdate(
            NetworkSurvey,
            survey.pk,
            when - datetime.timedelta(days=20),
            opened_at=when - datetime.timedelta(days=20),
            closed_at=when - datetime.timedelta(days=1),
        )
    return len(rounds)


def _representative(org: Organization, key: str) -> User:
    """A sign-in-less demo person who answers for an organisation with no demo login."""
    user, created = User.objects.get_or_create(
        email=f"network.{key}@demo.example.org",
        defaults={"first_name": "Representative", "last_name": org.name[:100]},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    # After `load_demo --reset` the organisation is new again, without its memberships.
    Membership.objects.get_or_create(
        user=user, organization=org, defaults={"role": Membership.Role.MEMBER}
    )
    return user


def _element(key: str) -> FrameworkElement:
    return FrameworkElement.objects.get(key=key)


def _actions(
    manager: User, partnership: Partnership, orgs: dict[str, Organization], today: datetime.date
) -> list[Action]:
    day = datetime.timedelta(days=1)
    shared = services.get_or_create_plan(actor=manager, partnership=partnership)
    jo = _user("jo.whitfield@example.org")
    grace = _user("grace.adebayo@example.org")
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
    dev = _user("dev.sharma@example.org")
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


def _learning(
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
            actor=_user(email),
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
