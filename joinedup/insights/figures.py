"""The board's figures (issue 15, items 1 and 2): flows, the loop, response times, outcomes.

Read-only over the other apps. One query reads the facts of each referral a partnership's board
may count (`referral_facts`): who sent it, to whom, which service, how it ended, when it was
first answered. Every figure is then a plain function over those facts that a test can check
by hand, returning `tables.Table`s of raw counts; suppression comes after (`tables.present_all`).

What counts:
- A partnership's referrals are those sent (not drafts, not entered in error) by or to one of
  its member organisations, in the period by the day they were sent.
- The first answer is the receiver's first move from "sent": accepted or declined. Time to first
  answer runs from sending to that move. Referrals to services that take them by phone or
  signposting ("logged") are never answered here: they count in flows and in the loop's own
  column, never in response times.
- Expired ("black hole"): cancelled by joinedup because nobody answered in time.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from joinedup.directory.models import Attribute, Organization, Sector, Service
from joinedup.insights.periods import Filters, Period
from joinedup.insights.tables import TOTAL, Column, Table
from joinedup.partnerships.models import Partnership, PartnershipMember
from joinedup.referrals.models import LOGGED_INTAKE_MODES, Outcome, Referral, ReferralEvent, Status
from joinedup.referrals.transitions import reason_label

NOT_COUNTED = (Status.DRAFT, Status.ENTERED_IN_ERROR)
NO_RESPONSE = "no_response"
NOT_CATEGORISED = "Not categorised"
NO_FILTERS = Filters()


@dataclass(frozen=True)
class Fact:
    """What the board may know of one referral: no person, no words, only the way it went."""

    referrer: Any
    receiver: Any
    service: Any
    logged: bool
    status: str
    outcome: str
    sent_at: datetime.datetime
    answered_at: datetime.datetime | None = None
    accepted: bool = False
    started: bool = False
    expired: bool = False
    decline_reason: str = ""

    @property
    def hours_to_answer(self) -> float | None:
        if self.answered_at is None:
            return None
        return (self.answered_at - self.sent_at).total_seconds() / 3600


# --- what is counted ---------------------------------------------------------------------


def member_ids(partnership: Partnership) -> set[Any]:
    return set(
        PartnershipMember.objects.filter(partnership=partnership).values_list(
            "organization_id", flat=True
        )
    )


def partnership_referrals(
    partnership: Partnership, period: Period, filters: Filters = NO_FILTERS
) -> QuerySet[Referral]:
    """The referrals a partnership's board counts for a period, narrowed by the filters."""
    members = member_ids(partnership)
    start, end = period.bounds()
    qs = Referral.objects.exclude(status__in=NOT_COUNTED).filter(
        Q(referring_organization_id__in=members) | Q(receiving_organization_id__in=members),
        requested_at__gte=start,
        requested_at__lt=end,
    )
    if filters.sector:
        sectors = sectors_of(partnership, None)
        qs = qs.filter(
            receiving_organization_id__in=[o for o, s in sectors.items() if s == filters.sector]
        )
    if filters.organization:
        qs = qs.filter(
            Q(referring_organization_id=filters.organization)
            | Q(receiving_organization_id=filters.organization)
        )
    if filters.service:
        qs = qs.filter(service_id=filters.service)
    if filters.need:
        qs = qs.filter(service_id__in=Attribute.objects.service_ids_under(filters.need))
    return qs


