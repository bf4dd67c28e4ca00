"""A year (or any span) of referral activity and counted searches, made up deterministically
from a seed and written in bulk: the demo place's year (`demo.year`) and a region's data for the
insights bench (`bench/insights_pages.py`) are both made here.

Nothing goes through the use cases: a year of history is thousands of referrals, and the use
cases' audit lines, notifications and checks would take minutes and say nothing true (nobody
did these things). The rows are shaped as the use cases shape them, so every page and figure
reads them as it reads real ones: each referral's stored status is its last event's, consent
stands for each recipient, an expired referral is cancelled by the system for `no_response`
after its receiver's expiry period, and a logged referral (phone, signposting) is never
answered here.

What makes it tell a story:
- **seasons**: more referrals in winter (peaking in mid-January), fewer at weekends, and slower
  answers and more "no capacity" declines under winter pressure;
- **responders**: each receiving organisation is fast, usual, slow or silent (a "black hole"
  whose referrals mostly expire unanswered);
- **declines with reasons, outcomes, expiries** in plausible shares;
- **wellbeing**: services that ask ONS4 get answers at referral and, for most completed
  referrals, at completion, moving by the service's own effect;
- **searches** counted as the search app counts them (`search.UnmetNeed`: day, theme, postcode
  district, band), with some themes in some districts finding nothing far more often.
"""

from __future__ import annotations

import bisect
import datetime
import math
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F

from joinedup.demo.spec import demo_id
from joinedup.referrals.models import (
    MEASURE_KEYS,
    Consent,
    ConsentMethod,
    Moment,
    Person,
    Referral,
    ReferralEvent,
    Status,
    WellbeingAnswers,
)
from joinedup.referrals.models.referrals import NO_RESPONSE, REFERENCE_ALPHABET
from joinedup.search.models import UnmetNeed

# How a receiving organisation answers: (median days to a first answer, share never answered).
PROFILES: dict[str, tuple[float, float]] = {
    "fast": (0.6, 0.02),
    "usual": (2.5, 0.07),
    "slow": (6.0, 0.18),
    "silent": (9.0, 0.55),
}
LOGGED = frozenset({"phone", "signposting"})
FIRST_NAMES = [
    "Alex",
    "Amira",
    "Ben",
    "Beth",
    "Carys",
    "Chidi",
    "Dai",
    "Dina",
    "Eli",
    "Ewa",
    "Fatima",
    "Finn",
    "Gwen",
    "Hamid",
    "Iris",
    "Jamal",
    "Kasia",
    "Lena",
    "Leon",
    "Maya",
    "Milo",
    "Nadia",
    "Niamh",
    "Omar",
    "Oona",
    "Priya",
    "Quinn",
    "Rosa",
    "Ravi",
    "Sian",
    "Tariq",
    "Una",
    "Vik",
    "Wren",
    "Yusuf",
    "Zara",
]
SURNAMES = ("Example", "Sample", "Placeholder", "Fictional", "Madeup", "Invented")
NEEDS = (
    "Struggling to cope since a change in circumstances; would like some support.",
    "Money is very tight and the bills are mounting up.",
    "Feeling isolated and low; rarely leaves the house.",
    "Caring for a family member and finding it hard to manage.",
    "Needs help to stay safe and well at home.",
    "Worried about keeping their home.",
    "Would like help with forms and what they are entitled to.",
)
DECLINE_REASONS = (
    ("no_capacity", 3),
    ("not_eligible", 3),
    ("outside_area", 1),
    ("not_suitable", 2),
    ("duplicate", 1),
)


@dataclass(frozen=True)
class Receiver:
    """A service that can be referred to, and how its organisation answers."""

    service_id: uuid.UUID
    organization_id: uuid.UUID
    intake_mode: str
    responder_id: int | None  # the user named on its answers
    profile: str = "usual"
    weight: float = 1.0
    waiting_list: bool = False
    # ONS4: the average move per measure from referral to completion (None: not asked).
    wellbeing_effect: tuple[float, float, float, float] | None = None
    # No referral to it may still be open or have moved recently (the demo's own story).
    settled: bool = False


@dataclass(frozen=True)
class Referrer:
    organization_id: uuid.UUID
    user_id: int | None
    weight: float = 1.0
    settled: bool = False


