"""Unmet need: every search is counted by day, theme, area and how much it found.

For the partnership's insights: where people look for help the directory does not have, as a
rate of all searches (a district where 40 of 50 searches found nothing says more than one where
40 of 4,000 did). Each search falls in one band: none, few (under FEW_RESULTS) or enough. Only
three coarse facts are kept per search, each from a closed list, so a count can never point at a
person: the day (no time), a theme (a category's name, a vocabulary theme or "other", never the
words typed) and the postcode district (never the full postcode). No user, no IP, no text. No
audit event either: an audit row names its actor, which is exactly what must not be stored.
"""

from __future__ import annotations

import datetime
import functools
import itertools

from django.db import connection, models
from django.db.models import Sum
from django.utils import timezone

from joinedup.core import postcodes
from joinedup.directory.models import TaxonomyTerm
from joinedup.search import text
from joinedup.search.models import UnmetNeed
from joinedup.search.query import SearchQuery, SearchResults

# Fewer results than this is "few": a person choosing between one or two services, or none.
FEW_RESULTS = 3
NONE = "none"
FEW = "few"
ENOUGH = "enough"
UNMET_BANDS = (NONE, FEW)
OTHER = "other"
THEME_MAX = UnmetNeed._meta.get_field("theme").max_length or 100
_TABLE = UnmetNeed._meta.db_table
# The table name is the model's own, never input.
COUNT_SEARCH = (
    f"INSERT INTO {_TABLE} (day, theme, area, band, count) VALUES (%s, %s, %s, %s, 1) "  # noqa: S608
    f"ON CONFLICT (day, theme, area, band) DO UPDATE SET count = {_TABLE}.count + 1 "
    "RETURNING id, count"
)


class UnmetNeedQuerySet(models.QuerySet[UnmetNeed]):
    """Reads for insights: counts over a period, by theme or by area."""

    def between(self, start: datetime.date, end: datetime.date) -> UnmetNeedQuerySet:
        return self.filter(day__gte=start, day__lte=end)

    def with_no_results(self) -> UnmetNeedQuerySet:
        return self.filter(band=NONE)

    def unmet(self) -> UnmetNeedQuerySet:
        """Searches that found nothing or few services (not those that found enough)."""
        return self.filter(band__in=UNMET_BANDS)

    def by_theme(self) -> models.QuerySet[UnmetNeed, dict[str, object]]:
        return self.values("theme").annotate(searches=Sum("count")).order_by("-searches", "theme")

    def by_area(self) -> models.QuerySet[UnmetNeed, dict[str, object]]:
        return self.values("area").annotate(searches=Sum("count")).order_by("-searches", "area")

    def by_theme_and_area(self) -> models.QuerySet[UnmetNeed, dict[str, object]]:
        return (
            self.values("theme", "area")
            .annotate(searches=Sum("count"))
            .order_by("-searches", "theme", "area")
        )


def unmet_needs() -> UnmetNeedQuerySet:
    """All unmet-need counts, as a QuerySet with the insight reads above."""
    return UnmetNeedQuerySet(UnmetNeed)


@functools.cache
def _themes() -> dict[str, tuple[str, ...]]:
    """Each vocabulary phrase's group, keyed as parsed text reads ("nowhere to sleep" is parsed
    "nowhere sleep"), worked out once a process as the groups are read once."""
    return {
        " ".join(text.content_words(phrase)) or phrase: group
        for group in text.synonym_groups()
        for phrase in group
    }


def theme_of(query: SearchQuery) -> str:
    """What the search was about, from closed lists only: the category filter's name, else the
    first vocabulary theme (synonym group) or category name the query words map to, else
    "other". Never the words themselves: free text may carry a name or an address."""
    if query.taxonomy_term is not None:
        name = TaxonomyTerm.objects.filter(pk=query.taxonomy_term).values_list("name", flat=True)
        found = name.first()
        if found:
            return found[:THEME_MAX]
    parsed = text.parse(query.text)
    if not parsed.words:
        return OTHER
    corrected = [*parsed.words, *(f"{a} {b}" for a, b in itertools.pairwise(parsed.words))]
    groups = _themes()
    for phrase in corrected:
        if phrase in groups:
            # A group's first phrase names the theme ("homeless" for "nowhere to sleep").
            return groups[phrase][0][:THEME_MAX]
    names = {name.lower(): name for name in TaxonomyTerm.objects.values_list("name", flat=True)}
    for phrase in corrected:
        if phrase in names:
            return names[phrase][:THEME_MAX]
    return OTHER


def record_search(
    *, query: SearchQuery, results: SearchResults, day: datetime.date | None = None
) -> UnmetNeed | None:
    """Count this search in its band (none, few or enough); None if it is not counted.

    Only the first page counts, so paging through one search counts it once."""
    if query.page != 1:
        return None
    if not query.text.strip() and query.taxonomy_term is None:
        return None  # nothing was asked for: a bare filter or postcode is not a need
    # Closest matches are services near in meaning, not what was asked for: none found.
    nothing = results.total == 0 or results.closest_matches
    band = NONE if nothing else FEW if results.total < FEW_RESULTS else ENOUGH
    area = postcodes.outcode(results.postcode) if results.postcode else ""
    when, theme = day or timezone.localdate(), theme_of(query)
    # Every search is counted now, so in one statement: an upsert adds one to the bucket in the
    # database (two searches at once both count) and reads the new count back. SQLite (3.35+)
    # and PostgreSQL both speak INSERT ... ON CONFLICT ... RETURNING.
    with connection.cursor() as cursor:
        cursor.execute(COUNT_SEARCH, [when, theme, area, band])
        pk, count = cursor.fetchone()
    return UnmetNeed(pk=pk, day=when, theme=theme, area=area, band=band, count=count)
