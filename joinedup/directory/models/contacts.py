from __future__ import annotations

from django.db import models

from joinedup.directory.models.base import DirectoryRecord
from joinedup.directory.models.locations import Location, ServiceAtLocation
from joinedup.directory.models.organizations import Organization
from joinedup.directory.models.service_records import Service


class Contact(DirectoryRecord):
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=500, blank=True)
    department = models.CharField(max_length=500, blank=True)
    email = models.EmailField(max_length=320, blank=True)


class Phone(DirectoryRecord):
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="phones",
    )
    number = models.CharField(max_length=100)
    extension = models.PositiveIntegerField(null=True, blank=True)
    type = models.CharField(max_length=50, blank=True)
    description = models.TextField(blank=True)


DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
DAY_ORDER = list(DAY_NAMES)


def _time(value: object) -> str:
    """9:00 → 9am, 13:30 → 1:30pm: the GOV.UK style for times."""
    hour, minute = value.hour, value.minute  # type: ignore[attr-defined]
    if hour == 12 and minute == 0:
        return "midday"
    suffix = "am" if hour < 12 else "pm"
    hour12 = hour % 12 or 12
    return f"{hour12}{suffix}" if minute == 0 else f"{hour12}:{minute:02d}{suffix}"


class Schedule(DirectoryRecord):
    """HSDS schedule (iCalendar-style recurrence). `describe()` is what a person reads."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"

    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.FloatField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True)
    freq = models.CharField(max_length=10, choices=Freq.choices, blank=True)
    interval = models.PositiveIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=100, blank=True)
    byweekno = models.CharField(max_length=100, blank=True)
    bymonthday = models.CharField(max_length=100, blank=True)
    byyearday = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.URLField(max_length=2000, blank=True)
    attending_type = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)

    def days(self) -> list[str]:
        """The two-letter weekday codes this schedule runs on, in week order."""
        codes = {part.strip().upper()[-2:] for part in self.byday.split(",") if part.strip()}
        return [code for code in DAY_ORDER if code in codes]

    def describe(self) -> str:
        """Opening hours a person can read, e.g. "Monday to Friday, 9am to 5pm"."""
        days = self.days()
        if len(days) > 2 and days == DAY_ORDER[DAY_ORDER.index(days[0]) :][: len(days)]:
            day_text = f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
        else:
            day_text = ", ".join(DAY_NAMES[d] for d in days)
        hours = ""
        if self.opens_at and self.closes_at:
            hours = f"{_time(self.opens_at)} to {_time(self.closes_at)}"
        text = ", ".join(part for part in (day_text, hours) if part)
        if self.freq == self.Freq.MONTHLY and text:
            text = f"Monthly: {text}"
        if self.description:
            text = f"{text} ({self.description})" if text else self.description
        return text or self.notes