@dataclass(frozen=True)
class Plan:
    seed: int
    now: datetime.datetime
    referrals: int
    receivers: Sequence[Receiver]
    referrers: Sequence[Referrer]
    # Where people live: (postcode district, weight).
    districts: Sequence[tuple[str, float]]
    days: int = 365
    expiry_days: dict[Any, int] = field(default_factory=dict)
    default_expiry_days: int = 14
    # Ids are made from this, so two plans never collide and a reload finds its own rows.
    namespace: str = "year"
    # How recently a referral touching a `settled` party may last have moved.
    settled_days: int = 21


@dataclass
class Written:
    people: int = 0
    referrals: int = 0
    events: int = 0
    wellbeing: int = 0
    consents: int = 0
    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def winter_pressure(day: datetime.date) -> float:
    """1 in early summer, rising to about 1.8 in mid-January."""
    return 1.4 + 0.4 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365.25)


def day_weights(now: datetime.datetime, days: int) -> list[tuple[datetime.date, float]]:
    """Each day of the span with how busy it is: winter busier, weekends quiet."""
    today = now.date()
    out = []
    for back in range(days, 0, -1):
        day = today - datetime.timedelta(days=back)
        weekend = 0.2 if day.weekday() >= 5 else 1.0
        out.append((day, winter_pressure(day) * weekend))
    return out


def person_id(namespace: str, n: int) -> uuid.UUID:
    return demo_id(f"{namespace}-person", str(n))


def _uuid(rng: random.Random) -> uuid.UUID:
    """An id from the plan's generator: the same plan, the same ids (and far cheaper than
    `uuid5` for a region's half a million rows)."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _reference(rng: random.Random) -> str:
    chars = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"R-{chars[:4]}-{chars[4:]}"


def _weighted(rng: random.Random, items: Sequence[Any], cumulative: Sequence[float]) -> Any:
    """One of `items` by the running totals of their weights (bisect on a random number)."""
    return items[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _score(rng: random.Random, mean: float) -> int | None:
    if rng.random() < 0.05:  # prefer not to say
        return None
    return max(0, min(10, round(rng.gauss(mean, 1.8))))


@dataclass
class _Event:
    to_status: str
    at: datetime.datetime
    actor_id: int | None
    organization_id: uuid.UUID | None
    reason_code: str = ""
    reason_text: str = ""


@dataclass
class _Story:
    """One referral's life, before it becomes rows."""

    events: list[_Event]
    outcome: str = ""
    outcome_at: datetime.datetime | None = None
    outcome_by: int | None = None

    def add(self, event: _Event, now: datetime.datetime) -> bool:
        """Add `event` if it has happened by `now`; whether it had."""
        if event.at >= now:
            return False
        self.events.append(event)
        return True


def _life(
    rng: random.Random,
    plan: Plan,
    sent: datetime.datetime,
    referrer: Referrer,
    receiver: Receiver,
) -> _Story:
    """What happened to one referral sent at `sent`, up to `plan.now`."""
    requested = _Event(Status.REQUESTED, sent, referrer.user_id, referrer.organization_id)
    story = _Story([requested])
    if receiver.intake_mode in LOGGED:
        # Logged: the service answers nothing here; the referrer sometimes records what happened.
        at = sent + datetime.timedelta(days=rng.uniform(7, 40))
        if rng.random() < 0.4 and at < plan.now:
            story.outcome = rng.choice(["got_help", "got_help", "could_not_contact"])
            story.outcome_at, story.outcome_by = at, referrer.user_id
        return story
    pressure = winter_pressure(sent.date())
    median, silent = PROFILES[receiver.profile]
    period = plan.expiry_days.get(receiver.organization_id, plan.default_expiry_days)
    delay = rng.lognormvariate(math.log(median * pressure / 1.4), 0.8)
    if rng.random() < silent or delay > period:
        expires = sent + datetime.timedelta(days=period, hours=1)
        reason = f"No response within {period} days"
        story.add(_Event(Status.CANCELLED, expires, None, None, NO_RESPONSE, reason), plan.now)
        return story
    answered = sent + datetime.timedelta(days=delay)
    decline = 0.10 + (0.12 if receiver.waiting_list else 0) + 0.08 * (pressure - 1)
    if rng.random() < decline:
        _decline(rng, story, answered, receiver, pressure, plan.now)
    else:
        _work(rng, story, answered, referrer, receiver, pressure, plan.now)
    return story


