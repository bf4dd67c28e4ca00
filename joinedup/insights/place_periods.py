"""The period a place page reports on: a calendar quarter, a year (four quarters) or custom
dates, always beside the period of the same length just before it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

KINDS = {"quarter": "Last full quarter", "year": "Last full year (4 quarters)", "custom": "Dates"}


@dataclass(frozen=True)
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"

    def previous(self) -> Period:
        end = self.start - datetime.timedelta(days=1)
        if self.kind in ("quarter", "year"):
            return Period(self.kind, _quarter_start(end, back=4 if self.kind == "year" else 1), end)
        return Period(self.kind, end - datetime.timedelta(days=self.days - 1), end)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """Aware datetimes [start, end + 1 day): for filtering on times, not days."""
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        return start, end


def _quarter_start(last_day: datetime.date, *, back: int) -> datetime.date:
    """The first day of the quarter `back - 1` quarters before the one ending on `last_day`."""
    month = (last_day.month - 1) // 3 * 3 + 1 - 3 * (back - 1)
    year = last_day.year
    while month < 1:
        month += 12
        year -= 1
    return datetime.date(year, month, 1)


def last_full_quarter_end(today: datetime.date) -> datetime.date:
    first_of_this = datetime.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    return first_of_this - datetime.timedelta(days=1)


def period_from(params: dict[str, str], today: datetime.date | None = None) -> Period:
    """The period the query string asks for; the last full quarter for anything unreadable."""
    today = today or timezone.localdate()
    kind = params.get("period", "quarter")
    if kind == "custom":
        try:
            start = datetime.date.fromisoformat(params.get("from", ""))
            end = datetime.date.fromisoformat(params.get("to", ""))
        except ValueError:
            kind = "quarter"
        else:
            if start <= end:
                return Period("custom", start, end)
            kind = "quarter"
    end = last_full_quarter_end(today)
    back = 4 if kind == "year" else 1
    return Period("year" if kind == "year" else "quarter", _quarter_start(end, back=back), end)
