"""Referrals by area (issue 15, item 2): the postcode district of the person referred, as a
table, a map and beside any indicator the partnership imported, so equity is visible.

A person's postcode is kept whole while their referral is live and cut to its district when
their details are erased (`referrals.services.governance`): either way the district is what
is counted here, and nothing finer. Counts are suppressed with the health checks' rule.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Count

from joinedup.core import postcodes
from joinedup.insights.models import AreaValue, Indicator, Stop
from joinedup.insights.place_periods import Period
from joinedup.insights.small_numbers import shown, suppress
from joinedup.insights.unmet import NO_AREA, partnership_referrals
from joinedup.partnerships.models import Partnership


def district_of(postcode: str) -> str:
    """The postcode district ("BS5") of a stored postcode, or NO_AREA."""
    try:
        return postcodes.outcode(postcode) if postcode.strip() else NO_AREA
    except postcodes.PostcodeError:
        return NO_AREA


def fold_by_district(rows: Iterable[tuple[str, int]]) -> dict[str, int]:
    """(postcode, count) rows into counts per district."""
    counts: dict[str, int] = defaultdict(int)
    for postcode, n in rows:
        counts[district_of(postcode)] += n
    return dict(counts)


def referrals_by_district(partnership: Partnership, period: Period) -> dict[str, int]:
    """Referrals sent in the period to member organisations, by the person's district."""
    start, end = period.bounds()
    rows = (
        partnership_referrals(partnership)
        .filter(requested_at__gte=start, requested_at__lt=end)
        .values("person__postcode")
        .annotate(n=Count("id"))
        .order_by()
    )
    return fold_by_district((r["person__postcode"], int(r["n"])) for r in rows)


@dataclass(frozen=True)
class AreaRow:
    district: str
    place: str  # the district's towns or areas, from the shipped table
    referrals: int | None
    previous: int | None


@dataclass(frozen=True)
class AreaTable:
    rows: list[AreaRow]
    total: int | None
    previous_total: int | None

    @property
    def hidden(self) -> set[str]:
        """Districts whose count in the period is not shown: every other table that counts
        them (a band of an indicator, a line's stops) must hide them too."""
        return {r.district for r in self.rows if r.referrals is None}

    def shown(self, district: str) -> int | None:
        """A district's count as this table shows it (0 for a district with no referrals)."""
        return next((r.referrals for r in self.rows if r.district == district), 0)


def area_table(now: Mapping[str, int], before: Mapping[str, int], threshold: int) -> AreaTable:
    """Districts with their referrals in the period and the one before, most first; each
    column suppressed as its own table."""
    keys = set(now) | set(before)
    now_shown = suppress({k: now.get(k, 0) for k in keys}, threshold)
    before_shown = suppress({k: before.get(k, 0) for k in keys}, threshold)
    known = postcodes.districts()
    rows = [
        AreaRow(k, known[k].area if k in known else "", now_shown[k], before_shown[k]) for k in keys
    ]
    rows.sort(key=lambda r: (-(r.referrals or 0), r.district))
    return AreaTable(
        rows, shown(sum(now.values()), threshold), shown(sum(before.values()), threshold)
    )


def districts_of_areas(partnership: Partnership) -> dict[str, str]:
    """Each area code the partnership uses, with the postcode district it counts referrals in:
    a code that is a district itself, or a line's stop that ties the two together."""
    mapping = {
        code: district
        for code, district in Stop.objects.filter(line__partnership=partnership)
        .exclude(district="")
        .values_list("area_code", "district")
    }
    return mapping


def district_for(area_code: str, stops: Mapping[str, str]) -> str | None:
    if area_code in postcodes.districts():
        return area_code
    return stops.get(area_code)


def latest_values(indicator: Indicator, sex: str | None = None) -> dict[str, float]:
    """Each area's value in the indicator's latest period (for one sex, or the first sex listed:
    "Persons" before the others when there is one)."""
    values = AreaValue.objects.filter(indicator=indicator)
    latest = values.order_by("-period_sort").values_list("period", flat=True).first()
    if latest is None:
        return {}
    rows = values.filter(period=latest)
    sexes = sorted(set(rows.values_list("sex", flat=True)), key=lambda s: (s != "Persons", s))
    chosen = sex if sex is not None else (sexes[0] if sexes else "")
    return dict(rows.filter(sex=chosen).values_list("area_code", "value"))


@dataclass(frozen=True)
class EquityRow:
    label: str  # an indicator value ("Decile 1") or a district
    districts: list[str]
    referrals: int | None


def is_banded(values: Iterable[float]) -> bool:
    """Whole numbers with few distinct values: a decile, a quintile, a rank band."""
    found = list(values)
    return bool(found) and all(v == int(v) for v in found) and len(set(found)) <= 20


def equity_table(
    values: Mapping[str, float],
    referrals: Mapping[str, int],
    stops: Mapping[str, str],
    threshold: int,
    hidden: Iterable[str] = (),
) -> list[EquityRow]:
    """Referrals by the indicator's value: one row per band for a banded indicator (decile 1,
    the most deprived, first), otherwise one row per district in the indicator's order.

    `hidden` are the districts the district table hides: a band holding one is hidden too (or
    the band less the shown districts in it would give it away), and a district row shows
    exactly what the district table shows."""
    hidden = set(hidden)
    by_district: dict[str, float] = {}
    for code, value in values.items():
        district = district_for(code, stops)
        if district is not None:
            by_district.setdefault(district, value)
    if not by_district:
        return []
    if is_banded(by_district.values()):
        groups: dict[float, list[str]] = defaultdict(list)
        for district, value in by_district.items():
            groups[value].append(district)
        counts = {v: sum(referrals.get(d, 0) for d in ds) for v, ds in groups.items()}
        holding = [v for v, ds in groups.items() if hidden.intersection(ds)]
        shown_bands = suppress(counts, threshold, hidden_already=holding)
        return [EquityRow(f"{int(v)}", sorted(groups[v]), shown_bands[v]) for v in sorted(groups)]
    ordered = sorted(by_district, key=lambda d: (by_district[d], d))
    return [
        EquityRow(f"{by_district[d]:g}", [d], None if d in hidden else referrals.get(d, 0))
        for d in ordered
    ]