def _decline(
    rng: random.Random,
    story: _Story,
    answered: datetime.datetime,
    receiver: Receiver,
    pressure: float,
    now: datetime.datetime,
) -> None:
    """Declined with a reason: "no capacity" far more often from a waiting list or in winter."""
    reasons = list(DECLINE_REASONS)
    if receiver.waiting_list or pressure > 1.6:
        reasons[0] = ("no_capacity", 8)
    codes = [code for code, _ in reasons]
    reason = _weighted(rng, codes, _cumulative([w for _, w in reasons]))
    by = receiver.responder_id
    declined = _Event(Status.REJECTED, answered, by, receiver.organization_id, reason)
    recorded = reason in ("no_capacity", "not_eligible") and rng.random() < 0.6
    if story.add(declined, now) and recorded:
        story.outcome, story.outcome_at, story.outcome_by = reason, answered, by


def _work(
    rng: random.Random,
    story: _Story,
    answered: datetime.datetime,
    referrer: Referrer,
    receiver: Receiver,
    pressure: float,
    now: datetime.datetime,
) -> None:
    """Accepted, worked (perhaps on hold for a waiting list), then ended one way or another."""
    by, org = receiver.responder_id, receiver.organization_id
    started = answered + datetime.timedelta(days=rng.uniform(0.5, 6) * pressure)
    if not (
        story.add(_Event(Status.ACCEPTED, answered, by, org), now)
        and story.add(_Event(Status.IN_PROGRESS, started, by, org), now)
    ):
        return
    if receiver.waiting_list and rng.random() < 0.25:
        held = started + datetime.timedelta(days=rng.uniform(1, 5))
        started = held + datetime.timedelta(days=rng.uniform(10, 50))
        if not (
            story.add(_Event(Status.ON_HOLD, held, by, org, "waiting_list"), now)
            and story.add(_Event(Status.IN_PROGRESS, started, by, org), now)
        ):
            return
    ended = started + datetime.timedelta(days=rng.uniform(5, 60))
    roll = rng.random()
    if roll < 0.08:
        event = _Event(Status.FAILED, ended, by, org, "could_not_contact")
        outcome_code = "could_not_contact"
    elif roll < 0.12:
        by = referrer.user_id
        event = _Event(Status.CANCELLED, ended, by, referrer.organization_id, "no_longer_needed")
        outcome_code = "no_longer_wanted"
    else:
        event = _Event(Status.COMPLETED, ended, by, org)
        outcome_code = _weighted(
            rng, ["got_help", "referred_elsewhere", "no_longer_wanted"], [0.86, 0.95, 1.0]
        )
    if story.add(event, now):
        story.outcome, story.outcome_at, story.outcome_by = outcome_code, ended, by


def _settled(plan: Plan, story: _Story, referrer: Referrer, receiver: Receiver) -> bool:
    """A referral touching a settled party must have ended a while ago (see `Receiver`)."""
    if not (referrer.settled or receiver.settled):
        return True
    last = story.events[-1]
    closed = last.to_status in (Status.REJECTED, Status.CANCELLED, Status.FAILED, Status.COMPLETED)
    recent = plan.now - datetime.timedelta(days=plan.settled_days)
    return closed and last.at < recent and (story.outcome_at is None or story.outcome_at < recent)


@dataclass
class _Batch:
    people: list[Person] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    events: list[ReferralEvent] = field(default_factory=list)
    wellbeing: list[WellbeingAnswers] = field(default_factory=list)


