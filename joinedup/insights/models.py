"""What insights owns: imported area indicators and the partnership's lines (issue 15, item 5).

Everything else insights shows is read from the other apps; these rows are the only ones it
writes. Each belongs to the partnership that imported or drew it, and nobody else sees it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from joinedup.partnerships.models import Partnership

if TYPE_CHECKING:
    from joinedup.core.models import User


class Source(models.TextChoices):
    FINGERTIPS = "fingertips", "OHID Fingertips export"
    PLAIN = "plain", "Plain file (area_code, area_name, indicator, period, value)"


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def of(self, partnership: Partnership) -> IndicatorQuerySet:
        return self.filter(partnership=partnership)

    def with_values(self) -> IndicatorQuerySet:
        return self.filter(values__isnull=False).distinct()


class Indicator(models.Model):
    """An area measure a partnership imported: life expectancy, a deprivation decile..."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="indicators"
    )
    # The Fingertips indicator ID, or the name itself in a plain file: what a re-import matches.
    code = models.CharField(max_length=200)
    name = models.CharField(max_length=300)
    source = models.CharField(max_length=20, choices=Source.choices)
    imported_at = models.DateTimeField(auto_now=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "code"], name="unique_indicator_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AreaValue(models.Model):
    """One value of an indicator for one area, period, sex and age band."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area_code = models.CharField(max_length=20)
    area_name = models.CharField(max_length=200, blank=True)
    period = models.CharField(max_length=40)
    # Orders periods ("2018 - 20" before "2019 - 21"): Fingertips' "Time period Sortable", else
    # the first year in the period times 10,000.
    period_sort = models.PositiveIntegerField(default=0)
    # Fingertips' "Male", "Female" or "Persons"; blank in a plain file that does not say.
    sex = models.CharField(max_length=20, blank=True)
    age = models.CharField(max_length=40, blank=True)
    value = models.FloatField()
    lower_ci = models.FloatField(null=True, blank=True)
    upper_ci = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["indicator", "area_code", "period_sort", "sex", "age"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code", "period", "sex", "age"],
                name="unique_area_value",
            )
        ]
        indexes = [models.Index(fields=["indicator", "period_sort"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_code} {self.period} {self.sex}: {self.value}"


class LineQuerySet(models.QuerySet["Line"]):
    def of(self, partnership: Partnership) -> LineQuerySet:
        return self.filter(partnership=partnership)


class Line(models.Model):
    """A route through the place (a metro line, a bus route, a row of neighbourhoods) along which
    the partnership reads its indicators, the Newcastle way."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="lines")
    name = models.CharField("Name of the line", max_length=200)
    description = models.TextField(
        blank=True,
        help_text="For example, where it runs. Say if the figures shown along it are fictional.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LineQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def can_be_edited_by(self, user: User) -> bool:
        return self.partnership.is_managed_by(user)


class Stop(models.Model):
    """A stop on a line, tied to the area whose indicators it shows and, for referrals and
    unmet need (counted by postcode district), the district it lies in."""

    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    area_code = models.CharField(max_length=20)
    district = models.CharField("Postcode district", max_length=10, blank=True)

    class Meta:
        ordering = ["line", "position"]
        constraints = [
            models.UniqueConstraint(fields=["line", "position"], name="unique_stop_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
