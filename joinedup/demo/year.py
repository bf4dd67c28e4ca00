"""The demo place's year: a year of referrals, searches and capacity changes behind the story
(`demo.referrals`), so every insights page has something to say on first run.

Made by `demo.activity` from a fixed seed: the same day always gives the same year. Who answers
fast, who is slow and who leaves referrals unanswered, where searches find nothing, which
services ask about wellbeing and how much people's wellbeing moves are chosen here, so a board
member trying the demo can answer "which organisations leave referrals unanswered?", "where is
need unmet?", "are we reaching the most deprived areas?" and "did people feel better?".

The organisations with demo logins keep their inboxes as the story tells them: none of the
year's referrals to or from them is still open or moved in the last three weeks.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from joinedup.core import audit
from joinedup.core.models import AuditEvent
from joinedup.demo import activity
from joinedup.demo.build import ALL_SERVICES, service_key
from joinedup.demo.organisations import ORGS
from joinedup.demo.referrals import DEV, GRACE, RHIAN, SAM, TOM
from joinedup.demo.spec import demo_id
from joinedup.directory.models import CapacityStatus, Membership, Service, WaitBand
from joinedup.referrals.models import Person, Referral, ServiceIntake
from joinedup.referrals.models.referrals import expiry_days_by_organization

SEED = 20261206
REFERRALS = 4000
SEARCHES_PER_DAY = 120
NAMESPACE = "year"

# The organisations whose demo logins tell the story: their inboxes stay as it tells them.
STORY_USERS = {
    "carers-centre": SAM,
    "eastfield-health": RHIAN,
    "fire": TOM,
    "food-bank": GRACE,
    "council": DEV,
}

PROFILES = {
    **dict.fromkeys(
        [
            "food-bank",
            "advice-centre",
            "good-neighbours",
            "harbour-lights",
            "open-door",
            "carers-centre",
            "fire",
            "memory-lane",
            "connect-ashdown",
        ],
        "fast",
    ),
    **dict.fromkeys(
        ["council", "avonvale-trust", "clearpath-debt", "greenway-homes", "send-parents"], "slow"
    ),
    # The black holes: most of their referrals expire unanswered.
    **dict.fromkeys(
        ["harbourside-housing", "welcome-ashdown", "kingsmead-youth", "steps-to-work"], "silent"
    ),
}

# How often each service is referred to, beside 1 for the rest.
POPULAR = {
    "food-bank/emergency-food": 6,
    "advice-centre/general-advice": 5,
    "ashdown-pcn/social-prescribing": 5,
    "council/housing-options": 4,
    "carers-centre/carer-support": 4,
    "clearpath-debt/debt-advice": 4,
    "avonvale-trust/talking-therapies": 4,
    "council/welfare-rights": 3,
    "good-neighbours/befriending-visits": 3,
    "fire/safe-and-well": 3,
    "harbourside-housing/floating-support": 2,
    "welcome-ashdown/immigration-advice": 2,
    "memory-lane/dementia-adviser": 0.3,
}

# Services that ask ONS4, with the average move (life satisfaction, worthwhile, happiness,
# anxiety) between referral and completion. The dementia adviser has too few answers to show.
WELLBEING = {
    "ashdown-pcn/social-prescribing": (1.4, 1.1, 1.2, -1.3),
    "avonvale-trust/talking-therapies": (1.2, 0.8, 1.3, -2.2),
    "carers-centre/carer-support": (0.9, 0.6, 0.8, -1.0),
    "good-neighbours/befriending-visits": (1.1, 1.0, 1.4, -0.6),
    "open-door/wellbeing-courses": (0.8, 0.9, 0.9, -0.9),
    "clearpath-debt/debt-advice": (0.7, 0.2, 0.5, -1.8),
    "memory-lane/dementia-adviser": (0.3, 0.1, 0.2, -0.4),
}

REFERRERS = {
    "eastfield-health": 5,
    "ashdown-pcn": 5,
    "central-practice": 3,
    "northgate-practice": 3,
    "southbank-surgery": 3,
    "council": 3,
    "carers-centre": 3,
    "advice-centre": 3,
    "fire": 2,
    "police": 2,
    "greenway-homes": 2,
    "avonvale-trust": 2,
    "food-bank": 2,
    "harbourside-housing": 1,
    "connect-ashdown": 1,
    "millbrook-primary": 1,
    "victim-care": 1,
    "open-door": 1,
    "good-neighbours": 1,
}

# Where people live: the more deprived districts (Eastfield, Hartwell, Portway) refer most.
DISTRICTS = (
    ("BS5", 3.0),
    ("BS13", 3.0),
    ("BS11", 2.5),
    ("BS4", 2.0),
    ("BS2", 2.0),
    ("BS14", 1.8),
    ("BS3", 1.5),
    ("BS10", 1.5),
    ("BS15", 1.2),
    ("BS16", 1.2),
    ("BS7", 1.0),
    ("BS1", 0.8),
    ("BS6", 0.6),
    ("BS8", 0.5),
    ("BS9", 0.5),
)

# What people search for (taxonomy names, as the search app counts them), and where they find
# nothing far more often than elsewhere.
THEMES = (
    ("Food banks and parcels", 8),
    ("Debt advice", 7),
    ("Benefits advice", 7),
    ("Homelessness", 5),
    ("Talking therapies", 6),
    ("Support for carers", 4),
    ("Befriending", 3),
    ("Breaks and respite", 3),
    ("Dementia support", 3),
    ("Youth activities", 3),
    ("Domestic abuse", 2),
    ("Refugees, asylum and immigration", 2),
    ("Community meals", 2),
    ("Finding work", 3),
    ("Digital skills and devices", 2),
    ("Sexual health", 1),
    ("other", 6),
)
GAPS = {
    ("Refugees, asylum and immigration", "*"): 0.35,
    ("Breaks and respite", "*"): 0.3,
    ("Sexual health", "*"): 0.25,
    ("Debt advice", "BS13"): 0.4,
    ("Debt advice", "BS11"): 0.35,
    ("Youth activities", "BS13"): 0.45,
    ("Community meals", "BS11"): 0.5,
    ("Dementia support", "BS16"): 0.4,
}


@dataclass
class DemoYearResult:
    created: bool = False
    referrals: int = 0
    events: int = 0
    wellbeing: int = 0
    searches: int = 0
    capacity_changes: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        if not self.created:
            return "Demo year already there: nothing created."
        return (
            f"Demo year: {self.referrals} referrals ({self.events} events, {self.wellbeing} "
            f"wellbeing answers), {self.searches} searches counted, {self.capacity_changes} "
            "capacity changes."
        )


def already_loaded() -> bool:
    return Person.objects.filter(pk=activity.person_id(NAMESPACE, 0)).exists()


def _users() -> dict[str, int]:
    """The user who acts for each demo organisation: its story login, else its team login."""
    found: dict[str, int] = {}
    ids = {demo_id("organization", org.key): org.key for org in ORGS}
    rows = (
        Membership.objects.filter(organization_id__in=ids)
        .order_by("user__email")
        .values_list("organization_id", "user_id", "user__email")
    )
    for organization_id, user_id, email in rows:
        key = ids[organization_id]
        if key not in found or STORY_USERS.get(key) == email:
            found[key] = user_id
    return found


def plan(now: datetime.datetime) -> activity.Plan:
    users = _users()
    orgs = {org.key: org for org in ORGS}
    receivers = []
    for svc in sorted(ALL_SERVICES, key=service_key):
        mode = svc.intake or orgs[svc.org].intake
        key = service_key(svc)
        if svc.status != "active" or svc.org not in users:
            continue
        logged = mode in activity.LOGGED
        receivers.append(
            activity.Receiver(
                service_id=demo_id("service", key),
                organization_id=demo_id("organization", svc.org),
                intake_mode=mode,
                responder_id=users[svc.org],
                profile=PROFILES.get(svc.org, "usual"),
                weight=0.15 if logged else POPULAR.get(key, 1.0),
                waiting_list=svc.capacity == CapacityStatus.WAITING_LIST,
                wellbeing_effect=WELLBEING.get(key),
                settled=svc.org in STORY_USERS,
            )
        )
    referrers = [
        activity.Referrer(
            organization_id=demo_id("organization", key),
            user_id=users.get(key),
            weight=weight,
            settled=key in STORY_USERS,
        )
        for key, weight in REFERRERS.items()
    ]
    return activity.Plan(
        seed=SEED,
        now=now,
        referrals=REFERRALS,
        receivers=receivers,
        referrers=referrers,
        districts=DISTRICTS,
        expiry_days=expiry_days_by_organization(),
        namespace=NAMESPACE,
    )


def search_plan(now: datetime.datetime) -> activity.SearchPlan:
    total = sum(w for _, w in THEMES)
    areas = [(district, weight) for district, weight in DISTRICTS]
    area_total = sum(w for _, w in areas) / 0.7  # three in ten searches give no postcode
    return activity.SearchPlan(
        seed=SEED,
        now=now,
        per_day=SEARCHES_PER_DAY,
        themes=[(theme, w / total) for theme, w in THEMES],
        areas=[("", 0.3), *((d, w / area_total) for d, w in areas)],
        gaps=GAPS,
    )


def _capacity_changes(now: datetime.datetime, users: dict[str, int]) -> list[AuditEvent]:
    """Waiting lists opened under winter pressure and closed in spring, ending at each
    service's capacity today, as `directory.services.set_service_capacity` records them."""
    events = []
    services = Service.objects.filter(
        pk__in=[demo_id("service", service_key(s)) for s in ALL_SERVICES]
    ).values_list("pk", "organization_id", "capacity_status", "capacity_wait_band")
    keys = {demo_id("organization", org.key): org.key for org in ORGS}
    accepting = {"status": CapacityStatus.ACCEPTING.value, "wait_band": "", "note": ""}
    for n, (pk, organization_id, status, band) in enumerate(sorted(services)):
        key = keys.get(organization_id)
        if key is None:
            continue
        waiting = {"status": CapacityStatus.WAITING_LIST.value, "note": ""}
        if status == CapacityStatus.WAITING_LIST:
            # Last winter's list cleared in spring; this autumn's opened again.
            changes = [
                (330 - n % 20, accepting, {**waiting, "wait_band": WaitBand.WEEKS_2_TO_4.value}),
                (250 - n % 30, {**waiting, "wait_band": WaitBand.WEEKS_2_TO_4.value}, accepting),
                (60 - n % 25, accepting, {**waiting, "wait_band": band}),
            ]
        elif status == CapacityStatus.ACCEPTING and n % 5 == 0:
            changes = [
                (320 - n % 15, accepting, {**waiting, "wait_band": WaitBand.UNDER_2_WEEKS.value}),
                (270 - n % 20, {**waiting, "wait_band": WaitBand.UNDER_2_WEEKS.value}, accepting),
            ]
        else:
            continue
        for days_ago, before, after in changes:
            events.append(
                AuditEvent(
                    created_at=now - datetime.timedelta(days=days_ago, hours=n % 8),
                    actor_id=users.get(key),
                    organization_id=organization_id,
                    action="service.capacity_changed",
                    target_type="directory.service",
                    target_id=str(pk),
                    details={"before": before, "after": after, "demo": True},
                )
            )
    return events