def referral_facts(referrals: QuerySet[Referral]) -> list[Fact]:
    """The facts of each referral, in one query."""
    events = ReferralEvent.objects.filter(referral=OuterRef("pk")).order_by("sequence")
    first_answer = events.filter(
        from_status=Status.REQUESTED, to_status__in=[Status.ACCEPTED, Status.REJECTED]
    )
    rows = (
        referrals.order_by()
        .annotate(
            answered_at=Subquery(first_answer.values("created_at")[:1]),
            ever_accepted=Exists(events.filter(to_status=Status.ACCEPTED)),
            ever_started=Exists(events.filter(to_status=Status.IN_PROGRESS)),
            expired_flag=Exists(events.filter(to_status=Status.CANCELLED, reason_code=NO_RESPONSE)),
            decline_reason=Subquery(
                events.filter(to_status=Status.REJECTED).values("reason_code")[:1]
            ),
        )
        .values_list(
            "referring_organization_id",
            "receiving_organization_id",
            "service_id",
            "intake_mode",
            "status",
            "outcome",
            "requested_at",
            "answered_at",
            "ever_accepted",
            "ever_started",
            "expired_flag",
            "decline_reason",
        )
    )
    return [
        Fact(
            referrer=r[0],
            receiver=r[1],
            service=r[2],
            logged=r[3] in LOGGED_INTAKE_MODES,
            status=r[4],
            outcome=r[5],
            sent_at=r[6] or r[7] or timezone.now(),  # always set once sent
            answered_at=r[7],
            accepted=bool(r[8]),
            started=bool(r[9]) or r[4] == Status.COMPLETED,
            expired=bool(r[10]),
            decline_reason=r[11] or "",
        )
        for r in rows
    ]


def sectors_of(partnership: Partnership, organization_ids: Iterable[Any] | None) -> dict[Any, str]:
    """Each organisation's sector as the partnership sees it (its override for a member)."""
    qs = Organization.objects.all()
    if organization_ids is not None:
        qs = qs.filter(pk__in=set(organization_ids))
    found = dict(qs.values_list("pk", "sector"))
    overrides = PartnershipMember.objects.filter(partnership=partnership).exclude(
        sector_override=""
    )
    for organization_id, sector in overrides.values_list("organization_id", "sector_override"):
        if organization_id in found or organization_ids is None:
            found[organization_id] = sector
    return found


@dataclass
class Names:
    """Names of what the facts point at, read once."""

    organizations: dict[Any, str]
    services: dict[Any, str]
    service_owner: dict[Any, Any]
    sectors: dict[Any, str]  # organisation -> sector code
    needs: dict[Any, list[str]]  # service -> need category names

    @classmethod
    def of(cls, partnership: Partnership, facts: Sequence[Fact]) -> Names:
        organizations = {f.referrer for f in facts} | {f.receiver for f in facts}
        services = {f.service for f in facts}
        needs: dict[Any, list[str]] = defaultdict(list)
        for service_id, name in (
            Attribute.objects.filter(link_entity="service", link_id__in=services)
            .order_by("taxonomy_term__name")
            .values_list("link_id", "taxonomy_term__name")
        ):
            if name not in needs[service_id]:
                needs[service_id].append(name)
        service_rows = Service.objects.filter(pk__in=services).values_list(
            "pk", "name", "organization_id"
        )
        return cls(
            organizations=dict(
                Organization.objects.filter(pk__in=organizations).values_list("pk", "name")
            ),
            services={pk: name for pk, name, _ in service_rows},
            service_owner={pk: owner for pk, _, owner in service_rows},
            sectors=sectors_of(partnership, organizations),
            needs=dict(needs),
        )

    def sector_label(self, organization: Any) -> str:
        code = self.sectors.get(organization, "")
        return str(Sector(code).label) if code in Sector.values else "Sector not known"