class _People:
    """The people referred: mostly new, sometimes someone the referrer referred before."""

    def __init__(self, plan: Plan, rng: random.Random) -> None:
        self.plan, self.rng = plan, rng
        self.count = 0
        self.known: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        self.consented: set[tuple[uuid.UUID, uuid.UUID]] = set()
        names = [d for d, _ in plan.districts]
        self.districts, self.cumulative = names, _cumulative([w for _, w in plan.districts])

    def pick(self, referrer: Referrer, batch: _Batch, when: datetime.datetime) -> uuid.UUID:
        earlier = self.known[referrer.organization_id]
        if earlier and self.rng.random() < 0.2:
            return self.rng.choice(earlier[-50:])
        n = self.count
        self.count += 1
        pk = person_id(self.plan.namespace, n)
        district = _weighted(self.rng, self.districts, self.cumulative)
        batch.people.append(
            Person(
                id=pk,
                organization_id=referrer.organization_id,
                name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {SURNAMES[(n // 7) % len(SURNAMES)]}",
                postcode=f"{district} 0ZZ",
                contact_preference="phone",
                phone=f"07700 900{n % 1000:03d}",
                created_by_id=referrer.user_id,
            )
        )
        earlier.append(pk)
        return pk

    def consent(
        self, person: uuid.UUID, recipient: uuid.UUID, when: datetime.datetime, batch: _Batch
    ) -> None:
        if (person, recipient) in self.consented:
            return
        self.consented.add((person, recipient))
        batch.consents.append(
            Consent(
                id=_uuid(self.rng),
                person_id=person,
                recipient_id=recipient,
                purpose="Referral (demo history)",
                method=ConsentMethod.IN_PERSON,
                given_at=when,
            )
        )


def _wellbeing(
    rng: random.Random, referral: Referral, story: _Story, receiver: Receiver
) -> list[WellbeingAnswers]:
    effect = receiver.wellbeing_effect
    if effect is None or rng.random() > 0.75:
        return []
    base = (5.2, 5.8, 5.0, 6.2)
    before = {k: _score(rng, m) for k, m in zip(MEASURE_KEYS, base, strict=True)}
    sent = story.events[0].at
    rows = [
        WellbeingAnswers(
            referral_id=referral.pk,
            moment=Moment.REFERRAL,
            recorded_at=sent,
            recorded_by_id=story.events[0].actor_id,
            **before,
        )
    ]
    last = story.events[-1]
    if last.to_status == Status.COMPLETED and rng.random() < 0.7:
        after = {
            k: None
            if b is None or rng.random() < 0.05
            else max(0, min(10, round(b + rng.gauss(e, 1.5))))
            for (k, b), e in zip(before.items(), effect, strict=True)
        }
        rows.append(
            WellbeingAnswers(
                referral_id=referral.pk,
                moment=Moment.COMPLETION,
                recorded_at=last.at,
                recorded_by_id=last.actor_id,
                **after,
            )
        )
    return rows


def _referral_rows(
    plan: Plan,
    rng: random.Random,
    n: int,
    sent: datetime.datetime,
    referrer: Referrer,
    receiver: Receiver,
    person: uuid.UUID,
    story: _Story,
) -> tuple[Referral, list[ReferralEvent]]:
    last = story.events[-1]
    referral = Referral(
        id=_uuid(rng),
        reference=_reference(rng),
        person_id=person,
        referring_organization_id=referrer.organization_id,
        referring_user_id=referrer.user_id,
        service_id=receiver.service_id,
        receiving_organization_id=receiver.organization_id,
        intake_mode=receiver.intake_mode,
        prescription=_uuid(rng),
        need=rng.choice(NEEDS),
        urgency=_weighted(rng, ["routine", "urgent", "asap"], [0.75, 0.95, 1.0]),
        status=last.to_status,
        status_changed_at=last.at,
        requested_at=sent,
        outcome=story.outcome,
        outcome_recorded_at=story.outcome_at,
        outcome_recorded_by_id=story.outcome_by,
    )
    events = []
    previous = ""
    for sequence, event in enumerate(story.events, start=1):
        events.append(
            ReferralEvent(
                referral_id=referral.pk,
                sequence=sequence,
                actor_id=event.actor_id,
                actor_organization_id=event.organization_id,
                created_at=event.at,
                from_status=previous,
                to_status=event.to_status,
                reason_code=event.reason_code,
                reason_text=event.reason_text,
            )
        )
        previous = event.to_status
    return referral, events


def plan_batches(plan: Plan, *, batch_size: int = 5000) -> Iterator[_Batch]:
    """The plan's rows, a batch at a time (a region's 200,000 referrals never sit in memory
    at once). The same plan always gives the same rows."""
    rng = random.Random(plan.seed)
    days = day_weights(plan.now, plan.days)
    day_cumulative = _cumulative([w for _, w in days])
    receivers = list(plan.receivers)
    receiver_cumulative = _cumulative([r.weight for r in receivers])
    referrers = list(plan.referrers)
    referrer_cumulative = _cumulative([r.weight for r in referrers])
    people = _People(plan, rng)
    batch = _Batch()
    for n in range(plan.referrals):
        day, _ = _weighted(rng, days, day_cumulative)
        sent = datetime.datetime.combine(
            day, datetime.time(rng.randrange(8, 18), rng.randrange(60)), tzinfo=plan.now.tzinfo
        )
        referrer = _weighted(rng, referrers, referrer_cumulative)
        receiver = _weighted(rng, receivers, receiver_cumulative)
        if receiver.organization_id == referrer.organization_id:
            continue
        story = _life(rng, plan, sent, referrer, receiver)
        if not _settled(plan, story, referrer, receiver):
            continue
        person = people.pick(referrer, batch, sent)
        people.consent(person, receiver.organization_id, sent, batch)
        referral, events = _referral_rows(plan, rng, n, sent, referrer, receiver, person, story)
        batch.referrals.append(referral)
        batch.events += events
        batch.wellbeing += _wellbeing(rng, referral, story, receiver)
        if len(batch.referrals) >= batch_size:
            yield batch
            batch = _Batch()
    if batch.referrals or batch.people:
        yield batch


def write_batch(batch: _Batch, written: Written, *, size: int = 2000) -> None:
    """Insert one batch in one transaction; created dates follow the history, not today."""
    with transaction.atomic():
        Person.objects.bulk_create(batch.people, batch_size=size)
        Consent.objects.bulk_create(batch.consents, batch_size=size)
        Referral.objects.bulk_create(batch.referrals, batch_size=size)
        # `created_at` is set on insert (auto_now_add): the history's own date, in one UPDATE.
        ids = [r.pk for r in batch.referrals]
        for start in range(0, len(ids), size):
            Referral.objects.filter(pk__in=ids[start : start + size]).update(
                created_at=F("requested_at")
            )
        ReferralEvent.objects.bulk_create(batch.events, batch_size=size)
        WellbeingAnswers.objects.bulk_create(batch.wellbeing, batch_size=size)
    written.people += len(batch.people)
    written.consents += len(batch.consents)
    written.referrals += len(batch.referrals)
    written.events += len(batch.events)
    written.wellbeing += len(batch.wellbeing)
    for referral in batch.referrals:
        written.statuses[referral.status] += 1


def write_plan(
    plan: Plan,
    *,
    batch_size: int = 5000,
    progress: Callable[[Written], None] | None = None,
) -> Written:
    """Write every referral of the plan with its person, consent, events and wellbeing."""
    written = Written()
    for batch in plan_batches(plan, batch_size=batch_size):
        write_batch(batch, written)
        if progress:
            progress(written)
    return written


# Searches, counted as the search app counts them.

# The search app's bands (`search.unmet`): "enough" is the band for searches that found
# enough, so unmet need is a rate of all searches.
BANDS = ("none", "few", "enough")


@dataclass(frozen=True)
class SearchPlan:
    seed: int
    now: datetime.datetime
    per_day: float  # searches on an ordinary weekday
    themes: Sequence[tuple[str, float]]  # (theme, share of searches)
    areas: Sequence[tuple[str, float]]  # (postcode district or "", share)
    # (theme, area) -> share of its searches that found nothing; others get `base_none`.
    gaps: dict[tuple[str, str], float] = field(default_factory=dict)
    base_none: float = 0.06
    base_few: float = 0.12
    days: int = 365


def _poisson(rng: random.Random, mean: float) -> int:
    """A count with this mean: exact for small means, normal for large ones (fast either way)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def search_rows(plan: SearchPlan) -> Iterator[UnmetNeed]:
    """One `UnmetNeed` row per day, theme, area and band that had any searches."""
    rng = random.Random(plan.seed)
    for day, busy in day_weights(plan.now, plan.days):
        for theme, theme_share in plan.themes:
            for area, area_share in plan.areas:
                total = _poisson(rng, plan.per_day * busy * theme_share * area_share)
                if not total:
                    continue
                none_share = plan.gaps.get((theme, area), plan.gaps.get((theme, "*"), 0.0))
                none_share = max(none_share, plan.base_none)
                nothing = sum(rng.random() < none_share for _ in range(min(total, 50)))
                nothing = round(nothing * total / min(total, 50))
                few = round((total - nothing) * plan.base_few * rng.uniform(0.6, 1.4))
                for band, count in zip(BANDS, (nothing, few, total - nothing - few), strict=True):
                    if count > 0:
                        yield UnmetNeed(day=day, theme=theme, area=area, band=band, count=count)


def write_searches(plan: SearchPlan, *, size: int = 5000) -> tuple[int, int]:
    """Insert the counts (a bucket already there is left as it is); (rows, searches)."""
    rows = searches = 0
    chunk: list[UnmetNeed] = []

    def flush() -> None:
        with transaction.atomic():
            UnmetNeed.objects.bulk_create(chunk, batch_size=size, ignore_conflicts=True)

    for row in search_rows(plan):
        chunk.append(row)
        rows += 1
        searches += row.count
        if len(chunk) >= size:
            flush()
            chunk = []
    if chunk:
        flush()
    return rows, searches
