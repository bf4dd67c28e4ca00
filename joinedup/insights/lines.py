"""A partnership's lines (issue 15, item 5): saving one, and reading an indicator along it.

A line is a row of stops (a metro line, a bus route, a row of neighbourhoods), each tied to the
area code its indicator values are published for and to the postcode district its referrals
and searches are counted in. Read along the line, the figures show the place's inequality the
way Newcastle's life-expectancy chart along the Metro did.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from joinedup.core import audit, postcodes
from joinedup.core.models import User
from joinedup.insights.indicators import is_known_area
from joinedup.insights.models import AreaValue, Indicator, Line, Stop
from joinedup.partnerships.models import Partnership


@dataclass(frozen=True)
class StopData:
    name: str
    area_code: str
    district: str = ""


def clean_stop(stop: StopData, number: int) -> StopData:
    """A stop as it will be kept, or ValidationError naming the stop (by its number)."""
    name = stop.name.strip()
    code = stop.area_code.strip().upper()
    district = stop.district.strip().upper()
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = f"Stop {number}: enter the stop's name"
    if not code:
        problems["area_code"] = f"Stop {number}: enter the area code"
    elif not is_known_area(code):
        problems["area_code"] = (
            f"Stop {number}: “{code}” is not an area code we know: use an ONS code such as "
            "E02001234 or a postcode district such as NE1"
        )
    if district and district not in postcodes.districts():
        problems["district"] = f"Stop {number}: “{district}” is not a postcode district we know"
    if problems:
        raise ValidationError(problems)
    # A stop whose area is a postcode district counts its referrals there.
    if not district and code in postcodes.districts():
        district = code
    return StopData(name[:200], code, district)


def save_line(
    *,
    actor: User,
    partnership: Partnership,
    name: str,
    stops: Sequence[StopData],
    description: str = "",
    line: Line | None = None,
) -> Line:
    """Create a line, or replace an existing line's name, description and stops (in order)."""
    if not partnership.is_managed_by(actor):
        raise PermissionDenied
    if line is not None and line.partnership_id != partnership.pk:
        raise PermissionDenied
    problems: list[str] = []
    if not name.strip():
        problems.append("Enter the name of the line")
    cleaned: list[StopData] = []
    for number, stop in enumerate(stops, start=1):
        try:
            cleaned.append(clean_stop(stop, number))
        except ValidationError as error:
            problems.extend(error.messages)
    if not stops:
        problems.append("Add at least one stop")
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        if line is None:
            line = Line.objects.create(
                partnership=partnership, name=name.strip()[:200], description=description.strip()
            )
            action = "line.created"
        else:
            line.name, line.description = name.strip()[:200], description.strip()
            line.save(update_fields=["name", "description"])
            line.stops.all().delete()
            action = "line.changed"
        Stop.objects.bulk_create(
            Stop(line=line, position=n, name=s.name, area_code=s.area_code, district=s.district)
            for n, s in enumerate(cleaned, start=1)
        )
        audit.record(
            action,
            actor=actor,
            target=line,
            details={"partnership": partnership.pk, "name": line.name, "stops": len(cleaned)},
        )
    return line


def delete_line(*, actor: User, line: Line) -> None:
    """Remove a line and its stops (the indicator values stay: they belong to the areas)."""
    if not line.partnership.is_managed_by(actor):
        raise PermissionDenied
    with transaction.atomic():
        audit.record("line.deleted", actor=actor, target=line, details={"name": line.name})
        line.delete()


@dataclass(frozen=True)
class Series:
    """One line on the chart: a sex (or age) of the indicator, a value per stop (None: no data)."""

    label: str
    values: list[float | None]


@dataclass(frozen=True)
class AlongLine:
    indicator: Indicator
    period: str
    stops: list[Stop]
    series: list[Series]

    @property
    def has_data(self) -> bool:
        return any(v is not None for s in self.series for v in s.values)


SEX_ORDER = {"Female": 0, "Male": 1, "Persons": 2, "": 3}


def series_along(
    stops: Sequence[Stop], rows: Sequence[tuple[str, str, str, float]]
) -> list[Series]:
    """(area code, sex, age, value) rows into one series per sex and age, a value per stop."""
    by_series: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for area_code, sex, age, value in rows:
        by_series[(sex, age)][area_code] = value
    ages = {age for _, age in by_series}
    ordered = sorted(by_series, key=lambda k: (SEX_ORDER.get(k[0], 9), k[0], k[1]))
    found = []
    for sex, age in ordered:
        label = " ".join(p for p in (sex, age if len(ages) > 1 else "") if p) or "All"
        values = by_series[(sex, age)]
        found.append(Series(label, [values.get(stop.area_code) for stop in stops]))
    return found


def along_line(line: Line, indicator: Indicator) -> AlongLine:
    """The indicator's latest period with any value for the line's areas, stop by stop."""
    stops = list(line.stops.all())
    codes = {s.area_code for s in stops}
    values = AreaValue.objects.filter(indicator=indicator, area_code__in=codes)
    latest = values.order_by("-period_sort", "-period").values_list("period", flat=True).first()
    if latest is None:
        return AlongLine(indicator, "", stops, [])
    rows = list(values.filter(period=latest).values_list("area_code", "sex", "age", "value"))
    return AlongLine(indicator, latest, stops, series_along(stops, rows))