def load_demo_year(*, now: datetime.datetime | None = None) -> DemoYearResult:
    """Create the demo year unless it is there already (it is made all at once)."""
    result = DemoYearResult()
    if already_loaded():
        return result
    # Whole days: the same day gives the same year, whatever the time it is loaded.
    moment = now or timezone.now()
    start_of_day = timezone.localtime(moment).replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        for key in WELLBEING:
            ServiceIntake.objects.update_or_create(
                service_id=demo_id("service", key), defaults={"asks_wellbeing": True}
            )
        written = activity.write_plan(plan(start_of_day))
        _rows, searches = activity.write_searches(search_plan(start_of_day))
        capacity = []
        if not AuditEvent.objects.filter(
            action="service.capacity_changed", details__demo=True
        ).exists():
            capacity = _capacity_changes(start_of_day, _users())
            AuditEvent.objects.bulk_create(capacity, batch_size=1000)
        audit.record(
            "demo.year_loaded",
            details={"referrals": written.referrals, "searches": searches},
        )
    return DemoYearResult(
        created=True,
        referrals=written.referrals,
        events=written.events,
        wellbeing=written.wellbeing,
        searches=searches,
        capacity_changes=len(capacity),
        statuses=dict(written.statuses),
    )


def reset_demo_year() -> int:
    """Delete the year's referrals and people (the search counts and the audit log stay)."""
    with transaction.atomic():
        people = Person.objects.filter(
            pk__in=[activity.person_id(NAMESPACE, n) for n in range(REFERRALS)]
        )
        deleted = Referral.objects.filter(person__in=people).delete()[0]
        deleted += people.delete()[0]
        if deleted:
            audit.record("demo.year_deleted", details={"rows": deleted})
    return deleted