def _ordered(labels: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(labels.items(), key=lambda kv: (kv[1].lower(), kv[0]))


# --- flows -------------------------------------------------------------------------------


def flows(facts: Sequence[Fact], names: Names) -> tuple[Table, Table]:
    """Who refers to whom: organisation to organisation, and sector to sector."""
    pairs = Counter((f.referrer, f.receiver) for f in facts)
    org = Table(
        key="flows-organisations",
        title="Referrals from organisation to organisation",
        row_label="From → to",
        columns=[Column("referrals", "Referrals")],
        rows=_ordered(
            {
                f"{a}>{b}": f"{names.organizations.get(a, '?')} → {names.organizations.get(b, '?')}"
                for a, b in pairs
            }
        ),
        owners={f"{a}>{b}": frozenset({a, b}) for a, b in pairs},
    )
    for (a, b), n in pairs.items():
        org.values[(f"{a}>{b}", "referrals")] = n
    org.with_totals()
    sector_pairs = Counter(
        (names.sectors.get(f.referrer, ""), names.sectors.get(f.receiver, "")) for f in facts
    )
    sector = Table(
        key="flows-sectors",
        title="Referrals from sector to sector",
        row_label="From → to",
        columns=[Column("referrals", "Referrals")],
        rows=_ordered({f"{a}>{b}": f"{_sector(a)} → {_sector(b)}" for a, b in sector_pairs}),
        total_is={"referrals": ("flows-organisations", TOTAL, "referrals")},
    )
    for (a, b), n in sector_pairs.items():
        sector.values[(f"{a}>{b}", "referrals")] = n
        # A sector pair is the sum of its organisation pairs: hide enough of both.
        sector.relations.append(
            (
                ("flows-sectors", f"{a}>{b}", "referrals"),
                [
                    ("flows-organisations", f"{x}>{y}", "referrals")
                    for x, y in pairs
                    if names.sectors.get(x, "") == a and names.sectors.get(y, "") == b
                ],
            )
        )
    sector.with_totals()
    return org, sector


def _sector(code: str) -> str:
    return str(Sector(code).label) if code in Sector.values else "Sector not known"


# --- the loop ----------------------------------------------------------------------------

# Where each sent referral stands now: the columns add up to "sent".
LOOP_COLUMNS = [
    Column("sent", "Sent"),
    Column("logged", "Logged only (phone or signposting)"),
    Column("waiting", "Waiting for an answer"),
    Column("expired", "Expired without an answer"),
    Column("cancelled_unanswered", "Cancelled before an answer"),
    Column("declined", "Declined"),
    Column("working", "Accepted, being worked"),
    Column("completed_got_help", "Completed: got help"),
    Column("completed_other", "Completed: other outcome"),
    Column("failed", "Could not be completed"),
    Column("cancelled_answered", "Cancelled after acceptance"),
]
BLACK_HOLE = Column(
    "black_hole",
    "Expired without an answer (% of answerable)",
    "percent",
    ("expired", "answerable"),
)


def loop_column(fact: Fact) -> str:
    """The one column of the loop a referral is counted in."""
    if fact.logged:
        return "logged"
    status = fact.status
    if status == Status.REQUESTED:
        return "waiting"
    if status == Status.REJECTED:
        return "declined"
    if status == Status.COMPLETED:
        return "completed_got_help" if fact.outcome == Outcome.GOT_HELP else "completed_other"
    if status == Status.FAILED:
        return "failed"
    if status == Status.CANCELLED:
        if fact.expired:
            return "expired"
        return "cancelled_answered" if fact.answered_at else "cancelled_unanswered"
    return "working"  # accepted, in progress, on hold


def _loop_table(key: str, title: str, row_label: str, rows: dict[str, str]) -> Table:
    return Table(
        key=key,
        title=title,
        row_label=row_label,
        columns=[*LOOP_COLUMNS, Column("answerable", "Answerable here"), BLACK_HOLE],
        rows=_ordered(rows),
        total_column="sent",
    )


def _fill_loop(table: Table, row_of: dict[Any, str], facts: Sequence[Fact], by: str) -> None:
    for fact in facts:
        row = row_of[getattr(fact, by)]
        column = loop_column(fact)
        table.values[(row, column)] = table.value(row, column) + 1
        table.values[(row, "sent")] = table.value(row, "sent") + 1
        if not fact.logged:
            table.values[(row, "answerable")] = table.value(row, "answerable") + 1
    table.with_totals()


def loop(facts: Sequence[Fact], names: Names) -> tuple[Table, Table, Table, Table]:
    """The closed loop: a funnel, where every referral stands by receiving organisation and
    by service (with the "black hole" rate), and declines by reason."""
    by_org = _loop_table(
        "loop-organisations",
        "Where referrals stand, by receiving organisation",
        "Receiving organisation",
        {str(f.receiver): names.organizations.get(f.receiver, "?") for f in facts},
    )
    by_org.owners = {str(f.receiver): frozenset({f.receiver}) for f in facts}
    _fill_loop(by_org, {f.receiver: str(f.receiver) for f in facts}, facts, "receiver")
    by_service = _loop_table(
        "loop-services",
        "Where referrals stand, by service",
        "Service",
        {
            str(f.service): f"{names.services.get(f.service, '?')} "
            f"({names.organizations.get(f.receiver, '?')})"
            for f in facts
        },
    )
    by_service.owners = {str(f.service): frozenset({f.receiver}) for f in facts}
    _fill_loop(by_service, {f.service: str(f.service) for f in facts}, facts, "service")
    # The "answerable" column is sent minus logged, and an organisation's row is the sum of
    # its services' rows: both are relations the rule must see.
    for table in (by_org, by_service):
        for row in [r for r, _ in table.rows] + [TOTAL]:
            table.relations.append(
                (
                    (table.key, row, "sent"),
                    [(table.key, row, "answerable"), (table.key, row, "logged")],
                )
            )
    # What an organisation received is also the sum of the flows into it.
    senders_of: dict[Any, set[Any]] = defaultdict(set)
    for fact in facts:
        senders_of[fact.receiver].add(fact.referrer)
    for receiver, senders in senders_of.items():
        by_org.relations.append(
            (
                ("loop-organisations", str(receiver), "sent"),
                [
                    ("flows-organisations", f"{a}>{receiver}", "referrals")
                    for a in sorted(senders, key=str)
                ],
            )
        )
    services_of: dict[Any, set[str]] = defaultdict(set)
    for fact in facts:
        services_of[fact.receiver].add(str(fact.service))
    for receiver, services in services_of.items():
        for column in [c.key for c in LOOP_COLUMNS] + ["answerable"]:
            by_service.relations.append(
                (
                    ("loop-organisations", str(receiver), column),
                    [("loop-services", s, column) for s in sorted(services)],
                )
            )
    return funnel(facts), by_org, by_service, declines(facts)


def funnel(facts: Sequence[Fact]) -> Table:
    """Sent (answerable) → accepted → work started → completed → completed with "got help".
    Each stage is reached by some of the one before; the drop-outs between stages are never
    shown but are worked out by subtraction, so they are protected too (`hidden_parts`)."""
    answerable = [f for f in facts if not f.logged]
    stages = {
        "sent": len(answerable),
        "accepted": sum(f.accepted for f in answerable),
        "started": sum(f.accepted and f.started for f in answerable),
        "completed": sum(f.status == Status.COMPLETED for f in answerable),
        "got_help": sum(
            f.status == Status.COMPLETED and f.outcome == Outcome.GOT_HELP for f in answerable
        ),
    }
    labels = {
        "sent": "Sent to a service that answers here",
        "accepted": "Accepted",
        "started": "Work started (in progress or completed)",
        "completed": "Completed",
        "got_help": "Completed: got help",
    }
    table = Table(
        key="loop-funnel",
        title="The loop: from sent to got help",
        row_label="Stage",
        columns=[Column("referrals", "Referrals")],
        rows=list(labels.items()),
        total_row=False,
    )
    order = list(stages)
    for stage, n in stages.items():
        table.values[(stage, "referrals")] = n
    # Every later stage subtracted from every earlier one is a count someone could work out.
    for i, earlier in enumerate(order):
        for later in order[i + 1 :]:
            gap = f"{earlier}-{later}"
            table.hidden_parts[(gap, "referrals")] = stages[earlier] - stages[later]
            table.relations.append(
                (
                    ("loop-funnel", earlier, "referrals"),
                    [("loop-funnel", later, "referrals"), ("loop-funnel", gap, "referrals")],
                )
            )
    # The funnel's ends are cells of the loop table too.
    table.relations.append(
        (("loop-funnel", "sent", "referrals"), [("loop-organisations", TOTAL, "answerable")])
    )
    table.relations.append(
        (("loop-organisations", TOTAL, "answerable"), [("loop-funnel", "sent", "referrals")])
    )
    table.relations.append(
        (
            ("loop-funnel", "got_help", "referrals"),
            [("loop-organisations", TOTAL, "completed_got_help")],
        )
    )
    table.relations.append(
        (
            ("loop-organisations", TOTAL, "completed_got_help"),
            [("loop-funnel", "got_help", "referrals")],
        )
    )
    return table


def declines(facts: Sequence[Fact]) -> Table:
    """Declined referrals by the reason the service gave."""
    reasons = Counter(f.decline_reason or "other" for f in facts if f.status == Status.REJECTED)
    table = Table(
        key="loop-declines",
        title="Declined, by reason",
        row_label="Reason",
        columns=[Column("referrals", "Referrals")],
        rows=[
            (code, reason_label(code)) for code, _ in sorted(reasons.items(), key=lambda kv: -kv[1])
        ],
        total_is={"referrals": ("loop-organisations", TOTAL, "declined")},
    )
    for code, n in reasons.items():
        table.values[(code, "referrals")] = n
    table.with_totals()
    return table


# --- response times ----------------------------------------------------------------------


def median(values: Sequence[float]) -> float | None:
    """The middle value; with an even count, the mean of the two middle values."""
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], p: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least p% of the values at or
    below it (rank ceil(p/100 * n) in the sorted values, from 1). It is always one of the
    values, so a board member can find it in a sorted list: of 1..10 hours the 90th is 9."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


