"""The demo partnership's two rounds of both health checks and of the network survey, from
seeded random numbers around a baseline and the moves between the rounds."""

from __future__ import annotations

import datetime
import random

from joinedup.core.models import User
from joinedup.demo.partnership.cast import (
    HUBS,
    NEWCOMER,
    SILENT_FIRST,
    backdate,
)
from joinedup.directory.models import Membership, Organization
from joinedup.partnerships import services
from joinedup.partnerships.models import (
    Instrument,
    NetworkSurvey,
    Partnership,
    RespondentLevel,
    Wave,
)

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


def _answer(rng: random.Random, element: str, second: bool, sector: str) -> int:
    mean = LEVELS.get(element, BASELINE) + (MOVES.get(element, 0.0) if second else 0.0)
    if sector == "vcs" and "funding" in element:
        mean -= 0.5  # short grants hurt the voluntary sector most
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def load_waves(
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
            backdate(
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


def load_network(
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
        backdate(
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
