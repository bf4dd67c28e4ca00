"""Unmet need for a partnership board (issue 15, item 2): where people look for help and find
little, where services turn people away, and which services have waiting lists.

Every figure is a plain function over rows a test can write by hand; the reads that feed them
are QuerySets of the other apps. Search counts are anonymous already (day, theme, postcode
district, band: see `joinedup.search.unmet`) and are the whole place's: a search belongs to no
partnership. Small counts are still suppressed, so a figure of 3 never shows here either.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from joinedup.core.models import AuditEvent
from joinedup.directory.models import Attribute, CapacityStatus, Service, TaxonomyTerm
from joinedup.insights.place_periods import Period
from joinedup.insights.small_numbers import shown, suppress
from joinedup.partnerships.models import Partnership
from joinedup.referrals.models import Referral, ReferralEvent, Status
from joinedup.search.unmet import UNMET_BANDS, unmet_needs

# The decline reasons that say the need was real but went unmet here.
UNMET_DECLINES = {"no_capacity": "No capacity", "not_eligible": "Not eligible"}
NO_AREA = "Not given"


@dataclass(frozen=True)
class RateRow:
    """One theme or area: all searches, those that found nothing or few, and the rate (%)."""

    key: str
    searches: int | None
    unmet: int | None

    @property
    def rate(self) -> float | None:
        if self.searches is None or self.unmet is None or not self.searches:
            return None
        return round(100 * self.unmet / self.searches, 1)


@dataclass(frozen=True)
class RateTable:
    rows: list[RateRow]
    searches: int | None
    unmet: int | None

    @property
    def rate(self) -> float | None:
        return RateRow("", self.searches, self.unmet).rate


def search_rates(counts: Iterable[tuple[str, str, int]], threshold: int) -> RateTable:
    """Rows of (key, band, count) folded into each key's searches, unmet searches and rate,
    highest rate first. Both columns are suppressed as counts; a rate is only shown when both
    of its counts are."""
    searches: dict[str, int] = defaultdict(int)
    unmet: dict[str, int] = defaultdict(int)
    for key, band, count in counts:
        searches[key or NO_AREA] += count
        unmet[key or NO_AREA] += count if band in UNMET_BANDS else 0
    all_shown = suppress(searches, threshold)
    unmet_shown = suppress(unmet, threshold)
    rows = [RateRow(key, all_shown[key], unmet_shown[key]) for key in searches]
    rows.sort(key=lambda r: (-(r.rate if r.rate is not None else -1), r.key))
    return RateTable(
        rows, shown(sum(searches.values()), threshold), shown(sum(unmet.values()), threshold)
    )


def searches_by(field: str, period: Period) -> list[tuple[str, str, int]]:
    """(theme or area, band, searches) in the period, from the anonymous search counts."""
    rows = (
        unmet_needs()
        .between(period.start, period.end)
        .values(field, "band")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return [(row[field], row["band"], int(row["n"])) for row in rows]


def member_organisation_ids(partnership: Partnership) -> QuerySet[Any, Any]:
    return partnership.members.values("organization_id")


def partnership_referrals(partnership: Partnership) -> QuerySet[Referral]:
    """Referrals received by the partnership's member organisations (drafts and mistakes aside)."""
    return Referral.objects.filter(
        receiving_organization_id__in=member_organisation_ids(partnership),
        requested_at__isnull=False,
    ).exclude(status=Status.ENTERED_IN_ERROR)


@dataclass(frozen=True)
class DeclineRow:
    service: str
    counts: dict[str, int | None]  # by reason code


def decline_table(
    rows: Iterable[tuple[str, str, int]], threshold: int
) -> tuple[list[DeclineRow], dict[str, int | None]]:
    """(service, reason, declines) into a row per service, those that turned away the most
    first, and the total per reason.

    Each reason's column is suppressed as one table, beside its total. A service has no total
    of its own: its total less a shown reason would give away a hidden one."""
    cells: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(UNMET_DECLINES, 0))
    for service, reason, n in rows:
        cells[service][reason] += n
    columns = {
        reason: suppress({s: c[reason] for s, c in cells.items()}, threshold)
        for reason in UNMET_DECLINES
    }
    table = [DeclineRow(s, {r: columns[r][s] for r in UNMET_DECLINES}) for s in cells]
    # The most turned away first, by the counts shown only (a hidden cell counts as nothing),
    # so a service's place in the order gives away nothing the table hides; ties by name.
    table.sort(key=lambda row: (-sum(n or 0 for n in row.counts.values()), row.service))
    by_reason = {r: shown(sum(c[r] for c in cells.values()), threshold) for r in UNMET_DECLINES}
    return table, by_reason