RESPONSE_COLUMNS = [
    Column("answerable", "Sent to a service that answers here"),
    Column("answered", "Answered"),
    Column("within", "Answered within the response period"),
    Column("median", "Median days to first answer", "days", ("answered",)),
    Column("p90", "90th percentile days", "days", ("answered",)),
    Column(
        "share_within", "% answered within the response period", "percent", ("within", "answerable")
    ),
]


def _fill_response(table: Table, row: str, facts: Sequence[Fact], period_days: int) -> None:
    hours = [h for f in facts if (h := f.hours_to_answer) is not None]
    table.values[(row, "answerable")] = len(facts)
    table.values[(row, "answered")] = len(hours)
    table.values[(row, "within")] = sum(h <= period_days * 24 for h in hours)
    table.hidden_parts[(row, "unanswered")] = len(facts) - len(hours)
    table.hidden_parts[(row, "late")] = len(hours) - sum(h <= period_days * 24 for h in hours)
    if hours:
        table.values[(row, "median")] = (median(hours) or 0) / 24
        table.values[(row, "p90")] = (percentile(hours, 90) or 0) / 24


def response_times(
    facts: Sequence[Fact], names: Names, *, period: Period, response_days: int
) -> tuple[Table, Table]:
    """Time to first answer by receiving organisation, and its trend by week or month."""
    answerable = [f for f in facts if not f.logged]
    groups: dict[Any, list[Fact]] = defaultdict(list)
    for fact in answerable:
        groups[fact.receiver].append(fact)
    by_org = Table(
        key="response-organisations",
        title="Time to first answer, by receiving organisation",
        caption=f"The partnership's response period is {response_days} days.",
        row_label="Receiving organisation",
        columns=list(RESPONSE_COLUMNS),
        rows=_ordered({str(o): names.organizations.get(o, "?") for o in groups}),
        owners={str(o): frozenset({o}) for o in groups},
        total_is={"answerable": ("loop-organisations", TOTAL, "answerable")},
    )
    for organization, members in groups.items():
        _fill_response(by_org, str(organization), members, response_days)
    by_org.with_totals()
    _fill_response(by_org, TOTAL, answerable, response_days)
    for row in [str(o) for o in groups] + [TOTAL]:
        loop_row = row
        by_org.relations += [
            (
                ("response-organisations", row, "answerable"),
                [
                    ("response-organisations", row, "answered"),
                    ("response-organisations", row, "unanswered"),
                ],
            ),
            (
                ("response-organisations", row, "answered"),
                [
                    ("response-organisations", row, "within"),
                    ("response-organisations", row, "late"),
                ],
            ),
            (
                ("loop-organisations", loop_row, "answerable"),
                [("response-organisations", row, "answerable")],
            ),
            (
                ("response-organisations", row, "answerable"),
                [("loop-organisations", loop_row, "answerable")],
            ),
            (
                ("response-organisations", row, "unanswered"),
                [
                    ("loop-organisations", loop_row, c)
                    for c in ("waiting", "expired", "cancelled_unanswered")
                ],
            ),
        ]
    trend = _trend(answerable, period, response_days)
    return by_org, trend


