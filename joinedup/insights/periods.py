"""The period a dashboard shows (a quarter, a year or custom dates) and its filters.

A period is a half-open range of dates [start, end): a referral belongs to it by the day it was
sent (`requested_at`, in the site's time zone). The previous period is the quarter before a
quarter, the year before a year, and for custom dates the same number of days ending where the
period starts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

MAX_DAYS = 3 * 366  # a custom period longer than three years is refused: nobody reads it


class PeriodError(ValueError):
    """The period asked for cannot be read (bad dates, end before start, too long)."""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # exclusive
    label: str
    kind: str = "custom"  # quarter, year, custom

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    def previous(self) -> Period:
        if self.kind == "quarter":
            number = (self.start.month - 1) // 3 + 1
            return quarter(self.start.year - (number == 1), 4 if number == 1 else number - 1)
        if self.kind == "year":
            return year(self.start.year - 1)
        start = self.start - datetime.timedelta(days=self.days)
        return Period(start, self.start, f"{_d(start)} to {_d(self.start - _ONE)}")

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as aware datetimes, for filtering `requested_at`."""
        zone = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(self.start, datetime.time.min, zone),
            datetime.datetime.combine(self.end, datetime.time.min, zone),
        )

    def key(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"

    @property
    def by_week(self) -> bool:
        """Trends go by week over a quarter or less, by month over anything longer."""
        return self.days <= 93


_ONE = datetime.timedelta(days=1)


def _d(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def quarter(year: int, number: int) -> Period:
    """A calendar quarter (1: January to March)."""
    if number not in (1, 2, 3, 4):
        raise PeriodError("A quarter is 1, 2, 3 or 4")
    start = datetime.date(year, 3 * number - 2, 1)
    end = datetime.date(year + 1, 1, 1) if number == 4 else datetime.date(year, 3 * number + 1, 1)
    label = f"Quarter {number} {year} ({start:%B} to {end - _ONE:%B %Y})"
    return Period(start, end, label, "quarter")


def year(number: int) -> Period:
    start, end = datetime.date(number, 1, 1), datetime.date(number + 1, 1, 1)
    return Period(start, end, f"Year {number}", "year")


def custom(start: datetime.date, last_day: datetime.date) -> Period:
    """From `start` to `last_day`, both included."""
    if last_day < start:
        raise PeriodError("The end date must be on or after the start date")
    if (last_day - start).days >= MAX_DAYS:
        raise PeriodError("Choose a period of three years or less")
    return Period(start, last_day + _ONE, f"{_d(start)} to {_d(last_day)}")


def current_quarter(today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    return quarter(today.year, (today.month - 1) // 3 + 1)


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


@dataclass(frozen=True)
class Filters:
    """Narrow every figure to one sector (the receiving organisation's, as the partnership sees
    it), one organisation (sending or receiving), one service or one need category (a taxonomy
    term and the terms beneath it)."""

    sector: str = ""
    organization: Any = None
    service: Any = None
    need: Any = None

    def key(self) -> str:
        return f"{self.sector}|{self.organization or ''}|{self.service or ''}|{self.need or ''}"

    @property
    def any(self) -> bool:
        return bool(self.sector or self.organization or self.service or self.need)