def declines_in(partnership: Partnership, period: Period) -> list[tuple[str, str, int]]:
    """(service, reason, count) of referrals declined or failed for no capacity or not eligible."""
    start, end = period.bounds()
    rows = (
        ReferralEvent.objects.filter(
            referral__in=partnership_referrals(partnership),
            to_status__in=[Status.REJECTED, Status.FAILED],
            reason_code__in=list(UNMET_DECLINES),
            created_at__gte=start,
            created_at__lt=end,
        )
        .values("referral__service__name", "reason_code")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(r["referral__service__name"], r["reason_code"], int(r["n"])) for r in rows]


@dataclass(frozen=True)
class WaitingPoint:
    day: datetime.date
    by_category: dict[str, int]


def month_ends(period: Period) -> list[datetime.date]:
    """The last day of each month in the period (the period's own end for a part month)."""
    days: list[datetime.date] = []
    day = period.start
    while day <= period.end:
        following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        days.append(min(following - datetime.timedelta(days=1), period.end))
        day = following
    return days


def status_on(
    day_end: datetime.datetime, changes: Sequence[tuple[datetime.datetime, str, str]], now: str
) -> str:
    """A service's capacity status at a moment, from its changes (time, before, after) in time
    order: the last change's "after" before the moment, else the first later change's "before",
    else the status it has now (never changed)."""
    status = changes[0][1] if changes else now
    for when, _before, after in changes:
        if when >= day_end:
            break
        status = after
    return status


def waiting_lists_over_time(
    services: dict[Any, tuple[str, list[str]]],
    changes: dict[Any, list[tuple[datetime.datetime, str, str]]],
    days: Sequence[datetime.date],
) -> list[WaitingPoint]:
    """Services on a waiting list at the end of each day, by category. `services` maps an id to
    (status now, category names); `changes` maps it to its capacity changes in time order."""
    tz = timezone.get_current_timezone()
    points = []
    for day in days:
        moment = datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        counts: dict[str, int] = defaultdict(int)
        for service_id, (now, categories) in services.items():
            if status_on(moment, changes.get(service_id, []), now) == CapacityStatus.WAITING_LIST:
                for category in categories or ["Not categorised"]:
                    counts[category] += 1
        points.append(WaitingPoint(day, dict(sorted(counts.items()))))
    return points


def waiting_lists_in(partnership: Partnership, period: Period) -> list[WaitingPoint]:
    """Member organisations' services on waiting lists at each month end of the period.

    Capacity is public (the directory shows it), so these counts of services are not
    suppressed: they count services, not people."""
    services = Service.objects.filter(organization_id__in=member_organisation_ids(partnership))
    now = dict(services.values_list("id", "capacity_status"))
    categories: dict[Any, list[str]] = defaultdict(list)
    links = list(
        Attribute.objects.filter(link_entity="service", link_id__in=list(now)).values_list(
            "link_id", "taxonomy_term_id"
        )
    )
    terms = dict(
        TaxonomyTerm.objects.filter(pk__in={t for _, t in links}).values_list("id", "name")
    )
    for link_id, term_id in links:
        if term_id in terms:
            categories[link_id].append(terms[term_id])
    changes: dict[Any, list[tuple[datetime.datetime, str, str]]] = defaultdict(list)
    events = AuditEvent.objects.filter(
        action="service.capacity_changed",
        target_id__in=[str(pk) for pk in now],
    ).order_by("created_at")
    for target_id, when, details in events.values_list("target_id", "created_at", "details"):
        before = (details.get("before") or {}).get("status", "")
        after = (details.get("after") or {}).get("status", "")
        changes[target_id].append((when, before, after))
    by_id = {str(pk): (status, sorted(categories[pk])) for pk, status in now.items()}
    return waiting_lists_over_time(by_id, changes, month_ends(period))