def bucket_of(day: datetime.date, by_week: bool) -> datetime.date:
    """The Monday of the day's week, or the first of its month."""
    if by_week:
        return day - datetime.timedelta(days=day.weekday())
    return day.replace(day=1)


def _trend(facts: Sequence[Fact], period: Period, response_days: int) -> Table:
    by_week = period.by_week
    zone = timezone.get_current_timezone()
    buckets: dict[datetime.date, list[Fact]] = defaultdict(list)
    first = bucket_of(period.start, by_week)
    day = first
    while day < period.end:
        buckets[day] = []
        day = (
            day + datetime.timedelta(days=7)
            if by_week
            else (day + datetime.timedelta(days=32)).replace(day=1)
        )
    for fact in facts:
        buckets[bucket_of(fact.sent_at.astimezone(zone).date(), by_week)].append(fact)
    table = Table(
        key="response-trend",
        title="Time to first answer, week by week" if by_week else "Time to first answer, by month",
        row_label="Week beginning" if by_week else "Month",
        columns=list(RESPONSE_COLUMNS),
        rows=[
            (b.isoformat(), f"{b.day} {b:%b %Y}" if by_week else f"{b:%B %Y}")
            for b in sorted(buckets)
        ],
        total_is={
            "answerable": ("response-organisations", TOTAL, "answerable"),
            "answered": ("response-organisations", TOTAL, "answered"),
            "within": ("response-organisations", TOTAL, "within"),
        },
    )
    for bucket, members in buckets.items():
        _fill_response(table, bucket.isoformat(), members, response_days)
        row = bucket.isoformat()
        table.relations += [
            (
                ("response-trend", row, "answerable"),
                [("response-trend", row, "answered"), ("response-trend", row, "unanswered")],
            ),
            (
                ("response-trend", row, "answered"),
                [("response-trend", row, "within"), ("response-trend", row, "late")],
            ),
        ]
    table.with_totals()
    return table


# --- outcomes ----------------------------------------------------------------------------

OUTCOME_COLUMNS = [
    Column("recorded", "Outcomes recorded"),
    *(Column(o.value, str(o.label)) for o in Outcome),
    Column("got_help_share", "% got help", "percent", (Outcome.GOT_HELP.value, "recorded")),
]


def _outcome_table(
    key: str, title: str, row_label: str, rows: dict[str, str], total_row: bool = True
) -> Table:
    return Table(
        key=key,
        title=title,
        row_label=row_label,
        columns=list(OUTCOME_COLUMNS),
        rows=_ordered(rows),
        total_column="recorded",
        total_row=total_row,
    )


def _count_outcome(table: Table, row: str, outcome: str) -> None:
    table.values[(row, outcome)] = table.value(row, outcome) + 1
    table.values[(row, "recorded")] = table.value(row, "recorded") + 1


def outcomes(facts: Sequence[Fact], names: Names) -> tuple[Table, Table, Table]:
    """What happened for people, by service, by the receiver's sector and by need category.
    Only referrals with an outcome recorded count. A service filed under several need
    categories counts in each, so the need table has no total."""
    recorded = [f for f in facts if f.outcome]
    by_service = _outcome_table(
        "outcomes-services",
        "Outcomes by service",
        "Service",
        {
            str(
                f.service
            ): f"{names.services.get(f.service, '?')} ({names.organizations.get(f.receiver, '?')})"
            for f in recorded
        },
    )
    by_service.owners = {str(f.service): frozenset({f.receiver}) for f in recorded}
    by_sector = _outcome_table(
        "outcomes-sectors",
        "Outcomes by the receiving organisation's sector",
        "Sector",
        {names.sectors.get(f.receiver, ""): names.sector_label(f.receiver) for f in recorded},
    )
    needs: dict[str, str] = {}
    for fact in recorded:
        for need in names.needs.get(fact.service) or [NOT_CATEGORISED]:
            needs[need] = need
    by_need = _outcome_table(
        "outcomes-needs", "Outcomes by need category", "Need category", needs, total_row=False
    )
    services_in: dict[str, set[str]] = defaultdict(set)
    for fact in recorded:
        _count_outcome(by_service, str(fact.service), fact.outcome)
        sector = names.sectors.get(fact.receiver, "")
        _count_outcome(by_sector, sector, fact.outcome)
        services_in[sector].add(str(fact.service))
        for need in names.needs.get(fact.service) or [NOT_CATEGORISED]:
            _count_outcome(by_need, need, fact.outcome)
    by_service.with_totals()
    by_sector.with_totals()
    by_sector.total_is = {
        c.key: ("outcomes-services", TOTAL, c.key) for c in OUTCOME_COLUMNS if c.kind == "count"
    }
    # A sector's row is the sum of its services' rows.
    for sector, services in services_in.items():
        for column in [c.key for c in OUTCOME_COLUMNS if c.kind == "count"]:
            by_sector.relations.append(
                (
                    ("outcomes-sectors", sector, column),
                    [("outcomes-services", s, column) for s in sorted(services)],
                )
            )
    return by_service, by_sector, by_need


# --- the dashboard -----------------------------------------------------------------------


@dataclass
class Figures:
    """Everything a board dashboard shows for one partnership, period and filters (raw)."""

    period: Period
    previous: Period
    tables: list[Table]
    response_days: int

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def response_days_of(partnership: Partnership) -> int:
    """The partnership's response period: an unanswered referral lapses after it."""
    return max(1, int(partnership.referral_expiry_days))


SUMMARY_COLUMNS = [
    Column("sent", "Referrals sent"),
    Column("answerable", "Sent to a service that answers here"),
    Column("answered", "Answered"),
    Column("within", "Answered within the response period"),
    Column("expired", "Expired without an answer"),
    Column("got_help", "Completed: got help"),
    Column("median", "Median days to first answer", "days", ("answered",)),
    Column("p90", "90th percentile days to first answer", "days", ("answered",)),
    Column(
        "share_within", "% answered within the response period", "percent", ("within", "answerable")
    ),
    Column(
        "black_hole",
        "Expired without an answer (% of answerable)",
        "percent",
        ("expired", "answerable"),
    ),
]


def summary(facts: Sequence[Fact], key: str, title: str, response_days: int) -> Table:
    """The period's headline figures as a one-row table, suppressed like any other."""
    answerable = [f for f in facts if not f.logged]
    table = Table(
        key=key,
        title=title,
        row_label="Period",
        columns=list(SUMMARY_COLUMNS),
        rows=[("period", title)],
        total_row=False,
    )
    _fill_response(table, "period", answerable, response_days)
    table.values[("period", "sent")] = len(facts)
    table.values[("period", "expired")] = sum(f.expired for f in answerable)
    table.values[("period", "got_help")] = sum(
        f.status == Status.COMPLETED and f.outcome == Outcome.GOT_HELP for f in answerable
    )
    for column, (other, row, other_column) in {
        "sent": ("loop-organisations", TOTAL, "sent"),
        "answerable": ("loop-organisations", TOTAL, "answerable"),
        "expired": ("loop-organisations", TOTAL, "expired"),
        "got_help": ("loop-organisations", TOTAL, "completed_got_help"),
        "answered": ("response-organisations", TOTAL, "answered"),
        "within": ("response-organisations", TOTAL, "within"),
    }.items():
        if key == "summary":  # the same figures as the tables' totals: hide one, hide both
            table.relations.append(((key, "period", column), [(other, row, other_column)]))
            table.relations.append(((other, row, other_column), [(key, "period", column)]))
    table.relations += [
        (
            (key, "period", "answerable"),
            [(key, "period", "answered"), (key, "period", "unanswered")],
        ),
        ((key, "period", "answered"), [(key, "period", "within"), (key, "period", "late")]),
    ]
    return table


def compute(partnership: Partnership, period: Period, filters: Filters = NO_FILTERS) -> Figures:
    """Every figure of the board dashboard (before suppression)."""
    days = response_days_of(partnership)
    facts = referral_facts(partnership_referrals(partnership, period, filters))
    previous = period.previous()
    before = referral_facts(partnership_referrals(partnership, previous, filters))
    names = Names.of(partnership, facts)
    org_flows, sector_flows = flows(facts, names)
    funnel_table, loop_org, loop_service, decline_table = loop(facts, names)
    response_org, trend = response_times(facts, names, period=period, response_days=days)
    out_service, out_sector, out_need = outcomes(facts, names)
    summary_now = summary(facts, "summary", period.label, days)
    summary_before = summary(before, "summary-previous", previous.label, days)
    return Figures(
        period=period,
        previous=previous,
        tables=[
            summary_now,
            summary_before,
            org_flows,
            sector_flows,
            funnel_table,
            loop_org,
            loop_service,
            decline_table,
            response_org,
            trend,
            out_service,
            out_sector,
            out_need,
        ],
        response_days=days,
    )
